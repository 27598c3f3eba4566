/**
 * `stepwise-msm bench` (also `npm run bench`): the one bench command.
 *
 *  - default (`--suite engine`): the catalogue's views (harness/gate-sets.ts) and the peers in
 *    one run, then every pair of steps at --pairs-n (interaction view); writes <out>/bench.json,
 *    bench.md, pairs.json and report.html (Vega-Lite charts rendered to SVG).
 *  - `--against <ref>`: times the views' sets against a git ref, interleaved in this process
 *    (harness/timing/), and judges each by the bootstrap interval of its median ratio (exit 2
 *    when a set is slower beyond --tolerance).
 *  - `--update-counts`: re-records the field-multiplication expectations (bench/expected-counts.json)
 *    of every gate set `gate` checks, keyed by family name.
 *  - `--suite wasm` / `--suite kzg`: the field-backend and KZG benchmarks (harness/bench/wasm-suite.ts,
 *    kzg-suite.ts), with the same option parser.
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { GATES } from '../../src/index.js';
import { ALL_SIZES, runBench, type BenchConfig, type BenchReport } from '../bench/run.js';
import { COUNTS_NOTE, countSets, writeCounts, type CountsFile } from '../bench/counts.js';
import { DEFAULT_SEED } from '../bench/inputs.js';
import { PEERS } from '../bench/peers.js';
import { toMarkdown, writeReports } from '../bench/report.js';
import { gateSetsFor, gateSetsOf, GATE_FAMILIES, parseViews, VIEWS, type GateSetSpec, type ViewName } from '../gate-sets.js';
import { runTimeStage, timeStageTable } from '../timing/stage.js';
import { EXIT, UsageError } from './errors.js';
import { renderHtml, type PairPoint } from './html-report.js';
import { makeProgress } from './progress.js';

/** Output of a command (what main.ts passes). */
export interface BenchIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const SUITES = ['engine', 'wasm', 'kzg'] as const;
export const DEFAULT_BENCH_SIZES = '16,64,256,1024';

export interface BenchCliOptions {
  suite: (typeof SUITES)[number];
  curve: 'g1' | 'g2' | 'toy';
  sizes?: string;
  views: string;
  pairsN: number;
  time: number;
  iterations?: number;
  rounds?: number;
  entry: 'async' | 'sync';
  prepared: boolean;
  large: boolean;
  skipCount: boolean;
  peers?: string;
  seed?: number;
  threads?: number;
  out: string;
  quiet: boolean;
  updateCounts: boolean;
  counts: string;
  countsN: number;
  against?: string;
  tolerance: number;
  bootSeed: number;
  ladderN: number;
  sections: string;
}

function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const x = /^0x[0-9a-f]+$/i.test(v) ? Number.parseInt(v, 16) : /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(x) || x < min || x > max) throw new InvalidArgumentError(`expected an integer in [${min}, ${max}], got "${v}".`);
    return x;
  };
}

function numArg(min: number, max: number) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || x < min || x > max) throw new InvalidArgumentError(`expected a number in [${min}, ${max}], got "${v}".`);
    return x;
  };
}

