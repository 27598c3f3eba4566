/**
 * The decision on timings measured against a reference in the same run: per gate set, the
 * per-round ratios head ÷ reference go into a seeded percentile bootstrap of their median
 * (resample the rounds with replacement, take the median, repeat; the interval is the middle
 * `level` of those medians). A set is `slower` only when the whole interval lies above
 * 1 + tolerance, `faster` when the whole interval lies below 1 / (1 + tolerance), else `same`.
 * Fewer than MIN_ROUNDS ratios are `not judged`. Pure: no clock, no I/O.
 */
import { prngUnit } from '../prng.js';
import { fmtChange as pct, median } from '../format.js';

export const MIN_ROUNDS = 3;
export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_LEVEL = 0.95;

export type TimeVerdict = 'slower' | 'faster' | 'same' | 'not judged';

export interface Interval {
  median: number;
  lo: number;
  hi: number;
}

export interface Decision extends Interval {
  verdict: TimeVerdict;
  rounds: number;
}

function checkRatios(xs: readonly number[]): void {
  xs.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) throw new RangeError(`ratios[${i}] must be a finite number > 0, got ${String(x)}`);
  });
}

/** Percentile bootstrap interval of the median of `xs` (seeded: same input and seed, same interval). */
export function bootstrapMedian(xs: readonly number[], o: { seed: number; resamples?: number; level?: number }): Interval {
  checkRatios(xs);
  if (xs.length === 0) throw new RangeError('bootstrapMedian: ratios must not be empty');
  const B = o.resamples ?? DEFAULT_RESAMPLES;
  const level = o.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`resamples must be an integer >= 1, got ${B}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const next = prngUnit(o.seed); // replayable bootstrap
  const meds: number[] = new Array(B);
  const buf: number[] = new Array(xs.length);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < xs.length; i++) buf[i] = xs[Math.floor(next() * xs.length)];
    meds[b] = median(buf);
  }
  meds.sort((a, b) => a - b);
  const q = (p: number) => meds[Math.min(B - 1, Math.max(0, Math.floor(p * B)))];
  return { median: median(xs), lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2) };
}

/** The verdict for one set from its per-round ratios head ÷ reference. */
export function decide(ratios: readonly number[], o: { tolerance: number; seed: number; resamples?: number; level?: number }): Decision {
  if (!(o.tolerance >= 0) || !Number.isFinite(o.tolerance)) throw new RangeError(`tolerance must be a finite number >= 0, got ${o.tolerance}`);
  checkRatios(ratios);
  if (ratios.length < MIN_ROUNDS) {
    const m = ratios.length ? median(ratios) : NaN;
    return { median: m, lo: NaN, hi: NaN, verdict: 'not judged', rounds: ratios.length };
  }
  const ci = bootstrapMedian(ratios, o);
  const verdict: TimeVerdict = ci.lo > 1 + o.tolerance ? 'slower' : ci.hi < 1 / (1 + o.tolerance) ? 'faster' : 'same';
  return { ...ci, verdict, rounds: ratios.length };
}

/** "1.32 [1.21, 1.45] (+32.0 %)" */
export function formatDecision(d: Interval): string {
  if (!Number.isFinite(d.median)) return '–';
  if (!Number.isFinite(d.lo)) return `${d.median.toFixed(3)} (${pct(d.median)})`;
  return `${d.median.toFixed(3)} [${d.lo.toFixed(3)}, ${d.hi.toFixed(3)}] (${pct(d.median)})`;
}
