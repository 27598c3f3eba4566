/**
 * Step 02 — windowCostModel: choose the window c by minimising a field-multiplication model.
 *
 * What (slot `chooseWindow`): c = argmin over [1, min(16, bits)] of the estimated multiplications
 * (squarings included) of the bucket method. Per window of B buckets with m = n·(1 − 2^−b) non-zero
 * digits (b = bits in that window; the top window may be short): occ = B·(1 − (1 − 1/B)^m)
 * occupied buckets, (m − occ) bucket additions (the first point into a bucket is a copy), about
 * occ + top running-sum additions (top ≈ B·m/(m + 1)), and the inversions of batched affine slots;
 * plus (windows − 1)·c Horner doublings and one addition per window. Prices per operation, B, and
 * the signed carry window come from the active steps' own `price` members (`Prices` in step.ts,
 * folded in step order; this step names no other step); n and bits are read after the transforms.
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
import { MAX_WINDOW, reach, type Job, type Prices, type Step } from '../step.js';

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
    const occ = B * (1 - (1 - 1 / B) ** m);
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

export const windowCostModel: Step<'windowCostModel'> = {
  id: 'windowCostModel',
  step: 2,
  title: 'Window size from a field-multiplication cost model of the active gates',
  default: true,
  // the active steps price their own work (Step.price), folded by the engine
  chooseWindow: (job: Job) => modelWindow(Math.max(1, job.points.length), Math.max(1, job.bits), job.pipeline.prices(job)),
  // chooses only when no window is given; sizes where the best window changes on both curves
  reach: reach({
    entries: ['plain', 'async'],
    windows: ['auto'],
    sizes: [65, 100, 300, 600],
    scalars: ['fullSize', 'small'],
  }),
};
