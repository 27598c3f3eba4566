import path from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { intArg } from '../args.js';
import { EXIT } from '../errors.js';
import { projectRoot } from '../project-root.js';
import type { CliContext } from './shared.js';

export function registerNewStep(program: Command, ctx: CliContext): void {
  const { io, setCode } = ctx;
  program
    .command('new-step')
    .description('scaffold a new optimization step: its file with the header template, its registry entry, its checks (run by gate and vitest)')
    .argument('<name>', 'camelCase gate name, e.g. lazyReduction')
    .addOption(
      new Option('--root <dir>', 'repository root to write into').default(
        projectRoot(),
        'the project root: the nearest folder up from here with a package.json'
      )
    )
    .option('--step <n>', 'step number (default: the next free one)', intArg(1, 99))
    .option('--title <text>', 'one-line title')
    .option('--dry-run', 'print what would be written, write nothing', false)
    .option('--entries <list>', "the step's reach: entry points it acts on, comma-separated: plain, prepared, async (default plain,prepared)")
    .option('--windows <list>', "the step's reach: windows it acts at: every (1..16), auto, window numbers (default every,auto)")
    .option('--scalars <list>', "the step's reach: scalar classes: fullSize, zeroDigits, carries, small, nearOrder (default fullSize,zeroDigits,carries)")
    .option(
      '--inputs <list>',
      "the step's reach: input classes: zeroScalars, identity, duplicates, opposite, collisions (default identity,duplicates,opposite)"
    )
    .option('--no-wide', 'the step need not act at window 16 with full-size scalars on BLS12-381 G1')
    .action(async (name: string, o) => {
      const { newStep, parseChoices, parseWindows, describeScaffoldReach, ENTRY_CHOICES, SCALAR_CHOICES, INPUT_CHOICES } = await import('../new-step.js');
      const reach = {
        ...(o.entries !== undefined ? { entries: parseChoices('--entries', o.entries, ENTRY_CHOICES) } : {}),
        ...(o.windows !== undefined ? { windows: parseWindows(o.windows) } : {}),
        ...(o.scalars !== undefined ? { scalars: parseChoices('--scalars', o.scalars, SCALAR_CHOICES) } : {}),
        ...(o.inputs !== undefined ? { inputs: parseChoices('--inputs', o.inputs, INPUT_CHOICES) } : {}),
        wideG1: o.wide !== false,
      };
      const r = newStep({ name, root: path.resolve(o.root), step: o.step, title: o.title, dryRun: o.dryRun, reach });
      const rel = (p: string) => path.relative(path.resolve(o.root), p);
      io.out(
        `${o.dryRun ? 'would create' : 'created'} step ${String(r.step).padStart(2, '0')} "${name}":\n` +
          `  ${rel(r.stepFile)}   (fill in the slots and the header)\n` +
          `  ${rel(r.checksFile)}   (aim the checks at the step's own failure mode; the gate runs them too)\n` +
          `  ${rel(r.testFile)}   (runs them under vitest)\n` +
          `  ${rel(r.checksIndex)}   (the step's checks added to the catalogue)\n` +
          `  ${rel(r.registry)}   (import + entry added, in step order)\n` +
          (r.readme ? `  ${rel(r.readme)}   (${r.readmeNote})\n` : `  (${r.readmeNote})\n`) +
          `  (${r.docsNote})\n` +
          `Reach declared (the step's \`reach\` member): ${describeScaffoldReach(r.reach)}.\n` +
          `  Add its thresholds and caps from its constants; properties/reach.test.ts fails, naming each item, until the step acts on all of them.\n` +
          `Next (the command runs the build in dist/: rebuild after every edit of the sources):\n` +
          `  npm run build && npx stepwise-msm gate --sets single,minus-one && npx stepwise-msm fuzz --cases reach --gates '{"${name}":true}' --time 300\n` +
          `After changing the step's title or default: npx tsx scripts/readme-gates.ts (rewrites the README gate table).\n` +
          `See docs/adding-a-step.md.\n`
      );
      setCode(EXIT.PASS);
    });
}
