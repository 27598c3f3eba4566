/**
 * Shared arbitraries for the bucket-side steps (06 xyzzBuckets, 07 batchAffine, 08
 * batchAffineReduction): collision-heavy inputs, where points repeat, come with their negation,
 * and pile up in few buckets, so that bucket additions hit P = Q, P = −Q and the identity.
 * Points are given random projective Z (so affine conversion really inverts), and carry their
 * discrete log for the oracle.
 */
import fc from 'fast-check';
import { G1, msm, referenceMsm, TOY, type AnyCurve, type MsmOptions } from '../../../src/index.js';
import { gateSetArb, onGates } from '../../arbitraries/gates.js';
import { windowArb } from '../../arbitraries/window.js';
import { oracle, pointOf } from '../../oracle.js';
import { prop, type CheckEntry } from '../check.js';
import { expect } from '../expect.js';

/** The harness's gate-set arbitrary (every gate random, then `forced` on top) and oracle, under the names these tests use. */
export { gateSetArb as gatesArb } from '../../arbitraries/gates.js';
export { oracle } from '../../oracle.js';

export interface CollisionCase {
  ks: bigint[];
  points: any[];
  scalars: bigint[];
  gates: Record<string, boolean>;
  window: number | undefined;
}

/** k·G with its coordinates scaled by z ≠ 0 (same point, Z ≠ 1); the identity for k = 0. */
export function scaledPoint(curve: AnyCurve, k: bigint, z: bigint): any {
  const P = pointOf(curve, k);
  const F = curve.Fp;
  const zz = F.fromSmall(Number(z % 1000003n) + 1);
  if (F.isZero(zz)) return P;
  return curve.fromProjective(F.mul(P.X, zz), F.mul(P.Y, zz), F.mul(P.Z, zz));
}

/** Logs drawn from a small pool of ±k (and 0), so duplicates and negations are everywhere. */
export function collisionLogsArb(curve: AnyCurve, minN: number, maxN: number): fc.Arbitrary<bigint[]> {
  const r = curve.order;
  return fc
    .array(fc.bigInt({ min: 1n, max: r - 1n }), { minLength: 1, maxLength: 5 })
    .chain((pool) =>
      fc.array(
        fc.oneof(
          { arbitrary: fc.constantFrom(...pool), weight: 4 },
          { arbitrary: fc.constantFrom(...pool).map((k) => r - k), weight: 3 },
          { arbitrary: fc.constant(0n), weight: 1 },
          { arbitrary: fc.bigInt({ min: 1n, max: r - 1n }), weight: 2 }
        ),
        { minLength: minN, maxLength: maxN }
      )
    );
}

/** Scalars that send many points to the same buckets: few distinct values, zeros, r − 1. */
export function clusteredScalarsArb(r: bigint, n: number): fc.Arbitrary<bigint[]> {
  return fc
    .array(fc.bigInt({ min: 0n, max: r - 1n }), { minLength: 1, maxLength: 4 })
    .chain((pool) =>
      fc.array(
        fc.oneof(
          { arbitrary: fc.constantFrom(...pool), weight: 5 },
          { arbitrary: fc.constantFrom(0n, 1n, 2n, r - 1n, r - 2n), weight: 2 },
          { arbitrary: fc.bigInt({ min: 0n, max: r - 1n }), weight: 3 }
        ),
        { minLength: n, maxLength: n }
      )
    );
}

/** The 8 on/off combinations of steps 06, 07, 08. */
export const BUCKET_COMBOS: readonly Record<string, boolean>[] = [0, 1, 2, 3, 4, 5, 6, 7].map((m) => ({
  xyzzBuckets: (m & 1) !== 0,
  batchAffine: (m & 2) !== 0,
  batchAffineReduction: (m & 4) !== 0,
}));

export function collisionCaseArb(
  curve: AnyCurve,
  opts: { minN?: number; maxN: number; maxWindow?: number; gates: fc.Arbitrary<Record<string, boolean>> }
): fc.Arbitrary<CollisionCase> {
  return collisionLogsArb(curve, opts.minN ?? 1, opts.maxN).chain((ks) =>
    fc.record({
      ks: fc.constant(ks),
      points: fc
        .array(fc.bigInt({ min: 0n, max: 1000000n }), { minLength: ks.length, maxLength: ks.length })
        .map((zs) => ks.map((k, i) => scaledPoint(curve, k, zs[i]))),
      scalars: clusteredScalarsArb(curve.order, ks.length),
      gates: opts.gates,
      window: windowArb(opts.maxWindow ?? 16, 2),
    })
  );
}

export function label(c: CollisionCase): string {
  return `n=${c.points.length} window=${c.window ?? 'auto'} gates=[${onGates(c.gates)}]`;
}

/** msm of a case (its gates and window, `tuning` if given) equals the reference on the toy curve, the discrete-log oracle on the others. */
export function expectCase(curve: AnyCurve, c: CollisionCase, tuning?: MsmOptions['tuning'], detail = ''): void {
  const got = msm(c.points, c.scalars, { gates: c.gates, window: c.window, curve, ...(tuning ? { tuning } : {}) });
  const want = curve === TOY ? referenceMsm(c.points, c.scalars, TOY) : oracle(curve, c.ks, c.scalars);
  expect(got.equals(want), `${label(c)}${detail}`).toBe(true);
}

/** The bucket steps' G1 entry: n ≤ 24 with collisions, windows ≤ 10, `forced` gates on, the others random: equals the discrete-log oracle. */
export const g1OracleEntry = (name: string, forced: Record<string, boolean>): CheckEntry =>
  prop(name, 15, () => fc.property(collisionCaseArb(G1, { maxN: 24, maxWindow: 10, gates: gateSetArb(forced) }), (c) => expectCase(G1, c)));
