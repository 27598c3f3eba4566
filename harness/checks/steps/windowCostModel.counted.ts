/**
 * Step 02 windowCostModel at BLS12-381 scale, judged by counted cost. A model
 * that picks a worse window still computes the right sum, so only the counting field (exact,
 * deterministic, no timing) shows it. For n on a grid from 1 to 65536 (powers of two and their
 * neighbours ± 1) and the gate sets that shape the model (every combination of signedDigits,
 * xyzzBuckets, batchAffine, batchAffineReduction and glv, round-robin over the sizes, plus the
 * default set), on G1 with random full-size scalars:
 *
 *  1. near-best window: the counted cost at the model's window c is within a few percent (TOLERANCES) of the
 *     counted cost at c − 1 and at c + 1. The counted cost is convex in c around its minimum,
 *     so a window that beats both neighbours is the best window; counting two neighbours
 *     instead of all sixteen windows is what makes n = 65536 affordable.
 *  2. prices: at each of these windows, the cost the model predicts from the prices the active
 *     steps declare (Step.price, folded by pricesFor; windowCost of step 02) is within a stated
 *     tolerance (TOLERANCES: 10 % from n = 128 on) of the counted cost (M + S + 24·inv).
 * Both hold the model to the engine's actual work, so a changed price, bucket count, occupancy
 * term, carry window or inversion term shows as a wrong window or a wrong prediction.
 * smallFastPath, skipZero, bucketReuse, fixedBase, workers and wasmField are off (they decide
 * whether the bucket method runs, not what it costs).
 */
import { G1, msmInspect } from '../../../src/index.js';
import { pricesFor } from '../../../src/optimized/engine.js';
import { windowCost } from '../../../src/optimized/steps/02-windowCostModel.js';
import { FULL_RUNS } from '../../config.js';
import { check, suite, type CheckContext, type EngineCheck } from '../check.js';
import { expect } from '../expect.js';
import { gatesOf, lcg, weight } from './early-steps-support.js';

const FILE = 'properties/steps/windowCostModel.counted.test.ts';

/**
 * Tolerances by size (fractions): `near` = allowed excess of the model's window's counted cost
 * over each neighbour's; `price` = allowed |predicted / counted − 1| at those windows. Measured
 * when written (G1, the grid below, masks round-robin with three offsets): worst near-best excess
 * 29.6 % / 3.4 % / 3.4 % and worst price error 38 % / 13.9 % / 8.4 % in the three bands. The model is
 * weakest at tiny n (a handful of additions; smallFastPath answers n ≤ 64 in the default set), so
 * below 32 points the bounds only catch a model gone wrong, not an imprecise one.
 */
export const TOLERANCES: readonly { minN: number; near: number; price: number }[] = [
  { minN: 128, near: 0.04, price: 0.1 },
  { minN: 32, near: 0.04, price: 0.15 },
  { minN: 1, near: 0.35, price: 0.45 },
];
export const toleranceOf = (n: number) => TOLERANCES.find((t) => n >= t.minN)!;

/** The gates the model's prices depend on (mask bit i ↔ SHAPING[i]); windowCostModel always on. */
export const SHAPING = ['signedDigits', 'xyzzBuckets', 'batchAffine', 'batchAffineReduction', 'glv'] as const;

/** Powers of two from 1 to 65536 and their neighbours. */
export const SIZE_GRID: readonly number[] = [...new Set(Array.from({ length: 17 }, (_, k) => 2 ** k).flatMap((p) => [p - 1, p, p + 1]))].filter(
  (n) => n >= 1 && n <= 65536
);

/** n distinct G1 points by successive additions (cheap; the counts do not depend on which points) and n random scalars in [0, r). */
export function g1Inputs(n: number, seed: number): { points: any[]; scalars: bigint[] } {
  const points: any[] = [];
  let P = G1.BASE.multiply(0x1234567n + BigInt(seed));
  const step = G1.BASE.multiply(0x9e3779b97f4a7c15n);
  for (let i = 0; i < n; i++) {
    points.push(P);
    P = P.add(step);
  }
  const next = lcg(seed, 9);
  return { points, scalars: Array.from({ length: n }, () => next() % G1.order) };
}

export interface WindowRow {
  n: number;
  gates: string;
  /** The model's window (trace of the call without options.window). */
  window: number;
  /** Counted cost (M + S + 24·inv) and model prediction by window: the model's window and its neighbours. */
  counted: Record<number, number>;
  predicted: Record<number, number>;
}

