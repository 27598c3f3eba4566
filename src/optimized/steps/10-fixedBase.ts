/**
 * Step 10 — fixedBase: precomputed tables for bases reused across calls (`prepare(points)`).
 *
 * What (slot `direct`, on handles only): `prepare(points, {curve?, window?})` builds once a
 * BGMW-style table of the shifted copies 2^(c·j)·P_i (j < rows = ⌈(bits + 1)/c⌉, Z = 1; in wasm,
 * lockstep batched affine doublings, kept in the window kernels' form, where it holds the field:
 * wasm/tables.ts; else kernels/fixed-base.ts) and returns a frozen, opaque handle that `msm` / `msmInspect` / `msmAsync`
 * accept in place of the points. On a handle each scalar is recoded into `rows` signed base-2^c
 * digits and the MSM becomes ONE window over n·rows table entries (2^(c−1) buckets, one reduction,
 * no doublings), accumulated and reduced by the providers the other gates select, on a sub-job
 * whose points are the table. c is chosen at prepare time for the handle's n.
 * Precedence: direct hooks run from the highest step down, so on a handle this answers before
 * step 01; it declines when options.window differs from the handle's window (options.window is
 * always honoured) and on plain point arrays; with the gate off a handle is just its points.
 * Invariant: Σ_j 2^(c·j)·d_{i,j} = s_i (signed recoding with zero final carry, checked) and
 * table[i·rows + j] = 2^(c·j)·P_i. Tables live in a WeakMap keyed by the handle (only `prepare`
 * registers one), so a call reads only its own handle's tables; the hook reads the call's original
 * scalars, immune to earlier transforms (GLV, skipZero). Field counts exclude the table build.
 * Default: on — it acts only on calls that pass a handle, whose table is already paid for.
 * Not run where it does not pay: no table above FIXED_BASE_MAX_N points (prepare.ts; docs/speed.md).
 * References: Brickell–Gordon–McCurley–Wilson, "Fast exponentiation with precomputation", EUROCRYPT 1992.
 * Rejected: several windows over the shifted copies (one reduction per window); unsigned digits
 * (twice the buckets); GLV rows φ(P) to halve the build (build time only; left out for simplicity).
 */
import { preparedTables } from '../kernels/fixed-base.js';
import type { Proj } from '../kernels/projective.js';
import { EVERY_WINDOW, reach, type DigitTable, type Job, type Step } from '../step.js';

/**
 * Signed base-2^c digits, `rows` per scalar, of the table layout: digit of scalar i in row j at
 * i·rows + j, in [−2^(c−1), 2^(c−1)]. Bases that are the identity get zero digits.
 */
export function fixedBaseDigits(scalars: readonly bigint[], rows: number, c: number, isIdentity: Uint8Array): DigitTable {
  const n = scalars.length;
  const digits = new Int32Array(n * rows);
  const half = 1 << (c - 1);
  const full = 1 << c;
  const mask = full - 1;
  const top = BigInt(rows * c);
  // a scalar's bits as 32-bit words (64-bit stores, which truncate natively, one word to spare):
  // the digits are read with number operations, not one BigInt mask and shift per row
  const words = Math.ceil((rows * c) / 64) + 1;
  const w64 = new BigUint64Array(words);
  const w32 = new Uint32Array(w64.buffer);
  const tooBig = (i: number) => new RangeError(`fixedBase: scalar ${i} does not fit the table's ${rows} rows of ${c} bits`);
  for (let i = 0; i < n; i++) {
    const s = scalars[i];
    if (s === 0n || isIdentity[i]) continue;
    if (s >> top !== 0n) throw tooBig(i);
    for (let k = 0, x = s; k < words; k++, x >>= 64n) w64[k] = x;
    let carry = 0;
    const base = i * rows;
    for (let j = 0, bit = 0; j < rows; j++, bit += c) {
      const k = bit >>> 5;
      const o = bit & 31;
      let v = ((o === 0 ? w32[k] : (w32[k] >>> o) | (w32[k + 1] << (32 - o))) & mask) + carry;
      if (v > half) {
        v -= full;
        carry = 1;
      } else carry = 0;
      digits[base + j] = v;
    }
    if (carry !== 0) throw tooBig(i);
  }
  return { n: n * rows, windows: 1, bucketCount: half, signed: true, digits };
}

/**
 * This step answers a call made on a `prepare` handle of the job's curve that carries a table,
 * unless options.window asks for another window. A handle without a table (prepare decided the
 * table does not pay at its n, or `table: false`) is just its points: the plain path runs.
 */
function claims(job: Job): boolean {
  const call = job.call.prepared;
  if (call === undefined) return false;
  if (call.handle.curve !== job.curve) return false;
  if (preparedTables(call.handle).table.length === 0) return false;
  return job.explicitWindow === undefined || job.explicitWindow === call.handle.window;
}

function fixedBaseDirect(job: Job): Proj<any> | undefined {
  const call = job.call.prepared;
  if (call === undefined || !claims(job)) return undefined;
  const h = call.handle;
  const { table, isIdentity } = preparedTables(h);
  const digits = fixedBaseDigits(call.scalars, h.rows, h.window, isIdentity);
  // The table entries are the points of a one-window sub-job; the slots' providers do the rest.
  const sub: Job = { ...job, points: table as Proj<any>[], scalars: [], bits: h.window + 1, window: h.window };
  return job.pipeline.oneWindow(sub, digits, 'fixedBase');
}

export const fixedBase: Step<'fixedBase'> = {
  id: 'fixedBase',
  step: 10,
  title: 'Fixed-base tables from prepare(): one signed bucket set over precomputed 2^(c·j)·P, no doublings',
  default: true,
  direct: fixedBaseDirect,
  claims,
  // calls on prepare() handles only, at every table window (the handle's window)
  reach: reach({
    entries: ['prepared', 'async'],
    windows: [...EVERY_WINDOW, 'auto'],
    wideG1: true,
    scalars: ['fullSize', 'carries', 'nearOrder'],
    inputs: ['zeroScalars', 'identity', 'duplicates', 'opposite'],
  }),
};
