/**
 * One speed-suite run's shared state and helpers (speed-suite.ts runs the sections; speed-msm.ts,
 * speed-kzg.ts and speed-suite.ts hold them): the report's types, the run every section reads and
 * fills, and the small helpers every measuring function uses (a peer checked before it is timed,
 * the share of time outside wasm, a median or why it is missing).
 */
import type { prepare } from '../../src/index.js';
import type { benchInputs } from './inputs.js';
import { peerCheck, type PeerLoaded } from './peers.js';
import { fmtFixed, fmtMs as fmtMsWith } from '../format.js';
import {
  sampleProfile,
  summarizeProfile,
  sharesText,
  type G2Limit,
  type LimitRow,
  type LimitsData,
  type ThreadsBreakdown,
  type wasmMulOps,
} from './speed-limits.js';
import type { measureFpMul } from './wasm-suite.js';
import type { ColdResult } from './speed-cold.js';
import type { Ms, SpeedMeasures, GoalRow } from './speed-goals.js';

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

/**
 * What the sections of one run share: its options and sizes, the report they fill (rows in run
 * order), the measurements the goals are judged from (`measures`) and the parts of what limits
 * them (`limits`, complete after the Fp multiplication section).
 */
export interface SpeedRun {
  opts: SpeedOptions;
  seed: number;
  rounds: number;
  sizes: number[];
  g2Sizes: number[];
  nMid: number;
  nLast: number;
  log: (line: string) => void;
  rep: SpeedReport;
  measures: SpeedMeasures;
  threadsParts: ThreadsBreakdown[];
  prepareParts: LimitsData['prepare'];
  ffjsParts: NonNullable<LimitsData['ffjs']>;
  g2Parts: G2Limit[];
  /** G1 medians per n: ours plain, on a handle, and noble. */
  ms: Map<number, { plain: number; prepared: number; noble: number }>;
  kept: Map<number, Kept>;
  mulOps: Awaited<ReturnType<typeof wasmMulOps>> | string;
  wasmNames?: ReadonlyMap<number, string>;
  /** ns per Fp multiplication (the Fp multiplication section). */
  mul?: Awaited<ReturnType<typeof measureFpMul>>;
  limits?: LimitsData;
}

export const ONE = { gates: { workers: false } };
export const THREADS = { gates: { workers: true }, threads: 2 };
