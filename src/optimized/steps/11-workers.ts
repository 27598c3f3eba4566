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
import { Worker } from 'node:worker_threads';
import { curveById, type AnyCurve } from '../../curve/index.js';
import { makeJob, runDirect, runPippenger, runTransforms, startCall, toPoint, type MsmPoints } from '../engine.js';
import { PREPARED_OPTION, type PreparedCall } from '../kernels/fixed-base.js';
import { projAdd, projIdentity, type Proj } from '../kernels/projective.js';
import type { MsmOptions } from '../options.js';
import type { GateSet, Job, Step, Trace } from '../step.js';

/** Fewest points (after transforms) for which the split pays; measured, see the header. */
export const MIN_POINTS = 512;
/** Cap on the default thread count and on the pool size. */
export const MAX_DEFAULT_THREADS = 8;
export const MAX_POOL = 16;

const test = { minPoints: undefined as number | undefined, crash: undefined as 'throw' | 'exit' | undefined };

/**
 * Test-only knobs: `minPoints` overrides MIN_POINTS (so properties can split tiny inputs into
 * many chunks); `crash` makes the next pool task crash its worker ('throw': uncaught error in
 * the worker; 'exit': the worker calls process.exit). Pass undefined to restore.
 */
export function configureWorkersForTest(o: { minPoints?: number; crash?: 'throw' | 'exit' }): void {
  test.minPoints = o.minPoints;
  test.crash = o.crash;
}

export function threadsOf(job: Job): number {
  const t = job.options.threads;
  return typeof t === 'number' ? t : Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

function fixedBaseWillAnswer(job: Job): boolean {
  const call = job.options[PREPARED_OPTION] as PreparedCall | undefined;
  if (!call || !job.gates.fixedBase) return false;
  return job.explicitWindow === undefined || job.explicitWindow === call.handle.window;
}

/** Whether the split applies to this (transformed) job. */
export function workersApply(job: Job): boolean {
  if (!job.gates.workers) return false;
  if (threadsOf(job) < 2) return false;
  if (job.points.length < (test.minPoints ?? MIN_POINTS)) return false;
  return !fixedBaseWillAnswer(job);
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
    partials.push(runPippenger(sub));
    if (k === 0) copyWindowInfo(job.trace, sub.trace);
  });
  job.trace.workers = { mode: 'in-thread', chunks: chunks.length };
  return combinePartials(job, partials);
}

// ---------------------------------------------------------------- the pool

/** What crosses to a worker: one chunk of a transformed job. */
export interface ChunkTask {
  id: number;
  curve: string;
  gates: GateSet;
  bits: number;
  window: number | undefined;
  X: unknown[];
  Y: unknown[];
  Z: unknown[];
  scalars: bigint[];
  crash?: 'throw' | 'exit';
}

export type ChunkReply = { id: number; X: unknown; Y: unknown; Z: unknown } | { id: number; error: string };

interface Pending {
  resolve: (p: Proj<any>) => void;
  reject: (e: Error) => void;
}

class PoolWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  dead = false;

  constructor(
    readonly index: number,
    onDead: (w: PoolWorker) => void
  ) {
    this.worker = new Worker(new URL('./11-workers.worker.mjs', import.meta.url), { execArgv: [] });
    this.worker.unref();
    const fail = (why: string) => {
      if (this.dead) return;
      this.dead = true;
      onDead(this);
      const err = new Error(`msm worker ${this.index} failed: ${why}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      void this.worker.terminate();
    };
    this.worker.on('message', (m: ChunkReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in m) p.reject(new Error(`msm worker ${this.index}: ${m.error}`));
      else p.resolve({ X: m.X, Y: m.Y, Z: m.Z });
    });
    this.worker.on('error', (e) => fail(`uncaught ${e instanceof Error ? e.message : String(e)}`));
    this.worker.on('messageerror', (e) => fail(`message could not be deserialised (${String(e)})`));
    this.worker.on('exit', (code) => fail(`exited with code ${code}`));
  }

  run(task: ChunkTask): Promise<Proj<any>> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(new Error(`msm worker ${this.index} failed: already dead`));
      this.pending.set(task.id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(task);
    });
  }
}

let pool: PoolWorker[] = [];
let nextId = 0;
let tasksRun = 0;
let workersStarted = 0;

function getWorkers(count: number): PoolWorker[] {
  const want = Math.min(count, MAX_POOL);
  const onDead = (w: PoolWorker) => {
    pool = pool.filter((x) => x !== w);
  };
  while (pool.length < want) pool.push(new PoolWorker(workersStarted++, onDead));
  return pool.slice(0, want);
}

/** Terminates every pool worker (the pool is re-created on the next msmAsync that needs it). */
export async function closeWorkerPool(): Promise<void> {
  const ws = pool;
  pool = [];
  await Promise.all(
    ws.map((w) => {
      w.dead = true;
      const err = new Error(`msm worker ${w.index} failed: pool closed`);
      for (const p of w.pending.values()) p.reject(err);
      w.pending.clear();
      return w.worker.terminate();
    })
  );
}

/** Pool size and the number of chunk tasks workers have completed so far (for tests, benches). */
export function workerPoolStats(): { workers: number; tasksRun: number } {
  return { workers: pool.length, tasksRun };
}

async function onPool(job: Job): Promise<Proj<any>> {
  const T = threadsOf(job);
  const chunks = partition(job.points.length, T);
  const workers = getWorkers(Math.min(T, chunks.length));
  const crash = test.crash;
  test.crash = undefined;
  const results = chunks.map(([a, b], k) => {
    const pts = job.points.slice(a, b);
    const task: ChunkTask = {
      id: nextId++,
      curve: job.curve.id,
      gates: { ...job.gates },
      bits: job.bits,
      window: job.explicitWindow,
      X: pts.map((p) => p.X),
      Y: pts.map((p) => p.Y),
      Z: pts.map((p) => p.Z),
      scalars: job.scalars.slice(a, b),
      crash: k === 0 ? crash : undefined,
    };
    const r = workers[k % workers.length].run(task).then((p) => (tasksRun++, p));
    r.catch(() => {}); // the call reports the first failure; later ones must not go unhandled
    return r;
  });
  // Promise.all rejects on the first failure; the other chunks' results are simply dropped.
  const partials = await Promise.all(results);
  job.trace.workers = { mode: 'pool', chunks: chunks.length };
  return combinePartials(job, partials);
}

/**
 * Σ scalars[i]·points[i], asynchronously: with the workers gate on and enough points, the
 * chunks run on the worker pool; otherwise it computes in this thread exactly like `msm`.
 * Accepts the same inputs (points or a prepare() handle) and options as `msm`, and rejects with
 * the same errors on bad input.
 * Variable time: public inputs only. The engine branches on scalar bits (digits, zero tests,
 * bucket collisions), so timing reveals the scalars: never pass secret scalars.
 */
export async function msmAsync<P>(points: MsmPoints<P>, scalars: readonly bigint[], options?: MsmOptions): Promise<P> {
  const job = startCall(points, scalars, options);
  runTransforms(job);
  if (job.points.length === 0) return toPoint<P>(job.curve, projIdentity(job.F));
  if (workersApply(job)) return toPoint<P>(job.curve, await onPool(job));
  return toPoint<P>(job.curve, runDirect(job) ?? runPippenger(job));
}

/** The worker side of one task (also used by the worker script). */
export function runChunkTask(task: ChunkTask): { X: unknown; Y: unknown; Z: unknown } {
  const curve: AnyCurve = curveById(task.curve);
  const points: Proj<any>[] = task.X.map((X, i) => ({ X, Y: task.Y[i], Z: task.Z[i] }));
  const job = makeJob(curve, points, task.scalars, task.gates, task.window, {});
  job.bits = task.bits;
  job.trace.bits = task.bits;
  const r = runPippenger(job);
  return { X: r.X, Y: r.Y, Z: r.Z };
}

export const workers: Step = {
  id: 'workers',
  step: 11,
  title: 'Worker threads: points split into chunks, partial sums combined in chunk order (msmAsync)',
  default: false,
  direct: inThread,
};
