/**
 * Fail fast, never hang: a fast-check plugin that bounds a property's time.
 *
 * Most properties here are synchronous and slow per run (BLS12-381 MSMs, pairings), so a
 * failing one can shrink for hours (a 96-element array of 256-bit scalars, seconds per run),
 * and no timer can interrupt it: vitest's testTimeout and fast-check's own `timeout` need the
 * event loop. This plugin checks the clock between runs instead:
 *  - shrinking ends `shrinkMs` after the first failure; the failure is then reported as usual,
 *    with the smallest counterexample found so far and the seed/path to resume shrinking;
 *  - the whole property ends at `deadline()` (epoch ms); if no failure was found by then, it
 *    is reported as a failure (never as a silent pass with fewer runs than asked).
 * Used by properties/setup.ts (installed globally, deadline = the running test's own limit) and
 * by the CLI's runProperty (gate, fuzz).
 */
import fc from 'fast-check';

export interface TimeLimitOptions {
  /** How long shrinking may go on after the first failure, ms. */
  shrinkMs: number;
  /** End of the property's time (epoch ms), read when the property starts; none when omitted. */
  deadline?: () => number;
  /** What the deadline stands for, for the error message (e.g. "its test's time limit (180000 ms)"). */
  deadlineLabel?: () => string;
  /** Called when shrinking is cut (e.g. to print a note). */
  onShrinkCut?: (shrinkMs: number) => void;
}

export function timeLimitPlugin<Ts = unknown>(o: TimeLimitOptions): fc.Plugin<Ts> {
  return () => {
    const deadline = o.deadline?.() ?? Number.POSITIVE_INFINITY;
    const label = o.deadlineLabel?.() ?? 'its time limit';
    let shrinkDeadline: number | undefined;
    let cut: 'deadline' | 'shrink' | undefined;
    let runs = 0;
    const note = (out: unknown) => {
      if (out !== null && !(out instanceof fc.PreconditionFailure) && shrinkDeadline === undefined) shrinkDeadline = Date.now() + o.shrinkMs;
    };
    return {
      decorateRun: (nested) => (value) => {
        const now = Date.now();
        if (now >= deadline) cut ??= 'deadline';
        else if (shrinkDeadline !== undefined && now >= shrinkDeadline) cut ??= 'shrink';
        if (cut !== undefined) return new fc.PreconditionFailure(true);
        runs++;
        const out = nested(value);
        if (out !== null && typeof (out as PromiseLike<unknown>).then === 'function') return (out as Promise<unknown>).then((v) => (note(v), v)) as typeof out;
        note(out);
        return out;
      },
      onAllRunsComplete: (details) => {
        if (cut === 'deadline' && !details.failed)
          throw new Error(
            `fast-check: property stopped at ${label} after ${runs} runs, before reaching numRuns (seed ${details.seed}); ` +
              `a property that cannot finish in its time is a failure`
          );
        if (cut === 'shrink') o.onShrinkCut?.(o.shrinkMs);
      },
    };
  };
}
