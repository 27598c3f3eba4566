/**
 * The speed table: `stepwise-msm bench --suite speed` (also `npm run bench:speed`, which writes
 * docs/speed.md). Everything is measured in ONE run and every ratio is of two medians of that run
 * (this machine is shared: absolute times drift with the load, which the header reports at start
 * and end). The targets and how a row is judged: speed-targets.ts; what limits a missed target:
 * speed-limits.ts; the cold-start processes: speed-cold.ts; the peers: peers.ts.
 *
 *   stepwise-msm bench --suite speed                 (everything below)
 *   stepwise-msm bench --suite speed --quick         (small stand-in sizes, no KZG, no cold start:
 *                                                     a smoke run; every target n/a)
 *   stepwise-msm bench --suite speed --docs docs/speed.md   (also writes the Markdown there)
 *   options: --rounds (default 3), --seed, --out (speed.md, speed.json, speed.html), --large
 *            (--large also measures the peak RSS of a forced 65536-point table: a long build)
 *
 * Sections, in run order:
 *  - cold start (speed-cold.ts): fresh processes of ours and c-kzg alternated, 5 each: import +
 *    createKzg() / loadTrustedSetup(0), first and second commitment, first and second cells call;
 *    one more untimed process of ours profiles its first calls.
 *  - G1 MSM at n = 256, 4096, 65536 (inputs: seeded points with known logs, inputs.ts, every
 *    result checked first): ours one thread (`msm`) and on a `prepare()` handle as one pair;
 *    ours one thread and `msmAsync` with 2 threads as another pair (n ≥ 4096); at 4096 and 65536
 *    ours one thread, ffjavascript one thread, ours 2 threads and ffjavascript's worker pool as a
 *    group; ours one thread, noble's pippenger and mcl-wasm's mulVec as another. The threads are
 *    taken apart at n ≥ 4096 (speed-limits.ts `threadsBreakdown`).
 *  - G2 MSM at n = 128 and 1024: ours one thread vs mcl-wasm mulVec; the Fp2 work counted and
 *    profiled.
 *  - also measured: prepare()'s threshold (a forced table at 16384), the small-n path, the wasm
 *    Fp multiplication (and its split), the model limit and the share outside wasm at 4096 and
 *    at the largest n.
 *  - KZG on one seeded blob, ours `createKzg({ precompute: true, threads: 2 })` vs c-kzg,
 *    rust-eth-kzg and kzg-wasm: blobToKzgCommitment (ours also with 2 threads:
 *    `blobToKzgCommitmentAsync`), computeCellsAndKzgProofs, verifyBlobKzgProof. Every peer
 *    is cross-checked first (same commitment, cells and proofs; our valid proof accepted, a
 *    wrong one rejected); one that disagrees is reported, not timed.
 *  - peak RSS at the largest n, plain and with `prepare()`: one child process each (speed-child.ts).
 * A peer that is not installed or fails to load shows n/a with the reason; it never stops the run.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { G1, G2, msm, msmAsync, msmInspect, prepare, closeWorkerPool } from '../../src/index.js';
import { FIXED_BASE_MAX_N, fixedBasePays } from '../../src/optimized/prepare.js';
import { createKzg } from '../../src/kzg/index.js';
import { wasmField as wasmFieldInstance } from '../../src/optimized/wasm/backend.js';
import { blobScalars, makeBlob } from './blob.js';
import { benchInputs, DEFAULT_SEED } from './inputs.js';
import {
  closeFfjs,
  ffjsPeer1,
  ffjsPeerPool,
  KZG_PEERS,
  kzgPeerCheck,
  loadKzgWasm,
  mclPeer,
  noblePeer,
  peerCheck,
  type KzgOps,
  type PeerLoaded,
} from './peers.js';
import { fmtFixed, fmtMs as fmtMsWith, hexOf } from '../format.js';
import { timeOnce, timeRounds } from './rounds.js';
import { measureColdStart } from './speed-cold.js';
import { measureFpMul } from './wasm-suite.js';
import { measureMulSplit } from './mul-split.js';
import {
  limitRows,
  limitsMarkdown,
  mulText,
  modelLimit,
  sampleProfile,
  summarizeProfile,
  sharesText,
  threadsBreakdown,
  wasmMulOps,
  type ColdResult,
  type G2Limit,
  type LimitRow,
  type LimitsData,
  type ThreadsBreakdown,
} from './speed-limits.js';
import { speedTargets, TARGET_MEASURES, TARGETS, type G1Measures, type Ms, type SpeedMeasures, type TargetRow } from './speed-targets.js';

export { TARGET_MEASURES, TARGETS, type TargetRow };

export interface SpeedOptions {
  quick: boolean;
  rounds: number;
  seed?: number;
  large: boolean;
  /** Fresh processes per library in the cold-start table (default 5; 0 skips it). */
  coldRuns?: number;
}

