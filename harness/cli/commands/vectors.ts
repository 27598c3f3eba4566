import type { Command } from '@commander-js/extra-typings';
import { intArg } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { splitList } from '../../gate-sets.js';
import type { CliContext } from './shared.js';

export function registerVectors(program: Command, ctx: CliContext): void {
  const { io, setCode } = ctx;
  program
    .command('vectors')
    .description('run the official KZG vectors and print a per-function pass table')
    .option('--vectors <dir>', 'vectors folder (default: env STEPWISE_VECTORS)')
    .option('--gates <list>', 'comma-separated gate sets to run them under: default, none, all, single', 'default,none')
    .option('--functions <list>', 'only these functions (comma-separated; an unknown name exits 3 with the list of valid ones)')
    .option('--browser', 'run them in this process and in headless Chromium, and print the Node × browser matrix', false)
    .option('--sample <k>', 'with --browser: at most k cases per function (computing ones first, then one that must be rejected)', intArg(1, 1_000_000))
    .action(async (o) => {
      const { runVectors, vectorsRootFrom, vectorsTable } = await import('../vectors.js');
      if (o.sample !== undefined && !o.browser) throw new UsageError('--sample applies to --browser runs only');
      const root = vectorsRootFrom(o.vectors);
      if (!root)
        throw new UsageError(
          'no vectors configured: set STEPWISE_VECTORS or pass --vectors DIR (a folder holding kzg/<function>/kzg-mainnet/<case>/data.yaml, or the tests folder of a c-kzg-4844 clone)'
        );
      const { vectorGateSets, VECTOR_SETS } = await import('../../vectors/kzg-runner.js');
      const names = [...new Set(splitList(String(o.gates)))]; // a set named twice runs once
      if (names.length === 0) throw new UsageError('--gates: empty list: allowed: default, none, all, single');
      for (const g of names)
        if (!(VECTOR_SETS as readonly string[]).includes(g)) throw new UsageError(`--gates: unknown set "${g}": allowed: default, none, all, single`);
      const gs = vectorGateSets(names as (typeof VECTOR_SETS)[number][]);
      const fns = o.functions === undefined ? undefined : [...new Set(splitList(String(o.functions)))];
      if (o.browser) {
        const { FUNCTIONS } = await import('../../vectors/kzg-cases.js');
        const unknown = (fns ?? []).filter((f) => !FUNCTIONS.includes(f));
        if (unknown.length || fns?.length === 0) throw new UsageError(`--functions: unknown or empty: ${unknown.join(', ')}: allowed: ${FUNCTIONS.join(', ')}`);
        const { vectorsBrowserCommand } = await import('../../browser/commands.js');
        setCode(await vectorsBrowserCommand({ root, gateSets: gs, functions: fns, sample: o.sample }, io));
        return;
      }
      const t0 = performance.now();
      const res = await runVectors({
        root,
        gateSets: gs,
        functions: fns,
        onResult: (r) => io.err(`[vectors] ${r.fn} (${r.gates}): ${r.passed}/${r.total} in ${(r.ms / 1000).toFixed(1)} s\n`),
      });
      io.out(`## Official vectors (${root})\n\n${vectorsTable(res.rows)}\n\n`);
      for (const r of res.rows) for (const f of r.failures) io.out(`- ❌ ${r.fn} (${r.gates}) ${f.name}: ${f.reason}\n`);
      io.out(`${res.status === 'pass' ? '✅' : '❌'} ${res.note} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      setCode(res.status === 'pass' ? EXIT.PASS : EXIT.CORRECTNESS);
    });
}
