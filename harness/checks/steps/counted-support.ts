/**
 * Counted-cost helpers for the step properties that judge a choice (NAF width, window) by its
 * counted cost: deterministic inputs from a seed, and the weight the models use (M + S + 24·inv).
 */
import type { AnyCurve } from '../../../src/index.js';
import { gatesOn } from '../check.js';
import type { FieldCounts } from '../../../src/curve/index.js';

/** A replayable LCG from a seed: each call joins `draws` 31-bit draws into one bigint. */
export function lcg(seed: number, draws: number): () => bigint {
  let s = seed >>> 0 || 1;
  return () => {
    let x = 0n;
    for (let i = 0; i < draws; i++) {
      s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
      x = (x << 31n) | BigInt(s);
    }
    return x;
  };
}

/** Deterministic pseudo-random points and scalars from a seed (LCG), so examples stay small. */
export function inputs(curve: AnyCurve, n: number, seed: number, bits = curve.scalarBits) {
  const next = lcg(seed, 10);
  const rnd = (m: bigint) => next() % m;
  const points = Array.from({ length: n }, () => curve.BASE.multiply(1n + rnd(curve.order - 1n)));
  const scalars = Array.from({ length: n }, () => rnd(1n << BigInt(bits)) % curve.order);
  return { points, scalars };
}

export const weight = (c: FieldCounts) => c.mul + c.sqr + 24 * c.inv;

/** The gates that shape step 02's model (the others are off, so the bucket method runs). */
export const MODEL_GATES = ['signedDigits', 'xyzzBuckets', 'batchAffine', 'batchAffineReduction'] as const;
/** windowCostModel and the gates of `shaping` whose bit is set in `mask` (bit i ↔ shaping[i]); every other gate off. */
export const gatesOf = (mask: number, shaping: readonly string[] = MODEL_GATES) =>
  gatesOn('windowCostModel', ...shaping.filter((_, i) => ((mask >> i) & 1) === 1));