/** The columns of the time table: id and heading. */
export const TIME_COLUMNS = [
  ['ours', 'stepwise-msm 1 thread'],
  ['prepared', 'stepwise-msm prepare() handle'],
  ['threads', 'stepwise-msm 2 threads'],
  ['ckzg', 'c-kzg 4.1.0 (native)'],
  ['rust', 'rust-eth-kzg (native)'],
  ['kzgWasm', 'kzg-wasm 1.0.0'],
  ['ffjs', 'ffjavascript 0.3.1 1 thread'],
  ['ffjsPool', 'ffjavascript pool'],
  ['mcl', 'mcl-wasm 2.4.1'],
  ['noble', 'noble'],
] as const;
export type TimeCol = (typeof TIME_COLUMNS)[number][0];

/** One row of the time table (ms): a column absent does not apply to the row; NaN = not available (reason in `notes`). */
export interface TimeRow {
  work: string;
  cols: Partial<Record<TimeCol, number>>;
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
  /** G2 sizes (128 and 1024; --quick: 16 and 64). */
  g2Sizes: number[];
  /** The cold-start table, or why it was not measured. */
  cold: ColdResult | string;
  times: TimeRow[];
  targets: TargetRow[];
  info: [string, string][];
  /** What limits each target (one row per target, same order; "met" for met ones). */
  limits: LimitRow[];
  /** The measurements the limits rows are made of. */
  limitsData?: LimitsData;
  /** How long the whole run took (ms). */
  totalMs: number;
}

/** The sizes of a run: 256 / 4096 / 65536, or 16 / 64 / 256 with --quick (64 and 256 stand for 4096 and 65536). */
export function speedSizes(quick: boolean): number[] {
  return quick ? [16, 64, 256] : [256, 4096, 65536];
}

/** The G2 sizes: 128 and 1024, or 16 and 64 with --quick. */
export function speedG2Sizes(quick: boolean): number[] {
  return quick ? [16, 64] : [128, 1024];
}

const fmtMs = (x: number | undefined) => fmtMsWith(x, { fine: 1 });
const fmtR = (x: number) => fmtFixed(x);

/** A group's median for `k`, or `why` when the task was not in the group. */
const got = (t: Map<string, number>, k: string, why: string): Ms => t.get(k) ?? why;

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

