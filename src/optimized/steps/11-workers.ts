/**
 * Step 11 — workers: split the MSM by points over worker_threads, combine in a fixed order.
 *
 * What it does: after the transforms (GLV, skipZero, ...), the job's points and scalars are cut
 * into T contiguous chunks (T = options.threads, default min(os.availableParallelism(), 8)),
 * each chunk runs the rest of the pipeline (window choice → recode → accumulate → reduce →
 * combine, with the same gates) on its own, and the T partial sums are added in chunk order
 * (chunk 0 first) with the engine's complete projective addition.
 *  - `msmAsync(points, scalars, options)` (async.ts) runs the chunks on a pool of worker
 *    threads (pool.ts): created lazily, reused across calls, each worker `unref`'d while idle
 *    (ref'd only while it has a task, so a pending call keeps the process alive but an idle pool
 *    never does), closed by `closeWorkerPool()`. Chunks cross as projective coordinates (bigint
 *    arrays; Fp2 as {c0, c1}) plus the transformed bit width, the gate set, the explicit window
 *    and the call's tuning knobs; results come back as coordinates. The worker (pool-worker.ts)
 *    is compiled with the rest of the library; run from TypeScript sources (tests), the pool
 *    starts it through a dev-only shim that registers tsx (pool-worker.dev.mjs).
 *  - The synchronous `msm` cannot wait for threads. Rule: with this gate on, `msm` runs the SAME
 *    partition and combine in the calling thread, one chunk after another, and records
 *    trace.workers = { mode: 'in-thread', chunks }; so the split-and-combine code is fuzzed by
 *    every property that turns gates on at random. (msmAsync records nothing in a trace — it
 *    returns only the point — but `workerPoolStats()` counts the tasks the pool ran.)
 *  - Below MIN_POINTS points (after transforms), or with T = 1, the step declines and the call
 *    runs single-threaded as if the gate were off (msmAsync then computes in-thread too).
 *  - When a lower step's direct hook claims the job (`Step.claims`: step 10 on a prepare()
 *    handle), the step declines so that the lower step answers (the tables live in the calling thread; shipping them per call would
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
import { projAdd, projIdentity, type Proj } from '../kernels/projective.js';
import type { Job, Step, Trace } from '../step.js';

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

export const workers: Step = {
  id: 'workers',
  step: 11,
  title: 'Worker threads: points split into chunks, partial sums combined in chunk order (msmAsync)',
  default: false,
  direct: inThread,
};
