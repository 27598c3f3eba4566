/**
 * The `--target` forms of the commands (fuzz, replay, gate, bench) and the `conformance`
 * command, as called by main.ts: option checks (exit 3 on a bad combination), then the runner of
 * each (target-fuzz.ts, target-gate.ts, ../bench/targets.ts, conformance.ts), loaded on use.
 */
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { EXIT, UsageError } from './errors.js';
import { defaultFromRoot, type OptionSource } from './project-root.js';
import { DEFAULT_TARGET_MAX_N, defaultTargets, groupsFor, openChecked, probeTarget } from './target-options.js';
import type { Group, Target } from '../targets/target.js';
import type { SelfCheckResult } from '../targets/self-check.js';

/** Output of a command (main.ts's Io). */
interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** main.ts's CliDeps, as far as the target commands read it: an in-process MSM given by the caller excludes --target. */
interface CliDeps {
  impl?: unknown;
  selfCheck?: SelfCheckRun;
}

/** The harness's self-check over the run's point pools (harness/targets/self-check.ts). */
export type SelfCheckRun = (pools: { maxN: number; seed: number }) => Promise<SelfCheckResult>;

/** A comma-separated list option value (empty items dropped; at least one). */
export function listArg(v: string): string[] {
  const xs = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (!xs.length) throw new InvalidArgumentError(`expected a comma-separated list, got "${v}".`);
  return xs;
}

/** Options of the engine form of a command that mean nothing with --target: a usage error when given. */
function rejectEngineOptions(cmd: OptionSource, keys: string[], command: string): void {
  const given = keys.filter((k) => cmd.getOptionValueSource(k) === 'cli');
  if (given.length)
    throw new UsageError(
      `${command} --target: ${given.map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())).join(', ')} appl${given.length > 1 ? 'y' : 'ies'} to the engine only, not to a target`
    );
}

/** Options of the --target form given without --target: a usage error (they would be ignored). */
export function rejectTargetOnly(cmd: OptionSource, keys: string[], command: string): void {
  const given = keys.filter((k) => cmd.getOptionValueSource(k) === 'cli');
  if (given.length)
    throw new UsageError(
      `${command}: ${given.map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())).join(', ')} appl${given.length > 1 ? 'y' : 'ies'} with --target <spec> only`
    );
}

function rejectImpl(o: { impl?: string }, deps: CliDeps, command: string): void {
  if (o.impl !== undefined || deps.impl) throw new UsageError(`${command}: give the MSM under test as --impl <module> or as --target <spec>, not both`);
}

/** The target classes a --classes list names (UsageError listing the allowed ones). */
async function classesOf(list: string[] | undefined): Promise<string[] | null> {
  if (list === undefined) return null;
  const { TARGET_CLASSES } = await import('../arbitraries/target-case.js');
  const names: readonly string[] = TARGET_CLASSES;
  for (const c of list) if (!names.includes(c)) throw new UsageError(`--classes: unknown class "${c}": allowed: ${names.join(', ')}`);
  return list;
}

export async function fuzzTargetCommand(o: Record<string, any>, cmd: OptionSource, io: Io, deps: CliDeps): Promise<number> {
  rejectImpl(o, deps, 'fuzz');
  rejectEngineOptions(cmd, ['gates', 'curve', 'check', 'minN', 'maxWindow'], 'fuzz');
  const spec = o.target as string;
  const cwd = process.cwd();
  const info = await probeTarget(spec, cwd, o.timeout);
  const groups = groupsFor(spec, info.groups, o.group as Group | undefined);
  const classes = await classesOf(o.classes);
  const { runTargetFuzz, isSubprocessSpec } = await import('./target-fuzz.js');
  const { defaultWorkers } = await import('./fuzz.js');
  // the target and its cases: the same for one campaign and for a time-to-catch series
  const cases = {
    spec,
    cwd,
    groups,
    maxN: cmd.getOptionValueSource('maxN') === 'cli' ? o.maxN : DEFAULT_TARGET_MAX_N,
    classes,
    timeoutMs: o.timeout,
  };
  if (o.seeds !== undefined) {
    if (o.untilFailure !== true) throw new UsageError('fuzz --seeds <k> measures the time to catch: give --until-failure too');
    if (o.runs !== undefined) throw new UsageError('fuzz --seeds <k>: each campaign is capped by --time, not --runs');
    if (o.json !== undefined) throw new UsageError('fuzz --seeds <k> prints its own summary; --json applies to one campaign');
    const { timeToCatchCommand } = await import('./target-catch.js');
    return timeToCatchCommand(
      {
        ...cases,
        timeSec: o.time ?? 60,
        seed: o.seed ?? Date.now() & 0x7fffffff,
        seeds: o.seeds,
        shard: o.shard,
        workers: o.workers ?? defaultWorkers(),
        echo: false,
        ...(cmd.getOptionValueSource('corpus') === 'cli' ? { corpus: o.corpus } : {}),
      },
      io.out,
      io.err
    );
  }
  const res = await runTargetFuzz(
    {
      ...cases,
      runs: o.runs ?? null,
      timeSec: o.runs ? null : (o.time ?? 60),
      seed: o.seed ?? Date.now() & 0x7fffffff,
      shard: o.shard,
      workers: o.workers ?? defaultWorkers(),
      corpus: defaultFromRoot(cmd, 'corpus', o.corpus),
      json: o.json ?? null,
      echo: o.echo !== false && isSubprocessSpec(spec),
      untilFailure: o.untilFailure === true,
    },
    io.out,
    io.err
  );
  return res.code;
}

