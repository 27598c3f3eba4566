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
 *  - `--suite speed` (`--quick`, `--docs FILE`): the speed table with its targets, cold start and peers
 *    (harness/bench/speed-suite.ts); writes <out>/speed.md, speed.json and speed.html.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GATES } from '../../src/index.js';
import { ALL_SIZES, runBench, type BenchConfig, type BenchReport } from '../bench/run.js';
import { COUNTS_NOTE, countSets, writeCounts, type CountsFile } from '../bench/counts.js';
import { DEFAULT_SEED } from '../bench/inputs.js';
import { PEERS } from '../bench/peers.js';
import { toMarkdown, writeAll, writeReports } from '../bench/report.js';
import { gateSetsFor, gateSetsOf, GATE_FAMILIES, orderedGates, parseViews, setLabel, type GateSetSpec, type ViewName } from '../gate-sets.js';
import { BENCH_TARGET_TIMEOUT_MS, DEFAULT_BENCH_SIZES, type BenchCliOptions } from './bench-options.js';
import { runTimeStages, timeStageTable } from '../timing/stage.js';
import { mdTable } from '../format.js';
import { writeReport } from '../stages.js';
import { EXIT, UsageError } from './errors.js';
import { renderHtml, type PairPoint } from './html-report.js';
import { makeProgress } from './progress.js';

/** Output of a command (what main.ts passes). */
export interface BenchIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The non-empty items of a comma-separated option value. */
const listOf = (spec: string) =>
  spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseSizeList(spec: string): number[] {
  if (spec.trim() === 'all') return [...ALL_SIZES];
  const parts = listOf(spec);
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
  const ids = listOf(spec);
  for (const id of ids)
    if (!PEERS.some((p) => p.id === id)) throw new UsageError(`--peers: unknown peer "${id}": allowed: ${PEERS.map((p) => p.id).join(', ')} or none`);
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
  const gs = orderedGates();
  const out: PairPoint[] = [];
  for (let i = 0; i < gs.length; i++)
    for (let j = i + 1; j < gs.length; j++) {
      const a = med(setLabel({ family: 'single', gate: gs[i].id }));
      const b = med(setLabel({ family: 'single', gate: gs[j].id }));
      const ab = med(setLabel({ family: 'pairs', gate: gs[i].id, other: gs[j].id }));
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
    io.out(
      `## counts NOT written: ${res.failed.length} gate set(s) gave a wrong result or threw\n\n${res.failed.map((f) => `- ${f.label}: ${f.note}`).join('\n')}\n`
    );
    return EXIT.CORRECTNESS;
  }
  const c: CountsFile = { version: 2, curve: o.curve, n: o.countsN, seed, note: COUNTS_NOTE, sets: {} };
  for (const m of res.counted) c.sets[m.label] = m.mulTotal;
  writeCounts(o.counts, c);
  const table = mdTable(['gate set', 'field mul'], Object.entries(c.sets), 'lr');
  io.out([`## counts written: ${o.counts} (${o.curve}, n = ${o.countsN}, seed ${seed})`, '', ...table].join('\n') + '\n');
  return EXIT.PASS;
}

async function againstCommand(o: BenchCliOptions, views: ViewName[], sizes: number[], io: BenchIo): Promise<number> {
  if (o.curve === 'g2') throw new UsageError('--against: time is compared on g1 or toy');
  const fams = [...new Set(gateSetsFor(views).flatMap((s) => s.families ?? []))];
  let code: number = EXIT.PASS;
  // one reference worktree for every size
  const results = await runTimeStages({
    against: o.against!,
    families: fams,
    curve: o.curve,
    sizes,
    rounds: o.rounds ?? 7,
    budgetMs: o.time,
    minCalls: o.iterations ?? 2,
    seed: o.seed,
    bootSeed: o.bootSeed,
    tolerance: o.tolerance / 100,
    log: o.quiet ? undefined : (line) => io.err(line + '\n'),
  });
  for (const r of results) {
    io.out(timeStageTable(r) + '\n');
    if (r.headFailures.length) code = EXIT.CORRECTNESS;
    else if (r.regressions.length && code === EXIT.PASS) code = EXIT.PERF;
  }
  return code;
}

