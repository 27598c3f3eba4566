/**
 * What every command of `stepwise-msm` shares: its output (Io), what the caller may inject
 * (CliDeps), the context a command registers with, and the option parsers and options used by
 * more than one command.
 */
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { MsmImpl } from '../../contract.js';
import { outputArg } from '../args.js';
import { CURVE_FLAGS, parseGateMode, type CurveFlag } from '../cases.js';
import { UsageError } from '../errors.js';
import { parseFamilies } from '../../gate-sets.js';
import { defaultFromRoot, projectRoot } from '../project-root.js';
import type { SelfCheckResult } from '../../targets/self-check.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The harness's self-check over the run's point pools (harness/targets/self-check.ts). */
export type SelfCheckRun = (pools: { maxN: number; seed: number }) => Promise<SelfCheckResult>;

/** What the commands depend on besides argv and io (tests inject a broken MSM here). */
export interface CliDeps {
  /** The MSM that gate and replay check instead of the engine (fuzz, which runs it in worker threads, takes a module: --impl). */
  impl?: MsmImpl;
  /**
   * The self-check gate --target and conformance run first (default: harness/targets/self-check.ts
   * over the run's point pools); a caller running many of them in one process may share one result.
   */
  selfCheck?: SelfCheckRun;
}

/** "i/n" with 0 ≤ i < n. */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`expected i/n (e.g. 0/4), got "${v}".`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new InvalidArgumentError(`expected 0 ≤ i < n in i/n, got "${v}".`);
  return { index, count };
}

/** A value parser for commander: `parse`'s errors become invalid-argument errors (without their "<flag>: " prefix, which commander adds its own way). */
function argOf<T>(flag: string, parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (e) {
      const message = (e as Error).message;
      throw new InvalidArgumentError(message.startsWith(`${flag}: `) ? message.slice(flag.length + 2) : message);
    }
  };
}

export const gatesArg = argOf('--gates', parseGateMode);
export const familiesArg = (flag: string) => argOf(flag, (v) => parseFamilies(v, flag));

/** --against: a git ref, or none (time reported, not judged). */
export function refArg(v: string) {
  if (v.trim() === '' || v.startsWith('-'))
    throw new InvalidArgumentError(`expected a git ref (branch, tag, commit, e.g. main or HEAD~1) or none, got "${v}".`);
  return v.trim();
}

export const curveOption = (dflt: CurveFlag) => new Option('--curve <curve>', 'curve').choices(CURVE_FLAGS).default(dflt);
export const implOption = () =>
  new Option(
    '--impl <module>',
    'check this MSM instead of the engine: an ES module (path[#export]) exporting msm(points, scalars, { gates, window, curve }) → point'
  );

/** The MSM under test of a command: deps.impl, else the --impl module, else the engine. */
export async function implOf(deps: CliDeps, spec: string | undefined): Promise<MsmImpl | undefined> {
  if (spec !== undefined && deps.impl) throw new UsageError('--impl: an implementation was already given by the caller (main deps); give one, not both');
  if (deps.impl) return deps.impl;
  if (spec === undefined) return undefined;
  const { importImpl, parseImplSpec } = await import('../impl.js');
  return importImpl(parseImplSpec(spec));
}

/** Where counterexamples of another MSM (--impl) go by default: not properties/corpus, which npm test replays against the engine. */
export const IMPL_CORPUS = 'reports/corpus';

/** The case flags of fuzz and replay, checked alike: a size range that is one, --reach-exclude with --cases reach only. */
export function checkCaseFlags(o: { minN: number; maxN: number; cases: string; reachExclude?: string }): void {
  if (o.minN > o.maxN) throw new UsageError(`--min-n (${o.minN}) must not exceed --max-n (${o.maxN})`);
  if (o.reachExclude !== undefined && o.cases !== 'reach') throw new UsageError('--reach-exclude applies to --cases reach only');
}

/** The corpus folder of gate and fuzz: --corpus as given; by default properties/corpus for the engine, IMPL_CORPUS for another MSM (both under the project root). */
export function corpusOf(cmd: Command, given: string, otherImpl: boolean): string {
  return otherImpl && cmd.getOptionValueSource('corpus') === 'default' ? path.resolve(projectRoot(), IMPL_CORPUS) : defaultFromRoot(cmd, 'corpus', given);
}

/** --corpus of gate and fuzz: properties/corpus for the engine, IMPL_CORPUS for another MSM (corpusOf). */
export const corpusOption = () =>
  new Option('--corpus <dir>', 'where counterexamples are written')
    .argParser(outputArg('dir'))
    .default('properties/corpus', `properties/corpus; ${IMPL_CORPUS} with --impl`);

export const checkOption = () =>
  new Option('--check <kind>', 'compare with the reference, the discrete-log oracle, or both').choices(['differential', 'oracle', 'both'] as const);

/** What a command registers with: its output, where it sets the exit code, and the caller's injections. */
export interface CliContext {
  io: Io;
  setCode: (c: number) => void;
  deps: CliDeps;
}
