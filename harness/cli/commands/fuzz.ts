import type { Command } from '@commander-js/extra-typings';
import type { CheckKind, CurveFlag } from '../cases.js';
import { UsageError } from '../errors.js';
import { fuzzTargetCommand, rejectTargetOnly } from '../target-commands.js';
import { corpusOf, type CliContext } from './shared.js';

import { fuzzFlags } from './fuzz-flags.js';

export function registerFuzz(program: Command, ctx: CliContext): void {
  const { io, setCode, deps } = ctx;
  fuzzFlags(program.command('fuzz')).action(async (o, cmd) => {
    const { runFuzz, defaultWorkers } = await import('../fuzz.js');
    if (o.target !== undefined) {
      setCode(await fuzzTargetCommand(o, cmd, io, deps));
      return;
    }
    rejectTargetOnly(cmd, ['group', 'classes', 'timeout', 'echo', 'untilFailure', 'seeds'], 'fuzz');
    if (o.minN > o.maxN) throw new UsageError(`--min-n (${o.minN}) must not exceed --max-n (${o.maxN})`);
    if (deps.impl)
      throw new UsageError('fuzz runs the MSM in worker threads: give the implementation under test as a module (--impl <module>), not as a function');
    if (o.reachExclude !== undefined && o.cases !== 'reach') throw new UsageError('--reach-exclude applies to --cases reach only');
    if (o.cases === 'reach' && o.impl !== undefined)
      throw new UsageError("--cases reach drives the engine's own entry points (prepare() handles, msmAsync, tuning): it does not apply to --impl");
    let impl = null;
    if (o.impl !== undefined) {
      // load it once here, so a bad module is a usage error before any worker starts
      const { parseImplSpec, importImpl } = await import('../impl.js');
      impl = parseImplSpec(o.impl);
      await importImpl(impl);
    }
    const curve = o.curve as CurveFlag;
    const seed = o.seed ?? Date.now() & 0x7fffffff;
    const res = await runFuzz(
      {
        curve,
        gates: o.gates,
        minN: o.minN,
        maxN: o.maxN,
        maxWindow: o.maxWindow ?? (curve === 'toy' ? 16 : 10),
        check: (o.check ?? (curve === 'toy' ? 'both' : 'oracle')) as CheckKind,
        runs: o.runs ?? null,
        timeSec: o.runs ? null : (o.time ?? 60),
        seed,
        shard: o.shard,
        workers: o.workers ?? defaultWorkers(),
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
