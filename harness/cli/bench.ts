/**
 * `stepwise-msm bench`: the bench harness's views (bench/run.ts, bench/gate-sets.ts) plus its
 * peers in one run, then every pair of steps (with the single steps and "none") at --pairs-n
 * in a second run for the interaction view. Writes <out>/bench.json, bench.md (the harness's
 * reports), pairs.json and report.html (Vega-Lite charts rendered to SVG).
 *
 * `--update-baseline` instead re-measures the regression baseline (the gate sets of `gate` at
 * --baseline-n) and rewrites the baseline file.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { GATES, NO_GATES } from '../../src/index.js';
import { runBench, type BenchConfig, type BenchReport } from '../bench/run.js';
import { gateSetsFor, parseViews, type GateSetSpec, type ViewName } from '../bench/gate-sets.js';
import { PEERS } from '../bench/peers.js';
import { toMarkdown, writeReports } from '../bench/report.js';
import { writeBaseline, type BaselineFile } from './baseline.js';
import { type CurveFlag } from './cases.js';
import { EXIT, UsageError } from './errors.js';
import { FAMILIES, gateSetsOf } from './gate-sets.js';
import { renderHtml, type PairPoint } from './html-report.js';
import { measureSets } from './measure.js';
import { makeProgress } from './progress.js';
import type { Io } from './main.js';

export interface BenchCliOptions {
  curve: CurveFlag;
  sizes: string;
  views: string;
  pairsN: number;
  time: number;
  iterations: number;
  peers?: string;
  seed?: number;
  out: string;
  updateBaseline: boolean;
  baseline: string;
  baselineN: number;
  baselineRounds: number;
}

export function parseSizeList(spec: string): number[] {
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

/** Gate records with exactly the given gates on. */
function only(ids: string[]): Record<string, boolean> {
  const g: Record<string, boolean> = { ...NO_GATES };
  for (const id of ids) g[id] = true;
  return g;
}

export function pairSets(): GateSetSpec[] {
  const gs = [...GATES].sort((a, b) => a.step - b.step);
  const sets: GateSetSpec[] = [{ label: 'none', gates: only([]), views: [], aliases: [], baseline: true }];
  for (const g of gs) sets.push({ label: `only ${g.id}`, gates: only([g.id]), views: [], aliases: [], baseline: false });
  for (let i = 0; i < gs.length; i++)
    for (let j = i + 1; j < gs.length; j++) sets.push({ label: `${gs[i].id} + ${gs[j].id}`, gates: only([gs[i].id, gs[j].id]), views: [], aliases: [], baseline: false });
  return sets;
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

async function updateBaseline(o: BenchCliOptions, io: Io): Promise<number> {
  const sets = gateSetsOf(FAMILIES);
  const progress = makeProgress({ label: 'baseline', total: (sets.length + 1) * o.baselineRounds });
  let k = 0;
  io.err(`[baseline] measuring ${sets.length} gate sets on ${o.curve} n = ${o.baselineN}, ${o.baselineRounds} round(s) of ${o.time} ms / ≥ ${o.iterations} iterations each\n`);
  const res = await measureSets(sets, {
    curve: o.curve,
    n: o.baselineN,
    time: o.time,
    iterations: o.iterations,
    rounds: o.baselineRounds,
    seed: o.seed,
    log: (line) => progress.update(++k, line),
  });
  progress.stop();
  if (res.failed.length) {
    io.out(`## baseline NOT written: ${res.failed.length} gate set(s) gave a wrong result or threw\n\n${res.failed.map((f) => `- ${f.name}: ${f.note}`).join('\n')}\n`);
    return EXIT.CORRECTNESS;
  }
  const b: BaselineFile = {
    version: 1,
    curve: o.curve,
    n: o.baselineN,
    seed: o.seed ?? 0x5eed,
    created: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'unknown'}, Node ${process.version}, load avg ${os.loadavg().map((x) => x.toFixed(2)).join('/')}`,
    note: 'ratio = median / median of gate set "none" in the same run (median over rounds); mulTotal = field mul + sqr per MSM (deterministic). Rewrite with `stepwise-msm bench --update-baseline`.',
    sets: {},
  };
  for (const m of res.measured) {
    if (m.ratio === null || m.medianMs === null) continue;
    b.sets[m.key] = { name: m.name, gates: m.gates, ratio: Math.round(m.ratio * 10000) / 10000, mulTotal: m.mulTotal, medianMs: Math.round(m.medianMs * 1000) / 1000 };
  }
  mkdirSync(path.dirname(path.resolve(o.baseline)), { recursive: true });
  writeBaseline(o.baseline, b);
  const L = [`## baseline written: ${o.baseline} (${o.curve}, n = ${o.baselineN})`, '', '| gate set | key | ratio | field mul | median ms |', '|---|---|---:|---:|---:|'];
  for (const [key, e] of Object.entries(b.sets)) L.push(`| ${e.name} | ${key} | ${e.ratio.toFixed(3)} | ${e.mulTotal ?? '–'} | ${e.medianMs.toFixed(2)} |`);
  io.out(L.join('\n') + '\n');
  return EXIT.PASS;
}

export async function runBenchCommand(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = raw as unknown as BenchCliOptions;
  if (o.updateBaseline) return updateBaseline(o, io);
  const sizes = parseSizeList(o.sizes);
  let views: ViewName[];
  try {
    views = parseViews(o.views);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const peers = peerList(o.peers);
  const sets = gateSetsFor(views);
  const progress = makeProgress({ label: 'bench', total: sizes.length * (sets.length + (peers?.length ?? PEERS.length)) + (o.pairsN ? pairSets().length : 0) });
  let k = 0;
  const log = (line: string) => {
    if (/: [\d.]+ ms|WRONG|n\/a|not benchmarked|skipped|error/.test(line)) k++;
    progress.update(k, line);
  };
  const config: BenchConfig = { curve: o.curve, sizes, views, time: o.time, iterations: o.iterations, peers, seed: o.seed, log };
  const rep = await runBench(config);
  let pairRep: BenchReport | null = null;
  let pairs: PairPoint[] = [];
  if (o.pairsN > 0 && GATES.length >= 2) {
    progress.log(`interaction view: ${pairSets().length} gate sets at n = ${o.pairsN}`);
    pairRep = await runBench({ curve: o.curve, sizes: [o.pairsN], gateSets: pairSets(), time: o.time, iterations: o.iterations, peers: [], seed: o.seed, count: false, log });
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