export async function replayTargetCommand(file: string | undefined, o: Record<string, any>, cmd: OptionSource, io: Io, deps: CliDeps): Promise<number> {
  rejectImpl(o, deps, 'replay');
  rejectEngineOptions(cmd, ['seed', 'path', 'gates', 'curve', 'minN', 'maxN', 'maxWindow', 'check'], 'replay');
  if (file === undefined)
    throw new UsageError('replay --target <spec> needs a file: a target case from the corpus (<corpus>/targets/*.json) or a text file of lines "g1 <hex>"');
  const { readTargetRequests } = await import('./target-corpus.js');
  const { requests, recorded } = readTargetRequests(file);
  const spec = o.target as string;
  const { checkTargetCase, isFailure } = await import('../targets/check.js');
  const target: Target = await openChecked(spec, process.cwd(), o.timeout);
  let failed = 0;
  try {
    io.out(
      `replay --target ${spec} ${file}: ${requests.length} request(s)${recorded ? `; recorded verdict ${recorded.verdict} on ${recorded.target}: ${recorded.detail}` : ''}\n`
    );
    for (const r of requests) {
      if (!target.groups.includes(r.group)) {
        io.out(`- ${r.source}: ${r.group}: n/a (the target does not support ${r.group})\n`);
        continue;
      }
      const v = await checkTargetCase(target, { group: r.group, input: r.input });
      const bad = isFailure(v);
      if (bad) failed++;
      io.out(`- ${r.source}: ${r.group}, ${r.input.length} bytes: ${bad ? 'FAIL' : 'PASS'}: ${v.kind}${v.detail ? `: ${v.detail}` : ''}\n`);
    }
  } finally {
    await target.close();
  }
  io.out(failed ? `FAIL: ${failed} of ${requests.length} request(s)\n` : `PASS: ${requests.length} request(s) answered as the reference\n`);
  return failed ? EXIT.CORRECTNESS : EXIT.PASS;
}

export async function conformanceTargetCommand(o: Record<string, any>, io: Io, deps: CliDeps = {}): Promise<number> {
  const targets: string[] = o.target ?? defaultTargets();
  // targets named on the command line must run (exit 3 before anything runs); of the default
  // list, one that cannot be opened here (blst without a C compiler) is a skip row
  if (o.target !== undefined) for (const spec of targets) await probeTarget(spec, process.cwd(), o.timeout);
  await runSelfCheck(io.err, 'conformance', { maxN: o.maxN ?? DEFAULT_TARGET_MAX_N, seed: o.seed }, deps.selfCheck);
  const { conformanceCommand } = await import('./conformance.js');
  return conformanceCommand(
    {
      targets,
      groups: o.group ? [o.group as Group] : null,
      runs: o.runs,
      seed: o.seed,
      maxN: o.maxN ?? DEFAULT_TARGET_MAX_N,
      timeoutMs: o.timeout,
      cwd: process.cwd(),
      markdown: o.markdown ?? null,
      html: o.html ?? null,
      strict: o.strict,
    },
    io.out,
    io.err
  );
}

/**
 * The harness checks itself before it judges a target (harness/targets/self-check.ts): a fixture
 * that is wrong on purpose and not caught as expected is a usage error (exit 3), with the list.
 */
async function runSelfCheck(
  err: (s: string) => void,
  command: string,
  pools: { maxN: number; seed: number },
  run?: SelfCheckRun
): Promise<{ text: string; ms: number }> {
  const { selfCheck, selfCheckText, SELF_CHECK_FIXTURES } = await import('../targets/self-check.js');
  err(`[${command}] self-check: targets wrong on purpose first…\n`);
  const r = await (run ?? ((p) => selfCheck(SELF_CHECK_FIXTURES, p)))(pools);
  const text = selfCheckText(r);
  if (!r.ok) throw new UsageError(`${command}: ${text}`);
  err(`[${command}] ${text}\n`);
  return { text, ms: r.ms };
}

export async function gateTargetCommand(o: Record<string, any>, cmd: OptionSource, io: Io, deps: CliDeps): Promise<number> {
  rejectImpl(o, deps, 'gate');
  rejectEngineOptions(
    cmd,
    ['sets', 'g1Runs', 'randomRuns', 'counts', 'against', 'skipTime', 'timeSets', 'timeN', 'timeRounds', 'tolerance', 'bootSeed', 'mutation'],
    'gate'
  );
  const spec = o.target as string;
  const cwd = process.cwd();
  const info = await probeTarget(spec, cwd, o.timeout);
  const groups = groupsFor(spec, info.groups, o.group as Group | undefined);
  const { eip2537Dir } = await import('../vectors/kzg-runner.js');
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  let vectorsDir: string | null = eip2537Dir() ?? null;
  if (o.vectors !== undefined) vectorsDir = existsSync(path.join(o.vectors, 'eip2537')) ? path.join(o.vectors, 'eip2537') : o.vectors;
  const maxN = o.maxN ?? DEFAULT_TARGET_MAX_N;
  const sc = await runSelfCheck(io.err, 'gate', { maxN, seed: o.seed }, deps.selfCheck);
  const { runTargetGate } = await import('./target-gate.js');
  const res = await runTargetGate(
    {
      spec,
      cwd,
      groups,
      seed: o.seed,
      runs: o.runs ?? (o.full ? 200 : 20),
      maxN: o.maxN ?? DEFAULT_TARGET_MAX_N,
      timeoutMs: o.timeout,
      vectorsDir,
      skipVectors: o.skipVectors,
      skipBench: o.skipBench,
      benchSizes: [16, 64, 256],
      benchTimeMs: o.timeBudget,
      shard: o.shard ?? { index: 0, count: 1 },
      corpus: defaultFromRoot(cmd, 'corpus', o.corpus),
      junit: o.junit ?? null,
      selfCheck: sc,
    },
    io.err
  );
  io.out(res.markdown + '\n');
  return res.code;
}
