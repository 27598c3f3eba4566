/**
 * Step 08 — batchAffineReduction: the running-sum reduction done with batched affine additions.
 *
 * What (slot `reduce`): the running sum is sequential, so the m buckets are cut into S segments of
 * L = ⌈m/S⌉ consecutive buckets whose running sums run side by side: at each step t (from the top
 * of the segment down) every segment does `sum_s += running_s` and `running_s += B_{sL+t}`. Both read
 * the same old `running_s`, so the 2S additions of a step are independent and share one inversion
 * (kernels/affine.ts `batchAffineAdd`, explicit P = Q and P = −Q): L + 1 inversions per window. With
 * sum_s = Σ_t (t+1)·B_{sL+t} and R_s = Σ_t B_{sL+t}, the window sum is Σ_s sum_s + L·Σ_s s·R_s; that
 * tail (S-bucket running sum, L-multiple by double-and-add) runs in XYZZ with mixed additions.
 * Input: buckets of any representation; step 07's affine buckets are used as they are, any other
 * goes through its `ops.toProjective`, then one batch inversion (identity buckets become empty).
 * Invariant: returns Σ_j (j+1)·B_j of the window, exactly as step 00's running sum.
 * Default: on, S = ⌈2·√m⌉ (unless the tuning sets it) — ≈ 7M per running-sum addition instead of 14,
 * ≈ √m/2 inversions per window; more segments trade inversions for tail multiplications.
 * References: Montgomery's simultaneous inversion (1987); segmented bucket reduction as in
 * parallel (GPU) MSM implementations.
 * With wasmField (step 12) on, the same segmented reduction runs inside the wasm window call
 * (wasm/assembly `reduceSegmented`) when the buckets are affine there and it pays.
 * Rejected: two batches per step (all `running += B`, then all `sum += running`: twice the
 * inversions for the same additions); the XYZZ running sum over affine buckets (step 00's reducer
 * with step 07: kept as the comparison point).
 */
import { AFFINE_COST, batchAffineAdd, normalizeBuckets, segmentCount } from '../kernels/affine.js';
import { projIdentity, type Proj } from '../kernels/projective.js';
import { xyzzAdd, xyzzAddAffine, xyzzDouble, xyzzIdentity, xyzzToProjective, type Aff, type Xyzz } from '../kernels/xyzz.js';
import { EVERY_WINDOW, reach, type BucketSet, type Job, type Step } from '../step.js';

export { segmentCount };

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

export const batchAffineReduction: Step<'batchAffineReduction'> = {
  id: 'batchAffineReduction',
  step: 8,
  title: 'Running-sum reduction by batched affine additions over independent bucket segments',
  default: true,
  reduce: batchAffineReduce,
  // segments: one (no tail), two, more than the buckets (clamped to m), and the default rule
  reach: reach({
    entries: ['plain', 'prepared'],
    windows: EVERY_WINDOW,
    wideG1: true,
    tunings: [{ segments: 1 }, { segments: 2 }, { segments: 1 << 16 }],
    scalars: ['fullSize', 'carries'],
    inputs: ['identity', 'duplicates', 'opposite'],
  }),
  price: (p) => ({ ...p, redAdd: batchReduceAddCost, redBatched: true, perOccupied: p.accBatched ? 0 : TO_AFFINE }),
};
