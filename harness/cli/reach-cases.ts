/**
 * `fuzz --cases reach` and its replay: the campaign's cases drawn by the reach-driven generator
 * (arbitraries/reach-case.ts: the active steps' entry points, windows, thresholds, caps, tuning,
 * thread counts, scalar and input classes) instead of the plain MSM-case arbitrary, checked by
 * the one contract through the case's own entry point (msm, a prepare() handle, msmAsync).
 *
 * A (spec, seed, path) triple re-creates a counterexample exactly, as for the plain cases: the
 * printed replay command carries `--cases reach`. The budget is the spec's --max-n and
 * --max-window (on G1 the steps' larger windows, and window 16 with full-size scalars, at n ≤ 3).
 */
import fc from 'fast-check';
import { reachCaseFailure, reachCaseArb, type ReachCase } from '../arbitraries/reach-case.js';
import { UsageError } from './errors.js';
import { CLI_THREADS, counterexampleOf, curveOfFlag, failedOutcome, runParams, type PropertyOutcome, type PropertySpec } from './cases.js';

/** Longest shrink of one failing reach property, ms (as the plain cases'). */
const REACH_SHRINK_MS = 60_000;

/** The reach-case arbitrary of a spec: fixed gates as given, random gates edge-aware; a UsageError when no reach edge is left to draw. */
export function reachArbOf(spec: PropertySpec): fc.Arbitrary<ReachCase> {
  try {
    return reachCaseArb(curveOfFlag(spec.curve), {
      gates: spec.gates.kind === 'fixed' ? { ...spec.gates.gates } : undefined,
      budget: { maxN: spec.maxN, maxWindow: spec.maxWindow },
      ...(spec.reachExclude ? { exclude: new RegExp(spec.reachExclude) } : {}),
      threads: CLI_THREADS,
    });
  } catch (e) {
    // a configuration that leaves nothing to draw is the user's to change
    if (e instanceof RangeError && /no reach edge/.test(e.message))
      throw new UsageError(`--cases reach${spec.reachExclude ? ` --reach-exclude "${spec.reachExclude}"` : ''}: ${e.message.replace(/^reachCaseArb: /, '')}`);
    throw e;
  }
}

/** One fast-check run of reach cases (shrinking on failure); never throws for a failing case. */
export async function runReachProperty(
  spec: PropertySpec,
  seed: number,
  numRuns: number,
  path?: string,
  onFirst?: (n: number) => void
): Promise<PropertyOutcome> {
  let lastDetail = '';
  let first = true;
  const prop = fc.asyncProperty(reachArbOf(spec), async (c) => {
    if (first) {
      first = false;
      onFirst?.(c.points.length);
    }
    const failure = await reachCaseFailure(c, spec.check);
    if (failure !== undefined) lastDetail = failure;
    return failure === undefined;
  });
  const d = await fc.check(prop, runParams<ReachCase>(seed, numRuns, path, REACH_SHRINK_MS));
  const c = counterexampleOf(d);
  if (c === null) return { ok: true, runs: d.numRuns };
  return failedOutcome(spec, d, c, (await reachCaseFailure(c, spec.check)) ?? lastDetail);
}
