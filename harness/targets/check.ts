/**
 * Checking a target on one case, and fuzzing it: the verdicts of `fuzz --target`, `gate
 * --target`, `replay --target` and the conformance matrix.
 *
 * The expected reply of a generated case comes from its answer key (harness/arbitraries/
 * target-case.ts): the discrete-log oracle, (Σ sᵢ·logᵢ mod r)·G by the curve library, for a valid
 * case, the rejection it was built to draw for an invalid one. Any other request (replay, pasted
 * lines, vectors) gets `referenceAnswer` (harness/targets/eip2537.ts): the independent decoder
 * with every EIP-2537 check, then the reference MSM. Within a small time budget (AUDIT_SHARE),
 * small generated cases are also sent through referenceAnswer: a case builder that disagrees
 * with it is a harness bug (HarnessError), never a target's verdict. A target's reply is then
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
import { curveOfGroup, decodeOutput, encodePoint, referenceAnswer, requestLine, toHex } from './eip2537.js';
import { baseMultiple } from './pool.js';
import { showPoint } from '../show.js';
import { CallAborted, TargetFailure, type Group, type Target, type TargetReply } from './target.js';

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
  /** The caller's end (epoch ms): a call still running then is cut (CallAborted, thrown: no verdict). */
  deadline?: number;
  /** The expected reply, if already computed (replay, the matrix's shared inputs). */
  expected?: TargetReply;
  /** Audit a generated case's answer key against referenceAnswer: within the time budget (default), always, or never. */
  audit?: 'budget' | 'always' | 'never';
}

/**
 * A request as raw input, group and bytes; a generated case also brings its class, size, the
 * points' logs (they speed up the expected answer of large inputs) and its answer key.
 */
export type TargetRequest = Pick<TargetCase, 'group' | 'input'> & Partial<Pick<TargetCase, 'klass' | 'n' | 'logs' | 'sumLog' | 'reason'>>;

/** Byte equality without Node's Buffer: target checks also run in the browser page. */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The case builder disagreed with the independent reference: a bug of the harness, not a verdict on the target. */
export class HarnessError extends Error {
  override name = 'HarnessError';
}

/** The expected reply from a generated case's answer key, or undefined when it has none. */
export function expectedFromKey(c: TargetRequest): TargetReply | undefined {
  if (c.reason !== undefined) return { kind: 'error', message: c.reason };
  if (c.sumLog !== undefined) return { kind: 'output', output: encodePoint(c.group, baseMultiple(c.group, c.sumLog)) };
  return undefined;
}

/** Share of the time spent auditing answer keys against referenceAnswer (cases of ≤ AUDIT_MAX_N items). */
export const AUDIT_SHARE = 0.03;
const AUDIT_MAX_N = 16;
const audit = { ms: 0, since: performance.now() };

