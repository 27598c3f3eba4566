/**
 * Checking a target on one case, and fuzzing it: the verdicts of `fuzz --target`, `gate
 * --target`, `replay --target` and the conformance matrix.
 *
 * The expected reply is `referenceAnswer` (harness/targets/eip2537.ts): the reference MSM's
 * encoded sum for a valid input, a rejection for an invalid one. A target's reply is then
 *   agrees            output equal to the expected bytes, or a rejection of an invalid input
 *   wrong             a different output for a valid input
 *   rejects-valid     `error …` for a valid input
 *   accepts-invalid   an output for an invalid input
 *   crash / timeout / protocol   the target did not answer (TargetFailure)
 * Outputs are compared byte for byte: the EIP-2537 encoding of a point is unique (affine,
 * zero padding, infinity = zeros), so equal points give equal bytes.
 */
import fc from 'fast-check';
import { timeLimitPlugin } from '../time-limits.js';
import { TARGET_CLASSES, targetCaseArb, VALID_CLASSES, type TargetCase, type TargetCaseOptions, type TargetClass } from '../arbitraries/target-case.js';
import { decodeOutput, referenceAnswer, requestLine, toHex } from './eip2537.js';
import { showPoint } from '../show.js';
import { curveOfGroup } from './eip2537.js';
import { TargetFailure, type Group, type Target, type TargetReply } from './target.js';

