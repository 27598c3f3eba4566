import type { Command } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';
import { defaultFromRoot } from '../project-root.js';
import { DEFAULT_TARGET_MAX_N, groupsFor, probeTarget } from '../target-options.js';
import { TARGET_MAX_N } from '../../targets/eip2537.js';
import { checkCaseFlags, corpusOf, type CliContext } from './shared.js';
import { classesOf, type Parsed, reachingClasses, rejectEngineOnly, rejectImpl, rejectTargetOnly } from './target.js';
import { type FuzzFlags, fuzzFlags } from './fuzz-flags.js';

export function registerFuzz(program: Command, ctx: CliContext): void {
  const { io, setCode, deps } = ctx;
  fuzzFlags(program.command('fuzz')).action(async (o, cmd) => {
    const { runFuzz, defaultWorkers } = await import('../fuzz.js');
    if (o.target !== undefined) {
      setCode(await fuzzTarget(o.target, o, cmd, ctx));
      return;
    }
    rejectTargetOnly(cmd, ['group', 'classes', 'timeout', 'echo', 'untilFailure', 'seeds'], 'fuzz');
    checkCaseFlags(o);
    if (deps.impl)
      throw new UsageError('fuzz runs the MSM in worker threads: give the implementation under test as a module (--impl <module>), not as a function');
    if (o.cases === 'reach' && o.impl !== undefined)
      throw new UsageError("--cases reach drives the engine's own entry points (prepare() handles, msmAsync, tuning): it does not apply to --impl");
    let impl = null;
    if (o.impl !== undefined) {
      // load it once here, so a bad module is a usage error before any worker starts
      const { parseImplSpec, importImpl } = await import('../impl.js');
      impl = parseImplSpec(o.impl);
      await importImpl(impl);
    }
    const curve = o.curve;
    const res = await runFuzz(
      {
        curve,
        gates: o.gates,
        minN: o.minN,
        maxN: o.maxN,
        maxWindow: o.maxWindow ?? (curve === 'toy' ? 16 : 10),
        check: o.check ?? (curve === 'toy' ? 'both' : 'oracle'),
        ...campaignSize(o, defaultWorkers),
        corpus: corpusOf(cmd, o.corpus, impl !== null),
        json: o.json ?? null,
        recordIndices: Boolean(o.json) && o.runs !== undefined,
        impl,
        cases: o.cases,
        reachExclude: o.reachExclude,
      },
      io.out,
      io.err
    );
    setCode(res.code);
  });
}

/** A campaign's size (worker-pool.ts CampaignSize): --runs, else --time (60 s by default); the seed printed when drawn. */
function campaignSize(o: FuzzFlags, defaultWorkers: () => number) {
  const seed = o.seed ?? Date.now() & 0x7fffffff;
  return { runs: o.runs ?? null, timeSec: o.runs ? null : (o.time ?? 60), seed, shard: o.shard, workers: o.workers ?? defaultWorkers() };
}

/** `fuzz --target <spec>`: one campaign (target-fuzz.ts), or with --seeds a time-to-catch series (target-catch.ts). */
async function fuzzTarget(spec: string, o: FuzzFlags, cmd: Parsed<FuzzFlags>, { io, deps }: CliContext): Promise<number> {
  rejectImpl(o.impl, deps, 'fuzz');
  rejectEngineOnly(cmd, ['gates', 'curve', 'check', 'minN', 'maxWindow', 'cases', 'reachExclude'], 'fuzz');
  const maxN = cmd.getOptionValueSource('maxN') === 'cli' ? o.maxN : DEFAULT_TARGET_MAX_N;
  if (maxN < 1 || maxN > TARGET_MAX_N) throw new UsageError(`fuzz --target: --max-n must be an integer in [1, ${TARGET_MAX_N}], got ${maxN}`);
  const cwd = process.cwd();
  const info = await probeTarget(spec, cwd, o.timeout);
  const groups = groupsFor(spec, info.groups, o.group);
  const classes = await reachingClasses(spec, await classesOf(o.classes), info.decodesInput, io.err);
  const { runTargetFuzz } = await import('../target-fuzz.js');
  const { isSubprocessSpec } = await import('../../bench/targets.js');
  const { defaultWorkers } = await import('../fuzz.js');
  // the target and its cases: the same for one campaign and for a time-to-catch series
  const cases = {
    spec,
    cwd,
    groups,
    maxN,
    classes,
    timeoutMs: o.timeout,
  };
  const size = campaignSize(o, defaultWorkers);
  if (o.seeds !== undefined) {
    if (o.untilFailure !== true) throw new UsageError('fuzz --seeds <k> measures the time to catch: give --until-failure too');
    if (o.runs !== undefined) throw new UsageError('fuzz --seeds <k>: each campaign is capped by --time, not --runs');
    if (o.json !== undefined) throw new UsageError('fuzz --seeds <k> prints its own summary; --json applies to one campaign');
    const { timeToCatchCommand } = await import('../target-catch.js');
    const corpus = cmd.getOptionValueSource('corpus') === 'cli' ? { corpus: o.corpus } : {};
    // runs is undefined here: the size's timeSec is --time (60 s by default)
    return timeToCatchCommand({ ...cases, ...size, seeds: o.seeds, echo: false, ...corpus }, io.out, io.err);
  }
  const res = await runTargetFuzz(
    {
      ...cases,
      ...size,
      corpus: defaultFromRoot(cmd, 'corpus', o.corpus),
      json: o.json ?? null,
      echo: o.echo && isSubprocessSpec(spec),
      untilFailure: o.untilFailure === true,
    },
    io.out,
    io.err
  );
  return res.code;
}
