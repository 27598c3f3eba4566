import type { Command } from '@commander-js/extra-typings';
import { intArg, outputArg } from '../args.js';
import {
  DEFAULT_TARGET_MAX_N,
  DEFAULT_TIMEOUT_MS,
  defaultTargets,
  groupOption,
  groupsFor,
  probeTarget,
  targetHelp,
  targetMaxNArg,
  targetsOption,
} from '../target-options.js';
import { UsageError } from '../errors.js';
import type { CliContext } from './shared.js';
import { runSelfCheck } from './target.js';

export function registerConformance(program: Command, ctx: CliContext): void {
  const { io, setCode, deps } = ctx;
  program
    .command('conformance')
    .description('the matrix targets × input classes (agrees / wrong / rejects valid / accepts invalid / crash / timeout / n/a), as Markdown and HTML')
    .addOption(targetsOption('a target to include (repeatable; default: every built-in target, a skip row for one that cannot load)'))
    .addOption(groupOption())
    .option('--runs <k>', 'cases per cell (target × group × class)', intArg(1, 1_000_000), 10)
    .option('--seed <n>', "seed the cells' seeds are derived from (printed)", intArg(0, 0x7fffffff), 1)
    .option('--max-n <n>', `largest MSM size (default ${DEFAULT_TARGET_MAX_N})`, targetMaxNArg)
    .option('--timeout <ms>', 'per-call limit, ms', intArg(1, 3_600_000), DEFAULT_TIMEOUT_MS)
    .option('--markdown <file>', 'also write the Markdown matrix to this file', outputArg())
    .option('--html <file>', 'also write the matrix as an HTML report', outputArg())
    .option('--strict', 'exit 1 when a cell is a failure (without it the matrix is a report: exit 0)', false)
    .option(
      '--browser',
      'run the matrix in this process and in headless Chromium (engine[:<gates>] and noble targets; default engine, engine:none, engine:all, noble) and print the Node × browser matrix',
      false
    )
    .addHelpText('after', targetHelp())
    .action(async (o) => {
      const matrix = {
        groups: o.group ? [o.group] : null,
        runs: o.runs,
        seed: o.seed,
        maxN: o.maxN ?? DEFAULT_TARGET_MAX_N,
        timeoutMs: o.timeout,
        strict: o.strict,
      };
      if (o.browser) {
        if (o.markdown !== undefined || o.html !== undefined) throw new UsageError('--browser prints its Node × browser matrix only (no --markdown, --html)');
        const { conformanceBrowserCommand } = await import('../../browser/commands.js');
        setCode(await conformanceBrowserCommand({ ...matrix, targets: o.target }, io));
        return;
      }
      const targets = o.target ?? defaultTargets();
      // targets named on the command line must run (exit 3 before anything runs); of the default
      // list, one that cannot be opened here (blst without a C compiler) is a skip row
      // (and support the --group asked for)
      if (o.target !== undefined)
        for (const spec of targets) {
          const info = await probeTarget(spec, process.cwd(), o.timeout);
          if (o.group !== undefined) groupsFor(spec, info.groups, o.group);
        }
      await runSelfCheck(io, 'conformance', { maxN: matrix.maxN, seed: o.seed }, deps.selfCheck);
      const { conformanceCommand } = await import('../conformance.js');
      setCode(await conformanceCommand({ ...matrix, targets, cwd: process.cwd(), markdown: o.markdown ?? null, html: o.html ?? null }, io.out, io.err));
    });
}
