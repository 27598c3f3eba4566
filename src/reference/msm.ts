/**
 * Reference MSM: Σ sᵢ·Pᵢ by plain left-to-right double-and-add, one scalar at a time, using only
 * the curve library's add / double (no windows, no tables, no endomorphism, no shortcuts).
 *
 * It is meant to be obviously right, not fast: n points with 255-bit scalars cost about
 * n·(255 doublings + 128 additions). Tests use it for n up to a few dozen on BLS12-381 and for
 * everything on the toy curve; larger checks use the discrete-log oracle instead.
 *
 * It shares no code with src/optimized; both use the curve interface and the shared validator.
 */
import type { AnyCurve, CurveId } from '../curve/index.js';
import { validateMsmInput } from '../validate.js';

/** s·P by double-and-add over the bits of s, most significant first. */
export function referenceScalarMul<P>(curve: AnyCurve, point: P, scalar: bigint): P {
  let acc = curve.ZERO as P;
  for (let bit = BigInt(scalar.toString(2).length) - 1n; bit >= 0n; bit--) {
    acc = curve.double(acc);
    if ((scalar >> bit) & 1n) acc = curve.add(acc, point);
  }
  return acc;
}

/**
 * Σ scalars[i]·points[i]. Throws the shared validator's TypeError/RangeError on bad input; the
 * empty sum is the identity of `curve` (a binding or its id; G1 when no curve is given).
 */
export function referenceMsm<P>(points: readonly P[], scalars: readonly bigint[], curve?: AnyCurve | CurveId): P {
  // read the caller's arrays once: what is validated is what is summed
  const ps = Array.isArray(points) ? points.slice() : points;
  const ss = Array.isArray(scalars) ? scalars.slice() : scalars;
  const c = validateMsmInput(ps, ss, curve);
  let sum = c.ZERO as P;
  for (let i = 0; i < ps.length; i++) sum = c.add(sum, referenceScalarMul(c, ps[i], ss[i]));
  return sum;
}
