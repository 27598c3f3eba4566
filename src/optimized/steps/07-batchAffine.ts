/**
 * Step 07 — batchAffine: bucket accumulation by affine additions that share one inversion.
 *
 * What it does: fills the `accumulate` slot. The window's (point, digit) pairs are sorted by
 * bucket (counting sort; identity points and zero digits dropped, a negative digit negates y).
 * A bucket with one point just stores it (no arithmetic). Buckets with several points are
 * reduced by rounds of pairwise additions: in each round every bucket with k ≥ 2 pending
 * points adds them in ⌊k/2⌋ disjoint pairs (an odd one waits for the next round), so no
 * operand is used twice in a round; all additions of the round, across all buckets, share one
 * inversion (Montgomery's trick, kernels/affine.ts `batchAffineAdd`), in chunks of at most
 * `options.tuning.maxBatch`. A pair with P = Q is a doubling (λ = 3x²/2y); P = −Q cancels
 * (the pair drops out, and a bucket whose points all cancel ends empty). A bucket holding k
 * points needs ⌈log2 k⌉ rounds, so even all n points in one bucket cost log2 n inversions, not n.
 * Cost per addition: 3M (shared inversion) + 2M + 1S, against 8M + 2S for step 06's mixed
 * addition; plus one inversion per round (≈ log2 of the largest bucket per window).
 *
 * Buckets come back affine ({x, y}); the set's ops are `xyzzOps` (kernels/xyzz.ts): a complete
 * addition that works on affine-or-XYZZ values, using the mixed addition whenever one operand
 * is affine. So when step 08 is off, step 00's running sum adds `running += B_j` as a mixed
 * XYZZ addition (B_j affine), i.e. 07 uses the XYZZ kernels of step 06 whether or not gate 06
 * is on; step 08 recognises affine buckets and uses them with no conversion.
 *
 * Invariant: bucket j holds Σ sign(dᵢ)·Pᵢ over the points i with |dᵢ| = j + 1 (null when that
 * sum is the identity); each round preserves the multiset sum of every bucket's pending list.
 *
 * Measured effect (2-core shared VM, heavily loaded by other jobs; BLS12-381 G1; points kᵢ·G
 * re-scaled to Z ≠ 1; uniform scalars; heuristic window, c = 7 at n = 256, c = 10 at n = 4096,
 * c = 11 at n = 16384; same run; mulTotal and inversions from the counting field; time =
 * median / minimum of 7 interleaved runs (3 at n = 16384), ratio to gates none):
 *
 *   n      none        +06 (xyzz)   +07 (this)   +07 vs none   +07 vs +06   inv   time vs none
 *   256      196 812     175 906      138 426      0.703         0.787        116   0.81 / 0.60
 *   4096   1 846 722   1 536 936    1 112 168      0.602         0.724        110   0.59 / 0.63
 *   16384  6 078 095   4 786 731    3 236 847      0.533         0.676        128   0.51 / 0.62
 *
 * Batch cap (`options.tuning.maxBatch`, n = 4096, gates {batchAffine, batchAffineReduction},
 * median of 3 runs; the multiplication count is the same for every cap):
 *   cap        16      64      256     1024    ∞ (one inversion per round)
 *   inv        5626    1755    792     547     521
 *   time       1.00    0.82    0.73    0.60    0.73   (±15% noise)
 * Fewer inversions never cost multiplications, so the cap is ∞. Default on.
 *
 * Alternatives considered: the usual scheduling — fixed-size batches over the points in input
 * order, an addition whose bucket is already in the batch deferred to a collision queue for a
 * later batch — was not implemented: it does the same additions, but a bucket that receives k
 * points needs k batches (k inversions) where the pairwise rounds need ⌈log2 k⌉, which matters
 * for skewed inputs (all scalars equal: every point lands in the same bucket). Also considered:
 * batching the additions of all windows together (fewer rounds), which the per-window
 * accumulate slot cannot express without caching across calls.
 */
import { AFFINE_COST, batchAffineAdd, jobAffine } from '../kernels/affine.js';
import { xyzzOps, type Aff } from '../kernels/xyzz.js';
import type { BucketSet, DigitTable, Job, Step } from '../step.js';

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
    start[(d > 0 ? d : -d) - 1 + 1]++;
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
    const j = (d > 0 ? d : -d) - 1;
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

export const batchAffine: Step = {
  id: 'batchAffine',
  step: 7,
  title: 'Affine bucket accumulation in batches sharing one inversion (pairwise rounds)',
  default: true,
  accumulate: batchAffineAccumulate,
  // batched affine additions (one inversion per round, priced by the model); affine buckets out
  price: (p) => ({ ...p, accAdd: AFFINE_COST.batchAdd, accBatched: true }),
};
