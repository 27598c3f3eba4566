import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { EXIT } from '../errors.js';
import { defaultFromRoot, projectRoot, relativeToRoot } from '../project-root.js';
import { DEFAULT_TARGET_MAX_N, groupsFor, probeTarget } from '../target-options.js';
import { corpusOf, implOf, type CliContext } from './shared.js';
import { type Parsed, rejectEngineOnly, rejectImpl, rejectTargetOnly, runSelfCheck } from './target.js';
import { type GateFlags, gateFlags } from './gate-flags.js';

export function registerGate(program: Command, ctx: CliContext): void {
  const { io, setCode, deps } = ctx;
  gateFlags(program.command('gate')).action(async (o, cmd) => {
    if (o.target !== undefined) {
      setCode(await gateTarget(o.target, o, cmd, ctx));
      return;
    }
    rejectTargetOnly(cmd, ['group', 'shard', 'timeout', 'maxN'], 'gate');
    const { runGate } = await import('../gate.js');
    const { vectorsRootFrom } = await import('../vectors.js');
    const impl = await implOf(deps, o.impl);
    const paths = {
      counts: defaultFromRoot(cmd, 'counts', o.counts),
      countsExplicit: cmd.getOptionValueSource('counts') === 'cli',
      corpus: corpusOf(cmd, o.corpus, impl !== undefined),
      vectorsRoot: o.skipVectors ? null : vectorsRootFrom(o.vectors),
    };
    // configuration the later stages would refuse, refused before the properties run
    if (impl === undefined && !o.skipChecks && o.checks !== undefined) await (await import('../gate-stages.js')).selectChecks(o.checks);
    if (impl === undefined && paths.vectorsRoot) await (await import('../vectors.js')).checkVectorsRoot(paths.vectorsRoot);
    const res = await runGate({ ...o, ...paths }, io.err, impl);
    io.out(res.markdown + '\n');
    let code = res.code;
    if (o.mutation) {
      const { runMutation } = await import('../mutation.js');
      const m = await runMutation(
        { root: projectRoot(), config: relativeToRoot(cmd, 'mutationConfig', o.mutationConfig), force: o.mutationForce, threshold: o.mutationThreshold },
        io.err
      );
      io.out(m.markdown + '\n');
      if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, m.markdown + '\n');
      if (code === EXIT.PASS) code = m.code;
    }
    setCode(code);
  });
}

/** `gate --target <spec>`: the harness's self-check, then the target's gate (target-gate.ts); the Markdown summary on stdout. */
async function gateTarget(spec: string, o: GateFlags, cmd: Parsed<GateFlags>, { io, deps }: CliContext): Promise<number> {
  rejectImpl(o.impl, deps, 'gate');
  const engineRuns = ['sets', 'g1Runs', 'randomRuns', 'counts', 'against', 'skipTime', 'timeSets', 'timeN', 'timeRounds', 'tolerance', 'bootSeed'] as const;
  rejectEngineOnly(cmd, [...engineRuns, 'bail', 'checks', 'skipChecks', 'mutation', 'mutationConfig', 'mutationThreshold', 'mutationForce'], 'gate');
  const cwd = process.cwd();
  const info = await probeTarget(spec, cwd, o.timeout);
  const groups = groupsFor(spec, info.groups, o.group);
  const { eip2537Dir } = await import('../../vectors/kzg-runner.js');
  let vectorsDir: string | null = eip2537Dir() ?? null;
  const { runTargetGate, checkVectorsDir } = await import('../target-gate.js');
  if (o.vectors !== undefined) {
    vectorsDir = existsSync(path.join(o.vectors, 'eip2537')) ? path.join(o.vectors, 'eip2537') : o.vectors;
    if (!o.skipVectors) checkVectorsDir(vectorsDir, o.vectors);
  }
  const maxN = o.maxN ?? DEFAULT_TARGET_MAX_N;
  const selfCheck = await runSelfCheck(io, 'gate', { maxN, seed: o.seed }, deps.selfCheck);
  const res = await runTargetGate(
    {
      spec,
      cwd,
      groups,
      seed: o.seed,
      runs: o.runs ?? (o.full ? 200 : 20),
      maxN,
      timeoutMs: o.timeout,
      vectorsDir,
      skipVectors: o.skipVectors,
      skipBench: o.skipBench,
      benchSizes: [16, 64, 256],
      benchTimeMs: o.timeBudget,
      shard: o.shard ?? { index: 0, count: 1 },
      corpus: defaultFromRoot(cmd, 'corpus', o.corpus),
      junit: o.junit ?? null,
      selfCheck,
    },
    io.err
  );
  io.out(res.markdown + '\n');
  return res.code;
}