/** Counts one MSM per window around the model's choice. */
export function windowRow(n: number, mask: number, seed = n): WindowRow {
  const gates = gatesOf(mask, SHAPING);
  const { points, scalars } = g1Inputs(n, seed);
  const auto = msmInspect(points, scalars, { gates, count: true });
  const c = auto.trace.window;
  if (auto.trace.path !== 'pippenger' || auto.trace.windowSource !== 'windowCostModel')
    throw new Error(
      `n = ${n}, gates ${label(mask)}: expected the bucket method with the model's window, got path ${auto.trace.path}, window source ${auto.trace.windowSource}`
    );
  const counted: Record<number, number> = { [c]: weight(auto.counts!) };
  const predicted: Record<number, number> = {};
  const prices = pricesFor(auto.gates);
  for (const w of [c - 1, c, c + 1]) {
    if (w < 1 || w > Math.min(16, auto.trace.bits)) continue;
    if (w !== c) {
      const r = msmInspect(points, scalars, { gates, count: true, window: w });
      counted[w] = weight(r.counts!);
    }
    predicted[w] = windowCost(auto.trace.n, auto.trace.bits, w, prices);
  }
  return { n, gates: label(mask), window: c, counted, predicted };
}

export const label = (mask: number) => SHAPING.filter((_, i) => ((mask >> i) & 1) === 1).join('+') || 'bucket method only';

/** What is wrong with a row (empty when it holds). */
export function rowFailures(r: WindowRow): string[] {
  const out: string[] = [];
  const mine = r.counted[r.window];
  const tol = toleranceOf(r.n);
  for (const [w, cost] of Object.entries(r.counted))
    if (Number(w) !== r.window && mine > cost * (1 + tol.near))
      out.push(`window ${r.window} counts ${mine}, window ${w} counts ${cost} (${((mine / cost - 1) * 100).toFixed(1)} % more)`);
  for (const [w, pred] of Object.entries(r.predicted)) {
    const ratio = pred / r.counted[Number(w)];
    if (!(Math.abs(ratio - 1) <= tol.price)) out.push(`window ${w}: predicted ${pred.toFixed(0)}, counted ${r.counted[Number(w)]} (ratio ${ratio.toFixed(3)})`);
  }
  return out;
}

/** Fails at the first row that does not hold (rows run smallest n first, so a broken model fails fast). */
function checkRows(rows: [number, number][]): void {
  for (const [n, mask] of rows) {
    const r = windowRow(n, mask);
    const tol = toleranceOf(n);
    expect(rowFailures(r), `n = ${n}, gates ${r.gates} (tolerance: near ${tol.near * 100} %, price ${tol.price * 100} %)`).toEqual([]);
  }
}

/**
 * Which rows a run takes: `full` (npm test, gate --full), `quick` (the default gate), or
 * `reduced` whenever FC_RUNS < 1 (mutation runs, where every surviving mutant pays the whole
 * check: small n and one mid-size row only).
 */
const rowSet = (ctx: CheckContext): 'full' | 'quick' | 'reduced' => (!FULL_RUNS ? 'reduced' : ctx.level);

/** The grid rows of one level: sizes up to `maxN`, masks round-robin (stride 7 walks all 32), every `every`-th size. */
function gridRows(maxN: number, every: number, offset: number): [number, number][] {
  return SIZE_GRID.filter((n) => n <= maxN)
    .filter((_, i) => i % every === 0)
    .map((n, i): [number, number] => [n, (offset + 7 * i) % 32]);
}

const DEFAULT_MASK = 0b11111; // signed digits, XYZZ, batched affine accumulation and reduction, GLV (the default set's bucket shape)

const ROWS = {
  grid: {
    // full: every size to 4097; quick: to 2049 with other masks (offset 3); reduced: to 257, plus n = 1023 under 05 + 08 + 09
    full: () => gridRows(4097, 1, 0),
    quick: () => gridRows(2049, 1, 3),
    reduced: (): [number, number][] => [...gridRows(257, 1, 3), [1023, 0b11001]],
  },
  large: {
    full: () => [8192, 65536].map((n): [number, number] => [n, DEFAULT_MASK]),
    quick: (): [number, number][] => [[8192, DEFAULT_MASK]],
    reduced: (): [number, number][] => [[2048, DEFAULT_MASK]],
  },
};

export const CHECKS: EngineCheck[] = suite(FILE, 'step 02 windowCostModel: counted at BLS12-381 scale (G1, full-size scalars)', [
  check(
    'n on a grid 1..4097 (powers of two ± 1), gate combinations round-robin: the window is within 4 % of its neighbours, the prices within 10 % of the count (n ≥ 128; looser below)',
    (ctx: CheckContext) => checkRows(ROWS.grid[rowSet(ctx)]()),
    { timeoutMs: 900_000 }
  ),
  check(
    'n = 8192 and 65536, the default bucket shape (signed digits, XYZZ, batched affine, GLV): the window is within 4 % of its neighbours, the prices within 10 % of the count',
    (ctx: CheckContext) => checkRows(ROWS.large[rowSet(ctx)]()),
    { timeoutMs: 900_000 }
  ),
]);