/** A peer loaded and checked on one input: its timed task, or why it is not timed. */
async function peerTask(loaded: PeerLoaded | string, name: string, points: readonly unknown[], scalars: readonly bigint[], expected: unknown) {
  if (typeof loaded === 'string') return `${name} n/a: ${loaded}`;
  try {
    const p = loaded.prepare(points as any[], scalars, expected);
    const why = await peerCheck(p);
    return why === undefined ? p.run : `${name}: ${why}`;
  } catch (e) {
    return `${name}: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** Runs the whole table; progress lines go to `log`. */
export async function runSpeedSuite(opts: SpeedOptions, logLine: (line: string) => void = () => {}): Promise<SpeedReport> {
  const start = performance.now();
  const log = (line: string) => logLine(line.replace(/^\[speed\]/, `[speed +${((performance.now() - start) / 1000).toFixed(0)} s]`));
  const seed = opts.seed ?? DEFAULT_SEED;
  const rounds = opts.rounds;
  const sizes = speedSizes(opts.quick);
  const g2Sizes = speedG2Sizes(opts.quick);
  const quickWhy = opts.quick ? '--quick' : undefined;
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
    g2Sizes,
    cold: '--quick',
    times: [],
    targets: [],
    info: [],
    limits: [],
    totalMs: NaN,
  };
  const nMid = sizes[1];
  const nLast = sizes[sizes.length - 1];
  const unmeasured = (n: number): G1Measures => ({
    n,
    plain: 'not measured',
    ffjs: 'not measured',
    threads: 'not measured',
    ffjsPool: 'not measured',
    pairPlain: 'not measured',
    pairThreads: 'not measured',
    onePlain: 'not measured',
  });
  const measures: SpeedMeasures = {
    quick: quickWhy,
    g1: { mid: unmeasured(nMid), large: unmeasured(nLast) },
    g2: { small: { n: g2Sizes[0], ours: 'not measured', mcl: 'not measured' }, large: { n: g2Sizes[1], ours: 'not measured', mcl: 'not measured' } },
    cold: '--quick: cold start not measured',
    kzg: '--quick: KZG rows not measured',
  };
  const threadsParts: ThreadsBreakdown[] = [];
  const prepareParts: LimitsData['prepare'] = [];
  const ffjsParts: NonNullable<LimitsData['ffjs']> = [];
  const g2Parts: G2Limit[] = [];
  const kept = new Map<number, { inp: ReturnType<typeof benchInputs<any>>; h: ReturnType<typeof prepare>; plainMuls: number }>();
  const ONE = { gates: { workers: false } };
  const THREADS = { gates: { workers: true }, threads: 2 };
  const W = wasmFieldInstance(G1.Fp.ORDER);

  // ---- cold start: fresh processes, first (the parent is still light) ----
  const coldRuns = opts.coldRuns ?? 5;
  if (!opts.quick && coldRuns > 0) {
    const cold = await measureColdStart({ runs: coldRuns, seed, profile: true }, log);
    rep.cold = cold;
    const sideOf = (s: ColdResult['ours']) =>
      typeof s === 'string' ? s : cold.disagree ? `results differ: ${cold.disagree}` : { commit: s.coldCommitMs, cells: s.coldCellsMs };
    measures.cold = { ours: sideOf(cold.ours), ckzg: sideOf(cold.ckzg) };
  } else if (!opts.quick) rep.cold = measures.cold = 'cold start skipped (0 runs)';

  // the built module's instruction counts and its export names (wasm frames in the profiles below)
  const mulOps = await wasmMulOps();
  const wasmNames = typeof mulOps === 'string' ? undefined : mulOps.names;

  // ---- G1 MSM at each n ----
  const noble = await noblePeer.load(G1);
  const mcl = await mclPeer.load(G1);
  const ff1 = await ffjsPeer1.load(G1);
  const ffPool = await ffjsPeerPool.load(G1);
  const poolThreads = typeof ffPool === 'string' ? undefined : ffPool.threads;
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
    const plainTask: [string, () => unknown] = ['plain', () => msm(inp.points, inp.scalars, ONE)];
    const notes: string[] = [];
    const big = n >= 4096 || (opts.quick && n === nLast);
    const role = n === nMid ? 'mid' : n === nLast ? 'large' : undefined;
    const threadsTask: [string, () => unknown] = ['threads', () => msmAsync(inp.points, inp.scalars, THREADS)];
    if (big) {
      const r = await msmAsync(inp.points, inp.scalars, THREADS);
      if (!(r as any).equals(inp.expected)) throw new Error(`speed: threads give a wrong result at n = ${n}`);
    }
    // peers, each checked on these inputs before it is timed
    const nobleRun = await peerTask(noble, 'noble', inp.points, inp.scalars, inp.expected);
    const mclRun = await peerTask(mcl, 'mcl-wasm', inp.points, inp.scalars, inp.expected);
    const ffRun = role ? await peerTask(ff1, 'ffjavascript', inp.points, inp.scalars, inp.expected) : undefined;
    const poolRun = role && big ? await peerTask(ffPool, 'ffjavascript pool', inp.points, inp.scalars, inp.expected) : undefined;
    for (const r of [nobleRun, mclRun, ffRun, poolRun]) if (typeof r === 'string') notes.push(r);
    const withPeer = (k: string, r: (() => unknown) | string | undefined): [string, () => unknown][] => (typeof r === 'function' ? [[k, r]] : []);
    log(`[speed] G1 MSM n = ${n}: timing`);
    // timing groups: a target's two sides are always in one group; noble's garbage and the
    // pools' threads do not fall inside the ours-vs-ours pairs
    const large = n >= 65536;
    const pairRounds = large ? Math.min(rounds, 2) : n >= 4096 ? Math.max(rounds, 5) : Math.max(rounds, 7);
    const pair = await timeRounds([plainTask, ['prepared', () => msm(h, inp.scalars, ONE)]], pairRounds);
    const threadsPair = big ? await timeRounds([plainTask, threadsTask], pairRounds) : new Map<string, number>();
    const ffGroup = role
      ? await timeRounds(
          [plainTask, ...withPeer('ffjs', ffRun), ...(big ? [threadsTask] : []), ...withPeer('ffjsPool', poolRun)],
          large ? Math.min(rounds, 2) : opts.quick ? rounds : Math.max(rounds, 5)
        )
      : new Map<string, number>();
    const rest = await timeRounds([plainTask, ...withPeer('noble', nobleRun), ...withPeer('mcl', mclRun)], large ? Math.min(rounds, 2) : rounds);
    const why = (r: unknown, name: string) => (typeof r === 'string' ? r : `${name} not timed`);
    notes.push(
      h.tableBytes > 0
        ? `prepare: window ${h.window}, ${(h.tableBytes / 2 ** 20).toFixed(1)} MB table, built in ${fmtMs(prepMs)} ms`
        : `prepare: no table at this n (plain path)`
    );
    if (role && poolThreads !== undefined) notes.push(`ffjavascript pool: ${poolThreads} workers`);
    rep.times.push({
      work: `G1 MSM n = ${n}`,
      cols: {
        ours: pair.get('plain'),
        prepared: pair.get('prepared'),
        ...(big ? { threads: threadsPair.get('threads') } : {}),
        ...(role ? { ffjs: ffGroup.get('ffjs') ?? NaN } : {}),
        ...(role && big ? { ffjsPool: ffGroup.get('ffjsPool') ?? NaN } : {}),
        mcl: rest.get('mcl') ?? NaN,
        noble: rest.get('noble') ?? NaN,
      },
      notes,
    });
    if (role) {
      measures.g1[role] = {
        n,
        plain: got(ffGroup, 'plain', 'not timed'),
        ffjs: got(ffGroup, 'ffjs', why(ffRun, 'ffjavascript')),
        threads: got(ffGroup, 'threads', `threads not measured at n = ${n}`),
        ffjsPool: got(ffGroup, 'ffjsPool', big ? why(poolRun, 'ffjavascript pool') : `threads not measured at n = ${n}`),
        pairPlain: got(threadsPair, 'plain', `threads not measured at n = ${n}`),
        pairThreads: got(threadsPair, 'threads', `threads not measured at n = ${n}`),
        onePlain: got(pair, 'plain', 'not timed'),
      };
      ffjsParts.push({
        n,
        oursMs: ffGroup.get('plain') ?? NaN,
        ffjsMs: ffGroup.get('ffjs') ?? NaN,
        threadsMs: ffGroup.get('threads'),
        poolMs: ffGroup.get('ffjsPool'),
        poolThreads,
      });
    }
    ms.set(n, { plain: pair.get('plain')!, prepared: pair.get('prepared')!, noble: rest.get('noble') ?? NaN });
    prepareParts.push({
      n,
      ratio: pair.get('prepared')! / pair.get('plain')!,
      plainMuls: muls.plain,
      preparedMuls: muls.prepared,
      tableBytes: h.tableBytes,
      window: h.window,
    });
    if (n === nMid || n === nLast) kept.set(n, { inp, h, plainMuls: muls.plain });
    if (big) {
      log(`[speed] G1 MSM n = ${n}: threads breakdown (msmAsync taken apart)`);
      threadsParts.push(await threadsBreakdown(inp.points, inp.scalars, 2, large ? 1 : 3));
    }
  }
  await closeFfjs();
  await closeWorkerPool();

  // ---- G2 MSM vs mcl-wasm ----
  const mcl2 = await mclPeer.load(G2);
  for (const [k, n] of [
    ['small', g2Sizes[0]],
    ['large', g2Sizes[1]],
  ] as const) {
    log(`[speed] G2 MSM n = ${n}: ours vs mcl-wasm`);
    const inp = benchInputs<any>(G2, n, seed);
    const ours = () => msm(inp.points, inp.scalars, ONE);
    const m0 = W.mulCount();
    if (!(ours() as any).equals(inp.expected)) throw new Error(`speed: ours gives a wrong G2 result at n = ${n}`);
    const wasmMuls = W.mulCount() - m0;
    const mclRun = await peerTask(mcl2, 'mcl-wasm', inp.points, inp.scalars, inp.expected);
    const t = await timeRounds(
      [['ours', ours], ...(typeof mclRun === 'function' ? [['mcl', mclRun] as [string, () => unknown]] : [])],
      opts.quick ? rounds : Math.max(rounds, 5)
    );
    const counted = msmInspect(inp.points, inp.scalars, { ...ONE, count: true });
    const profile = summarizeProfile(await sampleProfile(ours, opts.quick ? 1 : 5), { top: 8, wasmNames });
    g2Parts.push({ n, ms: t.get('ours')!, mclMs: t.get('mcl'), fieldOps: counted.counts!.mulTotal, wasmMuls, profile });
    measures.g2[k] = { n, ours: t.get('ours')!, mcl: got(t, 'mcl', typeof mclRun === 'string' ? mclRun : 'mcl-wasm not timed') };
    rep.times.push({ work: `G2 MSM n = ${n}`, cols: { ours: t.get('ours'), mcl: t.get('mcl') ?? NaN }, notes: typeof mclRun === 'string' ? [mclRun] : [] });
  }

  // ---- prepare threshold: a forced table above FIXED_BASE_MAX_N, timed and profiled ----
  const nT = opts.quick ? nLast : 16384;
  {
    log(`[speed] prepare threshold: n = ${nT}, prepare({ table: true }) vs plain`);
    const inp = benchInputs<any>(G1, nT, seed);
    const t0 = performance.now();
    const h = prepare(inp.points, { table: true });
    const buildMs = performance.now() - t0;
    if (!(msm(h, inp.scalars, ONE) as any).equals(inp.expected)) throw new Error(`speed: forced table gives a wrong result at n = ${nT}`);
    const t = await timeRounds(
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
      const t = await timeRounds(
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
    `BigInt ${mul.bigint.toFixed(1)}, wasm (chain in one call) ${mul.chain.toFixed(1)}, wasm one call per mul ${mul.call.toFixed(1)}; wasm ÷ BigInt ${fmtR(mul.chain / mul.bigint)}`,
  ]);

  log('[speed] Fp multiplication split: products vs reduction (measuring module, asc)');
  const mulSplit = measureMulSplit(Math.max(rounds, 5));
  const limitsData: LimitsData = {
    kzgWhy: opts.quick ? '--quick: KZG rows not measured' : undefined,
    nsPerMul: { chain: mul.chain, call: mul.call, bigint: mul.bigint },
    mulOps: typeof mulOps === 'string' ? mulOps : { fmul: mulOps.fmul, fsqr: mulOps.fsqr },
    mulSplit,
    threads: threadsParts,
    prepare: prepareParts,
    ffjs: ffjsParts,
    g2: g2Parts,
    cold: rep.cold,
  };
  rep.info.push(['wasm Fp multiplication taken apart', mulText(limitsData)]);

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
  }
  {
    const { inp, plainMuls } = kept.get(nLast)!;
    log(`[speed] profile: ${opts.quick ? 2 : 1} MSM at n = ${nLast}`);
    const prof = await outsideWasmShare(() => msm(inp.points, inp.scalars, ONE), opts.quick ? 2 : 1, wasmNames);
    limitsData.largest = modelLimit('plain points', nLast, plainMuls, mul.chain, ms.get(nLast)?.plain ?? NaN, prof.summary);
  }
  kept.clear();
  {
    const big = ms.get(nLast)!;
    const worst = prepareParts.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    rep.info.push(
      [`G1 MSM n = ${nLast}, one thread ÷ noble pippenger`, `1/${fmtR(big.noble / big.plain)} (${fmtMs(big.plain)} vs ${fmtMs(big.noble)} ms)`],
      [
        'prepare() handle ÷ plain points, per size (a handle without a table runs the plain path: the same counted multiplications)',
        prepareParts
          .map((p) => `n = ${p.n}: ${fmtR(p.ratio)}${p.tableBytes === 0 && p.preparedMuls === p.plainMuls ? ' (no table: the same work)' : ''}`)
          .join(', ') + `; worst ${fmtR(worst.ratio)} at n = ${worst.n}`,
      ]
    );
  }

  // ---- KZG ----
  if (!opts.quick) {
    const { blob } = makeBlob(seed);
    log('[speed] KZG: createKzg({ precompute: true, threads: 2 }), first calls, our results');
    const pre = createKzg({ precompute: true, threads: 2 });
    let oursCells: [Uint8Array[], Uint8Array[]] = [[], []];
    const firstCellsPre = await timeOnce(() => (oursCells = pre.computeCellsAndKzgProofs(blob)));
    const commitment = pre.blobToKzgCommitment(blob);
    const proof = pre.computeBlobKzgProof(blob, commitment);
    if (!pre.verifyBlobKzgProof(blob, commitment, proof) || pre.verifyBlobKzgProof(blob, commitment, commitment))
      throw new Error('speed: our own blob proof verification disagrees with itself');
    const want = { commitment: hexOf(commitment), cells: oursCells[0].map(hexOf), proofs: oursCells[1].map(hexOf) };
    const tasks = {
      commit: [['ours', () => pre.blobToKzgCommitment(blob)]],
      cells: [['ours', () => pre.computeCellsAndKzgProofs(blob)]],
      verify: [['ours', () => pre.verifyBlobKzgProof(blob, commitment, proof)]],
    } as Record<'commit' | 'cells' | 'verify', [string, () => unknown][]>;
    const peerNotes: string[] = [];
    const peerWhy = new Map<string, string>();
    for (const p of KZG_PEERS) {
      log(`[speed] KZG: loading and checking ${p.id}`);
      const make = await p.load();
      let why: string | undefined;
      let ops: KzgOps | undefined;
      if (typeof make === 'string') why = make;
      else {
        ops = make(blob, commitment, proof, commitment);
        why = kzgPeerCheck(ops, want);
        if (why) why = `${p.id} disagrees with ours, not timed: ${why}`;
      }
      if (why !== undefined || !ops) {
        peerNotes.push(why ?? `${p.id} n/a`);
        peerWhy.set(p.id, why ?? `${p.id} n/a`);
        continue;
      }
      tasks.commit.push([p.id, ops.commit]);
      tasks.cells.push([p.id, ops.cells]);
      tasks.verify.push([p.id, ops.verify]);
    }
    const kw = await loadKzgWasm().catch((e: Error) => e.message);
    if (typeof kw !== 'string')
      rep.info.push(['kzg-wasm loadKZG() (wasm instantiation + the mainnet setup, precompute 0), once in this process', `${fmtMs(kw.loadMs)} ms`]);
    // the commitment with 2 threads: blobToKzgCommitmentAsync of the same instance (createKzg({ threads: 2 }))
    if (hexOf(await pre.blobToKzgCommitmentAsync(blob)) !== want.commitment)
      throw new Error('speed: blobToKzgCommitmentAsync differs from blobToKzgCommitment');
    tasks.commit.push(['threads', () => pre.blobToKzgCommitmentAsync(blob)]);
    log('[speed] KZG: timing blobToKzgCommitment');
    const tc = await timeRounds(tasks.commit, Math.max(rounds, 5));
    log('[speed] KZG: timing computeCellsAndKzgProofs');
    const tcell = await timeRounds(tasks.cells, rounds);
    log('[speed] KZG: timing verifyBlobKzgProof');
    const tv = await timeRounds(tasks.verify, Math.max(rounds, 5));
    limitsData.commitAsyncMs = tc.get('threads');
    // ---- what limits the KZG rows: counted and profiled on the same instance and blob ----
    log('[speed] KZG limits: commitment counted and profiled, threads taken apart, one cells call profiled');
    const c0 = W.mulCount();
    pre.blobToKzgCommitment(blob);
    const commitMuls = W.mulCount() - c0;
    const commitProf = summarizeProfile(await sampleProfile(() => pre.blobToKzgCommitment(blob), 5), { top: 8, wasmNames });
    limitsData.commitment = modelLimit('blobToKzgCommitment (setup prepared)', 4096, commitMuls, mul.chain, tc.get('ours')!, commitProf);
    // its MSM taken apart: msmAsync over a prepare() handle of the same bases (the same table the instance shares with its workers)
    limitsData.commitThreads = await threadsBreakdown(prepare(pre.setup.g1LagrangeBrp), blobScalars(blob), 2, 3);
    const cellsProfile = summarizeProfile(await sampleProfile(() => pre.computeCellsAndKzgProofs(blob), 1), {
      top: 8,
      phaseUrl: /\/kzg\//,
      phaseDepth: 2,
      wasmNames,
    });
    limitsData.cells = { ms: tcell.get('ours')!, profile: cellsProfile };
    limitsData.ckzgCommitMs = tc.get('c-kzg');
    limitsData.ckzgCellsMs = tcell.get('c-kzg');
    limitsData.kzgWasmCommitMs = tc.get('kzg-wasm');
    limitsData.kzgWasmCellsMs = tcell.get('kzg-wasm');
    await closeWorkerPool();
    const peerMs = (t: Map<string, number>, id: string): Ms => t.get(id) ?? peerWhy.get(id) ?? `${id} not timed`;
    measures.kzg = {
      commit: tc.get('ours')!,
      cells: tcell.get('ours')!,
      commitThreads: tc.get('threads')!,
      ckzgCommit: peerMs(tc, 'c-kzg'),
      ckzgCells: peerMs(tcell, 'c-kzg'),
      kzgWasmCommit: peerMs(tc, 'kzg-wasm'),
      kzgWasmCells: peerMs(tcell, 'kzg-wasm'),
    };
    const peerCols = (t: Map<string, number>) => ({ ckzg: t.get('c-kzg') ?? NaN, rust: t.get('rust-eth-kzg') ?? NaN, kzgWasm: t.get('kzg-wasm') ?? NaN });
    rep.times.push(
      {
        work: 'blobToKzgCommitment',
        cols: { ours: tc.get('ours'), threads: tc.get('threads'), ...peerCols(tc) },
        notes: [
          'ours: createKzg({ precompute: true, threads: 2 }) (setup prepared); 1 thread: blobToKzgCommitment; 2 threads: blobToKzgCommitmentAsync',
          ...peerNotes,
        ],
      },
      { work: 'computeCellsAndKzgProofs', cols: { ours: tcell.get('ours'), ...peerCols(tcell) }, notes: [`ours steady (median of ${rounds})`] },
      { work: 'verifyBlobKzgProof', cols: { ours: tv.get('ours'), ...peerCols(tv) }, notes: [] }
    );
    rep.info.push(
      ['createKzg({ precompute: true }) cost', `${fmtMs(pre.precomputeMs)} ms (FK20 table and the fixed-base tables of the setup)`],
      [
        'first computeCellsAndKzgProofs after createKzg({ precompute: true }) ÷ steady',
        `${fmtR(firstCellsPre / tcell.get('ours')!)} (${fmtMs(firstCellsPre)} vs ${fmtMs(tcell.get('ours'))} ms)`,
      ]
    );
  } else
    rep.times.push(
      ...['blobToKzgCommitment', 'computeCellsAndKzgProofs', 'verifyBlobKzgProof'].map((work) => ({
        work,
        cols: { ours: NaN },
        notes: ['--quick: KZG rows not measured'],
      }))
    );

  // ---- the targets, judged from the measurements (speed-targets.ts) ----
  rep.targets = speedTargets(measures);
  rep.limits = limitRows(rep.targets, limitsData);
  rep.limitsData = limitsData;

  // ---- peak RSS, one child per measurement ----
  const rssModes: ('plain' | 'prepared' | 'table')[] = opts.large ? ['plain', 'prepared', 'table'] : ['plain', 'prepared'];
  for (const mode of rssModes) {
    log(`[speed] peak RSS at n = ${nLast}, ${mode} (child process)`);
    const r = childRss(nLast, mode, seed);
    const label = mode === 'plain' ? 'plain points' : mode === 'prepared' ? 'prepare() (its default decision)' : 'prepare({ table: true }) (forced table)';
    rep.info.push([
      `peak RSS at n = ${nLast}, ${label}`,
      typeof r === 'string'
        ? `n/a: ${r}`
        : `${(r.maxRssKB / 1024).toFixed(0)} MB (${(r.rssInputsKB / 1024).toFixed(0)} MB after the inputs; table ${(r.tableBytes / 2 ** 20).toFixed(1)} MB, prepare ${fmtMs(r.prepareMs)} ms, one MSM ${fmtMs(r.msmMs)} ms)`,
    ]);
  }
  rep.loadEnd = os.loadavg();
  rep.totalMs = performance.now() - start;
  return rep;
}

/** The cold-start table's rows: [what, ours, c-kzg, ours ÷ c-kzg] (ms as printed). */
export function coldRows(cold: ColdResult | string): string[][] {
  if (typeof cold === 'string') return [];
  const o = typeof cold.ours === 'string' ? undefined : cold.ours;
  const k = typeof cold.ckzg === 'string' ? undefined : cold.ckzg;
  const row = (what: string, f: (s: NonNullable<typeof o>) => number) => {
    const a = o ? f(o) : NaN;
    const b = k ? f(k) : NaN;
    return [what, fmtMs(a), fmtMs(b), fmtR(a / b)];
  };
  return [
    row('import + createKzg() / c-kzg load + loadTrustedSetup(0)', (s) => s.createMs),
    row('first blobToKzgCommitment', (s) => s.commitMs),
    row('first computeCellsAndKzgProofs', (s) => s.cellsMs),
    row('cold commitment: import + create + first commitment (per process)', (s) => s.coldCommitMs),
    row('cold cells: the same + first cells call (per process)', (s) => s.coldCellsMs),
    row('second blobToKzgCommitment (same process)', (s) => s.commit2Ms),
    row('third blobToKzgCommitment (same process)', (s) => s.commit3Ms),
    row('second computeCellsAndKzgProofs (same process)', (s) => s.cells2Ms),
    row('third computeCellsAndKzgProofs (same process)', (s) => s.cells3Ms),
    row('node start → the script (boot, loader)', (s) => s.bootMs),
    row('whole process (spawn → exit)', (s) => s.wallMs),
  ];
}

const cellMs = (x: number | undefined) => (x === undefined ? '' : fmtMs(x));

/** The report as Markdown (what the command prints and docs/speed.md holds). */
export function speedMarkdown(rep: SpeedReport): string {
  const L: string[] = [];
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(' ');
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  L.push(`# Speed table${rep.quick ? ' — quick run (small stand-in sizes, no KZG, no cold start)' : ''}`);
  L.push('');
  L.push(
    `Generated by \`stepwise-msm bench --suite speed${rep.quick ? ' --quick' : ''}\` on ${rep.date}: Node ${rep.node}, ${rep.cpus} CPUs, load average ${la(rep.loadStart)} at start, ${la(rep.loadEnd)} at end; medians of ${rep.rounds} rounds or more (65536: at most 2), seed ${rep.seed}; the run took ${(rep.totalMs / 60000).toFixed(1)} min. All ratios are of medians from this one run.`
  );
  L.push('');
  L.push('## Targets (same-run ratios)');
  L.push('');
  L.push('| measure | measured | target | status | note |');
  L.push('|---|---:|---:|---|---|');
  for (const t of rep.targets) L.push(`| ${t.measure} | ${t.shown} | ${t.target} | ${t.status} | ${cell(t.note ?? '')} |`);
  L.push('');
  L.push('## Cold start (fresh processes, medians)');
  L.push('');
  if (typeof rep.cold === 'string') L.push(`Not measured: ${rep.cold}.`);
  else {
    const c = rep.cold;
    L.push(
      `Each figure is the median over ${c.runs} fresh \`node\` processes per library, ours and c-kzg's alternated; ms.${typeof c.ours === 'string' ? ` stepwise-msm n/a: ${c.ours}.` : ''}${typeof c.ckzg === 'string' ? ` c-kzg n/a: ${c.ckzg}.` : ''}${c.disagree ? ` Results differ: ${c.disagree}.` : ''}`
    );
    L.push('');
    L.push('| fresh process | stepwise-msm | c-kzg 4.1.0 (native) | ratio |');
    L.push('|---|---:|---:|---:|');
    for (const r of coldRows(c)) L.push(`| ${r.join(' | ')} |`);
  }
  L.push('');
  L.push('## Times (ms)');
  L.push('');
  L.push(`| work | ${TIME_COLUMNS.map(([, h]) => h).join(' | ')} | notes |`);
  L.push(`|---|${TIME_COLUMNS.map(() => '---:').join('|')}|---|`);
  for (const r of rep.times) L.push(`| ${r.work} | ${TIME_COLUMNS.map(([k]) => cellMs(r.cols[k])).join(' | ')} | ${cell(r.notes.join('; '))} |`);
  L.push('');
  L.push(...limitsMarkdown(rep.limits));
  L.push('## Also measured');
  L.push('');
  L.push('| what | value |');
  L.push('|---|---|');
  for (const [k, v] of rep.info) L.push(`| ${cell(k)} | ${cell(v)} |`);
  L.push('');
  L.push(
    'Methods: times are medians of alternating-order rounds in one process; the two sides of every target ratio are timed in the same group. "1 thread" is `msm` with the workers gate off; "2 threads" is `msmAsync` with the workers gate and `threads: 2` (for the commitment: `blobToKzgCommitmentAsync` of `createKzg({ threads: 2 })`); "prepare() handle" is `msm` on a `prepare(points)` handle with its default decision (no table above 4096 points). ffjavascript is `G1.multiExpAffine` on `buildBls12381(true)` (one thread) or `buildBls12381()` (its worker pool, one worker per CPU); mcl-wasm is `mulVec`; kzg-wasm is `loadKZG()` (precompute 0) with its hex-string API, inputs converted before timing; c-kzg is `loadTrustedSetup(0)`. Every peer result is checked against ours before it is timed. The cold start runs each library in fresh `node` processes (speed-cold-child.ts). The outside-wasm share is the fraction of V8 sampling-profiler samples (100 µs) not in a wasm frame (JavaScript, builtins and GC count as outside); peak RSS is `process.resourceUsage().maxRSS` of a child process that builds the inputs, optionally prepares, and runs one MSM.'
  );
  return L.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A self-contained HTML page with the tables. */
export function speedHtml(rep: SpeedReport): string {
  const table = (head: string[], rows: string[][], cls = '') =>
    `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const times = table(
    ['work', ...TIME_COLUMNS.map(([, h]) => h), 'notes'],
    rep.times.map((r) => [r.work, ...TIME_COLUMNS.map(([k]) => cellMs(r.cols[k])), r.notes.join('; ')])
  );
  const targets = rep.targets
    .map(
      (t) =>
        `<tr class="${t.status.replace(' ', '-')}"><td>${esc(t.measure)}</td><td>${esc(t.shown)}</td><td>${esc(t.target)}</td><td>${esc(t.status)}</td><td>${esc(t.note ?? '')}</td></tr>`
    )
    .join('');
  const cold =
    typeof rep.cold === 'string'
      ? `<p>Not measured: ${esc(rep.cold)}.</p>`
      : table(['fresh process', 'stepwise-msm', 'c-kzg 4.1.0 (native)', 'ratio'], coldRows(rep.cold));
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
</style></head><body><h1>Speed table${rep.quick ? ' — quick run' : ''}</h1>
<p>${esc(rep.date)} · Node ${esc(rep.node)} · ${rep.cpus} CPUs · load average ${rep.loadStart.map((x) => x.toFixed(2)).join(' ')} → ${rep.loadEnd.map((x) => x.toFixed(2)).join(' ')} · medians of ${rep.rounds} rounds or more · seed ${rep.seed}</p>
<h2 id="targets">Targets (same-run ratios)</h2><table><thead><tr><th>measure</th><th>measured</th><th>target</th><th>status</th><th>note</th></tr></thead><tbody>${targets}</tbody></table>
<h2 id="cold">Cold start (fresh processes, medians)</h2>${cold}
<h2>Times (ms)</h2>${times}
<h2 id="limits">What limits it (same run)</h2>${limits}
<h2>Also measured</h2>${info}
</body></html>
`;
}
