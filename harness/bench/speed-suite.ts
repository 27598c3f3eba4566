/**
 * The speed table: `stepwise-msm bench --suite speed` (also `npm run bench:speed`, which writes
 * docs/speed.md). Everything is measured in ONE run and every ratio is of two medians of that run
 * (this machine is shared: absolute times drift with the load, which the header reports at start
 * and end). The goals and how a row is judged: speed-goals.ts; what limits a missed goal:
 * speed-limits.ts; the cold-start processes: speed-cold.ts; the peers: peers.ts.
 *
 * The run is a list of sections (`SPEED_SECTIONS` below, in run order), each a measuring function
 * over one shared SpeedRun (speed-run.ts) that writes its rows of the report: the MSM and KZG rows
 * in speed-rows.ts, the rest here; the Markdown and HTML: speed-run.ts as well. Every result, ours
 * and the peers', is checked before it is timed; a peer that is not installed, fails to load or
 * disagrees shows n/a with the reason and never stops the run.
 *
 *   stepwise-msm bench --suite speed                 (everything)
 *   stepwise-msm bench --suite speed --quick         (small stand-in sizes, no KZG, no cold start:
 *                                                     a smoke run; every goal n/a)
 *   stepwise-msm bench --suite speed --docs docs/speed.md   (also writes the Markdown there)
 *   options: --rounds (default 3), --seed, --out (speed.md, speed.json, speed.html), --large
 *            (--large also measures the peak RSS of a forced 65536-point table: a long build)
 */
import os from 'node:os';
import { msm } from '../../src/index.js';
import { measureColdStart, spawnBenchChild, type ColdResult } from './speed-cold.js';
import { limitRows, modelLimit, mulText, wasmMulOps } from './speed-limits.js';
import { g1Section, g2Section, kzgSection, prepareThreshold, smallN } from './speed-rows.js';
import { fmtMs, fmtR, newRun, ONE, outsideWasmShare, type SpeedOptions, type SpeedReport, type SpeedRun } from './speed-run.js';
import { speedGoals } from './speed-goals.js';
import { measureFpMul } from './wasm-suite.js';
import { measureMulSplit } from './mul-split.js';

export { GOAL_MEASURES } from './speed-goals.js';
export type { SpeedOptions, SpeedReport } from './speed-run.js';
export { coldRows, speedG2Sizes, speedHtml, speedMarkdown, speedSizes } from './speed-run.js';

/** Peak RSS of one MSM in a child process (speed-child.ts) as the report shows it, or "n/a: why". */
function childRss(n: number, mode: string, seed: number): string {
  const r = spawnBenchChild('speed-child', [String(n), mode, String(seed)], 30 * 60_000);
  if (r.status !== 0) return `n/a: child exited ${r.status ?? r.signal}: ${(r.stderr || '').trim().split('\n').slice(-1)[0]}`;
  let x: { maxRssKB: number; rssInputsKB: number; msmMs: number; prepareMs: number; tableBytes: number };
  try {
    x = JSON.parse(r.stdout.trim().split('\n').pop()!);
    if (!(x as { ok?: boolean }).ok) return 'n/a: child: wrong MSM result';
  } catch (e) {
    return `n/a: child output unreadable: ${(e as Error).message}`;
  }
  return `${(x.maxRssKB / 1024).toFixed(0)} MB (${(x.rssInputsKB / 1024).toFixed(0)} MB after the inputs; table ${(x.tableBytes / 2 ** 20).toFixed(1)} MB, prepare ${fmtMs(x.prepareMs)} ms, one MSM ${fmtMs(x.msmMs)} ms)`;
}

/** Cold start: fresh processes, first (the parent is still light). */
async function coldStart(r: SpeedRun): Promise<void> {
  const coldRuns = r.opts.coldRuns ?? 5;
  if (!r.opts.quick && coldRuns > 0) {
    const cold = await measureColdStart({ runs: coldRuns, seed: r.seed, profile: true }, r.log);
    r.rep.cold = cold;
    const sideOf = (s: ColdResult['ours']) =>
      typeof s === 'string' ? s : cold.disagree ? `results differ: ${cold.disagree}` : { commit: s.coldCommitMs, cells: s.coldCellsMs };
    r.measures.cold = { ours: sideOf(cold.ours), ckzg: sideOf(cold.ckzg) };
  } else if (!r.opts.quick) r.rep.cold = r.measures.cold = 'cold start skipped (0 runs)';
}

/** The built module's instruction counts and its export names (wasm frames in the profiles below). */
async function wasmModule(r: SpeedRun): Promise<void> {
  r.mulOps = await wasmMulOps();
  r.wasmNames = typeof r.mulOps === 'string' ? undefined : r.mulOps.names;
}

/** The wasm Fp multiplication: ns per call, and its split (products vs reduction); the limits' data complete. */
async function fpMul(r: SpeedRun): Promise<void> {
  r.log('[speed] Fp multiplication: wasm vs BigInt');
  const mul = await measureFpMul(Math.max(r.rounds, 5));
  r.mul = mul;
  r.rep.info.push([
    'ns per Fp multiplication',
    `BigInt ${mul.bigint.toFixed(1)}, wasm (chain in one call) ${mul.chain.toFixed(1)}, wasm one call per mul ${mul.call.toFixed(1)}; wasm ÷ BigInt ${fmtR(mul.chain / mul.bigint)}`,
  ]);
  r.log('[speed] Fp multiplication split: products vs reduction (measuring module, asc)');
  const mulSplit = measureMulSplit(Math.max(r.rounds, 5));
  r.limits = {
    kzgWhy: r.opts.quick ? '--quick: KZG rows not measured' : undefined,
    nsPerMul: { chain: mul.chain, call: mul.call, bigint: mul.bigint },
    mulOps: typeof r.mulOps === 'string' ? r.mulOps : { fmul: r.mulOps.fmul, fsqr: r.mulOps.fsqr },
    mulSplit,
    threads: r.threadsParts,
    prepare: r.prepareParts,
    ffjs: r.ffjsParts,
    g2: r.g2Parts,
    cold: r.rep.cold,
  };
  r.rep.info.push(['wasm Fp multiplication taken apart', mulText(r.limits)]);
}

