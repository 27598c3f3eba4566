/**
 * Step 02 — windowCostModel: choose the window c by minimising a field-multiplication model.
 *
 * What it does (slot `chooseWindow`): c = argmin over c ∈ [1, min(16, bits)] of the estimated
 * number of field multiplications (squarings included) of the bucket method with window c:
 *
 *   cost(c) = Σ_windows [ accAdd · (m − occ)          bucket additions
 *                       + redAdd · (occ + top) ]      running-sum reduction
 *           + dbl · (windows − 1)·c + hornerAdd · windows      Horner combination
 *
 * per window with B buckets and m = n·(1 − 2^−b) non-zero digits (b = bits in that window):
 * occ = B·(1 − (1 − 1/B)^m) buckets are occupied (the first point into a bucket is a copy,
 * not an addition), the running sum adds each occupied bucket once and adds the running total
 * once per bucket below the top occupied one (top ≈ B·m/(m + 1)). The top window holds only
 * the remaining bits, so its B is smaller. The per-operation costs and the digit shape are read
 * from `job.gates` (gates that are not registered count as off):
 *   - signedDigits: B = 2^(c−1) per window and one more (carry) window when c divides bits;
 *   - xyzzBuckets: bucket additions are mixed XYZZ additions (8M + 2S = 10), reduction in
 *     XYZZ (12M + 2S = 14);
 *   - batchAffine: bucket additions are batched affine additions (≈ 6M: 3M Montgomery share,
 *     1M slope, 1S, 1M); batchAffineReduction 6 + 3·√(128/B) per running-sum addition, at
 *     most 10 (calibrated on the counting field: per-segment bookkeeping and conversions on
 *     top of the 6M, amortised over more buckets as B grows), plus ≈ 4M per occupied bucket
 *     to convert buckets to affine when the accumulator did not produce affine ones;
 *   - batched affine slots also pay inversions (≈ 24M each, measured): about
 *     1 + log2(1 + m/B) batches per window for accumulation, ≈ log2(B)/2 for the reduction;
 *   - otherwise the complete projective formulas of kernels/projective.ts: 12M + 2·(×3b) = 14
 *     per addition, 7M + 2S = 9 per doubling (the counting field's own figures).
 * n and bits are read after the transforms (after skipZero and GLV).
 *
 * Invariant: returns an integer in [1, min(16, bits)], any n ≥ 1 and any bits ≥ 1 — every
 * recoder and accumulator accepts every such window. options.window still overrides it (the
 * engine does so before calling this slot).
 *
 * Measured effect (2-core shared VM, BLS12-381 G1, random scalars, same run; heuristic = step
 * 00's window, model = this step; M = mulTotal of the counting field, inv = inversions; the
 * default−01 context is windowCostModel's neighbours in the default set with smallFastPath off
 * so that the bucket method runs at every n: skipZero, signedDigits, xyzzBuckets, batchAffine,
 * batchAffineReduction, glv):
 *
 *   | context    | n    | heuristic c | M (inv)       | model c | M (inv)       | M ratio | (M + 24·inv) ratio |
 *   | none       | 16   | 3           | 25788         | 3       | 25788         | 1.000   | 1.000              |
 *   | none       | 64   | 6           | 76048         | 5       | 67490         | 0.887   | 0.887              |
 *   | none       | 256  | 7           | 196952        | 6       | 189938        | 0.964   | 0.964              |
 *   | none       | 1024 | 8           | 570926        | 8       | 570926        | 1.000   | 1.000              |
 *   | none       | 4096 | 10          | 1847716       | 10      | 1847716       | 1.000   | 1.000              |
 *   | default−01 | 16   | 5           | 12287 (123)   | 5       | 12287 (123)   | 1.000   | 1.000              |
 *   | default−01 | 64   | 6           | 27240 (144)   | 5       | 27486 (161)   | 1.009   | 1.021              |
 *   | default−01 | 256  | 8           | 72515 (160)   | 8       | 72515 (160)   | 1.000   | 1.000              |
 *   | default−01 | 1024 | 9           | 223274 (190)  | 9       | 223274 (190)  | 1.000   | 1.000              |
 *   | default−01 | 4096 | 10          | 733258 (227)  | 11      | 718618 (255)  | 0.980   | 0.981              |
 *
 * Calibration: for each gate set tried (none, signedDigits, xyzzBuckets, batchAffine,
 * batchAffineReduction, xyzz+batchAffineReduction, the default set) at n = 256 and 1024, the
 * model's estimate stays within ≈ 10 % of the counted M + 24·inv for c = 3 … 12 and its argmin
 * is the counted best window or its neighbour. The heuristic is already near-optimal for
 * projective buckets at n ≥ 1024 and for the default set at n = 256…1024; the model gains where
 * the heuristic's jump at n = 32 and its blindness to the bucket representation bite.
 *
 * Time, gate on vs off in the same gate set (best of 11 runs at n = 256, 3 at n = 4096):
 *   | context              | n    | ms without | ms with | ratio | M ratio |
 *   | none                 | 256  | 358        | 372     | 1.04  | 0.964   |
 *   | default (01 on)      | 256  | 177        | 152     | 0.86  | 1.000   |
 *   | default (01 on)      | 4096 | 2315       | 2182    | 0.94  | 0.980   |
 * Two more runs (ABBA order, min of 8 / 4): none 256 0.99 / 0.95, default 256 1.03 / 0.99,
 * default 4096 0.96 / 0.96.
 * Identical-work pairs on this shared machine range 0.6–1.2, so these time ratios cannot
 * resolve few-percent differences; the M column is the figure to trust.
 *
 * Default: on — never more than 2 % more M than the heuristic in any row measured, up to 11 %
 * less, and it follows whichever bucket representation the other gates select.
 *
 * Alternatives considered: the step 00 heuristic ⌊0.69·log2 n⌋ + 2 ignores the bucket
 * representation, the width of the top window and the occupancy of buckets at small n; a
 * timing-calibrated model (ms per operation) was rejected: it jitters on a shared machine,
 * while multiplication counts are exact and time tracks them (bigint field arithmetic
 * dominates every other cost here).
 */
