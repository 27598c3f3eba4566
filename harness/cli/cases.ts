/**
 * MSM cases for the CLI, checked without vitest: the property suite's case arbitrary
 * (arbitraries/msm-case.ts) for a property spec, the one contract (contract.ts) run on any
 * implementation under test (the engine unless the command is given another), and the
 * fast-check runs behind `gate`, `fuzz` and `replay`.
 *
 * A "property spec" (curve, size range, max window, gate mode, check) fully determines the
 * arbitrary, so a (spec, seed, path) triple regenerates a shrunk counterexample exactly: that is
 * what `replay --seed S --path P …` uses.
 */
import fc from 'fast-check';
import { GATE_IDS, G1, G2, TOY, resolveGates, type AnyCurve } from '../../src/index.js';
import { encodeCase, type CorpusCase } from '../../src/corpus.js';
import { gateSetArb, type GateRecord } from '../arbitraries/gates.js';
import { msmCaseArb, type MsmCase } from '../arbitraries/msm-case.js';
import { msmCaseFailure, engine, implIdentity, type CheckKind, type MsmImpl } from '../contract.js';
import { UsageError } from './errors.js';
import { timeLimitPlugin } from '../time-limits.js';
import { shellQuote } from '../format.js';
import type { ReachCase } from '../arbitraries/reach-case.js';

/** options.threads of the CLI's cases with the workers gate on: fixed, so a counterexample (and its corpus file) does not depend on the host's core count. */
export const CLI_THREADS = 2;

/** Longest shrink of one failing CLI property (gate, fuzz), ms. */
const CLI_SHRINK_MS = 60_000;

export type CurveFlag = 'g1' | 'g2' | 'toy';
export const CURVE_FLAGS: readonly CurveFlag[] = ['g1', 'g2', 'toy'];

export function curveOfFlag(flag: string): AnyCurve {
  if (flag === 'g1' || flag === 'bls12-381-g1') return G1;
  if (flag === 'g2' || flag === 'bls12-381-g2') return G2;
  if (flag === 'toy') return TOY;
  throw new UsageError(`unknown curve "${flag}": allowed: ${CURVE_FLAGS.join(', ')}`);
}

/** 'random' draws a gate record per case (shrinks towards all-off); otherwise one fixed record. */
export type GateMode = { kind: 'random' } | { kind: 'fixed'; gates: GateRecord; label: string };

export type { CheckKind };

export interface PropertySpec {
  curve: CurveFlag;
  minN: number;
  maxN: number;
  /** Largest explicit window drawn (the engine may still choose larger ones). */
  maxWindow: number;
  gates: GateMode;
  check: CheckKind;
  /** The case generator: the plain MSM cases (default) or the reach-driven ones (cli/reach-cases.ts). */
  cases?: 'msm' | 'reach';
  /** With reach cases: leave out the targets whose label matches this regular expression. */
  reachExclude?: string;
}

/**
 * Parses a --gates value: none | all | default | random | a+b+c (exactly these on) | a JSON
 * record of booleans (the listed gates as given, the others at their default).
 */
export function parseGateMode(spec: string): GateMode {
  const s = spec.trim();
  if (s === 'random') return { kind: 'random' };
  if (s === 'none' || s === 'all' || s === 'default') return { kind: 'fixed', gates: { ...resolveGates(s) }, label: s };
  if (/^[A-Za-z0-9]+(\+[A-Za-z0-9]+)*$/.test(s)) {
    // "a+b+c": exactly these gates on, every other gate off (the labels gate and fuzz print)
    const on = s.split('+');
    const unknown = on.find((id) => !GATE_IDS.includes(id));
    if (unknown === undefined) {
      const gates: GateRecord = Object.fromEntries(GATE_IDS.map((id) => [id, on.includes(id)]));
      return { kind: 'fixed', gates, label: labelOf(gates) };
    }
    throw new UsageError(
      `--gates: unknown gate "${unknown}": known gates are ${GATE_IDS.join(', ') || '(none registered)'}; or use none, all, default, random, or a JSON record`
    );
  }
  if (s.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(s);
    } catch (e) {
      throw new UsageError(`--gates: invalid JSON (${(e as Error).message}): expected none, all, default, random or a JSON record like {"glv":true}`);
    }
    try {
      const gates = { ...resolveGates(json) };
      return { kind: 'fixed', gates, label: labelOf(gates) };
    } catch (e) {
      throw new UsageError(`--gates: ${(e as Error).message}`);
    }
  }
  throw new UsageError(
    `--gates: unknown value "${spec}": allowed: none, all, default, random, or a JSON record of booleans over ${GATE_IDS.join(', ') || '(no gates registered)'}`
  );
}

/** 'none', 'all' or the on-gates joined by '+' (never 'default': stable across default changes). */
export function labelOf(g: Readonly<Record<string, boolean>>): string {
  const on = GATE_IDS.filter((id) => g[id]);
  if (on.length === 0) return 'none';
  if (on.length === GATE_IDS.length) return 'all';
  return on.join('+');
}