/** The bench command's options: the one parser of every bench front end (npm run bench, bench/*.bench.ts). */
export function addBenchOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--suite <suite>', 'engine: gate-set views and peers; wasm: field backends (step 12); kzg: whole KZG functions').choices([...SUITES]).default('engine'))
    .addOption(new Option('--curve <curve>', 'curve').choices(['g1', 'g2', 'toy']).default('g1'))
    .option('--sizes <list>', `comma-separated sizes, or "all" for 1, 2, 4, …, 65536 (default ${DEFAULT_BENCH_SIZES}; wasm suite 256,4096,65536)`)
    .option('--views <list>', `${VIEWS.join(', ')} or all`, 'ladder,single,ablation,default')
    .option('--pairs-n <n>', 'size at which every pair of steps is timed for the interaction view (0 = no pairs)', intArg(0, 1 << 20), 256)
    .option('--time <ms>', 'time budget per task and round, ms (with --against: per set and round, both sides interleaved)', intArg(0, 600_000), 300)
    .option('--iterations <k>', 'minimum iterations per task (kzg suite: timed iterations of the cells tasks)', intArg(1, 100_000))
    .option('--rounds <k>', 'timing rounds, odd rounds in reverse order (default 2; --against 7; wasm suite 3)', intArg(1, 100))
    .addOption(new Option('--entry <entry>', 'engine entry: msmAsync (lets the workers gate use threads) or msm').choices(['async', 'sync']).default('async'))
    .option('--prepared', 'call the engine on a prepare(points) handle (fixed-base tables built once per n, not timed)', false)
    .option('--large', 'time sizes > 4096 for every set (default: only sets whose 4096 median is < 1 s); wasm suite: noble and BigInt at 65536 too', false)
    .option('--skip-count', 'do not count field multiplications', false)
    .option('--peers <list>', 'peer ids, or none (default: every peer)')
    .option('--seed <n>', 'input seed', intArg(0, 0xffffffff))
    .option('--threads <n>', 'options.threads for the engine (read by the workers gate only)', intArg(1, 64))
    .option('--out <dir>', 'output folder (bench.json, bench.md, pairs.json, report.html)', 'reports')
    .option('--quiet', 'no progress lines on stderr', false)
    .option('--update-counts', 'only re-record the field-multiplication expectations (every gate set of `gate`, keyed by family name)', false)
    .option('--counts <file>', 'count expectations file', 'bench/expected-counts.json')
    .option('--counts-n <n>', 'size of the count expectations', intArg(1, 1 << 20), 256)
    .option('--against <ref>', 'time the views\' sets against this git ref (temporary worktree, interleaved in this process) and judge them')
    .option('--tolerance <pct>', 'with --against: allowed slow-down of the median ratio, percent', numArg(0, 1000), 10)
    .option('--boot-seed <n>', 'with --against: seed of the bootstrap interval (printed)', intArg(0, 0x7fffffff), 1)
    .option('--ladder-n <n>', 'wasm suite: size of the ladder section', intArg(1, 1 << 20), 256)
    .option('--sections <list>', 'wasm suite: mul, ladder, msm, kzg (comma-separated)', 'mul,ladder,msm,kzg');
}

export function parseSizeList(spec: string): number[] {
  if (spec.trim() === 'all') return [...ALL_SIZES];
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new UsageError('--sizes: empty list: give comma-separated sizes, e.g. 16,256,4096');
  return parts.map((p) => {
    const n = Number(p);
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(n) || n < 1 || n > 1 << 20) throw new UsageError(`--sizes: "${p}" is not an integer in [1, ${1 << 20}]`);
    return n;
  });
}

function peerList(spec: string | undefined): string[] | undefined {
  if (spec === undefined) return undefined;
  if (spec === 'none') return [];
  const ids = spec.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!PEERS.some((p) => p.id === id)) throw new UsageError(`--peers: unknown peer "${id}": allowed: ${PEERS.map((p) => p.id).join(', ')} or none`);
  return ids;
}

/** `none`, each `only X` and every pair `X + Y` (the interaction view), from the catalogue. */
export function pairSets(): GateSetSpec[] {
  return gateSetsOf(['none', 'single', 'pairs']);
}

export function pairPoints(rep: BenchReport, n: number): PairPoint[] {
  const med = (label: string) => {
    const r = rep.rows.find((x) => x.kind === 'engine' && x.label === label && x.n === n && x.status === 'ok');
    return r?.medianMs ?? null;
  };
  const none = med('none');
  if (none === null) return [];
  const gs = [...GATES].sort((a, b) => a.step - b.step);
  const out: PairPoint[] = [];
  for (let i = 0; i < gs.length; i++)
    for (let j = i + 1; j < gs.length; j++) {
      const a = med(`only ${gs[i].id}`);
      const b = med(`only ${gs[j].id}`);
      const ab = med(`${gs[i].id} + ${gs[j].id}`);
      if (a === null || b === null || ab === null) continue;
      out.push({ a: gs[i].id, b: gs[j].id, n, speedA: none / a, speedB: none / b, speedAB: none / ab });
    }
  return out;
}

