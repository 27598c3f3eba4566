/**
 * The benchmark runner: for each size n (ascending) and each gate set of the chosen views,
 *
 *  1. runs the MSM once and compares it with the independent answer (the discrete-log oracle
 *     (Σ kᵢsᵢ mod r)·G of bench/inputs.ts); a set whose result differs, or that throws, is
 *     reported "not benchmarked" and never timed;
 *  2. counts field multiplications once (msmInspect with count: true; counts are deterministic);
 *  3. times it with tinybench (`throws: true`), one Bench per task and round, with the
 *     time/iteration budget of the config; the correctness run doubles as warm-up for slow
 *     tasks. With several rounds, every set is timed once per round (odd rounds in reverse
 *     order) and the samples are pooled, so load drift on a shared machine hits all sets alike.
 *
 * Peers (bench/peers.ts) are checked and timed the same way on the same inputs. Ratios are
 * taken against the all-off baseline and against noble at the same n, from the same run.
 * Sizes above 4096 are timed only for sets whose 4096 median in this run is under 1 s, unless
 * `large: true`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import {
  msm,
  msmAsync,
  msmInspect,
  prepare,
  GATES,
  G1,
  G2,
  TOY,
  curveById,
  type AnyCurve,
  type CurveId,
  type FieldCounts,
  type Trace,
} from '../../src/index.js';
import { benchInputs, DEFAULT_SEED, type BenchInputs } from './inputs.js';
import { gateSetsFor, type GateSetSpec, type ViewName } from '../gate-sets.js';
import { PEERS, peerById, type Peer } from './peers.js';
import { median } from '../format.js';

export type CurveArg = 'g1' | 'g2' | 'toy' | CurveId | AnyCurve;

/**
 * The MSM under test (sync or async); injectable so tests can feed a deliberately wrong
 * implementation. `points` is the point array, or a prepare() handle in prepared mode.
 */
export type MsmImpl = (points: any, scalars: readonly bigint[], options: Record<string, unknown>) => unknown;
/** Counts (and trace) of one MSM; `undefined` when not available. */
export type InspectImpl = (points: any, scalars: readonly bigint[], options: Record<string, unknown>) => { counts?: FieldCounts; trace?: Trace } | undefined;

