/**
 * Step 07 — batchAffine: bucket accumulation by affine additions that share one inversion.
 *
 * What (slot `accumulate`): the window's (point, digit) pairs are sorted by bucket (counting sort;
 * identity points and zero digits dropped, a negative digit negates y). A bucket with one point
 * just stores it. Buckets with several points are reduced by rounds of pairwise additions: in each
 * round every bucket with k ≥ 2 pending points adds them in ⌊k/2⌋ disjoint pairs (an odd one waits),
 * and all additions of the round, across all buckets, share one inversion (Montgomery's trick,
 * kernels/affine.ts `batchAffineAdd`, in chunks of at most the tuning's maxBatch, ∞ by default).
 * P = Q is a doubling (λ = 3x²/2y); P = −Q cancels. A bucket of k points needs ⌈log2 k⌉ rounds.
 * Buckets come back affine with `xyzzOps` (complete on affine-or-XYZZ values): without step 08,
 * step 00's running sum adds them by mixed XYZZ additions; step 08 uses them with no conversion.
 * Invariant: bucket j holds Σ sign(d_i)·P_i over the points i with |d_i| = j + 1 (null when that sum
 * is the identity); each round preserves the multiset sum of every bucket's pending list.
 * Default: on — 6 instead of 10 multiplications per bucket addition, plus one inversion per round;
 * maxBatch = ∞ since fewer inversions never cost multiplications.
 * References: Montgomery, "Speeding the Pollard and elliptic curve methods of factorization", 1987
 * (simultaneous inversion); batch-affine buckets as in gnark-crypto's multiexp and ZPrize 2022 MSMs.
 * Rejected: fixed-size batches in input order with a collision queue (a bucket receiving k points
 * needs k inversions, not ⌈log2 k⌉: bad on skewed input); batching all windows together (the
 * per-window accumulate slot cannot express it without caching across calls).
 */
import { AFFINE_COST, batchAffineAdd, jobAffine } from '../kernels/affine.js';
import { bucketOf } from '../kernels/digits.js';
import { xyzzOps, type Aff } from '../kernels/xyzz.js';
import { EVERY_WINDOW, reach, type BucketSet, type DigitTable, type Job, type Step } from '../step.js';

export function batchAffineAccumulate<F>(job: Job<F>, table: DigitTable, w: number): BucketSet<F> {
  const { F } = job;
  const aff = jobAffine(job);
  const { n, digits, bucketCount: m } = table;
  const buckets = job.newBuckets(m) as (Aff<F> | null)[];
  const ops = xyzzOps(F);
  const base = w * n;
  // counting sort of the window's points by bucket
  const start = new Int32Array(m + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = digits[base + i];
    if (d === 0 || aff[i] === null) continue;
    start[bucketOf(d) + 1]++;
    total++;
  }
  if (total === 0) return { ops, buckets };
  for (let j = 0; j < m; j++) start[j + 1] += start[j];
  const len = new Int32Array(m);
  const pts = new Array<Aff<F>>(total);
  for (let i = 0; i < n; i++) {
    const d = digits[base + i];
    if (d === 0) continue;
    const p = aff[i];
    if (p === null) continue;
    const j = bucketOf(d);
    pts[start[j] + len[j]++] = d > 0 ? p : { x: p.x, y: F.neg(p.y) };
  }
  let active: number[] = [];
  for (let j = 0; j < m; j++) if (len[j] >= 2) active.push(j);
  const pa: Aff<F>[] = [];
  const pb: Aff<F>[] = [];
  const res: (Aff<F> | null)[] = [];
  while (active.length > 0) {
    let k = 0;
    for (const j of active) {
      const s = start[j];
      const half = len[j] >> 1;
      for (let t = 0; t < half; t++) {
        pa[k] = pts[s + 2 * t];
        pb[k] = pts[s + 2 * t + 1];
        k++;
      }
    }
    batchAffineAdd(F, pa, pb, k, res, job.call.tuning?.maxBatch ?? Infinity);
    k = 0;
    const next: number[] = [];
    for (const j of active) {
      const s = start[j];
      const l = len[j];
      const half = l >> 1;
      let nl = 0;
      for (let t = 0; t < half; t++) {
        const r = res[k++];
        if (r !== null) pts[s + nl++] = r;
      }
      if (l & 1) pts[s + nl++] = pts[s + l - 1];
      len[j] = nl;
      if (nl >= 2) next.push(j);
    }
    active = next;
  }
  for (let j = 0; j < m; j++) if (len[j] === 1) buckets[j] = pts[start[j]];
  return { ops, buckets };
}

export const batchAffine: Step<'batchAffine'> = {
  id: 'batchAffine',
  step: 7,
  title: 'Affine bucket accumulation in batches sharing one inversion (pairwise rounds)',
  default: true,
  accumulate: batchAffineAccumulate,
  // rounds of pairwise additions: a round larger than the maxBatch cap, doublings and
  // cancellations inside one batch, buckets of many points, every window
  reach: reach({
    entries: ['plain', 'prepared'],
    windows: EVERY_WINDOW,
    wideG1: true,
    caps: [{ name: 'tuning.maxBatch', knob: 'maxBatch', values: [1, 2, 3] }],
    scalars: ['fullSize', 'zeroDigits'],
    inputs: ['identity', 'duplicates', 'opposite', 'collisions'],
  }),
  // batched affine additions (one inversion per round, priced by the model); affine buckets out
  price: (p) => ({ ...p, accAdd: AFFINE_COST.batchAdd, accBatched: true }),
};