/** The share outside wasm and the model's limit at the middle n (4096, or its quick stand-in), plain and prepared. */
async function modelMid(r: SpeedRun): Promise<void> {
  const { nMid, ms, wasmNames } = r;
  const limits = r.limits!;
  const chain = r.mul!.chain;
  const { inp, h, plainMuls: wasmMuls } = r.kept.get(nMid)!;
  const reps = r.opts.quick ? 3 : 10;
  r.log(`[speed] profile: ${reps} MSMs at n = ${nMid}, plain and prepared`);
  const prof = await outsideWasmShare(() => msm(inp.points, inp.scalars, ONE), reps, wasmNames);
  limits.plain = modelLimit('plain points', nMid, wasmMuls, chain, ms.get(nMid)?.plain ?? NaN, prof.summary);
  const profPrep = await outsideWasmShare(() => msm(h, inp.scalars, ONE), reps, wasmNames);
  const pm = r.prepareParts.find((p) => p.n === nMid)!;
  limits.prepared = modelLimit(
    h.tableBytes > 0 ? `prepare() handle (table, window ${h.window})` : 'prepare() handle (no table)',
    nMid,
    pm.preparedMuls,
    chain,
    ms.get(nMid)?.prepared ?? NaN,
    profPrep.summary
  );
  const { limitMs, measuredMs } = limits.plain;
  r.rep.info.push(
    [
      `model's limit at n = ${nMid}`,
      `${wasmMuls} wasm multiplications × ${chain.toFixed(1)} ns = ${fmtMs(limitMs)} ms; measured ${fmtMs(measuredMs)} ms = ${fmtR(measuredMs / limitMs)} × the limit`,
    ],
    [`time outside wasm at n = ${nMid} (V8 sampling profiler, ${prof.samples} samples)`, `${(100 * prof.share).toFixed(1)} %; largest outside: ${prof.top}`]
  );
}

/** The model's limit at the largest n, then ours vs noble there and prepare() ÷ plain per size. */
async function modelLargest(r: SpeedRun): Promise<void> {
  const { nLast, ms } = r;
  const { inp, plainMuls } = r.kept.get(nLast)!;
  r.log(`[speed] profile: ${r.opts.quick ? 2 : 1} MSM at n = ${nLast}`);
  const prof = await outsideWasmShare(() => msm(inp.points, inp.scalars, ONE), r.opts.quick ? 2 : 1, r.wasmNames);
  r.limits!.largest = modelLimit('plain points', nLast, plainMuls, r.mul!.chain, ms.get(nLast)?.plain ?? NaN, prof.summary);
  r.kept.clear();
  const big = ms.get(nLast)!;
  const worst = r.prepareParts.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  r.rep.info.push(
    [`G1 MSM n = ${nLast}, one thread ÷ noble pippenger`, `1/${fmtR(big.noble / big.plain)} (${fmtMs(big.plain)} vs ${fmtMs(big.noble)} ms)`],
    [
      'prepare() handle ÷ plain points, per size (a handle without a table runs the plain path: the same counted multiplications)',
      r.prepareParts
        .map((p) => `n = ${p.n}: ${fmtR(p.ratio)}${p.tableBytes === 0 && p.preparedMuls === p.plainMuls ? ' (no table: the same work)' : ''}`)
        .join(', ') + `; worst ${fmtR(worst.ratio)} at n = ${worst.n}`,
    ]
  );
}

/** The goals, judged from the measurements (speed-goals.ts), and what limits each. */
function judge(r: SpeedRun): void {
  r.rep.goals = speedGoals(r.measures);
  r.rep.limits = limitRows(r.rep.goals, r.limits!);
  r.rep.limitsData = r.limits;
}

/** speed-child.ts's modes with their labels (the forced table only with --large: a long build). */
const RSS_MODES = { plain: 'plain points', prepared: 'prepare() (its default decision)', table: 'prepare({ table: true }) (forced table)' };

/** Peak RSS at the largest n, one child process per measurement. */
function peakRss(r: SpeedRun): void {
  for (const [mode, label] of Object.entries(RSS_MODES).slice(0, r.opts.large ? 3 : 2)) {
    r.log(`[speed] peak RSS at n = ${r.nLast}, ${mode} (child process)`);
    r.rep.info.push([`peak RSS at n = ${r.nLast}, ${label}`, childRss(r.nLast, mode, r.seed)]);
  }
}

/** The run's sections, in run order (each fills its rows of the report; later ones read earlier ones' measurements). */
const SPEED_SECTIONS: readonly ((run: SpeedRun) => Promise<void> | void)[] = [
  coldStart,
  wasmModule,
  g1Section,
  g2Section,
  prepareThreshold,
  smallN,
  fpMul,
  modelMid,
  modelLargest,
  kzgSection,
  judge,
  peakRss,
];

/** Runs the whole table; progress lines go to `log`. */
export async function runSpeedSuite(opts: SpeedOptions, logLine: (line: string) => void = () => {}): Promise<SpeedReport> {
  const start = performance.now();
  const run = newRun(opts, logLine, start);
  for (const section of SPEED_SECTIONS) await section(run);
  run.rep.loadEnd = os.loadavg();
  run.rep.totalMs = performance.now() - start;
  return run.rep;
}
