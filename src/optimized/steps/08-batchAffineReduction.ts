/**
 * Step 08 — batchAffineReduction: the running-sum reduction done with batched affine additions.
 *
 * What it does: fills the `reduce` slot. The running sum Σ_j (j+1)·B_j is sequential (each
 * step depends on the previous one), so the m buckets are cut into S segments of L = ⌈m/S⌉
 * consecutive buckets, and the S segments run their own running sums side by side: at each
 * step t (from the top of the segment down) every segment does `sum_s += running_s` and
 * `running_s += B_{sL+t}`. Both read the same old `running_s`, so the 2S additions of a step
 * are independent and share one inversion (kernels/affine.ts `batchAffineAdd`, with explicit
 * P = Q and P = −Q branches): L + 1 inversions per window. Then, with sum_s = Σ_t (t+1)·B_{sL+t}
 * and R_s = Σ_t B_{sL+t}, the window sum is Σ_s sum_s + L·Σ_s s·R_s; this tail (S-bucket running
 * sum, L-multiple by double-and-add) is done in XYZZ with mixed additions (kernels/xyzz.ts).
 *
 * Input: a bucket set of any representation. Affine buckets of step 07 are used as they are;
 * any other bucket goes through its `ops.toProjective`, then one batch inversion normalizes the
 * window's buckets (identity buckets become empty).
 *
 * Invariant: returns Σ_j (j+1)·B_j of the window, exactly as step 00's running sum.
 *
 * Cost per window: 6M per running-sum addition (3M inversion share, 2M + 1S), L + 1 = ⌈m/S⌉ + 1
 * inversions, and a tail of ≈ 34M per segment; with S = ⌈2·√m⌉ (64 at m = 1023, 23 at m = 127)
 * that is ≈ 7M per running-sum addition and ≈ √m/2 inversions per window.
 *
 * Measured effect (2-core shared VM, heavily loaded by other jobs; BLS12-381 G1; points kᵢ·G
 * re-scaled to Z ≠ 1; uniform scalars; heuristic window, c = 7 at n = 256, c = 10 at n = 4096;
 * same run; mulTotal and inversions from the counting field; time = median / minimum of 7
 * interleaved runs, ratio to gates none):
 *
 *   gates        n = 256: mulTotal   inv   time           n = 4096: mulTotal   inv   time
 *   none                 196 812       0   1.00 / 1.00          1 846 722       0   1.00 / 1.00
 *   +06                  175 906       1   0.99 / 0.59          1 536 936       1   0.69 / 0.84
 *   +07                  138 426     116   0.81 / 0.60          1 112 168     110   0.59 / 0.63
 *   +07+08               103 510     338   0.64 / 0.36            844 849     520   0.52 / 0.75
 *   +06+07+08            103 510     338   0.81 / 0.37            844 849     520   0.52 / 0.65
 *   all but 06-08        143 464       0   0.90 / 0.56          1 669 218       0   0.87 / 1.19
 *   all                   73 873     157   0.48 / 0.27            783 506     446   0.52 / 0.50
 * (+06+07+08 does exactly the work of +07+08: step 07 wins the accumulate slot. "all" = every
 * registered gate, i.e. with skipZero, signedDigits, GLV and the window cost model of the other
 * steps, which picked c = 10 at n = 4096; "all but 06-08" the same without these three.)
 * Since then the conversion inverts equal Z values once (GLV's φ(P) shares P's Z): "all" at
 * n = 4096 went from 783 506 to 771 321 multiplications on the same inputs.
 * This step alone, +07 → +07+08: mulTotal 0.748 at n = 256 and 0.760 at n = 4096; a separate
 * A/B run at n = 4096 (15 interleaved runs) gave time 0.81 (median) / 0.89 (minimum), and
 * 0.93 / 0.78 for +06+07+08, which does the same work. Default on.
 *
 * At n = 16384 (same set-up, c = 11 for gates none…+06+07+08, 3 interleaved runs; time ratios
 * jitter by ±30% here — +06+07+08 does exactly +07+08's work):
 *
 *   gates          mulTotal     vs none   inv   time vs none (median / min)
 *   none           6 078 095    1.000       0   1.00 / 1.00
 *   +06            4 786 731    0.788       1   0.61 / 0.75
 *   +07            3 236 847    0.533     128   0.51 / 0.62
 *   +07+08         2 724 412    0.448     660   0.44 / 0.46
 *   +06+08         4 449 154    0.732     557   0.71 / 0.49   (XYZZ buckets normalized here: 0.929 of +06)
 *   +06+07+08      2 724 412    0.448     660   0.79 / 0.38
 *   all but 06-08  5 636 478    0.927       0   1.09 / 0.85   (c = 12)
 *   all            2 631 117    0.433     624   0.41 / 0.50   (c = 12)
 *
 * Segment count (n = 4096, m = 1023 buckets, gates {batchAffine, batchAffineReduction}; mulTotal
 * and inversions of the whole MSM, time relative to the first column of each sweep, 3–5 runs):
 *   S          4        8        16       32       48       64       96
 *   mulTotal   796 013  797 604  800 967  808 484  816 576  824 316  839 553
 *   inv        6531     3332     1732     933      683      521      397
 *   time       1.00     0.91     0.84     0.82     0.76     0.75     0.69
 *   S          64       96       128      192      256      384
 *   mulTotal   824 316  839 553  857 634  879 609  923 230  969 748
 *   time       1.00     1.14     1.06     1.16     1.02     0.97
 * An inversion (BigInt extended Euclid) costs 60–70 multiplications in time here (micro-
 * benchmark), so more segments pay until the tail's multiplications catch up; time is flat from
 * S ≈ 48 on within the noise while the count keeps rising, hence S = ⌈2·√m⌉.
 *
 * Alternatives considered: two batches per step (first all `running += B`, then all
 * `sum += running`) — twice the inversions for the same additions, so the pipelined form above
 * was written directly; the XYZZ running sum (step 00's reducer over step 07's affine buckets,
 * mixed addition for `running += B_j`, 14 multiplications for `sum += running`) is the "+07" row.
 */
