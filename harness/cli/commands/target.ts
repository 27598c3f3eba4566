/**
 * What the `--target` forms of fuzz, replay and gate share with each other and with conformance:
 * the option checks (a usage error, exit 3, on a bad combination), the --classes list, and the
 * harness's self-check before a target is judged.
 */
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';
import type { OptionSource } from '../project-root.js';
import type { CliDeps, Io, SelfCheckRun } from './shared.js';

/** A parsed command as the checks below read it: its options (for their names) and where each value came from. */
export type Parsed<O> = OptionSource & { opts(): O };

/** A comma-separated list option value (empty items dropped; at least one). */
export function listArg(v: string): string[] {
  const xs = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (!xs.length) throw new InvalidArgumentError(`expected a comma-separated list, got "${v}".`);
  return xs;
}

/** The options among `keys` given on the command line, as flags ("--max-n, --seed", "--no-echo"), and the verb agreeing with their number. */
export function givenFlags<O>(cmd: Parsed<O>, keys: readonly (keyof O & string)[]): { flags: string; verb: string } | null {
  const given = keys.filter((k) => cmd.getOptionValueSource(k) === 'cli');
  if (!given.length) return null;
  // a boolean given as false on the command line came from its negation (--no-echo)
  const flag = (k: keyof O & string) => (cmd.opts()[k] === false ? '--no-' : '--') + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  return { flags: given.map(flag).join(', '), verb: given.length > 1 ? 'apply' : 'applies' };
}

/** Options of the engine form of a command that mean nothing with --target: a usage error when given. */
export function rejectEngineOnly<O>(cmd: Parsed<O>, keys: readonly (keyof O & string)[], command: string): void {
  const g = givenFlags(cmd, keys);
  if (g) throw new UsageError(`${command} --target: ${g.flags} ${g.verb} to the engine only, not to a target`);
}

/** Options of the --target form given without --target: a usage error (they would be ignored). */
export function rejectTargetOnly<O>(cmd: Parsed<O>, keys: readonly (keyof O & string)[], command: string): void {
  const g = givenFlags(cmd, keys);
  if (g) throw new UsageError(`${command}: ${g.flags} ${g.verb} with --target <spec> only`);
}

/** --impl (or an MSM given by the caller) and --target name the MSM under test twice: a usage error. */
export function rejectImpl(impl: string | undefined, deps: CliDeps, command: string): void {
  if (impl !== undefined || deps.impl) throw new UsageError(`${command}: give the MSM under test as --impl <module> or as --target <spec>, not both`);
}

/** The target classes a --classes list names (UsageError listing the allowed ones). */
export async function classesOf(list: string[] | undefined): Promise<string[] | null> {
  if (list === undefined) return null;
  const { TARGET_CLASSES } = await import('../../arbitraries/target-case.js');
  const names: readonly string[] = TARGET_CLASSES;
  for (const c of list) if (!names.includes(c)) throw new UsageError(`--classes: unknown class "${c}": allowed: ${names.join(', ')}`);
  return list;
}

/**
 * --classes as far as they reach the target: for one that takes decoded points the invalid-input
 * classes are rejected by the harness's decoder before any call, so they are dropped (said on
 * `err`); none left is a usage error (the campaign would pass having called nothing).
 */
export async function reachingClasses(spec: string, classes: string[] | null, decodesInput: boolean, err: (s: string) => void): Promise<string[] | null> {
  if (classes === null || decodesInput) return classes;
  const { isValidClass } = await import('../../arbitraries/target-case.js');
  const kept = classes.filter(isValidClass);
  const dropped = classes.filter((c) => !isValidClass(c));
  const why = `${spec} takes decoded points: the harness decodes its input, so an invalid input never reaches it`;
  if (!kept.length) throw new UsageError(`--classes ${classes.join(',')}: no class reaches the target (${why}); give a valid-input class`);
  if (dropped.length) err(`fuzz: --classes ${dropped.join(',')} left out (${why})\n`);
  return kept;
}

/**
 * The harness checks itself before it judges a target (harness/targets/self-check.ts): a fixture
 * that is wrong on purpose and not caught as expected is a usage error (exit 3), with the list.
 */
export async function runSelfCheck(io: Io, command: string, pools: { maxN: number; seed: number }, run?: SelfCheckRun): Promise<{ text: string; ms: number }> {
  const { selfCheck, selfCheckText, SELF_CHECK_FIXTURES } = await import('../../targets/self-check.js');
  io.err(`[${command}] self-check: targets wrong on purpose first…\n`);
  const r = await (run ?? ((p) => selfCheck(SELF_CHECK_FIXTURES, p)))(pools);
  const text = selfCheckText(r);
  if (!r.ok) throw new UsageError(`${command}: ${text}`);
  io.err(`[${command}] ${text}\n`);
  return { text, ms: r.ms };
}
