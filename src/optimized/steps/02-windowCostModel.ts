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
 * the remaining bits, so its B is smaller. The per-operation prices and the digit shape
 * (`Prices` in step.ts) come from the steps themselves: step 00 gives the projective prices
 * (14 per addition, 9 per doubling, BigInt inversion 24) and every active step with a `price`
 * member adjusts them for its own slots, in step order (signedDigits: signed digits; xyzzBuckets:
 * XYZZ additions; batchAffine / batchAffineReduction: batched affine additions and their
 * inversions; wasmField: the wasm kernels' prices, for the jobs it runs). This step names none.
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
import { MAX_WINDOW, type Job, type Prices, type Step } from '../step.js';

export const MAX_MODEL_WINDOW = MAX_WINDOW;

/**
 * Estimated field multiplications of the bucket method for n points, `bits`-bit scalars, window
 * c, at the prices `p` (the active steps' prices: `job.pipeline.prices(job)`, or `pricesFor(gates)`).
 */
export function windowCost(n: number, bits: number, c: number, p: Prices): number {
  const { accAdd, dbl, hornerAdd, inversion } = p;
  const signed = p.signed;
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
    const red = p.redAdd(B);
    total += accAdd * adds + red * Math.max(0, occ + top - 2);
    // work per occupied bucket before the reduction (e.g. conversion to affine)
    if (p.perOccupied !== 0) total += p.perOccupied * occ;
    // Batched additions pay one inversion per batch: accumulation needs about one batch per
    // doubling of the bucket load (collisions wait for the next batch), a batched reduction a
    // few (calibrated against the counting field's inversion counts).
    if (p.accBatched && adds > 0) total += inversion * Math.min(1, adds) * (1 + Math.log2(1 + m / B));
    if (p.redBatched && occ >= 2) total += inversion * Math.max(1, Math.round(Math.log2(B + 1) / 2));
  }
  total += dbl * (windows - 1) * c + hornerAdd * windows;
  return total;
}

/** The model's window for n points of `bits`-bit scalars at the prices `p`. */
export function modelWindow(n: number, bits: number, p: Prices): number {
  const hi = Math.max(1, Math.min(MAX_MODEL_WINDOW, bits));
  let best = 1;
  let bestCost = windowCost(n, bits, 1, p);
  for (let c = 2; c <= hi; c++) {
    const cost = windowCost(n, bits, c, p);
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
  // the active steps price their own work (Step.price), folded by the engine
  chooseWindow: (job: Job) => modelWindow(Math.max(1, job.points.length), Math.max(1, job.bits), job.pipeline.prices(job)),
};
