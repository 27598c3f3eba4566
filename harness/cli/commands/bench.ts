import type { Command } from '@commander-js/extra-typings';
import { addBenchOptions } from '../bench-options.js';
import { defaultFromRoot } from '../project-root.js';
import type { CliContext } from './shared.js';

export function registerBench(program: Command, ctx: CliContext): void {
  const { io, setCode } = ctx;
  addBenchOptions(
    program
      .command('bench')
      .description(
        'benchmarks (also `npm run bench`): gate-set views, step pairs and peers in one run (JSON, Markdown, HTML report); --against <ref> judges time against a revision; --update-counts re-records the count expectations; --suite wasm|kzg|speed|browser'
      )
  )
    .addHelpText(
      'after',
      `
Every result is checked against the discrete-log oracle before it is timed; a set that fails is
"not benchmarked" (exit 1). Peers that fail to load show as n/a. The HTML report
(reports/report.html) has: time vs n (log-log) per gate set and peer, speed-up per step, and the
step-pair interaction view (measured combined speed-up vs the product of the two singles).
--against <ref>: the views' sets at each --sizes value, reference and head interleaved in this
process for --rounds rounds (default 7); exit 2 when a set's bootstrap interval of its median
ratio lies wholly above 1 + --tolerance.
Exit: 0 pass, 1 wrong result, 2 slower (--against), 3 usage.`
    )
    .action(async (o, cmd) => {
      const { runBenchCommand } = await import('../bench.js');
      o.out = defaultFromRoot(cmd, 'out', o.out);
      if (o.counts !== undefined) o.counts = defaultFromRoot(cmd, 'counts', o.counts);
      setCode(await runBenchCommand(o, io));
    });
}