async function suiteCommand(o: BenchCliOptions, io: BenchIo): Promise<number> {
  if (o.suite === 'wasm') {
    const { runWasmSuite, WASM_DEFAULT_SIZES, WASM_SECTIONS } = await import('../bench/wasm-suite.js');
    const sections = listOf(o.sections);
    for (const x of sections)
      if (!(WASM_SECTIONS as readonly string[]).includes(x)) throw new UsageError(`--sections: unknown section "${x}": allowed: ${WASM_SECTIONS.join(', ')}`);
    const sizes = o.sizes === undefined ? [...WASM_DEFAULT_SIZES] : parseSizeList(o.sizes);
    await runWasmSuite({ sizes, rounds: o.rounds ?? 3, ladderN: o.ladderN, sections, large: o.large }, (line) => io.out(line + '\n'));
    return EXIT.PASS;
  }
  if (o.suite === 'speed') {
    const { runSpeedSuite, speedHtml, speedMarkdown } = await import('../bench/speed-suite.js');
    const rep = await runSpeedSuite(
      { quick: o.quick, rounds: o.rounds ?? 3, seed: o.seed, large: o.large },
      o.quiet ? undefined : (line) => io.err(line + '\n')
    );
    const md = speedMarkdown(rep);
    const files = writeAll(o.out, { 'speed.md': md, 'speed.json': JSON.stringify(rep, null, 2) + '\n', 'speed.html': speedHtml(rep) });
    if (o.docs) {
      // the browser suite's section of the same file (bench --suite browser) is kept as it is
      const { keepBrowserSpeed } = await import('../browser/bench.js');
      files.push(writeReport(o.docs, keepBrowserSpeed(md, existsSync(o.docs) ? readFileSync(o.docs, 'utf8') : '')));
    }
    io.out(md);
    io.err(`[bench] wrote ${files.join(', ')}\n`);
    return EXIT.PASS;
  }
  if (o.suite === 'browser') {
    const { browserBenchCommand } = await import('../browser/bench.js');
    return browserBenchCommand({ out: o.out, docs: o.docs, rounds: o.rounds, quick: o.quick }, io);
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
  const config: BenchConfig = {
    curve: o.curve,
    sizes,
    views,
    time: o.time,
    iterations: o.iterations ?? 3,
    peers,
    seed: o.seed,
    entry: o.entry,
    prepared: o.prepared,
    large: o.large,
    count: !o.skipCount,
  };
  if (o.rounds !== undefined) config.rounds = o.rounds;
  if (o.threads !== undefined) config.threads = o.threads;
  return { config, views, sizes };
}

/** `bench --target <spec> …`: the targets, the engine and the peers in one run (harness/bench/targets.ts). */
async function targetBenchCommand(o: BenchCliOptions, io: BenchIo): Promise<number> {
  if (o.curve === 'toy') throw new UsageError('--target: targets answer EIP-2537 requests on g1 or g2, not on the toy curve');
  if (o.against !== undefined) throw new UsageError('--target: --against compares revisions of the engine; give one or the other');
  const timeoutMs = o.timeout ?? BENCH_TARGET_TIMEOUT_MS;
  // a spec that cannot be opened: UsageError, exit 3, before anything is timed
  const { probeTarget } = await import('./target-options.js');
  for (const t of o.target!) await probeTarget(t, process.cwd(), timeoutMs);
  const { runTargetBench, targetBenchMarkdown } = await import('../bench/targets.js');
  const sizes = parseSizeList(o.sizes ?? DEFAULT_BENCH_SIZES);
  const progress = makeProgress({ label: 'bench', total: 1 });
  const rep = await runTargetBench({
    targets: o.target!,
    groups: [o.curve],
    sizes,
    timeMs: o.time,
    iterations: o.iterations ?? 3,
    cwd: process.cwd(),
    timeoutMs,
    peers: peerList(o.peers) ?? true,
    seed: o.seed,
    log: o.quiet ? undefined : (line) => progress.update(0, line),
  });
  progress.stop();
  const md = targetBenchMarkdown(rep);
  // the report with each peer run's rows only (targets.json)
  const { peerRuns, ...json } = { ...rep, peers: rep.peerRuns.map((p) => ({ group: p.group, rows: p.report.rows })) };
  const [mdPath, jsonPath] = writeAll(o.out, { 'targets.md': md, 'targets.json': JSON.stringify(json, null, 2) + '\n' });
  io.out(md + '\n');
  io.err(`[bench] wrote ${mdPath} and ${jsonPath}\n`);
  const bad = rep.rows.filter((r) => r.status === 'wrong-result' || r.status === 'error');
  if (bad.length) io.err(`[bench] ${bad.length} target task(s) not benchmarked: wrong result, rejection or failure\n`);
  return bad.length ? EXIT.CORRECTNESS : EXIT.PASS;
}

export async function runBenchCommand(raw: Record<string, unknown>, io: BenchIo): Promise<number> {
  const o = raw as unknown as BenchCliOptions;
  if (o.target === undefined && o.timeout !== undefined) throw new UsageError('--timeout applies with --target <spec> only');
  if (o.target !== undefined && (o.updateCounts || o.suite !== 'engine'))
    throw new UsageError(`--target times targets beside the engine suite: not with ${o.updateCounts ? '--update-counts' : `--suite ${o.suite}`}`);
  if (o.updateCounts) return updateCounts(o, io);
  if (o.suite !== 'engine') return suiteCommand(o, io);
  if (o.target !== undefined) return targetBenchCommand(o, io);
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
  const pairsJson = JSON.stringify({ n: o.pairsN, pairs, report: pairRep }, null, 2) + '\n';
  const [pairsPath, htmlPath] = writeAll(o.out, { 'pairs.json': pairsJson, 'report.html': await renderHtml(rep, pairs) });
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
