/**
 * Points with known discrete logs: Pᵢ = kᵢ·G. The k's come from the adversarial scalar classes,
 * then some are rewritten as copies or negations of others, or 0, so that inputs hold
 * duplicates, P and −P pairs and the identity, which drive the doubling and cancellation branches
 * of bucket additions. The edits are applied by index modulo n through `map`, so shrinking can
 * drop points freely. Building kᵢ·G is cheap (noble's precomputed base table), and the known kᵢ
 * give the discrete-log oracle (harness/oracle.ts).
 */
import fc from 'fast-check';
import type { AnyCurve } from '../../src/index.js';
import { pointOf } from '../oracle.js';
import { scalarArb } from './scalars.js';

export interface KnownPoint {
  k: bigint;
  P: any;
}

/** A duplicate / negate / zero rewrite of the log at index a (mod n), copying index b (mod n). */
export type LogEdit = [a: number, b: number, how: 'dup' | 'neg' | 'zero'];

/** Up to min(16, maxN) edits (the point classes: duplicates, negations, identities). */
export function logEditsArb(maxN: number): fc.Arbitrary<LogEdit[]> {
  return fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('dup' as const, 'neg' as const, 'zero' as const)), {
    maxLength: Math.min(16, Math.max(maxN, 1)),
  });
}

/** Applies the edits in order to the logs, in place (indices mod n; nothing when n = 0). */
export function applyLogEdits(ks: bigint[], edits: readonly LogEdit[], r: bigint): bigint[] {
  const n = ks.length;
  if (n > 0)
    for (const [a, b, how] of edits) {
      const i = a % n;
      const j = b % n;
      if (how === 'dup') ks[i] = ks[j];
      else if (how === 'neg') ks[i] = (r - ks[j]) % r;
      else ks[i] = 0n;
    }
  return ks;
}

/** n points (minLength ≤ n ≤ maxLength) with duplicates, negations and identities mixed in. */
export function knownPointsArb(curve: AnyCurve, minLength: number, maxLength: number): fc.Arbitrary<KnownPoint[]> {
  const r = curve.order;
  return fc
    .record({ ks: fc.array(scalarArb(r), { minLength, maxLength }), edits: logEditsArb(maxLength) })
    .map(({ ks, edits }) => applyLogEdits(ks, edits, r).map((k) => ({ k, P: pointOf(curve, k) })));
}
