/**
 * One speed-suite run's shared state and helpers (speed-suite.ts runs the sections; speed-rows.ts
 * and speed-suite.ts hold them): the report's types, the run every section reads and
 * fills, and the small helpers every measuring function uses (a peer checked before it is timed,
 * the share of time outside wasm, a median or why it is missing); then the report as Markdown
 * (what `bench --suite speed` prints and docs/speed.md holds) and as HTML: the same sections and tables.
 */
import os from 'node:os';
import type { prepare } from '../../src/index.js';
import { DEFAULT_SEED, type benchInputs } from './inputs.js';
import { peerCheck, type PeerLoaded } from './peers.js';
import { fmtFixed, fmtMs as fmtMsWith, mdCell as cell, mdTable } from '../format.js';
import {
  sampleProfile,
  summarizeProfile,
  sharesText,
  type G2Limit,
  type LimitRow,
  type LimitsData,
  type ThreadsBreakdown,
  type wasmMulOps,
  limitsMarkdown,
} from './speed-limits.js';
import type { FpMulNs } from './wasm-suite.js';
import type { ColdResult } from './speed-cold.js';
import type { G1Measures, GoalRow, Ms, SpeedMeasures } from './speed-goals.js';

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
  goals: GoalRow[];
  info: [string, string][];
  /** What limits each goal (one row per goal, same order; "met" for met ones). */
  limits: LimitRow[];
  /** The measurements the limits rows are made of. */
  limitsData?: LimitsData;
  /** How long the whole run took (ms). */
  totalMs: number;
}

export const fmtMs = (x: number | undefined) => fmtMsWith(x, { fine: 1 });
export const fmtR = (x: number) => fmtFixed(x);

/** A group's median for `k`, or `why` when the task was not in the group. */
export const got = (t: Map<string, number>, k: string, why: string): Ms => t.get(k) ?? why;

/** Fraction of V8 profiler samples outside wasm functions while `f` runs `reps` times (speed-limits.ts's profiler). */
export async function outsideWasmShare(f: () => unknown, reps: number, wasmNames?: ReadonlyMap<number, string>) {
  const summary = summarizeProfile(await sampleProfile(f, reps), { top: 8, wasmNames });
  return { share: summary.outsideShare, samples: summary.samples, top: sharesText(summary.outside, 6), summary };
}

