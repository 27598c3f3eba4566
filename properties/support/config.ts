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
