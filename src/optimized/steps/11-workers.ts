/**
 * Step 11 — workers: split the MSM by points over worker_threads, combine in a fixed order.
 *
 * What: after the transforms, points and scalars are cut into T contiguous chunks (T =
 * options.threads, default min(os.availableParallelism(), 8)); each chunk runs the rest of the
 * pipeline with the same gates, and the T partial sums are added in chunk order. `msmAsync` runs
 * the chunks on a lazily created pool reused across calls (workers unref'd while idle, closed by
 * `closeWorkerPool()`; chunks cross as projective coordinates). The synchronous `msm` cannot wait
 * for threads: it runs the SAME partition and combine in the calling thread (trace.workers =
 * { mode: 'in-thread', chunks }), so every property that draws random gates fuzzes the split.
 * It declines below MIN_POINTS points (after transforms), with T = 1, and on a prepare() handle with
 * fixedBase on (the tables live in the calling thread). A worker that throws or dies rejects its
 * tasks with an Error naming it and the cause and is replaced: a call never hangs on a dead worker.
 * Invariant: Σ_k (Σ_{i∈chunk k} s_i·P_i) = Σ s_i·P_i for any partition; chunks are contiguous, cover
 * [0, n) exactly once (sizes ⌊n/T⌋ or ⌈n/T⌉) and are added in chunk order, so the result (and its
 * projective coordinates) does not depend on which worker finished first.
 * Default: off — in msm the split only adds multiplications (each chunk re-does its reductions), and
 * msmAsync pays only with free cores. MIN_POINTS = 512, from the split's exact extra multiplications.
 * Rejected: splitting by windows (every worker needs all n points, and Horner must be redone in
 * order); a SharedArrayBuffer of limbs (needs a limb field; the engine's field is BigInt).
 */
import { availableParallelism } from 'node:os';
import { projAdd, projIdentity, type Proj } from '../kernels/projective.js';
import { reach, type Job, type Step, type Trace } from '../step.js';

/** Fewest points (after transforms) for which the split pays; measured, see the header. */
export const MIN_POINTS = 512;
/** Cap on the default thread count and on the pool size. */
export const MAX_DEFAULT_THREADS = 8;
export const MAX_POOL = 16;

/** The call's thread count: options.threads, else the machine's parallelism capped at MAX_DEFAULT_THREADS. */
export function threadsOf(job: Job): number {
  const t = job.call.threads;
  return typeof t === 'number' ? t : Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

/** Whether the split applies to this (transformed) job. */
export function workersApply(job: Job): boolean {
  if (!job.gates.workers) return false;
  if (threadsOf(job) < 2) return false;
  if (job.points.length < (job.call.tuning?.minPoints ?? MIN_POINTS)) return false;
  // a lower step's direct hook (fixed-base tables) answers this job: leave it to that step
  return !job.pipeline.claimedBelow(job, workers.step);
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

function freshTrace(t: Trace): Trace {
  return { window: 0, windowSource: '', path: 'pippenger', windows: 0, bucketCount: 0, n: 0, bits: t.bits, slots: {} };
}

function copyWindowInfo(to: Trace, from: Trace): void {
  to.window = from.window;
  to.windowSource = from.windowSource;
  to.windows = from.windows;
  to.bucketCount = from.bucketCount;
  Object.assign(to.slots, from.slots);
}

/** The synchronous form: the same partition and combine, chunks run in this thread. */
function inThread(job: Job): Proj<any> | undefined {
  if (!workersApply(job)) return undefined;
  const chunks = partition(job.points.length, threadsOf(job));
  const partials: Proj<any>[] = [];
  chunks.forEach(([a, b], k) => {
    const sub: Job = { ...job, points: job.points.slice(a, b), scalars: job.scalars.slice(a, b), window: 0, trace: freshTrace(job.trace) };
    partials.push(job.pipeline.runPippenger(sub));
    if (k === 0) copyWindowInfo(job.trace, sub.trace);
  });
  job.trace.workers = { mode: 'in-thread', chunks: chunks.length };
  return combinePartials(job, partials);
}

export const workers: Step<'workers'> = {
  id: 'workers',
  step: 11,
  title: 'Worker threads: points split into chunks, partial sums combined in chunk order (msmAsync)',
  default: false,
  direct: inThread,
  // the split from minPoints on (in-thread in msm, on the pool in msmAsync), T = 2 and 3
  reach: reach({
    entries: ['plain', 'async'],
    windows: ['auto', 3],
    thresholds: [{ name: 'MIN_POINTS', at: MIN_POINTS, side: 'atOrAbove', knob: 'minPoints', knobValues: [2, 3, 5] }],
    threads: [2, 3],
    scalars: ['fullSize', 'small'],
    inputs: ['zeroScalars', 'identity'],
  }),
};