export const VERDICT_KINDS = ['agrees', 'wrong', 'rejects-valid', 'accepts-invalid', 'crash', 'timeout', 'protocol'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

export interface Verdict {
  kind: VerdictKind;
  /** What happened, for reports (empty for `agrees` of a valid input). */
  detail: string;
  /** The protocol request line (`g1 <hex>`), ready to paste into the target's own test. */
  line: string;
  /** The case's class (when checked from a TargetCase). */
  klass?: string;
}

/**
 * The classes that say something about a target: all of them when it decodes the EIP-2537 bytes
 * itself; only the valid ones when the harness decodes for it (an invalid input never reaches
 * it: the codec rejects it, so those rows are n/a).
 */
export function applicableClasses(target: Target): readonly TargetClass[] {
  return target.decodesInput ? TARGET_CLASSES : VALID_CLASSES;
}

export function isFailure(v: Verdict): boolean {
  return v.kind !== 'agrees';
}

export interface CheckOptions {
  /** Per-call limit, ms (default: the target's own). */
  timeoutMs?: number;
  /** The expected reply, if already computed (replay, the matrix's shared inputs). */
  expected?: TargetReply;
}

/** The request of a case as raw input: group and bytes. */
export interface TargetRequest {
  group: Group;
  input: Uint8Array;
  klass?: string;
  /** Discrete logs of the points, when known (valid generated cases): speeds up the expected answer of large inputs. */
  logs?: readonly bigint[];
}

function describeOutput(group: Group, bytes: Uint8Array): string {
  const d = decodeOutput(group, bytes);
  if ('error' in d) return `${toHex(bytes).slice(0, 24)}… (${d.error})`;
  return showPoint(curveOfGroup(group), d.point);
}

/** Calls the target on one request and judges its reply against the reference answer. */
export async function checkTargetCase(target: Target, c: TargetRequest, opts: CheckOptions = {}): Promise<Verdict> {
  const line = requestLine(c.group, c.input);
  const base = { line, ...(c.klass !== undefined ? { klass: c.klass } : {}) };
  const expected = opts.expected ?? referenceAnswer(c.group, c.input, c.logs ? { logs: c.logs } : {});
  let got: TargetReply;
  try {
    got = await target.call(c.group, c.input, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
  } catch (e) {
    if (e instanceof TargetFailure) return { kind: e.kind, detail: e.message, ...base };
    throw e;
  }
  if (expected.kind === 'error') {
    if (got.kind === 'error') return { kind: 'agrees', detail: `rejected as expected (${expected.message}); target said: ${got.message}`, ...base };
    return {
      kind: 'accepts-invalid',
      detail: `the input is invalid (${expected.message}) but the target answered ${describeOutput(c.group, got.output)}`,
      ...base,
    };
  }
  if (got.kind === 'error') return { kind: 'rejects-valid', detail: `the input is valid but the target rejected it: ${got.message}`, ...base };
  if (toHex(got.output) === toHex(expected.output)) return { kind: 'agrees', detail: '', ...base };
  return {
    kind: 'wrong',
    detail: `target ${describeOutput(c.group, got.output)} ≠ reference ${describeOutput(c.group, expected.output)}`,
    ...base,
  };
}

// ---------------------------------------------------------------------------------------------
// Fuzzing.

export interface FuzzTargetOptions extends TargetCaseOptions {
  seed: number;
  /** Number of cases (default 100 when no timeSec). */
  runs?: number;
  /** Stop generating new cases after this many seconds (shrinking still runs). */
  timeSec?: number;
  /** Per-call limit, ms. */
  timeoutMs?: number;
  /** fast-check path to replay one case (with the same seed and options): that case is checked, not shrunk further. */
  path?: string;
  /** Longest shrink, ms (default 60 s). */
  shrinkMs?: number;
  /**
   * Asked at the first failure whether to shrink it (default: yes). A campaign that goes on after
   * failures shrinks the first failure of each kind only; the others are reported as found.
   */
  shrink?: (v: Verdict) => boolean;
}

export interface TargetFuzzFailure {
  verdict: Verdict;
  /** The shrunk request line (protocol hex). */
  line: string;
  /**
   * Seed of the fast-check run that found it (with a time budget, that round's seed: the base
   * seed + the round index). fuzzTarget({ seed, path, … same options }) replays the shrunk case.
   */
  seed: number;
  /** fast-check path of the shrunk case. */
  path: string;
  /** The shrunk case (the case as found when not shrunk). */
  case: TargetCase;
  numShrinks: number;
  /** Whether it was shrunk (see FuzzTargetOptions.shrink). */
  shrunk: boolean;
}

export interface TargetFuzzResult {
  /** Cases run (fast-check's numRuns, shrinking steps not counted). */
  cases: number;
  failures: TargetFuzzFailure[];
  /** Wall time, ms. */
  ms: number;
}

/**
 * fast-check over `targetCaseArb` (async property): every case is sent to the target and judged;
 * the first failure is shrunk and returned with its seed and path. The caller prints the seed.
 */
export async function fuzzTarget(target: Target, opts: FuzzTargetOptions): Promise<TargetFuzzResult> {
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`fuzzTarget: seed must be an integer, got ${opts.seed}`);
  if (!target.groups.includes(opts.group))
    throw new RangeError(`fuzzTarget: target ${target.spec} does not implement ${opts.group.toUpperCase()} (it implements ${target.groups.join(', ')})`);
  const classes = opts.classes ?? applicableClasses(target);
  const arb = targetCaseArb({ group: opts.group, maxN: opts.maxN, classes, ...(opts.minN !== undefined ? { minN: opts.minN } : {}) });
  const start = performance.now();
  const callOpts = opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {};
  // with a time budget: rounds of BATCH cases (seeds seed, seed + 1, …) until the time is up, so
  // that the shrinking of a failure found late is never cut by the budget
  const timed = opts.timeSec !== undefined && opts.runs === undefined && opts.path === undefined;
  const deadline = timed ? start + (opts.timeSec as number) * 1000 : Number.POSITIVE_INFINITY;
  let cases = 0;
  for (let round = 0; ; round++) {
    const seed = timed ? (opts.seed + round) | 0 : opts.seed;
    let last: Verdict | undefined;
    let executed = 0;
    let shrinking = true;
    const prop = fc.asyncProperty(arb, async (c) => {
      // past the time budget and no failure yet: the remaining runs of the round pass unchecked
      if (last === undefined && performance.now() >= deadline) return true;
      // a failure not to shrink: end the run here (fast-check reports the failure as found)
      if (!shrinking) throw new fc.PreconditionFailure(true);
      if (last === undefined) executed++;
      const v = await checkTargetCase(target, c, callOpts);
      if (isFailure(v)) {
        if (last === undefined && opts.shrink && !opts.shrink(v)) shrinking = false;
        last = v;
      }
      return !isFailure(v);
    });
    const params: fc.Parameters<[TargetCase]> = {
      seed,
      numRuns: timed ? BATCH : (opts.runs ?? 100),
      // replaying a path: exactly that case, not shrunk further
      endOnFailure: opts.path !== undefined,
      plugins: [timeLimitPlugin<[TargetCase]>({ shrinkMs: opts.shrinkMs ?? 60_000 })],
    };
    if (opts.path !== undefined) params.path = opts.path;
    const d = await fc.check(prop, params);
    cases += executed;
    if (d.failed && d.counterexample !== null) {
      const c = d.counterexample[0];
      // re-check the shrunk case so the verdict is its own (an unshrunk one keeps its verdict)
      const verdict = shrinking ? await checkTargetCase(target, c, callOpts) : (last as unknown as Verdict);
      const v = isFailure(verdict) ? verdict : (last as unknown as Verdict);
      return {
        cases,
        failures: [
          {
            verdict: v,
            line: requestLine(c.group, c.input),
            seed: d.seed,
            path: d.counterexamplePath ?? '',
            case: c,
            numShrinks: d.numShrinks,
            shrunk: shrinking,
          },
        ],
        ms: performance.now() - start,
      };
    }
    if (d.failed) throw new Error(`fast-check failed without a counterexample: ${String(d.errorInstance ?? 'interrupted')}`);
    if (!timed || performance.now() >= deadline) break;
  }
  return { cases, failures: [], ms: performance.now() - start };
}

/** Cases per fast-check round of a time-limited fuzzTarget. */
const BATCH = 25;