/** The case arbitrary of a spec: the suite's, with n spread over the whole [minN, maxN]. */
export function caseArb(spec: PropertySpec): fc.Arbitrary<MsmCase> {
  const gates: fc.Arbitrary<GateRecord> = spec.gates.kind === 'random' ? gateSetArb() : fc.constant({ ...spec.gates.gates });
  // size 'max': lengths spread over the whole [minN, maxN] range (fast-check's default bias
  // would keep them near minN — a mean of 5.5 for n ≤ 64)
  return msmCaseArb(curveOfFlag(spec.curve), { minN: spec.minN, maxN: spec.maxN, maxWindow: spec.maxWindow, gates, size: 'max', threads: CLI_THREADS });
}

export function describeCase(c: MsmCase): string {
  const curve: CurveFlag = c.curve.id === 'bls12-381-g1' ? 'g1' : c.curve.id === 'bls12-381-g2' ? 'g2' : 'toy';
  return `curve=${curve} n=${c.points.length} window=${c.window ?? 'auto'} gates=${labelOf(c.gates)}`;
}

// ---------------------------------------------------------------------------------------------
// Running properties.

export interface Failure {
  spec: PropertySpec;
  seed: number;
  /** fast-check path of the shrunk counterexample (replay with seed + path). */
  path: string;
  /** The shrunk counterexample. */
  case: MsmCase;
  detail: string;
  numShrinks: number;
  /** Runs before the first failure (1-based). */
  runsToFailure: number;
}

export interface PropertyOutcome {
  ok: boolean;
  runs: number;
  failure?: Failure;
}

/** One fast-check run of a spec (shrinking on failure); never throws for a failing property. */
export function runProperty(
  spec: PropertySpec,
  seed: number,
  numRuns: number,
  impl: MsmImpl = engine,
  path?: string,
  /** Called with n of the first case (statistics). */
  onFirst?: (n: number) => void
): PropertyOutcome {
  let lastDetail = '';
  let first = true;
  const prop = fc.property(caseArb(spec), (c) => {
    if (first) {
      first = false;
      onFirst?.(c.points.length);
    }
    const failure = msmCaseFailure(impl, c, spec.check);
    if (failure !== undefined) lastDetail = failure;
    return failure === undefined;
  });
  const d = fc.check(prop, runParams<MsmCase>(seed, numRuns, path, CLI_SHRINK_MS));
  const c = counterexampleOf(d);
  if (c === null) return { ok: true, runs: d.numRuns };
  // re-check the shrunk case so the detail matches it
  return failedOutcome(spec, d, c, msmCaseFailure(impl, c, spec.check) ?? lastDetail);
}

/** fast-check's parameters of a CLI property run: seed, runs, the path of a replay, shrinking bounded (a slow failing property could otherwise shrink for hours: harness/time-limits.ts). */
export function runParams<C>(seed: number, numRuns: number, path: string | undefined, shrinkMs: number): fc.Parameters<[C]> {
  return { seed, numRuns, endOnFailure: false, plugins: [timeLimitPlugin<[C]>({ shrinkMs })], ...(path !== undefined ? { path } : {}) };
}

/** The shrunk counterexample of a finished run, or null when it passed (a failed run without one is an error). */
export function counterexampleOf<C>(d: fc.RunDetails<[C]>): C | null {
  if (d.failed && d.counterexample === null) throw new Error(`fast-check failed without a counterexample: ${String(d.errorInstance ?? 'interrupted')}`);
  return d.failed && d.counterexample !== null ? d.counterexample[0] : null;
}

/** The run index a fast-check path starts with (a UsageError when it is not a path): fast-check must be allowed that many runs and one more. */
function runIndexOf(path: string): number {
  const runIndex = Number(path.split(':')[0]);
  if (!/^\d+(:\d+)*$/.test(path) || !Number.isSafeInteger(runIndex))
    throw new UsageError(`--path "${path}" is not a fast-check path (numbers separated by ':')`);
  return runIndex;
}

/** The outcome of a failed fast-check run (plain or reach cases): the shrunk case with its seed, path and detail. */
export function failedOutcome<C extends MsmCase>(spec: PropertySpec, d: fc.RunDetails<[C]>, c: C, detail: string): PropertyOutcome {
  return {
    ok: false,
    runs: d.numRuns,
    failure: { spec, seed: d.seed, path: d.counterexamplePath ?? '', case: c, detail, numShrinks: d.numShrinks, runsToFailure: d.numRuns },
  };
}

