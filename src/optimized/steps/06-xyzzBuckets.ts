/**
 * Step 06 — xyzzBuckets: buckets in XYZZ coordinates, filled by mixed (affine + XYZZ) additions.
 *
 * What (slot `accumulate`): the job's points are converted to affine once per MSM (one batch
 * inversion over the points whose Z is not already 1; identity points become null and are
 * skipped), cached per job since the slot runs once per window. Each bucket is an XYZZ point
 * (x = X/ZZ, y = Y/ZZZ, ZZ³ = ZZZ²); the first point of a bucket is stored as (x, y, 1, 1) for free,
 * every later one is a mixed addition (8M + 2S instead of the 14 of the complete projective
 * addition); a negative digit adds (x, −y). The mixed addition tests P = Q (→ affine doubling) and
 * P = −Q (→ identity bucket) explicitly (kernels/xyzz.ts). The returned ops (`xyzzOps`) add
 * XYZZ + XYZZ completely (12M + 2S, for whatever reducer runs) and convert to projective with 3M.
 * Invariant: bucket j holds Σ sign(d_i)·P_i over the points i with |d_i| = j + 1 in this window (the
 * identity as ZZ = 0 or null), exactly as step 00's accumulator, for signed or unsigned digits, any
 * window, and any points (identity, duplicates, P and −P).
 * Default: on — 10 instead of 14 multiplications per bucket addition, for one inversion per MSM.
 * References: XYZZ coordinates in the Explicit-Formulas Database (hyperelliptic.org/EFD, short
 * Weierstrass "xyzz": madd-2008-s, add-2008-s).
 * Rejected (by operation count): Jacobian buckets with mixed additions (7M + 4S = 11); a mixed
 * complete projective addition (11M + 2·mul-by-3b = 13); an own `reduce` (XYZZ + XYZZ costs 14 like
 * projective, so step 00's running sum over `xyzzOps` is kept; step 08 is the reduction step).
 */
import { jobAffine } from '../kernels/affine.js';
import { bucketOf } from '../kernels/digits.js';
import { xyzzAddAffine, xyzzOps, XYZZ_COST, type Xyzz } from '../kernels/xyzz.js';
import { EVERY_WINDOW, reach, type BucketSet, type DigitTable, type Job, type Step } from '../step.js';

export function xyzzAccumulate<F>(job: Job<F>, table: DigitTable, w: number): BucketSet<F> {
  const { F } = job;
  const aff = jobAffine(job);
  const { n, digits } = table;
  const buckets = job.newBuckets(table.bucketCount) as (Xyzz<F> | null)[];
  const base = w * n;
  for (let i = 0; i < n; i++) {
    const d = digits[base + i];
    if (d === 0) continue;
    const p = aff[i];
    if (p === null) continue;
    const y = d > 0 ? p.y : F.neg(p.y);
    const j = bucketOf(d);
    const b = buckets[j];
    buckets[j] = b === null ? { X: p.x, Y: y, ZZ: F.ONE, ZZZ: F.ONE } : xyzzAddAffine(F, b, p.x, y);
  }
  return { ops: xyzzOps(F), buckets };
}

export const xyzzBuckets: Step<'xyzzBuckets'> = {
  id: 'xyzzBuckets',
  step: 6,
  title: 'XYZZ buckets with mixed additions of once-normalized affine points',
  default: true,
  accumulate: xyzzAccumulate,
  // mixed additions: P = Q and P = −Q into one bucket, identity points, every window
  reach: reach({
    entries: ['plain', 'prepared'],
    windows: EVERY_WINDOW,
    wideG1: true,
    scalars: ['fullSize', 'carries'],
    inputs: ['identity', 'duplicates', 'opposite', 'collisions'],
  }),
  // mixed XYZZ additions into the buckets; the reducer then adds XYZZ buckets
  price: (p) => ({ ...p, accAdd: XYZZ_COST.mixedAdd, redAdd: () => XYZZ_COST.add }),
};
