/**
 * Step 11 — workers: split the call by points over worker threads, combine in a fixed order.
 *
 * What (`claims`, `direct`): a call of at least MIN_POINTS points is claimed before the transforms
 * (rule 1b) and cut into T contiguous chunks of its own points (T = options.threads, default
 * min(hardware threads, 8)); each chunk runs the WHOLE pipeline as a one-thread call with the same
 * gates (on a handle: a handle over its bases and their table rows), and the partial sums are
 * added in chunk order. `msmAsync` runs the chunks on a reused pool (pool.ts): a chunk crosses as
 * words in one transferred buffer, a handle's points and table once per worker (shared memory);
 * the workers finish validation (on-curve tests), run GLV, recoding and buckets; the calling
 * thread validates the rest, writes words, combines. `msm` runs the SAME chunks in the calling
 * thread (trace.workers = { mode: 'in-thread', chunks }, the first chunk's window and slots), so
 * every random gate set fuzzes the split and the pool must return the same (X : Y : Z). A worker
 * that dies fails its calls with an Error naming it, and is replaced. Threads: platform/threads.ts.
 * Invariant: Σ_k (Σ_{i∈chunk k} s_i·P_i) = Σ s_i·P_i for any partition; chunks are contiguous, cover
 * [0, n) exactly once (sizes ⌊n/T⌋ or ⌈n/T⌉) and are added in chunk order, so the result does not
 * depend on which worker finished first.
 * Default: off — in msm the split only adds work (each chunk re-does its reductions); msmAsync
 * pays only with free cores. MIN_POINTS counts the call's points (≈ twice as many after GLV): below
 * it the chunks' extra reductions (counted, docs/steps.md) and a round trip are not repaid.
 * Rejected: splitting by windows (every worker redoes the transforms and loads all n points);
 * transforms in the calling thread (most of its serial part); cloning bigint points per call
 * (dearer than words; a handle's table would cross per call); one wasm memory for all workers.
 */
import { preparedOf, preparedTables, type PreparedBases, type PreparedCall } from '../kernels/fixed-base.js';
import { projAdd, projIdentity, type Proj } from '../kernels/projective.js';
import { reach, type CallOptions, type Job, type Step, type Trace } from '../step.js';
import { hardwareConcurrency } from '../platform/threads.js';
import { adoptedPointBytes } from '../wasm/msm.js';
import { tableSlice } from '../wasm/tables.js';

/** Fewest points of a call for which it is split; measured, see the header. */
export const MIN_POINTS = 256;
/** Cap on the default thread count and on the pool size. */
export const MAX_DEFAULT_THREADS = 8;
export const MAX_POOL = 16;

/** The call's thread count: options.threads, else the platform's hardware threads capped at MAX_DEFAULT_THREADS. */
export function threadsOf(job: Job): number {
  const t = job.call.threads;
  return typeof t === 'number' ? t : Math.max(1, Math.min(hardwareConcurrency(), MAX_DEFAULT_THREADS));
}

/** Whether the split applies to this call (asked before the transforms: n is the call's own). */
export function workersApply(job: Job): boolean {
  if (!job.gates.workers) return false;
  if (threadsOf(job) < 2) return false;
  return job.points.length >= (job.call.tuning?.minPoints ?? MIN_POINTS);
}

/** Contiguous chunks [start, end) covering [0, n), T of them (empty ones dropped). */
export function partition(n: number, T: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < T; k++) {
    const a = Math.floor((k * n) / T);
    const b = Math.floor(((k + 1) * n) / T);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** Partial sums added in chunk order. */
export function combinePartials(job: Job, partials: readonly Proj<any>[]): Proj<any> {
  let acc = projIdentity(job.F);
  for (const p of partials) acc = projAdd(job.F, job.b3, acc, p);
  return acc;
}

const slices = new WeakMap<PreparedBases, Map<string, PreparedBases>>();

/** The handle over bases [a, b) of `h` with their rows of its table (cached: its table stays loaded where it was). */
export function handleSlice(h: PreparedBases, a: number, b: number): PreparedBases {
  let m = slices.get(h);
  if (m === undefined) slices.set(h, (m = new Map()));
  const key = `${a}:${b}`;
  let s = m.get(key);
  if (s === undefined) {
    const { table, isIdentity } = preparedTables(h);
    // a table kept in the wasm module's form is sliced as bytes (its entries stay undecoded)
    const bytes = adoptedPointBytes(table);
    const t = table.length === 0 ? table : bytes ? tableSlice(bytes, a * h.rows, b * h.rows).entries : Object.freeze(table.slice(a * h.rows, b * h.rows));
    s = preparedOf(h.curve, h.points.slice(a, b), h.window, h.rows, { table: t, isIdentity: isIdentity.slice(a, b) });
    m.set(key, s);
  }
  return s;
}

/** The options of chunk [a, b) of a call: one thread, and on a handle the chunk's handle with its scalars. */
export function chunkCall(call: CallOptions, a: number, b: number): CallOptions {
  const prepared: PreparedCall | undefined =
    call.prepared && Object.freeze({ handle: handleSlice(call.prepared.handle, a, b), scalars: Object.freeze(call.prepared.scalars.slice(a, b)) });
  return Object.freeze({ ...call, threads: 1, prepared });
}

function freshTrace(t: Trace): Trace {
  return { window: 0, windowSource: '', path: 'pippenger', windows: 0, bucketCount: 0, n: 0, bits: t.bits, slots: {} };
}

function copyWindowInfo(to: Trace, from: Trace): void {
  to.window = from.window;
  to.windowSource = from.windowSource;
  to.windows = from.windows;
  to.bucketCount = from.bucketCount;
  if (from.field !== undefined) to.field = from.field;
  if (from.wasmBuild !== undefined) to.wasmBuild = from.wasmBuild;
  Object.assign(to.slots, from.slots);
}

/** The synchronous form: the same chunks as the pool's, each a one-thread call run in this thread. */
function inThread(job: Job): Proj<any> | undefined {
  if (!workersApply(job)) return undefined;
  const chunks = partition(job.points.length, threadsOf(job));
  const partials = chunks.map(([a, b], k) => {
    const sub: Job = {
      ...job,
      points: job.points.slice(a, b),
      scalars: job.scalars.slice(a, b),
      bits: job.curve.scalarBits,
      window: 0,
      trace: freshTrace(job.trace),
      call: chunkCall(job.call, a, b),
    };
    const r = job.pipeline.run(sub);
    if (k === 0) copyWindowInfo(job.trace, sub.trace);
    return r;
  });
  job.trace.workers = { mode: 'in-thread', chunks: chunks.length };
  return combinePartials(job, partials);
}

export const workers: Step<'workers'> = {
  id: 'workers',
  step: 11,
  title: 'Worker threads: the call split into chunks, each a whole one-thread call, partial sums combined in chunk order (msmAsync)',
  default: false,
  claims: workersApply,
  direct: inThread,
  // the split from minPoints on (in-thread in msm, on the pool in msmAsync), on points and handles, T = 2 and 3
  reach: reach({
    entries: ['plain', 'prepared', 'async'],
    windows: ['auto', 3],
    thresholds: [{ name: 'MIN_POINTS', at: MIN_POINTS, side: 'atOrAbove', knob: 'minPoints', knobValues: [2, 3, 5] }],
    threads: [2, 3],
    scalars: ['fullSize', 'small'],
    inputs: ['zeroScalars', 'identity'],
  }),
};