function auditKey(c: TargetRequest, expected: TargetReply): void {
  const t0 = performance.now();
  const ref = referenceAnswer(c.group, c.input, c.logs ? { logs: c.logs } : {});
  audit.ms += performance.now() - t0;
  const same = ref.kind === expected.kind && (ref.kind === 'error' || sameBytes(ref.output, (expected as { output: Uint8Array }).output));
  if (!same)
    throw new HarnessError(
      `the case builder's answer for a ${c.klass ?? ''} case disagrees with the reference decoder and MSM (builder: ${expected.kind === 'error' ? `rejects: ${expected.message}` : 'a sum'}; reference: ${ref.kind === 'error' ? `rejects: ${ref.message}` : 'a different sum'}) — a bug of stepwise-msm, not of the target; request: ${requestLine(c.group, c.input).slice(0, 200)}…`
    );
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
  let expected = opts.expected ?? expectedFromKey(c);
  if (expected === undefined) expected = referenceAnswer(c.group, c.input, c.logs ? { logs: c.logs } : {});
  else if (
    opts.expected === undefined &&
    (opts.audit === 'always' ||
      ((opts.audit ?? 'budget') === 'budget' && (c.n ?? Number.POSITIVE_INFINITY) <= AUDIT_MAX_N && audit.ms < AUDIT_SHARE * (performance.now() - audit.since)))
  )
    auditKey(c, expected);
  let got: TargetReply;
  try {
    got = await target.call(c.group, c.input, { timeoutMs: opts.timeoutMs, deadline: opts.deadline });
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
  if (sameBytes(got.output, expected.output)) return { kind: 'agrees', detail: '', ...base };
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
  /** Audit answer keys against referenceAnswer (CheckOptions.audit; default: within the time budget). */
  audit?: CheckOptions['audit'];
  /** Told of every case checked (not of shrinking steps): the campaign's class histogram. */
  onCase?: (c: TargetCase) => void;
  /** Told at once when the first failure is seen, before any shrinking (time-to-catch). */
  onFound?: (v: Verdict, c: TargetCase) => void;
  /**
   * Epoch ms (Date.now()) after which no case is checked and a running call is cut (its case is
   * not counted: `aborted`); a failure found before it is shrunk until `shrinkStopAt`, then
   * reported as the smallest failing case found so far.
   */
  stopAt?: number;
  shrinkStopAt?: number;
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
  /** A case was cut at stopAt (not counted), or shrinking at shrinkStopAt. */
  aborted: boolean;
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
  const { group, maxN, minN, poolSeed } = opts;
  const arb = cachedArb({
    group,
    maxN,
    classes: opts.classes ?? applicableClasses(target),
    ...(minN !== undefined ? { minN } : {}),
    ...(poolSeed !== undefined ? { poolSeed } : {}),
  });
  const start = performance.now();
  // with a time budget: rounds of BATCH cases (seeds seed, seed + 1, …) until the time is up
  const timed = opts.timeSec !== undefined && opts.runs === undefined && opts.path === undefined;
  const stopAt = opts.stopAt ?? Number.POSITIVE_INFINITY;
  const limits: Limits = {
    deadline: timed ? start + (opts.timeSec as number) * 1000 : Number.POSITIVE_INFINITY,
    stopAt,
    shrinkStopAt: opts.shrinkStopAt ?? stopAt,
  };
  let cases = 0;
  let aborted = false;
  for (let round = 0; ; round++) {
    const r = await fuzzRound(target, arb, opts, limits, timed ? (opts.seed + round) | 0 : opts.seed, timed ? BATCH : (opts.runs ?? 100));
    cases += r.executed;
    aborted ||= r.cutShort;
    if (r.failure) return { cases, aborted, failures: [r.failure], ms: performance.now() - start };
    if (!timed || performance.now() >= limits.deadline || r.cutShort) break;
  }
  return { cases, aborted, failures: [], ms: performance.now() - start };
}

/** A fuzzTarget run's ends: the time budget (performance.now() ms), the caller's stop and shrink stop (epoch ms). */
type Limits = Pick<Round, 'deadline' | 'stopAt' | 'shrinkStopAt'>;

/** One fast-check round as its property sees it: the run's ends (Limits), then what the round saw. */
interface Round {
  deadline: number;
  stopAt: number;
  shrinkStopAt: number;
  /** The last failing verdict (the first failure's, then each shrinking step's). */
  last?: Verdict;
  /** Cases checked before the first failure. */
  executed: number;
  /** Whether the failure is shrunk (FuzzTargetOptions.shrink). */
  shrinking: boolean;
  /** A call was cut at stopAt (its case not counted), or shrinking at shrinkStopAt. */
  cutShort: boolean;
  harnessError?: HarnessError;
}

/** One fc.check of `runs` cases from `seed`: the cases it checked, whether it was cut, its (shrunk) failure. */
async function fuzzRound(
  target: Target,
  arb: fc.Arbitrary<TargetCase>,
  opts: FuzzTargetOptions,
  limits: Limits,
  seed: number,
  runs: number
): Promise<{ executed: number; cutShort: boolean; failure?: TargetFuzzFailure }> {
  const r: Round = { ...limits, executed: 0, shrinking: true, cutShort: false };
  const params: fc.Parameters<[TargetCase]> = {
    seed,
    numRuns: runs,
    // replaying a path: exactly that case, not shrunk further
    endOnFailure: opts.path !== undefined,
    plugins: [timeLimitPlugin<[TargetCase]>({ shrinkMs: opts.shrinkMs ?? 60_000 })],
  };
  if (opts.path !== undefined) params.path = opts.path;
  const d = await fc.check(roundProperty(target, arb, opts, r), params);
  if (r.harnessError) throw r.harnessError;
  const { executed, cutShort } = r;
  if (d.failed && d.counterexample !== null) {
    const c = d.counterexample[0];
    const verdict = await shrunkVerdict(target, c, opts, r);
    const failure = {
      verdict,
      line: requestLine(c.group, c.input),
      seed: d.seed,
      path: d.counterexamplePath ?? '',
      case: c,
      numShrinks: d.numShrinks,
      shrunk: r.shrinking,
    };
    return { executed, cutShort, failure };
  }
  if (d.failed && !d.interrupted) throw new Error(`fast-check failed without a counterexample: ${String(d.errorInstance ?? 'interrupted')}`);
  return { executed, cutShort };
}

/** The round's property: checks a case, or lets it pass unchecked (time budget spent), or ends the run (PreconditionFailure). */
function roundProperty(target: Target, arb: fc.Arbitrary<TargetCase>, opts: FuzzTargetOptions, r: Round) {
  return fc.asyncProperty(arb, async (c) => {
    // past the time budget and no failure yet: the remaining runs of the round pass unchecked
    if (r.last === undefined && performance.now() >= r.deadline) return true;
    // a failure not to shrink, a harness bug, or the caller's time is up: end the run here
    const end = r.last === undefined ? r.stopAt : r.shrinkStopAt;
    if (!r.shrinking || r.harnessError || Date.now() >= end) {
      r.cutShort ||= r.shrinking && !r.harnessError;
      throw new fc.PreconditionFailure(true);
    }
    if (r.last === undefined) {
      r.executed++;
      opts.onCase?.(c);
    }
    let v: Verdict;
    try {
      v = await checkTargetCase(target, c, { timeoutMs: opts.timeoutMs, deadline: Number.isFinite(end) ? end : undefined, audit: opts.audit });
    } catch (e) {
      if (e instanceof CallAborted) {
        if (r.last === undefined) r.executed--;
        r.cutShort = true;
      } else if (e instanceof HarnessError) r.harnessError = e;
      else throw e;
      throw new fc.PreconditionFailure(true);
    }
    if (!isFailure(v)) return true;
    if (r.last === undefined) {
      opts.onFound?.(v, c);
      if (opts.shrink && !opts.shrink(v)) r.shrinking = false;
    }
    r.last = v;
    return false;
  });
}

/** The shrunk case re-checked, so that the verdict is its own (an unshrunk or cut one keeps the last verdict seen). */
async function shrunkVerdict(target: Target, c: TargetCase, opts: FuzzTargetOptions, r: Round): Promise<Verdict> {
  const last = r.last as Verdict;
  if (!r.shrinking || r.cutShort) return last;
  try {
    const v = await checkTargetCase(target, c, { timeoutMs: opts.timeoutMs, deadline: Number.isFinite(r.shrinkStopAt) ? r.shrinkStopAt : undefined });
    return isFailure(v) ? v : last;
  } catch (e) {
    if (!(e instanceof CallAborted)) throw e;
    return last;
  }
}

const arbs = new Map<string, fc.Arbitrary<TargetCase>>();
/** targetCaseArb, built once per options (a campaign runs one fuzzTarget per case). */
function cachedArb(o: TargetCaseOptions): fc.Arbitrary<TargetCase> {
  const key = JSON.stringify(o);
  let a = arbs.get(key);
  if (!a) {
    a = targetCaseArb(o);
    if (arbs.size > 64) arbs.clear();
    arbs.set(key, a);
  }
  return a;
}

/** Cases per fast-check round of a time-limited fuzzTarget. */
const BATCH = 25;