export interface BenchConfig {
  curve?: CurveArg;
  /** Sizes to run, e.g. [1, 16, 256, 4096]. */
  sizes?: readonly number[];
  /** Views to take gate sets from (ignored when `gateSets` is given). */
  views?: readonly ViewName[];
  /** Explicit gate sets (the baseline is added when missing). */
  gateSets?: readonly GateSetSpec[];
  /** tinybench time budget per task, ms. */
  time?: number;
  /** tinybench minimum iterations per task. */
  iterations?: number;
  /** Timing rounds per size: each round times every set once (tinybench budget each), pooled. */
  rounds?: number;
  /**
   * Call the engine on a `prepare(points)` handle (fixed-base tables built once per n, outside
   * the timing) instead of the point array; peers keep the plain points. With the fixedBase
   * gate off a handle is just its points, so every set still computes the same MSM.
   */
  prepared?: boolean;
  /**
   * Engine entry point: 'async' = msmAsync (default; the only entry through which the workers
   * gate uses threads — for every other gate set it computes in the calling thread exactly
   * like msm), 'sync' = msm. Ignored when `msmImpl` is given.
   */
  entry?: 'sync' | 'async';
  /** Time sizes > 4096 whatever the 4096 median. */
  large?: boolean;
  /** Count field operations once per (set, n). */
  count?: boolean;
  /** Peer ids (or peers) to time; default every peer. */
  peers?: readonly (string | Peer)[];
  seed?: number;
  /** options.threads passed to msm (read by the workers gate only). */
  threads?: number;
  msmImpl?: MsmImpl;
  /** Defaults to msmInspect with count: true — unless `msmImpl` is injected, then no counts. */
  inspectImpl?: InspectImpl;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export const DEFAULT_SIZES: readonly number[] = Object.freeze([1, 16, 256, 4096]);
export const ALL_SIZES: readonly number[] = Object.freeze(Array.from({ length: 17 }, (_, i) => 2 ** i));
export const DEFAULT_VIEWS: readonly ViewName[] = Object.freeze(['ladder', 'default'] as ViewName[]);
export const DEFAULT_TIME_MS = 300;
export const DEFAULT_ITERATIONS = 1;
export const DEFAULT_ROUNDS = 2;
export const DEFAULT_ENTRY = 'async';
/** Sizes above LARGE_N need the set's LARGE_N median under LARGE_LIMIT_MS (or `large`). */
export const LARGE_N = 4096;
export const LARGE_LIMIT_MS = 1000;

export type RowStatus = 'ok' | 'wrong-result' | 'error' | 'skipped' | 'n/a';

export interface BenchRow {
  kind: 'engine' | 'peer';
  /** Gate-set label or peer id. */
  label: string;
  views: ViewName[];
  aliases: string[];
  gates: Record<string, boolean> | null;
  n: number;
  status: RowStatus;
  /** Why a row was not timed (wrong result, error message, skip reason). */
  note: string | null;
  timed: boolean;
  medianMs: number | null;
  meanMs: number | null;
  minMs: number | null;
  /** Relative margin of error of the mean, percent. */
  rme: number | null;
  samples: number | null;
  /** Wall time of the correctness run, ms. */
  checkMs: number | null;
  /** median / baseline median at the same n (< 1 is faster). */
  ratioToBaseline: number | null;
  /** median / noble median at the same n (< 1 is faster). */
  ratioToNoble: number | null;
  mulTotal: number | null;
  counts: { mul: number; sqr: number; inv: number } | null;
  trace: { window: number; windowSource: string; path: string; windows: number; bucketCount: number } | null;
}

/** The run's conditions and settings (metaOf). */
export type BenchMeta = ReturnType<typeof metaOf>;

export interface BenchReport {
  meta: BenchMeta;
  gateSets: { label: string; views: ViewName[]; aliases: string[]; baseline: boolean; gates: Record<string, boolean> }[];
  peers: { id: string; title: string; available: boolean; note: string | null }[];
  rows: BenchRow[];
}

export function resolveCurve(c: CurveArg | undefined): AnyCurve {
  if (c === undefined || c === 'g1') return G1;
  if (c === 'g2') return G2;
  if (c === 'toy') return TOY;
  if (typeof c === 'string') return curveById(c);
  return c;
}

/** The fields of a row that stay null until it is checked, counted and timed, in the report's key order. */
const UNMEASURED = 'medianMs meanMs minMs rme samples checkMs ratioToBaseline ratioToNoble mulTotal counts trace'.split(' ');

function emptyRow(kind: BenchRow['kind'], label: string, n: number): BenchRow {
  const unmeasured: Partial<BenchRow> = Object.fromEntries(UNMEASURED.map((k) => [k, null]));
  return { kind, label, views: [], aliases: [], gates: null, n, status: 'ok', note: null, timed: false, ...unmeasured } as BenchRow;
}

// ---------------------------------------------------------------- timing (tinybench; the suites' round runner is time-rounds.ts)

/**
 * Times `fn` with one tinybench Bench and returns its latency samples (ms). The correctness run
 * (checkMs) already warmed slow tasks; fast ones get a tinybench warm-up as well.
 */
export async function timeSamples(name: string, fn: () => unknown, time: number, iterations: number, checkMs: number): Promise<number[]> {
  const fast = checkMs < time / 10;
  const bench = new Bench({
    name,
    time,
    iterations,
    throws: true,
    retainSamples: true,
    warmup: fast,
    warmupTime: Math.max(1, Math.floor(time / 4)),
    warmupIterations: 4,
  });
  bench.add(name, fn);
  await bench.run();
  const res = bench.tasks[0].result;
  if (res.state !== 'completed') throw new Error(`tinybench task ${name} ended in state ${res.state}`);
  return res.latency.samples ? [...res.latency.samples] : [res.latency.p50];
}

/** The installed tinybench version (reports name it). */
export function tinybenchVersion(): string {
  try {
    const main = createRequire(import.meta.url).resolve('tinybench');
    const pkg = path.join(path.dirname(main), '..', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Median, mean, min and relative margin of error (95 %, percent) of pooled samples. */
export function summarize(samples: readonly number[]): { median: number; mean: number; min: number; rme: number } {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const xs = [...samples].sort((a, b) => a - b);
  const k = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / k;
  const sd = k > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1)) : 0;
  const rme = mean > 0 ? (100 * 1.96 * sd) / Math.sqrt(k) / mean : 0;
  return { median: median(xs), mean, min: xs[0], rme };
}

function errMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The run's settings, every default applied and checked. */
function settingsOf(config: BenchConfig) {
  const curve = resolveCurve(config.curve);
  const sizes = [...new Set(config.sizes ?? DEFAULT_SIZES)].sort((a, b) => a - b);
  for (const n of sizes) if (!Number.isInteger(n) || n < 1) throw new RangeError(`sizes must be positive integers, got ${n}`);
  const time = config.time ?? DEFAULT_TIME_MS;
  const iterations = config.iterations ?? DEFAULT_ITERATIONS;
  if (!(time >= 0)) throw new RangeError(`time must be >= 0 ms, got ${time}`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be an integer >= 1, got ${iterations}`);
  const rounds = config.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be an integer >= 1, got ${rounds}`);
  const entry = config.entry ?? DEFAULT_ENTRY;
  if (entry !== 'sync' && entry !== 'async') throw new RangeError(`entry must be 'sync' or 'async', got ${String(entry)}`);
  const msmOptions: Record<string, unknown> = { curve };
  if (config.threads !== undefined) msmOptions.threads = config.threads;
  const views = [...(config.views ?? DEFAULT_VIEWS)];
  let sets = config.gateSets ? [...config.gateSets] : gateSetsFor(views);
  if (!sets.some((s) => s.baseline)) sets = [...gateSetsFor([]), ...sets];
  return {
    curve,
    sizes,
    views,
    sets,
    time,
    iterations,
    rounds,
    entry,
    msmOptions,
    seed: config.seed ?? DEFAULT_SEED,
    large: config.large ?? false,
    prepared: config.prepared ?? false,
    log: config.log ?? (() => {}),
    msmImpl: config.msmImpl ?? (entry === 'async' ? (((p, s, o) => msmAsync(p, s, o)) as MsmImpl) : (((p, s, o) => msm(p, s, o)) as MsmImpl)),
    inspectImpl:
      (config.count ?? true)
        ? (config.inspectImpl ?? (config.msmImpl ? undefined : (((p, s, o) => msmInspect(p, s, { ...o, count: true })) as InspectImpl)))
        : undefined,
  };
}

type Settings = ReturnType<typeof settingsOf>;
type Loaded = Awaited<ReturnType<Peer['load']>>;
interface Task {
  row: BenchRow;
  name: string;
  fn: () => unknown;
  samples: number[];
  failed?: boolean;
}

const WRONG = 'not benchmarked (wrong result)';

/** Marks a row not timed (its status and note); with `who`, says so in a progress line (`said`, default the note). */
function notTimed(st: Settings, row: BenchRow, status: RowStatus, note: string, who?: string, said = note): undefined {
  row.status = status;
  row.note = note;
  if (who !== undefined) st.log(`n=${row.n} ${who}: ${said}`);
  return undefined;
}

/** Loads each peer once; a failure is recorded as the peer's note, never thrown. */
async function loadPeers(list: readonly Peer[], curve: AnyCurve): Promise<{ loaded: Map<string, Loaded>; peers: BenchReport['peers'] }> {
  const loaded = new Map<string, Loaded>();
  const peers: BenchReport['peers'] = [];
  for (const p of list) {
    let l: Loaded;
    try {
      l = await p.load(curve);
    } catch (e) {
      l = errMessage(e);
    }
    loaded.set(p.id, l);
    peers.push({ id: p.id, title: p.title, available: typeof l !== 'string', note: typeof l === 'string' ? l : null });
  }
  return { loaded, peers };
}

/** Whether a task may run at n under the large-size rule (else the skip reason), from the rows timed so far. */
function largeSkip(rows: readonly BenchRow[], large: boolean, kind: BenchRow['kind'], label: string, n: number): string | null {
  if (n <= LARGE_N || large) return null;
  const prev = rows.find((r) => r.kind === kind && r.label === label && r.n === LARGE_N);
  if (prev && prev.status === 'ok' && prev.medianMs !== null && prev.medianMs < LARGE_LIMIT_MS) return null;
  return prev && prev.medianMs !== null
    ? `skipped: ${LARGE_N}-point median ${prev.medianMs.toFixed(0)} ms ≥ ${LARGE_LIMIT_MS} ms (use --large)`
    : `skipped: sizes > ${LARGE_N} need a ${LARGE_N}-point median < ${LARGE_LIMIT_MS} ms in the same run (use --large)`;
}

/** A peer's row at n and, when it loaded and gave the right answer, its task. */
function peerTask(st: Settings, rows: BenchRow[], p: Peer, l: Loaded, inp: BenchInputs, n: number): Task | undefined {
  const row = emptyRow('peer', p.id, n);
  rows.push(row);
  const sizeNote = typeof l === 'string' ? null : (p.sizeNote?.(n) ?? null);
  const skip = typeof l === 'string' ? l : (sizeNote ?? largeSkip(rows, st.large, 'peer', p.id, n));
  if (skip !== null) return notTimed(st, row, typeof l === 'string' || sizeNote !== null ? 'n/a' : 'skipped', skip);
  try {
    const prep = (l as Exclude<Loaded, string>).prepare(inp.points, inp.scalars, inp.expected);
    const c0 = performance.now();
    const r = prep.run();
    row.checkMs = performance.now() - c0;
    if (prep.check(r)) return { row, name: `${p.id} n=${n}`, fn: prep.run, samples: [] };
    return notTimed(st, row, 'n/a', WRONG, `peer ${p.id}`, 'WRONG RESULT, not timed');
  } catch (e) {
    return notTimed(st, row, 'n/a', `error: ${errMessage(e)}`, `peer ${p.id}`);
  }
}

/** A gate set's row at n: run once and checked against the oracle (a wrong set is never timed), counted, then its task. */
async function engineTask(st: Settings, rows: BenchRow[], s: GateSetSpec, pts: unknown, inp: BenchInputs, n: number): Promise<Task | undefined> {
  const row = emptyRow('engine', s.label, n);
  Object.assign(row, { views: [...s.views], aliases: [...s.aliases], gates: { ...s.gates } });
  rows.push(row);
  const skip = largeSkip(rows, st.large, 'engine', s.label, n);
  if (skip) return notTimed(st, row, 'skipped', skip);
  const opts = { ...st.msmOptions, gates: s.gates };
  const scs = inp.scalars;
  let result: unknown;
  try {
    const c0 = performance.now();
    result = await st.msmImpl(pts as any, scs, opts);
    row.checkMs = performance.now() - c0;
  } catch (e) {
    return notTimed(st, row, 'error', `not benchmarked (threw: ${errMessage(e)})`, s.label);
  }
  let same = false;
  try {
    same = st.curve.isPoint(result) && st.curve.equals(result, inp.expected);
  } catch {
    same = false;
  }
  if (!same) return notTimed(st, row, 'wrong-result', WRONG, s.label, 'WRONG RESULT, not timed');
  if (st.inspectImpl) countInto(row, () => st.inspectImpl!(pts as any, scs, opts));
  return { row, name: `${s.label} n=${n}`, fn: () => st.msmImpl(pts as any, scs, opts), samples: [] };
}

/** The counted field operations and the trace of one call, into the row (a failure becomes its note). */
function countInto(row: BenchRow, inspect: () => ReturnType<InspectImpl>): void {
  try {
    const rep = inspect();
    if (rep?.counts) {
      row.mulTotal = rep.counts.mulTotal;
      row.counts = { mul: rep.counts.mul, sqr: rep.counts.sqr, inv: rep.counts.inv };
    }
    if (rep?.trace) {
      const t = rep.trace;
      row.trace = { window: t.window, windowSource: t.windowSource, path: t.path, windows: t.windows, bucketCount: t.bucketCount };
    }
  } catch (e) {
    row.note = `counting failed: ${errMessage(e)}`;
  }
}

/**
 * Every checked task once per round; odd rounds run in reverse order, so slow drift of the shared
 * machine's load spreads evenly over the sets. Then each timed row gets its statistics.
 */
async function timeTasks(st: Settings, tasks: Task[]): Promise<void> {
  for (let round = 0; round < st.rounds; round++) {
    for (const t of round % 2 ? [...tasks].reverse() : tasks) {
      if (t.failed) continue;
      try {
        t.samples.push(...(await timeSamples(t.name, t.fn, st.time, st.iterations, t.row.checkMs ?? 0)));
      } catch (e) {
        t.failed = true;
        t.row.status = t.row.kind === 'peer' ? 'n/a' : 'error';
        t.row.note = `timing threw: ${errMessage(e)}`;
        st.log(`${t.name}: ${t.row.note}`);
      }
    }
  }
  for (const t of tasks) {
    if (t.failed || t.samples.length === 0) continue;
    const s = summarize(t.samples);
    Object.assign(t.row, { timed: true, medianMs: s.median, meanMs: s.mean, minMs: s.min, rme: s.rme, samples: t.samples.length });
    st.log(`${t.name}: ${s.median.toFixed(3)} ms${t.row.mulTotal !== null ? `, ${t.row.mulTotal} mul` : ''}`);
  }
}

/** Ratios at n, from this run: to the baseline set and to noble. */
function setRatios(rows: readonly BenchRow[], sets: readonly GateSetSpec[], n: number): void {
  const base = rows.find((r) => r.kind === 'engine' && r.n === n && sets.find((s) => s.label === r.label)?.baseline);
  const noble = rows.find((r) => r.kind === 'peer' && r.label === 'noble' && r.n === n);
  for (const r of rows) {
    if (r.n !== n || r.status !== 'ok' || r.medianMs === null) continue;
    if (base && base.status === 'ok' && base.medianMs) r.ratioToBaseline = r.medianMs / base.medianMs;
    if (noble && noble.status === 'ok' && noble.medianMs) r.ratioToNoble = r.medianMs / noble.medianMs;
  }
}

function metaOf(st: Settings, config: BenchConfig, loadAtStart: number[], prepareMs: Record<string, number>, started: number) {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAvg: loadAtStart,
    tinybench: tinybenchVersion(),
    curve: st.curve.id,
    sizes: st.sizes,
    views: st.views,
    time: st.time,
    iterations: st.iterations,
    rounds: st.rounds,
    /** 'msmAsync', 'msm' or 'custom' (an injected msmImpl). */
    entry: config.msmImpl ? 'custom' : st.entry === 'async' ? 'msmAsync' : 'msm',
    prepared: st.prepared,
    /** n → ms spent in prepare() (only with `prepared`). */
    prepareMs,
    large: st.large,
    seed: st.seed,
    threads: config.threads ?? null,
    gates: GATES.map((g) => ({ id: g.id, step: g.step, title: g.title, default: g.default })),
    durationMs: Math.round(performance.now() - started),
  };
}

/** Size by size: inputs, each peer and gate set checked once, then timed in rounds; ratios from the same run. */
export async function runBench(config: BenchConfig = {}): Promise<BenchReport> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const st = settingsOf(config);
  const peerList = (config.peers ?? PEERS).map((p) => (typeof p === 'string' ? peerById(p) : p));
  const { loaded, peers } = await loadPeers(peerList, st.curve);
  const rows: BenchRow[] = [];
  const prepareMs: Record<string, number> = {};
  for (const n of st.sizes) {
    const t0 = performance.now();
    const inp = benchInputs(st.curve, n, st.seed);
    st.log(`n=${n}: inputs ready (${(performance.now() - t0).toFixed(0)} ms)`);
    let engineInput: unknown = inp.points;
    if (st.prepared) {
      const p0 = performance.now();
      engineInput = prepare(inp.points as any[], { curve: st.curve });
      prepareMs[String(n)] = Math.round(performance.now() - p0);
      st.log(`n=${n}: prepare() took ${prepareMs[String(n)]} ms`);
    }
    const tasks: Task[] = [];
    for (const p of peerList) {
      const t = peerTask(st, rows, p, loaded.get(p.id)!, inp, n);
      if (t) tasks.push(t);
    }
    for (const s of st.sets) {
      const t = await engineTask(st, rows, s, engineInput, inp, n);
      if (t) tasks.push(t);
    }
    await timeTasks(st, tasks);
    setRatios(rows, st.sets, n);
  }
  return {
    meta: metaOf(st, config, loadAtStart, prepareMs, started),
    gateSets: st.sets.map((s) => ({ label: s.label, views: [...s.views], aliases: [...s.aliases], baseline: s.baseline, gates: { ...s.gates } })),
    peers,
    rows,
  };
}
