/**
 * The one input validator shared by `src/reference` and `src/optimized`, so that bad input gets
 * the same error class and the same message from both (properties/bad-input.test.ts checks it).
 *
 * Rules (README "Bad input"):
 *  - `points` / `scalars` not an Array (array-likes and typed arrays included) → TypeError.
 *  - lengths differ → RangeError giving both lengths.
 *  - a point that is not an instance of the curve's point class → TypeError naming the index
 *    (a G2 point in a G1 call is such a point); a point whose coordinates are off the curve
 *    → RangeError naming the index. There is no subgroup check (it costs a scalar multiplication
 *    per point); noble's decoders already do it for points that come from bytes.
 *  - a scalar that is not a bigint → TypeError; a bigint outside [0, r) → RangeError; both name
 *    the index and the allowed range.
 *  - empty input is valid: the MSM of nothing is the identity of the curve (G1 unless a curve
 *    is given).
 * A point found on the curve is remembered (a WeakSet) when it is frozen, as noble's points
 * are: its coordinates cannot change, so the same setup points are checked once, not per call.
 * msmAsync may leave the on-curve tests to the pool's workers (`validateMsmInputDeferred`): the
 * same test on the same coordinates, and the same error for the first failing index.
 */
import { curveOfPoint, curveOption, G1, type AnyCurve, type CurveId } from './curve/index.js';

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'bigint':
      return `bigint ${v.toString().length > 24 ? (v < 0n ? '-0x' : '0x') + (v < 0n ? -v : v).toString(16).slice(0, 16) + '…' : v.toString()}`;
    case 'number':
      return `number ${String(v)}`;
    case 'string':
      return `string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
    case 'object': {
      const c = curveOfPoint(v);
      if (c) return `a ${c.name} point`;
      const name = (v as object).constructor?.name;
      return name ? `object ${name}` : 'object';
    }
    default:
      return typeof v;
  }
}

function hex(n: bigint): string {
  return '0x' + n.toString(16);
}

/** Frozen point objects already found on their curve (checked after the class test, so per curve). */
const onCurve = new WeakSet<object>();

/** The validator's error for a point at index i whose coordinates are off the curve. */
export function offCurveError(c: AnyCurve, i: number): RangeError {
  return new RangeError(`invalid point at index ${i}: coordinates are not on ${c.name}`);
}

/**
 * Validates an MSM call and returns the curve it runs on. `curve` (a binding or its id), when
 * given, fixes the curve (needed to know which identity an empty call returns); otherwise it is
 * read off points[0]. Any other `curve` is a TypeError/RangeError naming it.
 */
export function validateMsmInput(points: unknown, scalars: unknown, curve?: AnyCurve | CurveId): AnyCurve {
  return validate(points, scalars, curve, undefined);
}

/**
 * `validateMsmInput` with the on-curve test of the points not yet known to be on the curve left
 * to the caller (msmAsync has the pool's workers do it): returns the curve and those points'
 * indices, ascending. Every other check is done here, so the only error left is an off-curve
 * point: whoever computes with the points must test each index (curve.isOnCurve) and throw
 * `offCurveError` for the smallest failing one, exactly the error `validateMsmInput` throws
 * (`finishDeferred` does it in this thread). Any other bad input throws here exactly what
 * `validateMsmInput` throws (an off-curve point before it included).
 */
export function validateMsmInputDeferred(points: unknown, scalars: unknown, curve?: AnyCurve | CurveId): { curve: AnyCurve; unchecked: number[] } {
  const unchecked: number[] = [];
  try {
    return { curve: validate(points, scalars, curve, unchecked), unchecked };
  } catch (e) {
    // an earlier deferred point may be off the curve: the full pass throws the first error by index
    if (unchecked.length > 0) validateMsmInput(points, scalars, curve);
    throw e;
  }
}

/** Runs the deferred on-curve tests in this thread: throws `offCurveError` for the first failing index, else remembers the points. */
export function finishDeferred(curve: AnyCurve, points: readonly unknown[], unchecked: readonly number[]): void {
  for (const i of unchecked) if (!curve.isOnCurve(points[i])) throw offCurveError(curve, i);
  rememberOnCurve(points, unchecked);
}

/** Remembers the frozen points at `indices` as found on their curve (after their deferred test passed). */
export function rememberOnCurve(points: readonly unknown[], indices: readonly number[]): void {
  for (const i of indices) {
    const p = points[i];
    if (typeof p === 'object' && p !== null && Object.isFrozen(p)) onCurve.add(p);
  }
}

function validate(points: unknown, scalars: unknown, curve: unknown, deferred: number[] | undefined): AnyCurve {
  const given = curveOption(curve, 'curve');
  if (!Array.isArray(points)) throw new TypeError(`points must be an Array of curve points, got ${describeValue(points)}`);
  if (!Array.isArray(scalars)) throw new TypeError(`scalars must be an Array of bigint, got ${describeValue(scalars)}`);
  if (points.length !== scalars.length)
    throw new RangeError(`points and scalars must have the same length: points.length = ${points.length}, scalars.length = ${scalars.length}`);
  const c = given ?? (points.length > 0 ? curveOfPoint(points[0]) : G1);
  if (!c) throw new TypeError(`invalid point at index 0: expected a point of a known curve (BLS12-381 G1, BLS12-381 G2, toy), got ${describeValue(points[0])}`);
  const r = c.order;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!c.isPoint(p)) throw new TypeError(`invalid point at index ${i}: expected a ${c.name} point, got ${describeValue(p)}`);
    if (!onCurve.has(p)) {
      if (deferred !== undefined) deferred.push(i);
      else {
        if (!c.isOnCurve(p)) throw offCurveError(c, i);
        if (Object.isFrozen(p)) onCurve.add(p);
      }
    }
    const s = scalars[i];
    if (typeof s !== 'bigint') throw new TypeError(`invalid scalar at index ${i}: expected a bigint with 0 <= s < r (r = ${hex(r)}), got ${describeValue(s)}`);
    if (s < 0n || s >= r) throw new RangeError(`invalid scalar at index ${i}: expected 0 <= s < r (r = ${hex(r)}), got ${describeValue(s)}`);
  }
  return c;
}