import type { GateSet, Job, Step } from '../step.js';
import { wasmRuns } from '../wasm/applies.js';

export const MAX_MODEL_WINDOW = 16;

/** Field multiplications (M + S) per group operation, by representation. */
export const OP_COST = {
  projAdd: 14,
  projDouble: 9,
  xyzzMixedAdd: 10,
  xyzzAdd: 14,
  affineBatchAdd: 6,
  /**
   * Per running-sum addition of the batched affine reduction at B = 128 buckets (segment
   * bookkeeping and conversions on top of the 6M; the overhead shrinks as B grows): calibrated.
   */
  affineBatchReduceAdd: 9,
  /** Converting one projective/XYZZ bucket to affine inside a batch: calibrated. */
  toAffine: 4,
  /** One field inversion (BigInt extended Euclid), in multiplications: measured ≈ 24 on G1 Fp. */
  inversion: 24,
} as const;

/** Per-operation costs the active gates imply. */
export function opCosts(gates: GateSet): { accAdd: number; redAdd: number; dbl: number; hornerAdd: number } {
  let accAdd: number = OP_COST.projAdd;
  let redAdd: number = OP_COST.projAdd;
  if (gates.xyzzBuckets) {
    accAdd = OP_COST.xyzzMixedAdd;
    redAdd = OP_COST.xyzzAdd;
  }
  if (gates.batchAffine) accAdd = OP_COST.affineBatchAdd;
  if (gates.batchAffineReduction) redAdd = OP_COST.affineBatchReduceAdd;
  return { accAdd, redAdd, dbl: OP_COST.projDouble, hornerAdd: OP_COST.projAdd };
}

