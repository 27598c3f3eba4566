import { appendFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { EXIT } from '../errors.js';
import { defaultFromRoot, projectRoot } from '../project-root.js';
import { gateTargetCommand, rejectTargetOnly } from '../target-commands.js';
import { corpusOf, implOf, type CliContext } from './shared.js';

import { gateFlags } from './gate-flags.js';

export function registerGate(program: Command, ctx: CliContext): void {
  const { io, setCode, deps } = ctx;
  gateFlags(program.command('gate')).action(async (o, cmd) => {
    if (o.target !== undefined) {
      setCode(await gateTargetCommand(o, cmd, io, deps));
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
    const res = await runGate({ ...o, ...paths }, io.err, impl);
    io.out(res.markdown + '\n');
    let code = res.code;
    if (o.mutation) {
      const { runMutation } = await import('../mutation.js');
      const m = await runMutation({ root: projectRoot(), config: o.mutationConfig, force: o.mutationForce, threshold: o.mutationThreshold }, io.err);
      io.out(m.markdown + '\n');
      if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, m.markdown + '\n');
      if (code === EXIT.PASS) code = m.code;
    }
    setCode(code);
  });
}
