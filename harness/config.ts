/**
 * Run counts for properties. Every count is multiplied by FC_RUNS (default 1), so a CI job or a
 * fuzzing session can deepen the whole suite without editing tests: FC_RUNS=20 npm test.
 */
const factor = (() => {
  const v = process.env.FC_RUNS;
  if (v === undefined || v === '') return 1;
  const f = Number(v);
  if (!Number.isFinite(f) || f <= 0) throw new RangeError(`FC_RUNS must be a positive number, got ${JSON.stringify(v)}`);
  return f;
})();

export function runs(base: number): number {
  return Math.max(1, Math.round(base * factor));
}

/**
 * Step for loops that enumerate a whole range (e.g. every toy scalar): 1 at FC_RUNS ≥ 1, so the
 * normal suite stays exhaustive; ⌈1/FC_RUNS⌉ below that (mutation runs, `npm run mutation`,
 * use FC_RUNS < 1 and sample the range instead).
 */
export function exhaustiveStride(): number {
  return factor >= 1 ? 1 : Math.ceil(1 / factor);
}

/**
 * True at FC_RUNS ≥ 1. Checks that the generators reached a rare branch (P = Q, P = −Q) need the
 * full run counts; at the reduced counts of a mutation run they are skipped.
 */
export const FULL_RUNS = factor >= 1;
