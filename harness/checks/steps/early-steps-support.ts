/**
 * Shared arbitraries for the properties of steps 01–04 (smallFastPath, windowCostModel,
 * skipZero, bucketReuse): gate sets with one gate forced, toy-curve and G1 inputs with known
 * discrete logs (duplicates, P and −P, identities, zero scalars, scalars near r and 2^bits).
 * And the counted-cost helpers of the properties that judge a choice (NAF width, window) by its
 * counted cost: deterministic inputs from a seed, and the weight the models use (M + S + 24·inv).
 */
import fc from 'fast-check';
import { TOY, G1, type AnyCurve } from '../../../src/index.js';
import { applyLogEdits } from '../../arbitraries/points.js';
import { oracle as dlogOracle, pointOf } from '../../oracle.js';
import type { FieldCounts } from '../../../src/curve/index.js';
import { gatesOn } from '../check.js';

export type Gates = Record<string, boolean>;

/** The harness's gate-set arbitrary (every gate random, then `forced` on top) and k·G, under the names these tests use. */
export { gateSetArb as gatesArb } from '../../arbitraries/gates.js';
export { pointOf } from '../../oracle.js';

/** Scalars in [0, r) biased towards the values that break recoders: 0, 1, r − small, 2^k ± 1, all-ones. */
export function scalarArb(r: bigint, zeroWeight = 2): fc.Arbitrary<bigint> {
  const bits = r.toString(2).length;
  const clamp = (x: bigint) => ((x % r) + r) % r;
  return fc.oneof(
    { arbitrary: fc.constant(0n), weight: zeroWeight },
    { arbitrary: fc.constantFrom(1n, 2n, 3n, r - 1n, r - 2n), weight: 2 },
    {
      arbitrary: fc.tuple(fc.integer({ min: 0, max: bits - 1 }), fc.integer({ min: -1, max: 1 })).map(([k, d]) => clamp((1n << BigInt(k)) + BigInt(d))),
      weight: 2,
    },
    { arbitrary: fc.integer({ min: 1, max: bits - 1 }).map((k) => clamp((1n << BigInt(k)) - 1n)), weight: 1 },
    { arbitrary: fc.bigInt({ min: 0n, max: r - 1n }), weight: 4 }
  );
}

/** Discrete logs with duplicates, negations and zeros (identity points) mixed in. */
export function logsArb(r: bigint, minN: number, maxN: number, zeroWeight = 1): fc.Arbitrary<bigint[]> {
  return fc
    .array(fc.bigInt({ min: 0n, max: r - 1n }), { minLength: minN, maxLength: maxN })
    .chain((ks) =>
      ks.length === 0
        ? fc.constant(ks)
        : fc
            .array(
              fc.tuple(
                fc.nat(ks.length - 1),
                fc.nat(ks.length - 1),
                fc.oneof(
                  { arbitrary: fc.constant('dup' as const), weight: 2 },
                  { arbitrary: fc.constant('neg' as const), weight: 2 },
                  { arbitrary: fc.constant('zero' as const), weight: zeroWeight }
                )
              ),
              { maxLength: ks.length }
            )
            .map((edits) => applyLogEdits(ks.slice(), edits, r))
    );
}

export interface Case {
  curve: AnyCurve;
  logs: bigint[];
  points: any[];
  scalars: bigint[];
}

/** n points with known logs and n scalars on `curve`. */
export function caseArb(curve: AnyCurve, minN: number, maxN: number, zeroWeight = 2): fc.Arbitrary<Case> {
  const r = curve.order;
  return logsArb(r, minN, maxN, Math.max(1, zeroWeight >> 1)).chain((logs) =>
    fc
      .array(scalarArb(r, zeroWeight), { minLength: logs.length, maxLength: logs.length })
      .map((scalars) => ({ curve, logs, points: logs.map((k) => pointOf(curve, k)), scalars }))
  );
}

/** The discrete-log oracle (harness/oracle.ts) of a case: (Σ kᵢ·sᵢ mod r)·G. */
export function oracle(c: Case): any {
  return dlogOracle(c.curve, c.logs, c.scalars);
}

export const toyCase = (minN: number, maxN: number, zeroWeight = 2) => caseArb(TOY, minN, maxN, zeroWeight);
export const g1Case = (minN: number, maxN: number, zeroWeight = 2) => caseArb(G1, minN, maxN, zeroWeight);

export function describe(c: Case, gates: Gates, window?: number): string {
  const on = Object.keys(gates).filter((k) => gates[k]);
  return `curve=${c.curve.id} n=${c.points.length} window=${window ?? 'auto'} gates=[${on.join(',')}] logs=[${c.logs.join(',')}] scalars=[${c.scalars.join(',')}]`;
}

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
