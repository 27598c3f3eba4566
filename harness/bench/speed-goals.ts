/**
 * The speed suite's goal table: which ratios are judged, against what bound, and how a row is
 * decided from the run's measurements (met / not met / n/a with the reason). Pure: the suite
 * (speed-suite.ts) measures, this file judges, so the judging is tested on fixed inputs.
 *
 * Every ratio is of two medians taken in the same run. A measurement is a number (ms) or a
 * string: why it is not available (a peer that is not installed, failed to load, or disagreed
 * with us and was not timed; --quick). A row with such a side is n/a with that reason.
 * Under --quick the sizes are small stand-ins (see `SpeedMeasures.quick`): every row is n/a
 * ("--quick"), with the ratio measured at the stand-in size shown in its note.
 */
import { fmtFixed, fmtMs } from '../format.js';

/** A median time in ms, or why it was not measured. */
export type Ms = number | string;

export interface GoalSpec {
  id: string;
  measure: string;
  /** The goal as printed. */
  goal: string;
  /** Met when the ratio is ≤ bound. */
  bound: number;
  /** Show the ratio as 1/x (goals written as a speed-up). */
  inverse?: boolean;
}

/** The goal table, in order. */
export const GOALS = Object.freeze([
  {
    id: 'coldCommit',
    measure: 'cold: import + createKzg() + first blobToKzgCommitment ÷ c-kzg load + loadTrustedSetup(0) + first commitment',
    goal: '≤ 1.0',
    bound: 1,
  },
  { id: 'coldCells', measure: 'cold: the same + first computeCellsAndKzgProofs ÷ c-kzg’s', goal: '≤ 1.0', bound: 1 },
  { id: 'ffjsMid', measure: 'G1 MSM n = 4096, one thread ÷ ffjavascript one thread', goal: '≤ 0.5', bound: 0.5 },
  { id: 'ffjsLarge', measure: 'G1 MSM n = 65536, one thread ÷ ffjavascript one thread', goal: '≤ 0.5', bound: 0.5 },
  { id: 'poolMid', measure: 'G1 MSM n = 4096, 2 threads ÷ ffjavascript worker pool', goal: '≤ 0.5', bound: 0.5 },
  { id: 'poolLarge', measure: 'G1 MSM n = 65536, 2 threads ÷ ffjavascript worker pool', goal: '≤ 0.5', bound: 0.5 },
  { id: 'commitKzgWasm', measure: 'blobToKzgCommitment ÷ kzg-wasm', goal: '≤ 0.25', bound: 0.25 },
  { id: 'cellsKzgWasm', measure: 'computeCellsAndKzgProofs ÷ kzg-wasm', goal: '≤ 0.25', bound: 0.25 },
  { id: 'g2Small', measure: 'G2 MSM n = 128 ÷ mcl-wasm mulVec', goal: '≤ 0.5', bound: 0.5 },
  { id: 'g2Large', measure: 'G2 MSM n = 1024 ÷ mcl-wasm mulVec', goal: '≤ 0.5', bound: 0.5 },
  { id: 'threadsMid', measure: '2 threads ÷ 1 thread, G1 MSM n = 4096', goal: '≤ 1/1.7', bound: 1 / 1.7, inverse: true },
  { id: 'threadsLarge', measure: '2 threads ÷ 1 thread, G1 MSM n = 65536', goal: '≤ 1/1.85', bound: 1 / 1.85, inverse: true },
  { id: 'commitThreadsCkzg', measure: 'blobToKzgCommitment with 2 threads ÷ c-kzg', goal: '≤ 1.0', bound: 1 },
  { id: 'msmCkzg', measure: 'kept: G1 MSM n = 4096, one thread ÷ c-kzg blobToKzgCommitment', goal: '≤ 2.0', bound: 2 },
  { id: 'commitCkzg', measure: 'kept: blobToKzgCommitment, one thread ÷ c-kzg', goal: '≤ 1.5', bound: 1.5 },
  { id: 'cellsCkzg', measure: 'kept: computeCellsAndKzgProofs steady ÷ c-kzg', goal: '≤ 2.0', bound: 2 },
] as const satisfies readonly GoalSpec[]);

export type GoalId = (typeof GOALS)[number]['id'];

/** The measures of the goal table, in order (what every run prints, measured or n/a). */
export const GOAL_MEASURES: readonly string[] = Object.freeze(GOALS.map((t) => t.measure));

/** One row of the goal table. */
export interface GoalRow {
  id: GoalId;
  measure: string;
  /** The measured ratio, NaN when not measured. */
  value: number;
  /** Printed value. */
  shown: string;
  goal: string;
  status: 'met' | 'not met' | 'n/a';
  note?: string;
}

/** Everything the goal rows are computed from, all from one run. */
export interface SpeedMeasures {
  /** Set under --quick: the reason every row is n/a (the ratios are still shown in the notes). */
  quick?: string;
  /** The G1 sizes standing for 4096 and 65536 (themselves in a full run). */
  g1: Record<'mid' | 'large', G1Measures>;
  /** The G2 sizes standing for 128 and 1024. */
  g2: Record<'small' | 'large', { n: number; ours: Ms; mcl: Ms }>;
  /** Cold start medians (ms per fresh process), or why not measured. */
  cold: { ours: { commit: number; cells: number } | string; ckzg: { commit: number; cells: number } | string } | string;
  kzg:
    | {
        commit: Ms;
        cells: Ms;
        /** The commitment with 2 threads (the best public path, see the suite). */
        commitThreads: Ms;
        ckzgCommit: Ms;
        ckzgCells: Ms;
        kzgWasmCommit: Ms;
        kzgWasmCells: Ms;
      }
    | string;
}