async function updateCounts(o: BenchCliOptions, io: BenchIo): Promise<number> {
  if (o.curve === 'g2') throw new UsageError('--update-counts: the count expectations are recorded on g1 or toy');
  const sets = gateSetsOf(GATE_FAMILIES);
  const progress = makeProgress({ label: 'counts', total: sets.length });
  let k = 0;
  io.err(`[counts] counting ${sets.length} gate sets on ${o.curve} n = ${o.countsN}\n`);
  const seed = o.seed ?? DEFAULT_SEED;
  const res = countSets(sets, { curve: o.curve, n: o.countsN, seed, log: (line) => progress.update(++k, line) });
  progress.stop();
  if (res.failed.length) {
    io.out(`## counts NOT written: ${res.failed.length} gate set(s) gave a wrong result or threw\n\n${res.failed.map((f) => `- ${f.label}: ${f.note}`).join('\n')}\n`);
    return EXIT.CORRECTNESS;
  }
  const c: CountsFile = { version: 2, curve: o.curve, n: o.countsN, seed, note: COUNTS_NOTE, sets: {} };
  for (const m of res.counted) c.sets[m.label] = m.mulTotal;
  writeCounts(o.counts, c);
  const L = [`## counts written: ${o.counts} (${o.curve}, n = ${o.countsN}, seed ${seed})`, '', '| gate set | field mul |', '|---|---:|'];
  for (const [key, v] of Object.entries(c.sets)) L.push(`| ${key} | ${v} |`);
  io.out(L.join('\n') + '\n');
  return EXIT.PASS;
}

async function againstCommand(o: BenchCliOptions, views: ViewName[], sizes: number[], io: BenchIo): Promise<number> {
  if (o.curve === 'g2') throw new UsageError('--against: time is compared on g1 or toy');
  const fams = [...new Set(gateSetsFor(views).flatMap((s) => s.families ?? []))];
  let code: number = EXIT.PASS;
  for (const n of sizes) {
    const r = await runTimeStage({
      against: o.against!,
      families: fams,
      curve: o.curve,
      n,
      rounds: o.rounds ?? 7,
      budgetMs: o.time,
      minCalls: o.iterations ?? 2,
      seed: o.seed,
      bootSeed: o.bootSeed,
      tolerance: o.tolerance / 100,
      log: o.quiet ? undefined : (line) => io.err(line + '\n'),
    });
    io.out(timeStageTable(r) + '\n');
    if (r.sets.some((x) => x.status === 'failed' && x.note?.startsWith('head'))) code = EXIT.CORRECTNESS;
    else if (r.regressions.length && code === EXIT.PASS) code = EXIT.PERF;
  }
  return code;
}

async function suiteCommand(o: BenchCliOptions, io: BenchIo): Promise<number> {
  if (o.suite === 'wasm') {
    const { runWasmSuite, WASM_DEFAULT_SIZES, WASM_SECTIONS } = await import('../bench/wasm-suite.js');
    const sections = o.sections.split(',').map((x) => x.trim()).filter(Boolean);
    for (const x of sections) if (!(WASM_SECTIONS as readonly string[]).includes(x)) throw new UsageError(`--sections: unknown section "${x}": allowed: ${WASM_SECTIONS.join(', ')}`);
    const sizes = o.sizes === undefined ? [...WASM_DEFAULT_SIZES] : parseSizeList(o.sizes);
    await runWasmSuite({ sizes, rounds: o.rounds ?? 3, ladderN: o.ladderN, sections, large: o.large }, (line) => io.out(line + '\n'));
    return EXIT.PASS;
  }
  const { runKzgSuite } = await import('../bench/kzg-suite.js');
  await runKzgSuite({ cellIters: o.iterations ?? 1 }, (line) => io.out(line + '\n'));
  return EXIT.PASS;
}