/** A peer loaded and checked on one input: its timed task, or why it is not timed. */
export async function peerTask(loaded: PeerLoaded | string, name: string, points: readonly unknown[], scalars: readonly bigint[], expected: unknown) {
  if (typeof loaded === 'string') return `${name} n/a: ${loaded}`;
  try {
    const p = loaded.prepare(points as any[], scalars, expected);
    const why = await peerCheck(p);
    return why === undefined ? p.run : `${name}: ${why}`;
  } catch (e) {
    return `${name}: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** G1 MSM inputs kept for the profiles after the timing (at the middle and the largest n). */
export interface Kept {
  inp: ReturnType<typeof benchInputs<any>>;
  h: ReturnType<typeof prepare>;
  plainMuls: number;
}

/** The sizes of a run: 256 / 4096 / 65536, or 16 / 64 / 256 with --quick (64 and 256 stand for 4096 and 65536). */
export function speedSizes(quick: boolean): number[] {
  return quick ? [16, 64, 256] : [256, 4096, 65536];
}

/** The G2 sizes: 128 and 1024, or 16 and 64 with --quick. */
export function speedG2Sizes(quick: boolean): number[] {
  return quick ? [16, 64] : [128, 1024];
}

/**
 * The run before any measurement (sizes, an empty report, every goal's measure "not measured"):
 * what the sections of one run share (`SpeedRun`): its options and sizes, the report they fill
 * (rows in run order), the measurements the goals are judged from (`measures`) and the parts of
 * what limits them (`limits`, complete after the Fp multiplication section).
 */
export function newRun(opts: SpeedOptions, logLine: (line: string) => void, start: number) {
  const log = (line: string) => logLine(line.replace(/^\[speed\]/, `[speed +${((performance.now() - start) / 1000).toFixed(0)} s]`));
  const seed = opts.seed ?? DEFAULT_SEED;
  const rounds = opts.rounds;
  const sizes = speedSizes(opts.quick);
  const g2Sizes = speedG2Sizes(opts.quick);
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
    goals: [],
    info: [],
    limits: [],
    totalMs: NaN,
  };
  const nMid = sizes[1];
  const nLast = sizes[sizes.length - 1];
  const sides = ['plain', 'ffjs', 'threads', 'ffjsPool', 'pairPlain', 'pairThreads', 'onePlain'] as const;
  const unmeasured = (n: number): G1Measures => ({
    n,
    ...(Object.fromEntries(sides.map((k) => [k, 'not measured'])) as Record<(typeof sides)[number], string>),
  });
  const measures: SpeedMeasures = {
    quick: opts.quick ? '--quick' : undefined,
    g1: { mid: unmeasured(nMid), large: unmeasured(nLast) },
    g2: { small: { n: g2Sizes[0], ours: 'not measured', mcl: 'not measured' }, large: { n: g2Sizes[1], ours: 'not measured', mcl: 'not measured' } },
    cold: '--quick: cold start not measured',
    kzg: '--quick: KZG rows not measured',
  };
  return {
    opts,
    seed,
    rounds,
    sizes,
    g2Sizes,
    nMid,
    nLast,
    log,
    rep,
    measures,
    threadsParts: [] as ThreadsBreakdown[],
    prepareParts: [] as LimitsData['prepare'],
    ffjsParts: [] as NonNullable<LimitsData['ffjs']>,
    g2Parts: [] as G2Limit[],
    /** G1 medians per n: ours plain, on a handle, and noble. */
    ms: new Map<number, { plain: number; prepared: number; noble: number }>(),
    kept: new Map<number, Kept>(),
    mulOps: 'not read' as Awaited<ReturnType<typeof wasmMulOps>> | string,
    wasmNames: undefined as ReadonlyMap<number, string> | undefined,
    /** ns per Fp multiplication (the Fp multiplication section). */
    mul: undefined as FpMulNs | undefined,
    limits: undefined as LimitsData | undefined,
  };
}

/** What the sections of one run share (see newRun). */
export type SpeedRun = ReturnType<typeof newRun>;

export const ONE = { gates: { workers: false } };
export const THREADS = { gates: { workers: true }, threads: 2 };

// ---------------------------------------------------------------- the report as Markdown and HTML

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
const GOALS_HEAD = ['measure', 'measured', 'goal', 'status', 'note'];
/** The goal table's rows, the note cell escaped by `esc`. */
const goalRows = (rep: SpeedReport, esc: (s: string) => string) => rep.goals.map((t) => [t.measure, t.shown, t.goal, t.status, esc(t.note ?? '')]);
const COLD_HEAD = ['fresh process', 'stepwise-msm', 'c-kzg 4.1.0 (native)', 'ratio'];
const TIMES_HEAD = ['work', ...TIME_COLUMNS.map(([, h]) => h), 'notes'];
/** The time table's rows, the notes cell escaped by `esc`. */
const timesRows = (rep: SpeedReport, esc: (s: string) => string) =>
  rep.times.map((r) => [r.work, ...TIME_COLUMNS.map(([k]) => cellMs(r.cols[k])), esc(r.notes.join('; '))]);

/** The report as Markdown (what the command prints and docs/speed.md holds). */
export function speedMarkdown(rep: SpeedReport): string {
  const L: string[] = [];
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(' ');
  L.push(`# Speed table${rep.quick ? ' — quick run (small stand-in sizes, no KZG, no cold start)' : ''}`, '');
  L.push(
    `Generated by \`stepwise-msm bench --suite speed${rep.quick ? ' --quick' : ''}\` on ${rep.date}: Node ${rep.node}, ${rep.cpus} CPUs, load average ${la(rep.loadStart)} at start, ${la(rep.loadEnd)} at end; medians of ${rep.rounds} rounds or more (65536: at most 2), seed ${rep.seed}; the run took ${(rep.totalMs / 60000).toFixed(1)} min. All ratios are of medians from this one run.`,
    ''
  );
  L.push('## Goals (same-run ratios)', '', ...mdTable(GOALS_HEAD, goalRows(rep, cell), 'lrrll'), '');
  L.push('## Cold start (fresh processes, medians)', '');
  if (typeof rep.cold === 'string') L.push(`Not measured: ${rep.cold}.`);
  else {
    const c = rep.cold;
    L.push(
      `Each figure is the median over ${c.runs} fresh \`node\` processes per library, ours and c-kzg's alternated; ms.${typeof c.ours === 'string' ? ` stepwise-msm n/a: ${c.ours}.` : ''}${typeof c.ckzg === 'string' ? ` c-kzg n/a: ${c.ckzg}.` : ''}${c.disagree ? ` Results differ: ${c.disagree}.` : ''}`,
      '',
      ...mdTable(COLD_HEAD, coldRows(c), 'lrrr')
    );
  }
  L.push('', '## Times (ms)', '', ...mdTable(TIMES_HEAD, timesRows(rep, cell), `l${'r'.repeat(TIME_COLUMNS.length)}l`), '');
  L.push(...limitsMarkdown(rep.limits));
  const info = rep.info.map(([k, v]) => [cell(k), cell(v)]);
  L.push('## Also measured', '', ...mdTable(['what', 'value'], info), '');
  L.push(
    'Methods: times are medians of alternating-order rounds in one process; the two sides of every goal ratio are timed in the same group. "1 thread" is `msm` with the workers gate off; "2 threads" is `msmAsync` with the workers gate and `threads: 2` (for the commitment: `blobToKzgCommitmentAsync` of `createKzg({ threads: 2 })`); "prepare() handle" is `msm` on a `prepare(points)` handle with its default decision (no table above 4096 points). ffjavascript is `G1.multiExpAffine` on `buildBls12381(true)` (one thread) or `buildBls12381()` (its worker pool, one worker per CPU); mcl-wasm is `mulVec`; kzg-wasm is `loadKZG()` (precompute 0) with its hex-string API, inputs converted before timing; c-kzg is `loadTrustedSetup(0)`. Every peer result is checked against ours before it is timed. The cold start runs each library in fresh `node` processes (speed-cold-child.ts). The outside-wasm share is the fraction of V8 sampling-profiler samples (100 µs) not in a wasm frame (JavaScript, builtins and GC count as outside); peak RSS is `process.resourceUsage().maxRSS` of a child process that builds the inputs, optionally prepares, and runs one MSM.'
  );
  return L.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A self-contained HTML page with the tables. */
export function speedHtml(rep: SpeedReport): string {
  // a table, each row with the class in `rowCls` (none when absent)
  const table = (head: string[], rows: string[][], cls = '', rowCls: string[] = []) =>
    `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r, i) => `<tr${rowCls[i] ? ` class="${rowCls[i]}"` : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const plain = (x: string) => x;
  const times = table(TIMES_HEAD, timesRows(rep, plain));
  const goals = table(
    GOALS_HEAD,
    goalRows(rep, plain),
    '',
    rep.goals.map((t) => t.status.replace(' ', '-'))
  );
  const cold = typeof rep.cold === 'string' ? `<p>Not measured: ${esc(rep.cold)}.</p>` : table(COLD_HEAD, coldRows(rep.cold));
  const limits = table(
    ['measure', 'status', 'what limits it (measured)'],
    rep.limits.map((r) => [r.measure, r.status, r.text]),
    'limits'
  );
  const info = table(['what', 'value'], rep.info);
  return `<!doctype html><html><head><meta charset="utf-8"><title>stepwise-msm speed table</title><style>
body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
tr.met td:nth-child(4){color:#070;font-weight:bold}tr.not-met td:nth-child(4){color:#b00;font-weight:bold}tr.n\\/a td:nth-child(4){color:#777}
</style></head><body><h1>Speed table${rep.quick ? ' — quick run' : ''}</h1>
<p>${esc(rep.date)} · Node ${esc(rep.node)} · ${rep.cpus} CPUs · load average ${rep.loadStart.map((x) => x.toFixed(2)).join(' ')} → ${rep.loadEnd.map((x) => x.toFixed(2)).join(' ')} · medians of ${rep.rounds} rounds or more · seed ${rep.seed}</p>
<h2 id="goals">Goals (same-run ratios)</h2>${goals}
<h2 id="cold">Cold start (fresh processes, medians)</h2>${cold}
<h2>Times (ms)</h2>${times}
<h2 id="limits">What limits it (same run)</h2>${limits}
<h2>Also measured</h2>${info}
</body></html>
`;
}
