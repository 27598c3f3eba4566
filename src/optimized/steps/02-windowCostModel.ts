/**
 * Step 02 — windowCostModel: choose the window c by minimising a field-multiplication model.
 *
 * What (slot `chooseWindow`): c = argmin over [1, min(16, bits)] of the estimated multiplications
 * (squarings included) of the bucket method. Per window of B buckets with m = n·(1 − 2^−b) non-zero
 * digits (b = bits in that window; the top window may be short): occ = B·(1 − (1 − 1/B)^m)
 * occupied buckets, (m − occ) bucket additions (the first point into a bucket is a copy), about
 * occ + top running-sum additions (top ≈ B·m/(m + 1)), and the inversions of batched affine slots;
 * plus (windows − 1)·c Horner doublings and one addition per window. Prices per operation, B, and
 * the signed carry window follow the active gates; n and bits are read after the transforms.
 * Invariant: returns an integer in [1, min(16, bits)] for any n ≥ 1 and bits ≥ 1 — every recoder
 * and accumulator accepts every such window; options.window still overrides it (the engine does so
 * before calling this slot).
 * Default: on — it follows the bucket representation the gates select and never costs more than a
 * few percent over step 00's heuristic where that one is already right.
 * References: the heuristic it replaces is arkworks' ln n + 2; occupancy is the expected number of
 * non-empty bins when m balls fall into B bins.
 * Rejected: step 00's heuristic (blind to the bucket representation, the top window's width and
 * bucket occupancy at small n); a timing-calibrated model (jitters on a shared machine, while
 * multiplication counts are exact and time tracks them).
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
