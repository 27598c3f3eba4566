/**
 * `--target <spec>`: the option every target-aware command shares (fuzz, gate, bench, replay,
 * conformance). The grammar and its errors are the target layer's (harness/targets/spec.ts,
 * parseTargetSpec): a bad spec is a usage error (exit 3) with that message, before anything runs.
 */
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { BUILTIN_TARGETS, parseTargetSpec, targetHelp as targetKinds } from '../targets/spec.js';
import type { Group, Target } from '../targets/target.js';
import { GROUPS, TARGET_MAX_N } from '../targets/eip2537.js';
import { shellQuote } from '../format.js';
import { DEFAULT_TIMEOUT_MS } from '../targets/cmd.js';
import { intArg } from './args.js';
import { UsageError } from './errors.js';

/** Checks a spec at parse time (commander prints the message and the command exits 3); returns it as given. */
export function targetSpecArg(v: string): string {
  try {
    parseTargetSpec(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  return v;
}

/** The targets `conformance` runs by default: the engine and every built-in (noble, mcl-wasm, micro-eth-signer, blst, …). */
export function defaultTargets(): string[] {
  return ['engine', ...BUILTIN_TARGETS.map((b) => b.name)];
}

/** The Targets paragraph of the target commands' --help: every form --target takes, built-ins listed. */
export function targetHelp(): string {
  const rows = targetKinds();
  const w = Math.max(...rows.map((r) => r.name.length));
  return `

Targets (--target <spec>):
${rows.map((r) => `  ${r.name.padEnd(w)}  ${r.description}`).join('\n')}
A cmd: target is a long-lived process: one request per line on stdin ("g1 <hex>" / "g2 <hex>",
the EIP-2537 MSM precompile input), one reply per line on stdout (the output hex, or
"error <message>"). See docs/targets.md.`;
}

/** `--target <spec>`: one target. */
export function targetOption(description: string) {
  return new Option('--target <spec>', description).argParser(targetSpecArg);
}

/** `--target <spec>`, repeatable: given several times, collected in order. */
export function targetsOption(description: string) {
  return new Option('--target <spec>', description).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), targetSpecArg(v)]);
}

/** `--group g1|g2` (default: every group the target supports). */
export function groupOption() {
  return new Option('--group <group>', 'only this group (default: every group the target supports)').choices(GROUPS);
}

/** The groups to run on a target: the one asked for (a usage error when the target lacks it), else all it supports. */
export function groupsFor(spec: string, supported: readonly Group[], asked: Group | undefined): Group[] {
  if (asked === undefined) return [...supported];
  if (!supported.includes(asked)) throw new UsageError(`--group ${asked}: target ${spec} supports ${supported.join(', ') || 'no group'}`);
  return [asked];
}

/** What a command needs to know about a target before it runs it: its groups and whether it decodes bytes. */
export interface TargetInfo {
  spec: string;
  groups: Group[];
  decodesInput: boolean;
}

/**
 * Opens the target once and closes it again: a spec that cannot be opened (no such module, no C
 * compiler for blst) is a usage error (exit 3) before any case runs, and so is a subprocess
 * target whose command does not start (not found, not executable, exits with an error or writes
 * to stdout on an empty input: see CmdTarget.probe).
 */
export async function probeTarget(spec: string, cwd: string, timeoutMs: number): Promise<TargetInfo> {
  const t = await openChecked(spec, cwd, timeoutMs);
  try {
    return { spec, groups: [...t.groups], decodesInput: t.decodesInput };
  } finally {
    await t.close();
  }
}

/** Opens a target as probeTarget checks it (UsageError when it cannot run); the caller closes it. */
export async function openChecked(spec: string, cwd: string, timeoutMs: number): Promise<Target> {
  const { openTarget } = await import('../targets/spec.js');
  const { CmdTarget } = await import('../targets/cmd.js');
  let t: Target;
  try {
    t = await openTarget(spec, { cwd, timeoutMs });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--target ${spec}: cannot open the target: ${(e as Error)?.message ?? String(e)}`);
  }
  if (t instanceof CmdTarget) {
    const why = await t.probe();
    if (why !== null) {
      await t.close();
      throw new UsageError(`--target ${spec}: the target cannot run: ${why}`);
    }
  }
  return t;
}

/** The replay command of a corpus file (shell-quoted), with --timeout when the run's limit was not the default. */
export function replayCommand(spec: string, file: string, timeoutMs: number): string {
  return `npx stepwise-msm replay --target ${shellQuote(spec)} ${shellQuote(file)}${timeoutMs !== DEFAULT_TIMEOUT_MS ? ` --timeout ${timeoutMs}` : ''}`;
}

/** `--timeout <ms>` default: the target layer's per-call limit (a call past it is a "timeout" failure). */
export { DEFAULT_TIMEOUT_MS };

/** Largest MSM size of the target commands by default: past 4096, the size boundaries implementations switch at (4096 ± 1) included. */
export const DEFAULT_TARGET_MAX_N = 4097;

/** --max-n of a target campaign: a size the target case generator draws. */
export const targetMaxNArg = intArg(1, TARGET_MAX_N);
