/**
 * `prepare(points)`: the public entry point of step 10 (fixedBase). Builds the fixed-base
 * tables once (kernels/fixed-base.ts) and returns the handle that msm / msmInspect / msmAsync
 * accept in place of the points; step 10's `direct` hook answers calls on it when its gate is on.
 *
 * A table that does not pay is not built: by default (`options.table` unset) the table is built
 * only when `fixedBasePays(n)`, i.e. n ≤ FIXED_BASE_MAX_N. Above that the handle carries no
 * table (tableBytes = 0, buildMs = 0) and every call on it runs the plain path on its points,
 * so a handle is not slower than its points. The threshold is measured, not modelled (same-run
 * ratios on a shared, loaded box): at 65536 points the table path was slower in every run, at
 * 16384 the two were within the noise (slower in some runs, faster in others), at ≤ 4096 the
 * table was faster in most runs; docs/speed.md ("prepare threshold") measures 16384 in every
 * full run, so the constant can be moved on a quiet machine. Likely causes (not separated by
 * measurement): at n = 65536 the table is n·rows = 65536·16 ≈ 1.05 M entries (≈ 100 MB in wasm
 * memory) in one window of 2^15 signed buckets (≈ 6 MB of XYZZ buckets, beyond the caches)
 * against 131 072 GLV points and ≈ 2^12-bucket windows on the plain path, and the recoding of
 * n·rows digits from bigints; the build itself is minutes of BigInt doublings at 65536.
 * `table: true` forces the table (benches, properties), `table: false` forbids it.
 */
import type { AnyCurve } from '../curve/index.js';
import { curveOption } from '../curve/index.js';
import { describeValue, validateMsmInput } from '../validate.js';
import { buildTable, fieldElementBytes, fixedBaseWindow, registerPrepared, rowsFor, type PreparedBases, type PreparedTables } from './kernels/fixed-base.js';
import type { Proj } from './kernels/projective.js';
import { optionsObject, windowOption } from './options.js';
import { MAX_WINDOW } from './step.js';
import { wasmCurveReason, wasmDegree } from './wasm/applies.js';
import { wasmAvailable, wasmRefusedReason } from './wasm/backend.js';
import { wasmTable } from './wasm/tables.js';

export type { PreparedBases };

export interface PrepareOptions {
  /** The curve, by binding or id (needed only for an empty point array; default G1). */
  curve?: AnyCurve | string;
  /** Table digit width c in [1, 16]; default: the cost model's choice for this n. */
  window?: number;
  /**
   * Build the fixed-base table: true always, false never (calls on the handle then run the
   * plain path), default: when it pays (`fixedBasePays(n)`) or when `window` is given.
   */
  table?: boolean;
}

/**
 * Largest n at which the table path was measured not slower than the plain path (see the
 * header; docs/speed.md). The KZG setup (4096 Lagrange points, 64-point FK20 rows) is at or
 * below it.
 */
export const FIXED_BASE_MAX_N = 4096;

/** Whether `prepare` builds a table for n points by default (measured threshold, above). */
export function fixedBasePays(n: number): boolean {
  return n <= FIXED_BASE_MAX_N;
}

/** Why `prepare` builds this curve's tables in BigInt (no wasm field for it, or no built module), or undefined. */
export function tableBuilderReason(curve: AnyCurve): string | undefined {
  return wasmCurveReason(curve) ?? (wasmAvailable() ? wasmRefusedReason() : 'the WebAssembly module is not built');
}

/**
 * The table `prepare` keeps: built by the WebAssembly backend where it holds the curve's field
 * (the entries stay in its form and are adopted by its loader; bigint coordinates are decoded
 * only if a BigInt provider reads them), else by `buildTable` in BigInt. Same entries either way.
 */
export function buildPreparedTable(curve: AnyCurve, points: readonly Proj<any>[], rows: number, c: number): PreparedTables {
  if (tableBuilderReason(curve) !== undefined) {
    const F = curve.Fp;
    return buildTable(F, F.mul(F.fromSmall(3), curve.b), points, rows, c);
  }
  const isIdentity = new Uint8Array(points.length);
  for (let i = 0; i < points.length; i++) if (curve.Fp.isZero(points[i].Z)) isIdentity[i] = 1;
  return { table: wasmTable(curve.Fp.ORDER as bigint, points, rows, c, wasmDegree(curve)).entries, isIdentity };
}

/**
 * Builds the fixed-base tables for `points` and returns an opaque, frozen handle usable in
 * place of the points array by msm / msmInspect / msmAsync (with any gates; the tables are
 * used when the fixedBase gate is on). Throws the shared validator's errors on bad points.
 * Variable time: public inputs only, like `msm` (the calls on the handle branch on scalar bits).
 */
export function prepare<P>(points: readonly P[], options?: PrepareOptions): PreparedBases<P> {
  if (options !== undefined) optionsObject(options, 'prepare: options');
  for (const k of Object.keys(options ?? {}))
    if (k !== 'curve' && k !== 'window' && k !== 'table') throw new RangeError(`prepare: unknown option "${k}": allowed options are curve, window, table`);
  const tableOpt = options?.table;
  if (tableOpt !== undefined && typeof tableOpt !== 'boolean')
    throw new TypeError(`prepare: options.table must be a boolean or undefined, got ${typeof tableOpt}`);
  const curveOpt = curveOption(options?.curve, 'prepare: options.curve');
  if (!Array.isArray(points)) throw new TypeError(`prepare: points must be an Array of curve points, got ${describeValue(points)}`);
  const curve = validateMsmInput(points, new Array<bigint>(points.length).fill(0n), curveOpt);
  const n = points.length;
  let c: number;
  if (options?.window !== undefined) c = windowOption(options.window, 'prepare: options.window');
  else c = fixedBaseWindow(n, curve.scalarBits, MAX_WINDOW);
  const rows = rowsFor(curve.scalarBits, c);
  const build = tableOpt ?? (options?.window !== undefined || fixedBasePays(n));
  const t0 = performance.now();
  // no table: step 10 declines every call on this handle (it reads an empty table as "plain path")
  const tables = build ? buildPreparedTable(curve, points as unknown as Proj<any>[], rows, c) : { table: Object.freeze([]), isIdentity: new Uint8Array(0) };
  const buildMs = build ? performance.now() - t0 : 0;
  const handle: PreparedBases<P> = Object.freeze({
    kind: 'stepwise-msm/prepared-bases' as const,
    curve,
    points: Object.freeze(points.slice()),
    window: c,
    rows,
    tableBytes: build ? n * rows * 3 * fieldElementBytes(curve) : 0,
    buildMs,
  });
  registerPrepared(handle, tables);
  return handle;
}