/** Maps the parsed options to the runner's config; UsageError on a bad list value. */
export function benchConfigOf(o: BenchCliOptions): { config: BenchConfig; views: ViewName[]; sizes: number[] } {
  const sizes = parseSizeList(o.sizes ?? DEFAULT_BENCH_SIZES);
  let views: ViewName[];
  try {
    views = parseViews(o.views);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const peers = peerList(o.peers);
  const config: BenchConfig = { curve: o.curve, sizes, views, time: o.time, iterations: o.iterations ?? 3, peers, seed: o.seed, entry: o.entry, prepared: o.prepared, large: o.large, count: !o.skipCount };
  if (o.rounds !== undefined) config.rounds = o.rounds;
  if (o.threads !== undefined) config.threads = o.threads;
  return { config, views, sizes };
}

export async function runBenchCommand(raw: Record<string, unknown>, io: BenchIo): Promise<number> {
  const o = raw as unknown as BenchCliOptions;
  if (o.updateCounts) return updateCounts(o, io);
  if (o.suite !== 'engine') return suiteCommand(o, io);
  const { config, views, sizes } = benchConfigOf(o);
  if (o.against !== undefined) return againstCommand(o, views, sizes, io);
  const peers = config.peers;
  const sets = gateSetsFor(views);
  const progress = makeProgress({ label: 'bench', total: sizes.length * (sets.length + (peers?.length ?? PEERS.length)) + (o.pairsN ? pairSets().length : 0) });
  let k = 0;
  const log = o.quiet
    ? undefined
    : (line: string) => {
        if (/: [\d.]+ ms|WRONG|n\/a|not benchmarked|skipped|error/.test(line)) k++;
        progress.update(k, line);
      };
  const rep = await runBench({ ...config, log });
  let pairRep: BenchReport | null = null;
  let pairs: PairPoint[] = [];
  if (o.pairsN > 0 && GATES.length >= 2) {
    progress.log(`interaction view: ${pairSets().length} gate sets at n = ${o.pairsN}`);
    pairRep = await runBench({ ...config, sizes: [o.pairsN], gateSets: pairSets(), views: [], peers: [], count: false, log });
    pairs = pairPoints(pairRep, o.pairsN);
  }
  progress.stop();
  const paths = writeReports(rep, o.out);
  const pairsPath = path.join(o.out, 'pairs.json');
  writeFileSync(pairsPath, JSON.stringify({ n: o.pairsN, pairs, report: pairRep }, null, 2) + '\n');
  const htmlPath = path.join(o.out, 'report.html');
  writeFileSync(htmlPath, await renderHtml(rep, pairs));
  let md = toMarkdown(rep);
  if (pairs.length) {
    md += `\n## Step interactions at n = ${o.pairsN} (speed-up over none, same run)\n\n| A | B | A alone | B alone | A × B | A + B measured | measured ÷ product |\n|---|---|---:|---:|---:|---:|---:|\n`;
    for (const p of pairs)
      md += `| ${p.a} | ${p.b} | ${p.speedA.toFixed(2)} | ${p.speedB.toFixed(2)} | ${(p.speedA * p.speedB).toFixed(2)} | ${p.speedAB.toFixed(2)} | ${(p.speedAB / (p.speedA * p.speedB)).toFixed(2)} |\n`;
    writeFileSync(paths.markdown, md);
  }
  io.out(md + '\n');
  io.err(`[bench] wrote ${paths.markdown}, ${paths.json}, ${pairsPath} and ${htmlPath}\n`);
  const bad = [...rep.rows, ...(pairRep?.rows ?? [])].filter((r) => r.kind === 'engine' && (r.status === 'wrong-result' || r.status === 'error'));
  if (bad.length) io.err(`[bench] ${bad.length} engine task(s) not benchmarked: wrong result or error\n`);
  return bad.length ? EXIT.CORRECTNESS : EXIT.PASS;
}