/** Re-creates the value of `arb` at (seed, path) without running any other case: a counterexample, for replay. */
export function valueAt<C>(arb: fc.Arbitrary<C>, seed: number, path: string): C {
  let found: C | undefined;
  // the walked value is the first one the predicate sees; fast-check then goes on with its
  // siblings (the property passes), which must not replace it
  const prop = fc.property(arb, (c) => {
    found ??= c;
    return true;
  });
  const unknown = () => new UsageError(`--path "${path}" does not name a case of this property (seed ${seed})`);
  try {
    fc.check(prop, { seed, path, numRuns: runIndexOf(path) + 1 });
  } catch (e) {
    // fast-check throws when a shrink step of the path does not exist
    if (e instanceof Error && /Unable to replay/.test(e.message)) throw unknown();
    throw e;
  }
  if (!found) throw unknown();
  return found;
}

/** A per-case seed from (campaign seed, case index): splitmix-style mixing, 31-bit non-negative. */
export function caseSeed(seed: number, index: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  z ^= z >>> 16;
  return z & 0x7fffffff;
}

// ---------------------------------------------------------------------------------------------
// Replay command lines and corpus files.

/** `implFlag`: the --impl value of the MSM that failed (null: the engine). */
export function replayArgs(f: Pick<Failure, 'spec' | 'seed' | 'path'>, implFlag: string | null = null): string[] {
  const s = f.spec;
  // --gates re-creates the mode: random, none, all, or the on-gates joined by '+'
  const args = ['replay', '--seed', f.seed, '--path', f.path, '--curve', s.curve, '--gates', s.gates.kind === 'random' ? 'random' : labelOf(s.gates.gates)];
  args.push('--min-n', s.minN, '--max-n', s.maxN, '--max-window', s.maxWindow, '--check', s.check);
  if (s.cases === 'reach') args.push('--cases', 'reach', ...(s.reachExclude ? ['--reach-exclude', s.reachExclude] : []));
  if (implFlag !== null) args.push('--impl', implFlag);
  return args.map(String);
}

/** What a corpus file records of a reach case beyond the MsmCase (src/corpus.ts): entry point, handle window, tuning, threads. */
export function corpusFieldsOf(c: ReachCase): Pick<CorpusCase, 'entry' | 'handleWindow' | 'tuning' | 'threads'> {
  return {
    entry: c.entry,
    ...(c.onHandle ? { handleWindow: c.prepareWindow ?? null } : {}),
    ...(c.tuning !== undefined ? { tuning: c.tuning } : {}),
    ...(c.threads !== undefined ? { threads: c.threads } : {}),
  };
}

/** The corpus case of a failure, with its threads; a reach case's entry point, handle window and tuning too (replay runs it through them). */
export function failureToCorpus(f: Failure, note: string): CorpusCase {
  const { curve, points, scalars, gates, window } = f.case;
  const logs = points.map((p) => '0x' + p.k.toString(16));
  const P = points.map((p) => p.P);
  const reach = f.spec.cases === 'reach' ? corpusFieldsOf(f.case as ReachCase) : f.case.threads !== undefined ? { threads: f.case.threads } : {};
  return encodeCase(curve, P, scalars, { ...gates }, window, { logs, seed: f.seed, path: f.path, note, ...reach });
}

export function corpusFileName(f: Failure): string {
  const label = labelOf(f.case.gates)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .slice(0, 60);
  return `${f.spec.curve}-${label}-n${f.case.points.length}-s${f.seed}.json`;
}

/** A failure in plain data (crosses worker threads; goes into summaries and JUnit). */
export interface FailureReport {
  curve: CurveFlag;
  seed: number;
  path: string;
  /** Size of the shrunk counterexample: the smallest failing input size found. */
  n: number;
  gates: string;
  window: number | null;
  detail: string;
  numShrinks: number;
  runsToFailure: number;
  replay: string;
  /** The MSM that failed, as failure text names it ("engine", or the --impl module). */
  impl: string;
  /** The --impl value that loads it again (null: the engine, or a function given in process). */
  implFlag: string | null;
  corpus: CorpusCase;
  fileName: string;
  /** Where the corpus file was written (set by the command that writes it). */
  corpusPath?: string;
}

/** `impl`: the MSM that failed (named in the report; its --impl value goes into the replay command). */
export function reportOf(f: Failure, note: string, impl: MsmImpl = engine): FailureReport {
  const id = implIdentity(impl);
  return {
    curve: f.spec.curve,
    seed: f.seed,
    path: f.path,
    n: f.case.points.length,
    gates: labelOf(f.case.gates),
    window: f.case.window ?? null,
    detail: f.detail,
    numShrinks: f.numShrinks,
    runsToFailure: f.runsToFailure,
    replay: `npx stepwise-msm ${replayArgs(f, id.implFlag).map(shellQuote).join(' ')}`,
    impl: id.name,
    implFlag: id.implFlag,
    corpus: failureToCorpus(f, id.implFlag !== null ? `${note}; MSM under test --impl ${id.implFlag}` : note),
    fileName: corpusFileName(f),
  };
}
