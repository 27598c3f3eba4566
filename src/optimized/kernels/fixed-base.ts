/**
 * Prepared bases for step 10 (fixedBase): the handle type, the registry of genuine handles, and
 * the table builder. Kept out of the step file so that engine.ts can recognise a handle and
 * prepare.ts can build one without importing a step.
 *
 * Table layout (BGMW-style, signed digits): for base i and row j in [0, rows), the table holds
 * 2^(c·j)·Pᵢ at index i·rows + j, normalised to Z = 1 (the identity stays (0 : 1 : 0)).
 * rows = ⌈(bits + 1)/c⌉ is enough for a signed base-2^c recoding of any scalar < 2^bits
 * (the carry out of the top row is always zero). Then Σ sᵢ·Pᵢ = Σ_{i,j} d_{i,j}·T[i·rows + j]:
 * a single window of n·rows "virtual points" with digits in [−2^(c−1), 2^(c−1)], i.e. one
 * bucket set and no doublings per call.
 */
import type { AnyCurve, Field } from '../../curve/index.js';
import { projDouble, type Proj } from './projective.js';

/** What `prepare` returns: opaque and frozen; only `prepare` can make one. */
export interface PreparedBases<P = unknown> {
  readonly kind: 'stepwise-msm/prepared-bases';
  readonly curve: AnyCurve;
  /** The original points (a frozen copy of the array given to `prepare`). */
  readonly points: readonly P[];
  /** Digit width c of the table. */
  readonly window: number;
  /** Rows per base: ⌈(scalarBits + 1)/c⌉. */
  readonly rows: number;
  /** Estimated size of the table payload: entries × coordinates × field element bytes. */
  readonly tableBytes: number;
  /** Wall-clock time `prepare` spent building the table. */
  readonly buildMs: number;
}

/** The private part of a handle (the table itself is not reachable from the public object). */
export interface PreparedTables<F = unknown> {
  /** n·rows table entries, index i·rows + j = 2^(c·j)·Pᵢ, Z = 1 or the identity. */
  readonly table: readonly Proj<F>[];
  /** isIdentity[i] = 1 when base i is the identity (its digits are skipped). */
  readonly isIdentity: Uint8Array;
}

/** What the engine puts in job.call.prepared for a call on a handle. */
export interface PreparedCall {
  readonly handle: PreparedBases;
  /** The call's scalars as given (before any transform). */
  readonly scalars: readonly bigint[];
}

const TABLES = new WeakMap<object, PreparedTables>();

/** True for handles made by `prepare` (not for look-alike objects). */
export function isPreparedBases(v: unknown): v is PreparedBases {
  return typeof v === 'object' && v !== null && TABLES.has(v);
}

export function preparedTables(h: PreparedBases): PreparedTables {
  const t = TABLES.get(h);
  if (!t) throw new TypeError('not a prepared-bases handle (use prepare(points))');
  return t;
}

export function registerPrepared(h: PreparedBases, t: PreparedTables): void {
  TABLES.set(h, t);
}

export function rowsFor(bits: number, c: number): number {
  return Math.ceil((bits + 1) / c);
}

/**
 * Window minimising the per-call cost model n·rows(c)·(1 − 2^−c) (bucket additions, a digit
 * is zero with probability ~2^−c) + 2^c (running-sum reduction of 2^(c−1) buckets, two
 * additions each), over c in [1, maxWindow].
 */
export function fixedBaseWindow(n: number, bits: number, maxWindow = 16): number {
  let best = 1;
  let bestCost = Infinity;
  for (let c = 1; c <= maxWindow; c++) {
    const cost = n * rowsFor(bits, c) * (1 - 2 ** -c) + 2 ** c;
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

/**
 * Builds the table with the engine's projective kernels over `F` (c doublings per row), then
 * normalises every entry to Z = 1 with one batch inversion (3 multiplications per entry) and
 * two multiplications per entry.
 */
export function buildTable<F>(F: Field<F>, b3: F, points: readonly Proj<F>[], rows: number, c: number): PreparedTables<F> {
  const n = points.length;
  const raw: Proj<F>[] = new Array(n * rows);
  const isIdentity = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let p: Proj<F> = { X: points[i].X, Y: points[i].Y, Z: points[i].Z };
    if (F.isZero(p.Z)) isIdentity[i] = 1;
    for (let j = 0; j < rows; j++) {
      raw[i * rows + j] = p;
      if (j + 1 < rows) for (let k = 0; k < c; k++) p = projDouble(F, b3, p);
    }
  }
  const invZ = F.batchInv(raw.map((p) => p.Z));
  const table: Proj<F>[] = new Array(raw.length);
  const identity: Proj<F> = Object.freeze({ X: F.ZERO, Y: F.ONE, Z: F.ZERO });
  for (let k = 0; k < raw.length; k++) {
    const p = raw[k];
    table[k] = F.isZero(p.Z) ? identity : Object.freeze({ X: F.mul(p.X, invZ[k]), Y: F.mul(p.Y, invZ[k]), Z: F.ONE });
  }
  return { table: Object.freeze(table), isIdentity };
}

/** Bytes of one field element of `curve` (Fp2 elements count twice). */
export function fieldElementBytes(curve: AnyCurve): number {
  const fpBytes = Math.ceil(curve.Fp.ORDER.toString(2).length / 8);
  return curve.Fp.name === 'Fp2' ? 2 * fpBytes : fpBytes;
}

/**
 * A handle over `points` with a table built already (`tables`: empty for a handle without one):
 * step 11 makes one per chunk of a handle's bases, from a slice of its table (in this thread) or
 * from the words a worker received.
 */
export function preparedOf<P>(curve: AnyCurve, points: readonly P[], window: number, rows: number, tables: PreparedTables): PreparedBases<P> {
  const handle: PreparedBases<P> = Object.freeze({
    kind: 'stepwise-msm/prepared-bases' as const,
    curve,
    points: Object.freeze(points.slice()),
    window,
    rows,
    tableBytes: tables.table.length * 3 * fieldElementBytes(curve),
    buildMs: 0,
  });
  registerPrepared(handle, tables);
  return handle;
}
