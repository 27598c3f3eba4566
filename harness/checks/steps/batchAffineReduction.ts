/**
 * Step 08 (batchAffineReduction): the running sum by batched affine additions over independent
 * bucket segments.
 *
 * Failure modes aimed at: segment boundaries (weights sL + t + 1), a partial last segment,
 * empty segments, more segments than buckets, the shared old `running` read by both additions
 * of a step, P = Q and P = −Q inside the reduction (equal or opposite buckets, running sums
 * that cancel), buckets of every representation (projective, XYZZ, affine, identity values),
 * and every combination with steps 06 and 07.
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, type EngineCheck } from '../check.js';
import { G2, TOY } from '../../../src/index.js';
import { makeJob } from '../../../src/optimized/engine.js';
import { affineBranchCounts, resetAffineBranchCounts } from '../../../src/optimized/kernels/affine.js';
import { xyzzOps } from '../../../src/optimized/kernels/xyzz.js';
import { projectiveOps, runningSumReduce } from '../../../src/optimized/steps/00-baseline.js';
import { batchAffineReduce, segmentCount } from '../../../src/optimized/steps/08-batchAffineReduction.js';
import type { BucketSet } from '../../../src/optimized/step.js';
import { BUCKET_COMBOS, collisionCaseArb, expectCase, g1OracleEntry, gatesArb } from './bucket-cases.js';

const FILE = 'properties/steps/batchAffineReduction.test.ts';

const F = TOY.Fp;
const job = makeJob(TOY, [], [], {}, undefined, {});
const r = TOY.order;
const mulG = (k: bigint) => (((k % r) + r) % r === 0n ? TOY.ZERO : TOY.BASE.multiply(((k % r) + r) % r));

/** A bucket value for log k in a given representation (k = 0: the identity, or null). */
type Rep = 'null' | 'proj' | 'xyzz' | 'aff';
function bucketOf(k: bigint, rep: Rep, z: bigint): unknown {
  if (rep === 'null') return null;
  const zz = F.fromSmall(Number(z % 1782n) + 1);
  if (k === 0n) {
    if (rep === 'proj') return { X: F.ZERO, Y: zz, Z: F.ZERO };
    if (rep === 'xyzz') return { X: F.ONE, Y: F.ONE, ZZ: F.ZERO, ZZZ: F.ZERO };
    return null; // affine buckets are never the identity
  }
  const a = mulG(k).toAffine();
  if (rep === 'aff') return { x: a.x, y: a.y };
  if (rep === 'proj') return { X: F.mul(a.x, zz), Y: F.mul(a.y, zz), Z: zz };
  const z2 = F.sqr(zz);
  const z3 = F.mul(z2, zz);
  return { X: F.mul(a.x, z2), Y: F.mul(a.y, z3), ZZ: z2, ZZZ: z3 };
}

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 08 batchAffineReduction', [
    check('reduce alone: any bucket representation, any segment count, equals Σ (j+1)·B_j; P = Q and P = −Q reached', (ctx) => {
      resetAffineBranchCounts();
      const bucketArb = fc.tuple(
        fc.oneof(fc.constantFrom(0n, 1n, 2n, 3n, r - 1n, r - 2n), fc.bigInt({ min: 0n, max: r - 1n })),
        fc.constantFrom<Rep>('null', 'proj', 'xyzz', 'aff', 'aff'),
        fc.bigInt({ min: 0n, max: 5000n })
      );
      ctx.assert(
        fc.property(fc.array(bucketArb, { minLength: 1, maxLength: 80 }), fc.boolean(), fc.integer({ min: 0, max: 100 }), (spec, projective, segments) => {
          // Projective sets hold only projective buckets; xyzz-family sets mix xyzz and affine.
          const buckets = spec.map(([k, rep, z]) => bucketOf(k, projective && rep !== 'null' ? 'proj' : rep === 'proj' ? 'xyzz' : rep, z));
          const set: BucketSet = { ops: projective ? projectiveOps(job) : xyzzOps(F), buckets };
          let want = 0n;
          spec.forEach(([k, rep], j) => {
            if (rep !== 'null') want += BigInt(j + 1) * k;
          });
          const got = batchAffineReduce(makeJob(TOY, [], [], {}, undefined, { tuning: { segments } }), set);
          const gotPt = TOY.fromProjective(got.X, got.Y, got.Z);
          expect(gotPt.equals(mulG(want)), `m=${spec.length} S=${segments}`).toBe(true);
          const base = runningSumReduce(job, set);
          expect(gotPt.equals(TOY.fromProjective(base.X, base.Y, base.Z))).toBe(true);
        }),
        { numRuns: ctx.runs(300) }
      );
      if (ctx.reachChecks) {
        expect(affineBranchCounts.double, 'P = Q never reached').toBeGreaterThan(0);
        expect(affineBranchCounts.cancel, 'P = −Q never reached').toBeGreaterThan(0);
      }
    }),

    prop('toy curve, collision-heavy, every 06/07 combination, random segments and other gates: equals the reference', 120, () => {
      const arb = fc
        .constantFrom(...BUCKET_COMBOS.filter((c) => c.batchAffineReduction))
        .chain((combo) => collisionCaseArb(TOY, { maxN: 250, gates: gatesArb(combo) }));
      // segments 0: the default rule
      return fc.property(arb, fc.constantFrom(0, 1, 2, 5, 32), (c, segments) => expectCase(TOY, c, { segments }, ` S=${segments}`));
    }),

    g1OracleEntry('BLS12-381 G1, n ≤ 24 with collisions, other gates random: equals the discrete-log oracle', { batchAffineReduction: true }),

    prop('BLS12-381 G2 (Fp2 coordinates), n ≤ 5 with collisions, random 06/07/08 combination: equals the discrete-log oracle', 6, () =>
      fc.property(
        fc.constantFrom(...BUCKET_COMBOS).chain((combo) => collisionCaseArb(G2, { maxN: 5, maxWindow: 8, gates: gatesArb(combo) })),
        (c) => expectCase(G2, c)
      )
    ),
  ]),

  // Written from the survivors of the full mutation run (docs/mutation.md).
  ...suite(FILE, 'segmentCount (step 08)', [
    check('⌈2·√m⌉ segments, at least 1 and at most m; the per-call knob (options.tuning.segments) overrides it, clamped the same way', () => {
      const cases: [number, number][] = [
        [1, 1],
        [2, 2],
        [4, 4],
        [16, 8],
        [100, 20],
        [128, 23],
        [32768, 363],
      ];
      for (const [m, s] of cases) expect(segmentCount(m), `m=${m}`).toBe(s);
      expect(segmentCount(100, 5)).toBe(5);
      expect(segmentCount(3, 5)).toBe(3);
      expect(segmentCount(100, 0)).toBe(20);
    }),
  ]),
];
