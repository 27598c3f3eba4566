/** Exit codes of every `stepwise-msm` subcommand, and the error that means "bad usage". */
export const EXIT = Object.freeze({
  /** Everything checked passed. */
  PASS: 0,
  /** A correctness failure: a property, a vector or a replayed case disagreed. */
  CORRECTNESS: 1,
  /** A performance regression against the committed baseline (ratios or multiplication counts). */
  PERF: 2,
  /** Bad usage or configuration: unknown option or value, missing file, unreadable baseline. */
  USAGE: 3,
  /** Interrupted by Ctrl-C (SIGINT), after printing what was done so far (128 + SIGINT). */
  INTERRUPTED: 130,
});

/** Thrown for bad arguments or configuration; the CLI prints the message and exits 3. */
export class UsageError extends Error {
  override name = 'UsageError';
}
