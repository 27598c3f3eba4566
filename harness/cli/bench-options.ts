/**
 * The options of `stepwise-msm bench` (= `npm run bench`, and the bench/*.bench.ts scripts): the
 * one bench parser. Light on purpose (commander and the catalogue's view names only), so the
 * command line loads it for every command; the bench itself (harness/cli/bench.ts) is loaded
 * when the command runs.
 */
import { type Command, Option } from '@commander-js/extra-typings';
import { VIEWS } from '../gate-sets.js';
import { intArg, numArg, outputArg } from './args.js';

export const SUITES = ['engine', 'wasm', 'kzg', 'speed', 'browser'] as const;
export const DEFAULT_BENCH_SIZES = '16,64,256,1024';

/** The bench options on `cmd`, typed by the parser (BenchCliOptions). */
export function addBenchOptions(cmd: Command) {
  return cmd
    .addOption(
      new Option(
        '--suite <suite>',
        'engine: gate-set views and peers; wasm: field backends (step 12); kzg: whole KZG functions; speed: the speed table with its goals; browser: MSM and KZG in headless Chromium against kzg-wasm in the same page'
      )
        .choices(SUITES)
        .default('engine')
    )
    .addOption(new Option('--curve <curve>', 'curve').choices(['g1', 'g2', 'toy'] as const).default('g1'))
    .option('--sizes <list>', `comma-separated sizes, or "all" for 1, 2, 4, …, 65536 (default ${DEFAULT_BENCH_SIZES}; wasm suite 256,4096,65536)`)
    .option('--views <list>', `${VIEWS.join(', ')} or all`, 'ladder,single,ablation,default')
    .option('--pairs-n <n>', 'size at which every pair of steps is timed for the interaction view (0 = no pairs)', intArg(0, 1 << 20), 256)
    .option('--time <ms>', 'time budget per task and round, ms (with --against: per set and round, both sides interleaved)', intArg(0, 600_000), 300)
    .option('--iterations <k>', 'minimum iterations per task (kzg suite: timed iterations of the cells tasks)', intArg(1, 100_000))
    .option('--rounds <k>', 'timing rounds, odd rounds in reverse order (default 2; --against 7; wasm suite 3)', intArg(1, 100))
    .addOption(
      new Option('--entry <entry>', 'engine entry: msmAsync (lets the workers gate use threads) or msm').choices(['async', 'sync'] as const).default('async')
    )
    .option('--prepared', 'call the engine on a prepare(points) handle (fixed-base tables built once per n, not timed)', false)
    .option(
      '--large',
      'time sizes > 4096 for every set (without it: only the sets whose 4096 median is < 1 s); wasm suite: noble and BigInt at 65536 too',
      false
    )
    .option('--skip-count', 'do not count field multiplications', false)
    .option('--peers <list>', 'peer ids, or none (default: every peer)')
    .option('--seed <n>', 'input seed', intArg(0, 0xffffffff))
    .option('--threads <n>', 'options.threads for the engine (read by the workers gate only)', intArg(1, 64))
    .option('--out <dir>', 'output folder (bench.json, bench.md, pairs.json, report.html)', outputArg('dir'), 'reports')
    .option('--quiet', 'no progress lines on stderr', false)
    .option('--update-counts', 'only re-record the field-multiplication expectations (every gate set of `gate`, keyed by family name)', false)
    .option('--counts <file>', 'count expectations file', 'bench/expected-counts.json')
    .option('--counts-n <n>', 'size of the count expectations', intArg(1, 1 << 20), 256)
    .option('--against <ref>', "time the views' sets against this git ref (temporary worktree, interleaved in this process) and judge them")
    .option('--tolerance <pct>', 'with --against: allowed slow-down of the median ratio, percent', numArg(0, 1000), 10)
    .option('--boot-seed <n>', 'with --against: seed of the bootstrap interval (printed)', intArg(0, 0x7fffffff), 1)
    .option('--ladder-n <n>', 'wasm suite: size of the ladder section', intArg(1, 1 << 20), 256)
    .option('--sections <list>', 'wasm suite: mul, ladder, msm, kzg (comma-separated)', 'mul,ladder,msm,kzg')
    .option(
      '--target <spec>',
      'time this target (repeatable: engine[:<gates>], noble, mcl-wasm, micro-eth-signer, blst, module:<path>, cmd:<command line>) in the same run as the engine and the peers, on EIP-2537-encoded inputs (--curve g1 or g2; default sizes 16,64,256,1024)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v]
    )
    .option('--timeout <ms>', `with --target: per-call limit, ms (default ${BENCH_TARGET_TIMEOUT_MS}: large sizes take long)`, intArg(1, 3_600_000))
    .option('--quick', 'speed suite: small sizes (16, 64, 256), no KZG rows: a smoke run of the table; browser suite: one round of each', false)
    .option(
      '--docs <file>',
      'speed suite: also write the Markdown table to this file (e.g. docs/speed.md); browser suite: its section of that file',
      outputArg()
    );
}

/** bench --target's per-call limit by default: a call at the largest sizes may take minutes. */
export const BENCH_TARGET_TIMEOUT_MS = 600_000;

/** What the bench parser gives its action. */
export type BenchCliOptions = ReturnType<ReturnType<typeof addBenchOptions>['opts']>;
