/**
 * Points with known discrete logs: Pᵢ = kᵢ·G. The k's come from adversarial classes so that
 * inputs hold duplicates, P and −P pairs, the identity (k = 0) and small multiples, which drive
 * the doubling and cancellation branches of bucket additions. Building kᵢ·G is cheap (noble's
 * precomputed base table), and the known kᵢ give the discrete-log oracle (harness/oracle.ts).
 */
import fc from 'fast-check';
import type { AnyCurve } from '../../src/index.js';
import { pointOf } from '../oracle.js';
import { scalarArb } from './scalars.js';

export interface KnownPoint {
  k: bigint;
  P: any;
}

/** n points (minLength ≤ n ≤ maxLength) with duplicates, negations and identities mixed in. */
export function knownPointsArb(curve: AnyCurve, minLength: number, maxLength: number): fc.Arbitrary<KnownPoint[]> {
  const r = curve.order;
  return fc
    .array(scalarArb(r), { minLength, maxLength })
    .chain((ks) => {
      if (ks.length === 0) return fc.constant(ks);
      // rewrite some entries as copies / negations of others, or the identity
      return fc
        .array(fc.tuple(fc.nat(ks.length - 1), fc.nat(ks.length - 1), fc.constantFrom('dup', 'neg', 'zero', 'keep', 'keep')), {
          maxLength: ks.length,
        })
        .map((edits) => {
          const out = ks.slice();
          for (const [i, j, how] of edits) {
            if (how === 'dup') out[i] = out[j];
            else if (how === 'neg') out[i] = (r - out[j]) % r;
            else if (how === 'zero') out[i] = 0n;
          }
          return out;
        });
    })
    .map((ks) => ks.map((k) => ({ k, P: pointOf(curve, k) })));
}
