/**
 * Step 06 (xyzzBuckets): XYZZ buckets filled by mixed additions of once-normalized points.
 *
 * Failure modes aimed at: the mixed addition's P = Q (doubling) and P = −Q (identity) branches,
 * a bucket that became the identity receiving another point, identity input points (Z = 0) in
 * the batch normalization, points with Z ≠ 1, negative digits (y → −y), and the XYZZ kernels
 * (add, mixed add, doubling, conversion) against noble's group law.
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, type EngineCheck } from '../check.js';
import { G1, TOY, msm } from '../../../src/index.js';
import { resetXyzzBranchCounts, xyzzBranchCounts } from '../../../src/optimized/kernels/xyzz.js';
import { xyzzAdd, xyzzAddAffine, xyzzDouble, xyzzFromAffine, xyzzIdentity, xyzzToProjective, type Xyzz } from '../../../src/optimized/kernels/xyzz.js';
import { collisionCaseArb, expectCase, g1OracleEntry, gatesArb, scaledPoint } from './bucket-cases.js';

const FILE = 'properties/steps/xyzzBuckets.test.ts';

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 06 xyzzBuckets', [
    check('toy curve, collision-heavy (duplicates, P and −P, identity, n ≤ 300): equals the reference, both branches reached', (ctx) => {
      resetXyzzBranchCounts();
      ctx.assert(
        fc.property(collisionCaseArb(TOY, { maxN: 300, gates: gatesArb({ xyzzBuckets: true, batchAffine: false, batchAffineReduction: false }) }), (c) =>
          expectCase(TOY, c)
        ),
        { numRuns: ctx.runs(120) }
      );
      // the mixed addition runs only in step 06's accumulator here (07 and 08 forced off)
      if (ctx.reachChecks) expect(xyzzBranchCounts.mixedDouble, 'P = Q branch of the mixed addition never reached').toBeGreaterThan(0);
      if (ctx.reachChecks) expect(xyzzBranchCounts.mixedCancel, 'P = −Q branch of the mixed addition never reached').toBeGreaterThan(0);
      // the running sum over XYZZ buckets (step 00's reducer with xyzzOps) adds XYZZ + XYZZ
      if (ctx.reachChecks) expect(xyzzBranchCounts.double + xyzzBranchCounts.cancel, 'XYZZ + XYZZ special branches never reached').toBeGreaterThan(0);
    }),

    g1OracleEntry('BLS12-381 G1, n ≤ 24 with collisions and Z ≠ 1, other gates random: equals the discrete-log oracle', { xyzzBuckets: true }),

    prop('XYZZ kernels on G1 agree with noble: add, mixed add, double (incl. P = Q, P = −Q, identity)', 60, () => {
      const F = G1.Fp;
      const mulG = (k: bigint) => (k % G1.order === 0n ? G1.ZERO : G1.BASE.multiply(k % G1.order));
      const toXyzz = (k: bigint, z: bigint): Xyzz<bigint> => {
        if (k === 0n) return xyzzIdentity(F);
        const a = G1.BASE.multiply(k).toAffine();
        const zz = F.sqr(z);
        return { X: F.mul(a.x, zz), Y: F.mul(a.y, F.mul(zz, z)), ZZ: zz, ZZZ: F.mul(zz, z) };
      };
      const fromXyzz = (p: Xyzz<bigint>) => {
        const q = xyzzToProjective(F, p);
        return G1.fromProjective(q.X, q.Y, q.Z);
      };
      const logArb = fc.oneof(fc.constantFrom(0n, 1n, 2n, G1.order - 1n), fc.bigInt({ min: 1n, max: G1.order - 1n }));
      const zArb = fc.bigInt({ min: 1n, max: G1.Fp.ORDER - 1n });
      return fc.property(logArb, logArb, zArb, zArb, fc.constantFrom('same', 'neg', 'free'), (a, b0, z1, z2, rel) => {
        const b = rel === 'same' ? a : rel === 'neg' ? (G1.order - a) % G1.order : b0;
        const P = toXyzz(a, z1);
        const Q = toXyzz(b, z2);
        const wantPt = mulG(a + b);
        expect(fromXyzz(xyzzAdd(F, P, Q)).equals(wantPt)).toBe(true);
        if (b !== 0n) {
          const qa = G1.BASE.multiply(b).toAffine();
          expect(fromXyzz(xyzzAddAffine(F, P, qa.x, qa.y)).equals(wantPt)).toBe(true);
          expect(fromXyzz(xyzzAddAffine(F, xyzzFromAffine(F, qa.x, qa.y), qa.x, qa.y)).equals(mulG(2n * b))).toBe(true);
        }
        expect(fromXyzz(xyzzDouble(F, P)).equals(mulG(2n * a))).toBe(true);
      });
    }),

    check('n = 1 and all-identity inputs on both curves', () => {
      for (const curve of [TOY, G1]) {
        const P = scaledPoint(curve, 5n, 77n);
        expect(msm([P], [3n], { gates: { xyzzBuckets: true }, curve }).equals(curve.BASE.multiply(15n))).toBe(true);
        expect(msm([curve.ZERO, curve.ZERO], [3n, 4n], { gates: { xyzzBuckets: true }, curve }).equals(curve.ZERO)).toBe(true);
        expect(msm([P, P.negate()], [9n, 9n], { gates: { xyzzBuckets: true }, curve }).equals(curve.ZERO)).toBe(true);
      }
    }),
  ]),
];
