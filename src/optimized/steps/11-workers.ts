/**
 * Step 11 — workers: split the MSM by points over worker_threads, combine in a fixed order.
 *
 * What it does: after the transforms (GLV, skipZero, ...), the job's points and scalars are cut
 * into T contiguous chunks (T = options.threads, default min(os.availableParallelism(), 8)),
 * each chunk runs the rest of the pipeline (window choice → recode → accumulate → reduce →
 * combine, with the same gates) on its own, and the T partial sums are added in chunk order
 * (chunk 0 first) with the engine's complete projective addition.
 *  - `msmAsync(points, scalars, options)` runs the chunks on a pool of worker threads: created
 *    lazily, reused across calls, each worker `unref`'d while idle (ref'd only while it has a
 *    task, so a pending call keeps the process alive but an idle pool never does), closed by
 *    `closeWorkerPool()`. Chunks cross as projective coordinates (bigint arrays; Fp2 as
 *    {c0, c1}) plus the transformed bit width, the gate set and the explicit window; results
 *    come back as coordinates. The worker script (11-workers.worker.mjs) is plain JavaScript,
 *    started with an empty execArgv; it registers tsx's ESM loader (tsx/esm/api) and imports
 *    the TypeScript engine through src/optimized/index.ts (the same module order as the main
 *    thread, which the steps ↔ engine import cycle needs). Checked under vitest and `npx tsx`;
 *    passing `--import tsx` in the Worker's execArgv did not work on Node 20 (".ts" unknown).
 *  - The synchronous `msm` cannot wait for threads. Rule: with this gate on, `msm` runs the SAME
 *    partition and combine in the calling thread, one chunk after another, and records
 *    trace.workers = { mode: 'in-thread', chunks }; so the split-and-combine code is fuzzed by
 *    every property that turns gates on at random. (msmAsync records nothing in a trace — it
 *    returns only the point — but `workerPoolStats()` counts the tasks the pool ran.)
 *  - Below MIN_POINTS points (after transforms), or with T = 1, the step declines and the call
 *    runs single-threaded as if the gate were off (msmAsync then computes in-thread too).
 *  - On a prepare() handle with the fixedBase gate on, the step declines so that step 10's
 *    table path answers (the tables live in the calling thread; shipping them per call would
 *    cost more than the MSM).
 * A worker that throws or dies (uncaught error, process.exit, terminate) rejects every task it
 * had with an Error naming the worker and the cause, and is dropped from the pool (a fresh one
 * is started on demand); a call never hangs on a dead worker.
 *
 * Invariant: Σ_k (Σ_{i∈chunk k} sᵢ·Pᵢ) = Σ sᵢ·Pᵢ for any partition; the chunks are contiguous
 * and cover [0, n) exactly once (sizes ⌊n/T⌋ or ⌈n/T⌉), and partial sums are added in chunk
 * order, so the result (as a group element, and the projective coordinates too) does not
 * depend on which worker finished first.
 *
 * Measured effect (BLS12-381 G1, default gates + workers, threads = 2, pool warmed up, 2-core
 * shared VM under heavy load from other jobs: load average 8–15 throughout; 3 reps per size,
 * msm / msmAsync / in-thread msm alternated; speed-up = best msm(gate off) / best msmAsync):
 *
 *   run  n       msm off best [spread]    msmAsync best [spread]   speed-up  per-rep
 *   1    1024     648 [648–891] ms         778 [778–1112] ms       0.83×     1.15 0.74 0.80
 *   1    4096    1722 [1722–2444] ms      1827 [1827–2780] ms      0.94×     0.88 1.17 0.94
 *   2    1024     971 [971–1315] ms       1354 [1354–1985] ms      0.72×     0.76 0.65 0.72
 *   2    4096    2230 [2230–3897] ms      2845 [2845–4606] ms      0.78×     0.85 0.78 0.83
 *   3    1024    2100 [2100–4529] ms      1686 [1686–2268] ms      1.25×     2.11 1.25 1.04
 *   3    4096    3210 [3210–8448] ms      2702 [2702–7805] ms      1.19×     1.08 2.18 1.19
 *   3    16384   8360 [8360–10506] ms     7747 [7747–9579] ms      1.08×     1.11 1.08 1.08
 *   4    512      444 [444–928] ms         619 [619–1033] ms       0.72×     0.90 0.58 0.72
 *   4    4096    1742 [1742–2300] ms      1695 [1695–2275] ms      1.03×     1.10 1.08 0.77
 *   4    16384   6980 [6980–8986] ms      8508 [8508–9652] ms      0.82×     0.90 0.82 0.93
 *
 * The target (≥ 1.6× at n ≥ 4096) was NOT reached on this VM, and could not be: in the same
 * windows, a pure-CPU control (BigInt loop, 1 worker vs 2 workers doing half each) gave only
 * 0.68–1.39× (median ≈ 1.0×, 12 control runs), i.e. the second core was not available.
 * What the split costs is exact, from the counting field (in-thread, 2 chunks vs unsplit): mulTotal × 1.091 at n = 1024,
 * × 1.068 at 4096, × 1.088 at 16384 (each chunk re-does the bucket reduction and, with GLV, the
 * window Horner), so each worker does 0.53–0.55 of the unsplit work; with the transforms
 * (≈ 4 % of the time at n = 4096) run serially before the split, the ceiling on two free cores
 * is ≈ 1.75×. Structured-clone transfer of a 2048-point chunk took 3–30 ms.
 * MIN_POINTS = 512, from the exact counts since the timings could not resolve it: with the
 * default gates, 2 chunks cost mulTotal × 1.274 / 1.241 / 1.223 / 1.167 / 1.115 / 1.138 of the
 * unsplit MSM at n = 64 / 128 / 256 / 512 / 1024 / 2048, i.e. an ideal 2-core speed-up of
 * 1.57 / 1.61 / 1.64 / 1.71 / 1.79 / 1.76×; from n = 512 on it stays above 1.7× before the
 * serial transforms (≈ 4 %) and the per-call messaging (a few ms, against ≥ 300 ms of work).
 * Default: off — the synchronous msm only pays the in-thread split's extra multiplications
 * (7–17 % at n ≥ 512), and msmAsync needed free cores that this machine did not have.
 *
 * Alternatives considered: splitting by windows (every worker needs all points: n points cross
 * per worker instead of n/T, and the windows' Horner combine must be redone in order); a
 * SharedArrayBuffer of limbs (needs a limb field; the engine's field is BigInt).
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
