import type { Command } from '@commander-js/extra-typings';
import { numArg } from '../args.js';
import { projectRoot, relativeToRoot } from '../project-root.js';
import type { CliContext } from './shared.js';

export function registerMutation(program: Command, ctx: CliContext): void {
  const { io, setCode } = ctx;
  program
    .command('mutation')
    .description('mutation testing of the engine (Stryker over src/optimized and the field; tens of minutes): prints the score, exit 1 below --threshold')
    .option('--force', 're-test every mutant instead of the incremental run', false)
    .option('--config <file>', 'Stryker config file', 'stryker.config.mjs')
    .option('--threshold <pct>', 'required mutation score of src/optimized, percent', numArg(0, 100), 90)
    .addHelpText(
      'after',
      `
Runs Stryker with FC_RUNS=0.03 FC_SEED=20261126 (docs/mutation.md). The committed incremental
state mutation/stryker-incremental.json.gz is unpacked first and written back after the run,
so only mutants whose code or covering tests changed are re-tested. The score is given with
and without the mutants triaged equivalent, unreachable or test-hook (mutation/equivalent.json);
the required score is the latter (cost-only survivors count against it).
Exit: 0 score ≥ threshold, 1 below, 3 Stryker failed.`
    )
    .action(async (o, cmd) => {
      const { runMutation } = await import('../mutation.js');
      const m = await runMutation({ root: projectRoot(), config: relativeToRoot(cmd, 'config', o.config), force: o.force, threshold: o.threshold }, io.err);
      io.out(m.markdown + '\n');
      setCode(m.code);
    });
}
