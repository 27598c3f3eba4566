/**
 * `prepare(points)`: the public entry point of step 10 (fixedBase). Builds the fixed-base
 * tables once (kernels/fixed-base.ts) and returns the handle that msm / msmInspect / msmAsync
 * accept in place of the points; step 10's `direct` hook answers calls on it when its gate is on.
 */
import type { AnyCurve } from '../curve/index.js';
import { curveById } from '../curve/index.js';
import { validateMsmInput } from '../validate.js';
import { buildTable, fieldElementBytes, fixedBaseWindow, registerPrepared, rowsFor, type PreparedBases } from './kernels/fixed-base.js';
import type { Proj } from './kernels/projective.js';
import { MAX_WINDOW } from './step.js';

export type { PreparedBases };

export interface PrepareOptions {
  /** The curve, by binding or id (needed only for an empty point array; default G1). */
  curve?: AnyCurve | string;
  /** Table digit width c in [1, 16]; default: the cost model's choice for this n. */
  window?: number;
}

/**
 * Builds the fixed-base tables for `points` and returns an opaque, frozen handle usable in
 * place of the points array by msm / msmInspect / msmAsync (with any gates; the tables are
 * used when the fixedBase gate is on). Throws the shared validator's errors on bad points.
 * Variable time: public inputs only, like `msm` (the calls on the handle branch on scalar bits).
 */
export function prepare<P>(points: readonly P[], options?: PrepareOptions): PreparedBases<P> {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))
    throw new TypeError('prepare: options must be an object or undefined');
  for (const k of Object.keys(options ?? {}))
    if (k !== 'curve' && k !== 'window') throw new RangeError(`prepare: unknown option "${k}": allowed options are curve, window`);
  const given = options?.curve;
  const curveOpt = typeof given === 'string' ? curveById(given) : given;
  if (!Array.isArray(points)) throw new TypeError('prepare: points must be an Array of curve points');
  const curve = validateMsmInput(points, new Array<bigint>(points.length).fill(0n), curveOpt);
  const n = points.length;
  let c: number;
  if (options?.window !== undefined) {
    const w = options.window;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_WINDOW)
      throw new RangeError(`prepare: options.window must be an integer in [1, ${MAX_WINDOW}], got ${String(w)}`);
    c = w;
  } else c = fixedBaseWindow(n, curve.scalarBits, MAX_WINDOW);
  const rows = rowsFor(curve.scalarBits, c);
  const t0 = performance.now();
  const F = curve.Fp;
  const b3 = F.mul(F.fromSmall(3), curve.b);
  const tables = buildTable(F, b3, points as unknown as Proj<any>[], rows, c);
  const buildMs = performance.now() - t0;
  const handle: PreparedBases<P> = Object.freeze({
    kind: 'stepwise-msm/prepared-bases' as const,
    curve,
    points: Object.freeze(points.slice()),
    window: c,
    rows,
    tableBytes: n * rows * 3 * fieldElementBytes(curve),
    buildMs,
  });
  registerPrepared(handle, tables);
  return handle;
}