export interface G1Measures {
  n: number;
  /** ours one thread and ffjavascript one thread, timed in one group. */
  plain: Ms;
  ffjs: Ms;
  /** ours msmAsync 2 threads and ffjavascript's pool, in the same group. */
  threads: Ms;
  ffjsPool: Ms;
  /** ours one thread and 2 threads timed as a pair (their ratio is a goal). */
  pairPlain: Ms;
  pairThreads: Ms;
  /** ours one thread from the prepared/plain pair (for the c-kzg row). */
  onePlain: Ms;
}

const fmt = (x: number) => fmtFixed(x);

/** A ratio as printed: "0.42", or "1/2.38" for inverse goals. */
export function shownRatio(r: number, inverse = false): string {
  if (!Number.isFinite(r)) return 'n/a';
  return inverse ? `1/${fmt(1 / r)}` : fmt(r);
}

/** One row from a numerator and a denominator (ms or why not); `detail` is appended to the shown value. */
export function ratioRow(spec: GoalSpec & { id: GoalId }, num: Ms, den: Ms, opts: { quick?: string; detail?: string; note?: string } = {}): GoalRow {
  const base = { id: spec.id, measure: spec.measure, goal: spec.goal };
  const why = typeof num === 'string' ? num : typeof den === 'string' ? den : undefined;
  if (why !== undefined) return { ...base, value: NaN, shown: 'n/a', status: 'n/a', note: opts.quick ?? why };
  const value = (num as number) / (den as number);
  const shown = `${shownRatio(value, spec.inverse)}${opts.detail ? ` (${opts.detail})` : ''}`;
  if (!Number.isFinite(value)) return { ...base, value: NaN, shown: 'n/a', status: 'n/a', note: opts.quick ?? 'a time was not finite' };
  if (opts.quick) return { ...base, value, shown, status: 'n/a', note: `${opts.quick}: measured ${shown}` };
  return { ...base, value, shown, status: value <= spec.bound ? 'met' : 'not met', note: opts.note };
}

const spec = (id: GoalId) => GOALS.find((t) => t.id === id)!;
const ms = (x: Ms) => (typeof x === 'string' ? 'n/a' : fmtMs(x, { fine: 1, unit: true }));
const side = <K extends string>(v: Record<K, number> | string, k: K): Ms => (typeof v === 'string' ? v : v[k]);

/** The goal table from one run's measurements, in `GOALS` order. */
export function speedGoals(m: SpeedMeasures): GoalRow[] {
  const q = m.quick;
  // a row of two times shown as "a vs b", after "at n = …" when a quick run measured another n
  const vs = (id: GoalId, a: Ms, b: Ms, size?: readonly [n: number, full: number]): GoalRow => {
    const at = size && q && size[0] !== size[1] ? `at n = ${size[0]}` : undefined;
    return ratioRow(spec(id), a, b, { quick: q, detail: [at, `${ms(a)} vs ${ms(b)}`].filter(Boolean).join('; ') });
  };
  const { mid, large } = m.g1;
  const k = m.kzg;
  const kv = (key: Exclude<keyof Exclude<SpeedMeasures['kzg'], string>, never>): Ms => (typeof k === 'string' ? k : k[key]);
  const cold = m.cold;
  const cOurs = typeof cold === 'string' ? cold : cold.ours;
  const cPeer = typeof cold === 'string' ? cold : cold.ckzg;
  return [
    // cold start
    vs('coldCommit', side(cOurs, 'commit'), side(cPeer, 'commit')),
    vs('coldCells', side(cOurs, 'cells'), side(cPeer, 'cells')),
    // G1 vs ffjavascript (one thread; 2 threads vs its pool)
    vs('ffjsMid', mid.plain, mid.ffjs, [mid.n, 4096]),
    vs('ffjsLarge', large.plain, large.ffjs, [large.n, 65536]),
    vs('poolMid', mid.threads, mid.ffjsPool, [mid.n, 4096]),
    vs('poolLarge', large.threads, large.ffjsPool, [large.n, 65536]),
    // KZG vs kzg-wasm
    vs('commitKzgWasm', kv('commit'), kv('kzgWasmCommit')),
    vs('cellsKzgWasm', kv('cells'), kv('kzgWasmCells')),
    // G2 vs mcl-wasm
    vs('g2Small', m.g2.small.ours, m.g2.small.mcl, [m.g2.small.n, 128]),
    vs('g2Large', m.g2.large.ours, m.g2.large.mcl, [m.g2.large.n, 1024]),
    // threads
    vs('threadsMid', mid.pairThreads, mid.pairPlain, [mid.n, 4096]),
    vs('threadsLarge', large.pairThreads, large.pairPlain, [large.n, 65536]),
    vs('commitThreadsCkzg', kv('commitThreads'), kv('ckzgCommit')),
    // kept
    vs('msmCkzg', mid.onePlain, kv('ckzgCommit'), [mid.n, 4096]),
    vs('commitCkzg', kv('commit'), kv('ckzgCommit')),
    vs('cellsCkzg', kv('cells'), kv('ckzgCells')),
  ];
}