import { AFFINE_COST, batchAffineAdd, normalizeBuckets } from '../kernels/affine.js';
import { projIdentity, type Proj } from '../kernels/projective.js';
import { xyzzAdd, xyzzAddAffine, xyzzDouble, xyzzIdentity, xyzzToProjective, type Aff, type Xyzz } from '../kernels/xyzz.js';
import type { BucketSet, Job, Step } from '../step.js';

/**
 * The segment count for m buckets: ⌈2·√m⌉ (chosen by measurement, see the header), or
 * `segments` when > 0 (the per-call knob `options.tuning.segments`), clamped to [1, m].
 */
export function segmentCount(m: number, segments = 0): number {
  const s = segments > 0 ? segments : Math.ceil(2 * Math.sqrt(m));
  return Math.max(1, Math.min(s, m));
}

/** Per-addition price of this reduction with B buckets (≈ 9 at B = 128, → 6 for large B, at most 10). */
export function batchReduceAddCost(B: number): number {
  const base = AFFINE_COST.batchAdd;
  return Math.min(10, base + (REDUCE_ADD_AT_128 - base) * Math.sqrt(128 / Math.max(1, B)));
}

/**
 * Per running-sum addition at B = 128 buckets: the 6M of a batched affine addition plus the
 * segment bookkeeping and conversions (calibrated on the counting field; the overhead shrinks
 * as B grows).
 */
const REDUCE_ADD_AT_128 = 9;
/** Converting one projective/XYZZ bucket to affine inside a batch (calibrated), when the buckets are not affine already. */
const TO_AFFINE = 4;

export function batchAffineReduce<F>(job: Job<F>, set: BucketSet<F>): Proj<F> {
  const { F } = job;
  const B = normalizeBuckets(F, set);
  const m = B.length;
  if (m === 0) return projIdentity(F);
  const S = segmentCount(m, job.call.tuning?.segments);
  const L = Math.ceil(m / S);
  const running = new Array<Aff<F> | null>(S).fill(null);
  const sum = new Array<Aff<F> | null>(S).fill(null);
  const pa: Aff<F>[] = [];
  const pb: Aff<F>[] = [];
  const res: (Aff<F> | null)[] = [];
  // Step t = L … 0, one batch per step: sum_s += running_s (t < L) and running_s += B_{sL+t−1}
  // (t > 0), both from the same old running_s.
  for (let t = L; t >= 0; t--) {
    let k = 0;
    const sumSlot: number[] = [];
    const runSlot: number[] = [];
    for (let s = 0; s < S; s++) {
      const r = running[s];
      // sum_s += running_s (running_s holds the buckets above local index t)
      if (r !== null && t < L) {
        const sm = sum[s];
        if (sm === null) sum[s] = r;
        else {
          pa[k] = sm;
          pb[k] = r;
          sumSlot.push(s, k);
          k++;
        }
      }
      // running_s += B_{sL + t − 1}
      if (t > 0) {
        const j = s * L + t - 1;
        const b = j < m ? B[j] : null;
        if (b !== null) {
          if (r === null) running[s] = b;
          else {
            pa[k] = r;
            pb[k] = b;
            runSlot.push(s, k);
            k++;
          }
        }
      }
    }
    if (k === 0) continue;
    batchAffineAdd(F, pa, pb, k, res);
    for (let i = 0; i < sumSlot.length; i += 2) sum[sumSlot[i]] = res[sumSlot[i + 1]];
    for (let i = 0; i < runSlot.length; i += 2) running[runSlot[i]] = res[runSlot[i + 1]];
  }
  // Tail: Σ_s sum_s + L·Σ_{s≥1} s·R_s, in XYZZ.
  let total: Xyzz<F> = xyzzIdentity(F);
  for (let s = 0; s < S; s++) {
    const v = sum[s];
    if (v !== null) total = xyzzAddAffine(F, total, v.x, v.y);
  }
  if (S > 1) {
    let run: Xyzz<F> = xyzzIdentity(F);
    let acc: Xyzz<F> = xyzzIdentity(F);
    for (let s = S - 1; s >= 1; s--) {
      const v = running[s];
      if (v !== null) run = xyzzAddAffine(F, run, v.x, v.y);
      acc = xyzzAdd(F, acc, run);
    }
    // acc·L by double-and-add from the top bit
    let mult: Xyzz<F> = xyzzIdentity(F);
    for (let bit = 31 - Math.clz32(L); bit >= 0; bit--) {
      mult = xyzzDouble(F, mult);
      if ((L >>> bit) & 1) mult = xyzzAdd(F, mult, acc);
    }
    total = xyzzAdd(F, total, mult);
  }
  return xyzzToProjective(F, total);
}

export const batchAffineReduction: Step = {
  id: 'batchAffineReduction',
  step: 8,
  title: 'Running-sum reduction by batched affine additions over independent bucket segments',
  default: true,
  reduce: batchAffineReduce,
  price: (p) => ({ ...p, redAdd: batchReduceAddCost, redBatched: true, perOccupied: p.accBatched ? 0 : TO_AFFINE }),
};
