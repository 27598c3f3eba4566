/**
 * `npm run bench` — command line of the benchmark harness. Run with --help for the options.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeWorkerPool } from '../../src/index.js';
import { parseViews, VIEWS, type ViewName } from './gate-sets.js';
import { PEERS } from './peers.js';
import { toMarkdown, writeReports } from './report.js';
import {
  ALL_SIZES,
  DEFAULT_ITERATIONS,
  DEFAULT_ROUNDS,
  DEFAULT_SIZES,
  DEFAULT_TIME_MS,
  DEFAULT_VIEWS,
  LARGE_LIMIT_MS,
  LARGE_N,
  runBench,
  type BenchConfig,
} from './run.js';

export const HELP = `Usage: npm run bench -- [options]

Times the gated MSM engine over gate-set views and sizes, after checking every result against
the discrete-log oracle; writes <out>/bench.md (also printed) and <out>/bench.json.

Options:
  --curve g1|toy|g2     curve (default g1)
  --sizes LIST          comma-separated sizes, or "all" for 1, 2, 4, …, 65536
                        (default ${DEFAULT_SIZES.join(',')})
  --views LIST          ${VIEWS.join(', ')} or all (default ${DEFAULT_VIEWS.join(',')})
  --time MS             tinybench time budget per task in ms (default ${DEFAULT_TIME_MS})
  --iterations N        tinybench minimum iterations per task (default ${DEFAULT_ITERATIONS})
  --rounds N            timing rounds per size, pooled; odd rounds reverse the order
                        (default ${DEFAULT_ROUNDS})
  --entry async|sync     engine entry: msmAsync (default; lets the workers gate use
                        threads, identical to msm for every other set) or msm
  --prepared            call the engine on a prepare(points) handle (fixed-base tables,
                        built once per n outside the timing); peers keep plain points
  --large               time sizes > ${LARGE_N} for every set (default: only for sets whose
                        ${LARGE_N}-point median in the same run is < ${LARGE_LIMIT_MS} ms)
  --skip-count          do not count field multiplications
  --peers LIST          ${PEERS.map((p) => p.id).join(', ')} or none (default: all)
  --seed N              input seed (default 0x5eed)
  --threads N           options.threads for the engine (read by the workers gate only)
  --out DIR             output directory (default reports)
  --quiet               no progress lines on stderr
  -h, --help            this help
`;

export interface CliOptions {
  help: boolean;
  out: string;
  quiet: boolean;
  config: BenchConfig;
}

function int(name: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const x = /^0x[0-9a-f]+$/i.test(v) ? Number.parseInt(v, 16) : Number(v);
  if (!Number.isInteger(x) || x < min || x > max) throw new RangeError(`--${name}: expected an integer in [${min}, ${max}], got "${v}"`);
  return x;
}

export function parseSizes(spec: string): number[] {
  if (spec.trim() === 'all') return [...ALL_SIZES];
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new RangeError('--sizes: empty list');
  return parts.map((p) => int('sizes', p, 1, 1 << 20));
}

/** Parses argv (without node and script) into a runner config. Throws on bad input. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      curve: { type: 'string' },
      sizes: { type: 'string' },
      views: { type: 'string' },
      time: { type: 'string' },
      iterations: { type: 'string' },
      rounds: { type: 'string' },
      large: { type: 'boolean' },
      prepared: { type: 'boolean' },
      entry: { type: 'string' },
      'skip-count': { type: 'boolean' },
      peers: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const config: BenchConfig = {};
  if (values.curve !== undefined) {
    if (!['g1', 'g2', 'toy'].includes(values.curve)) throw new RangeError(`--curve: expected g1, toy or g2, got "${values.curve}"`);
    config.curve = values.curve as 'g1' | 'g2' | 'toy';
  }
  if (values.sizes !== undefined) config.sizes = parseSizes(values.sizes);
  if (values.views !== undefined) config.views = parseViews(values.views) as ViewName[];
  if (values.time !== undefined) config.time = int('time', values.time, 0);
  if (values.iterations !== undefined) config.iterations = int('iterations', values.iterations, 1);
  if (values.rounds !== undefined) config.rounds = int('rounds', values.rounds, 1, 100);
  if (values.large) config.large = true;
  if (values.prepared) config.prepared = true;
  if (values.entry !== undefined) {
    if (values.entry !== 'sync' && values.entry !== 'async') throw new RangeError(`--entry: expected async or sync, got "${values.entry}"`);
    config.entry = values.entry;
  }
  if (values['skip-count']) config.count = false;
  if (values.peers !== undefined) {
    const ids = values.peers === 'none' ? [] : values.peers.split(',').map((s) => s.trim()).filter(Boolean);
    for (const id of ids)
      if (!PEERS.some((p) => p.id === id)) throw new RangeError(`--peers: unknown peer "${id}": expected ${PEERS.map((p) => p.id).join(', ')} or none`);
    config.peers = ids;
  }
  if (values.seed !== undefined) config.seed = int('seed', values.seed, 0, 0xffffffff);
  if (values.threads !== undefined) config.threads = int('threads', values.threads, 1, 64);
  return { help: values.help ?? false, out: values.out ?? 'reports', quiet: values.quiet ?? false, config };
}

export async function main(argv: readonly string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const log = opts.quiet ? undefined : (line: string) => process.stderr.write(`[bench] ${line}\n`);
  let report;
  try {
    report = await runBench({ ...opts.config, log });
  } finally {
    await closeWorkerPool();
  }
  process.stdout.write(toMarkdown(report) + '\n');
  const paths = writeReports(report, opts.out);
  process.stderr.write(`[bench] wrote ${paths.markdown} and ${paths.json}\n`);
  const bad = report.rows.filter((r) => r.kind === 'engine' && (r.status === 'wrong-result' || r.status === 'error'));
  if (bad.length) process.stderr.write(`[bench] ${bad.length} engine task(s) not benchmarked: wrong result or error\n`);
  return bad.length ? 1 : 0;
}

function isEntry(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    }
  );
}
