/**
 * Step 00 — baseline: textbook Pippenger with every gate off; the fallback provider of every slot.
 *
 * What: `recode` unsigned c-bit windows; `accumulate` 2^c − 1 projective buckets per window, each
 * point added to bucket d − 1 for its digit d ≠ 0 with complete formulas; `reduce` each window by a
 * running sum Σ j·B_j (2 additions per bucket); `combine` the windows by Horner (c doublings and one
 * addition per window, most significant first); `bucketBuffer` a fresh array per window; `straus`
 * step 01's interleaved wNAF sum over the Field interface (kernels/straus.ts).
 * `chooseWindow`: c = 3 for n < 32, else ⌊0.69·log2 n⌋ + 2 (≈ ln n + 2, arkworks' rule), clamped to
 * [1, 16] and to the scalar width.
 * Invariant: for every window w, Σ_j (j+1)·buckets_w[j] = Σ_i digit_{i,w}·P_i, and
 * Σ_w 2^(w·c)·digit_{i,w} = s_i, hence the result is Σ s_i·P_i. Each slot also accepts what later
 * steps produce: the accumulator takes signed digits (a negative digit adds −P), the running sum
 * takes buckets of any representation through their `ops`, Horner takes any number of windows.
 * Default: always active (not a gate): every slot no active step fills falls back to it.
 * References: Pippenger, "On the evaluation of powers and related problems", FOCS 1976; complete
 * formulas: Renes–Costello–Batina, eprint 2015/1060 (kernels/projective.ts).
 * Alternatives: none — deliberately the textbook method, the reference point of docs/steps.md.
 */
import { AFFINE_COST } from '../kernels/affine.js';
import { strausSum } from '../kernels/straus.js';
import { projAdd, projDouble, projIdentity, projIsZero, projNeg, projOps, PROJ_COST, type Proj } from '../kernels/projective.js';
import { EVERY_WINDOW, MAX_WINDOW, reach, type BaselineStep, type BucketSet, type DigitTable, type GroupOps, type Job, type Prices } from '../step.js';

/** The fixed window heuristic of step 00. */
export function heuristicWindow(n: number, bits: number): number {
  const c = n < 32 ? 3 : Math.floor((Math.log2(n) * 69) / 100) + 2;
  return Math.max(1, Math.min(c, MAX_WINDOW, bits));
}

/** Unsigned digits: window w of s is (s >> w·c) & (2^c − 1). */
export function unsignedDigits(scalars: readonly bigint[], bits: number, c: number): DigitTable {
  const n = scalars.length;
  const windows = Math.max(1, Math.ceil(bits / c));
  const digits = new Int32Array(windows * n);
  const mask = (1n << BigInt(c)) - 1n;
  const cb = BigInt(c);
  for (let i = 0; i < n; i++) {
    let s = scalars[i];
    for (let w = 0; w < windows && s !== 0n; w++) {
      digits[w * n + i] = Number(s & mask);
      s >>= cb;
    }
  }
  return { n, windows, bucketCount: (1 << c) - 1, signed: false, digits };
}

export function projectiveOps<F>(job: Job<F>): GroupOps<F, Proj<F>> {
  return projOps(job.F, job.b3);
}

/** Adds every point with a non-zero digit in window w into its bucket (complete additions). */
export function projectiveAccumulate<F>(job: Job<F>, table: DigitTable, w: number): BucketSet<F, Proj<F>> {
  const { F, b3, points } = job;
  const { n, digits } = table;
  const buckets = job.newBuckets(table.bucketCount) as (Proj<F> | null)[];
  for (let i = 0; i < n; i++) {
    const d = digits[w * n + i];
    if (d === 0) continue;
    const j = (d > 0 ? d : -d) - 1;
    const p = d > 0 ? points[i] : projNeg(F, points[i]);
    const b = buckets[j];
    buckets[j] = b === null ? p : projAdd(F, b3, b, p);
  }
  return { ops: projectiveOps(job), buckets };
}

/** Σ_j (j+1)·B_j of one window by a running sum from the top bucket down. */
export function runningSumReduce<F>(job: Job<F>, set: BucketSet<F>): Proj<F> {
  const { ops, buckets } = set;
  let running: unknown = null;
  let sum: unknown = null;
  for (let j = buckets.length - 1; j >= 0; j--) {
    const b = buckets[j];
    if (b !== null && b !== undefined) running = running === null ? b : ops.add(running, b);
    if (running !== null) sum = sum === null ? running : ops.add(sum, running);
  }
  return sum === null ? projIdentity(job.F) : ops.toProjective(sum);
}

/** Σ_w 2^(w·c)·W_w by Horner from the top window. */
export function hornerCombine<F>(job: Job<F>, sums: Proj<F>[]): Proj<F> {
  const { F, b3, window } = job;
  let acc = projIdentity(F);
  for (let w = sums.length - 1; w >= 0; w--) {
    if (!projIsZero(F, acc)) for (let k = 0; k < window; k++) acc = projDouble(F, b3, acc);
    acc = projAdd(F, b3, acc, sums[w]);
  }
  return acc;
}

/**
 * The starting prices of the window model: unsigned digits, projective complete additions in
 * both accumulation and reduction, projective doublings, BigInt field inversions.
 */
export const BASELINE_PRICES: Prices = Object.freeze({
  signed: false,
  accAdd: PROJ_COST.add,
  accBatched: false,
  redAdd: () => PROJ_COST.add,
  redBatched: false,
  perOccupied: 0,
  dbl: PROJ_COST.double,
  hornerAdd: PROJ_COST.add,
  inversion: AFFINE_COST.inversion,
});

export const baseline: BaselineStep = {
  id: 'baseline',
  step: 0,
  title: 'Baseline Pippenger: unsigned windows, 2^c − 1 projective buckets, running sum, Horner',
  default: true,
  chooseWindow: (job) => heuristicWindow(job.points.length, job.bits),
  recode: (job) => unsignedDigits(job.scalars, job.bits, job.window),
  accumulate: projectiveAccumulate,
  reduce: runningSumReduce,
  combine: hornerCombine,
  bucketBuffer: (_job, count) => new Array(count).fill(null),
  straus: (job, entries, digits, size, top) => strausSum(job.F, entries, digits, size, top),
  prices: BASELINE_PRICES,
  // every slot's fallback: every window (unsigned digits up to 2^16 − 1), the handle's points
  reach: reach({
    entries: ['plain', 'prepared'],
    windows: [...EVERY_WINDOW, 'auto'],
    wideG1: true,
    scalars: ['fullSize', 'zeroDigits', 'nearOrder'],
    inputs: ['identity', 'duplicates', 'opposite'],
  }),
};