/** Per-addition cost of the batched affine reduction with B buckets: 9 at B = 128, → 6 for large B. */
export function batchReduceAddCost(B: number): number {
  const base = OP_COST.affineBatchAdd;
  return Math.min(10, base + (OP_COST.affineBatchReduceAdd - base) * Math.sqrt(128 / Math.max(1, B)));
}

/**
 * The gates as the bucket work actually runs: with wasmField (step 12) the windows run in
 * WebAssembly with XYZZ reductions (no batched affine reduction) and Fermat inversions
 * (≈ 570 multiplications each instead of ≈ 24 for BigInt's extended Euclid).
 */
function effectiveGates(gates: GateSet): { gates: GateSet; inversion: number } {
  if (!gates.wasmField) return { gates, inversion: OP_COST.inversion };
  return { gates: { ...gates, xyzzBuckets: true, batchAffineReduction: false }, inversion: WASM_INVERSION };
}

/** One Fermat inversion in the wasm backend (step 12), in multiplications: 380 S + ≈ 190 M. */
export const WASM_INVERSION = 570;

/** Estimated field multiplications of the bucket method for n points, `bits`-bit scalars, window c. */
export function windowCost(n: number, bits: number, c: number, given: GateSet): number {
  const { gates, inversion } = effectiveGates(given);
  const { accAdd, redAdd, dbl, hornerAdd } = opCosts(gates);
  const signed = !!gates.signedDigits;
  const full = Math.max(1, Math.ceil(bits / c));
  const windows = signed && bits % c === 0 ? full + 1 : full;
  let total = 0;
  for (let w = 0; w < windows; w++) {
    // bits covered by this window (the top one may be short; the signed carry window has 1)
    const b = Math.max(1, Math.min(c, bits - w * c));
    const values = 2 ** b; // digit values in this window, zero included
    const B = signed ? Math.max(1, Math.min(2 ** (c - 1), values / 2)) : values - 1;
    const m = n * (1 - 1 / values);
    const occ = B * (1 - Math.pow(1 - 1 / B, m));
    const top = (B * m) / (m + 1);
    const adds = Math.max(0, m - occ);
    const red = gates.batchAffineReduction ? batchReduceAddCost(B) : redAdd;
    total += accAdd * adds + red * Math.max(0, occ + top - 2);
    // Buckets that are not already affine are converted for the batched affine reduction
    // (a share of a batch inversion and the coordinate products): ≈ 4M per occupied bucket.
    if (gates.batchAffineReduction && !gates.batchAffine) total += OP_COST.toAffine * occ;
    // Batched affine additions pay one inversion per batch: accumulation needs about one batch
    // per doubling of the bucket load (collisions wait for the next batch), the segmented
    // reduction a few (calibrated against the counting field's inversion counts).
    if (gates.batchAffine && adds > 0) total += inversion * Math.min(1, adds) * (1 + Math.log2(1 + m / B));
    if (gates.batchAffineReduction && occ >= 2) total += OP_COST.inversion * Math.max(1, Math.round(Math.log2(B + 1) / 2));
  }
  total += dbl * (windows - 1) * c + hornerAdd * windows;
  return total;
}

/** The model's window for n points of `bits`-bit scalars under `gates`. */
export function modelWindow(n: number, bits: number, gates: GateSet): number {
  const hi = Math.max(1, Math.min(MAX_MODEL_WINDOW, bits));
  let best = 1;
  let bestCost = windowCost(n, bits, 1, gates);
  for (let c = 2; c <= hi; c++) {
    const cost = windowCost(n, bits, c, gates);
    if (cost < bestCost) {
      best = c;
      bestCost = cost;
    }
  }
  return best;
}

export const windowCostModel: Step = {
  id: 'windowCostModel',
  step: 2,
  title: 'Window size from a field-multiplication cost model of the active gates',
  default: true,
  // wasmField (step 12) is priced only for the jobs it runs (not G2, not a counting field)
  chooseWindow: (job: Job) =>
    modelWindow(Math.max(1, job.points.length), Math.max(1, job.bits), job.gates.wasmField && !wasmRuns(job) ? { ...job.gates, wasmField: false } : job.gates),
};
