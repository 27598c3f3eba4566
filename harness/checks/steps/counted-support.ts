/**
 * Counted-cost helpers for the step properties that judge a choice (NAF width, window) by its
 * counted cost: deterministic inputs from a seed, and the weight the models use (M + S + 24·inv).
 */
import { GATE_IDS, type AnyCurve } from '../../../src/index.js';
import type { FieldCounts } from '../../../src/curve/index.js';

/** Deterministic pseudo-random points and scalars from a seed (LCG), so examples stay small. */
export function inputs(curve: AnyCurve, n: number, seed: number, bits = curve.scalarBits) {
  let s = seed >>> 0 || 1;
  const rnd = (m: bigint) => {
    let x = 0n;
    for (let i = 0; i < 10; i++) {
      s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
      x = (x << 31n) | BigInt(s);
    }
    return x % m;
  };
  const points = Array.from({ length: n }, () => curve.BASE.multiply(1n + rnd(curve.order - 1n)));
  const scalars = Array.from({ length: n }, () => rnd(1n << BigInt(bits)) % curve.order);
  return { points, scalars };
}

export const weight = (c: FieldCounts) => c.mul + c.sqr + 24 * c.inv;

/** The gates that shape step 02's model (the others are off, so the bucket method runs). */
export const MODEL_GATES = ['signedDigits', 'xyzzBuckets', 'batchAffine', 'batchAffineReduction'] as const;
export const gatesOf = (mask: number) =>
  Object.fromEntries(GATE_IDS.map((id) => [id, id === 'windowCostModel' || MODEL_GATES.some((g, i) => g === id && ((mask >> i) & 1) === 1)]));
