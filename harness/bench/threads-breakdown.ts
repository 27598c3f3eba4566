/**
 * One `msmAsync` call with threads = T taken apart, for the speed suite's "what limits it" rows
 * (speed-limits.ts): the main-thread serial part, each chunk timed inside a worker running the
 * pool workers' own function, its round trip, the ideal and the parallel loss.
 */
import { Worker } from 'node:worker_threads';
import { msmAsync } from '../../src/index.js';
import { startCallDeferred, toPoint } from '../../src/optimized/engine.js';
import type { PreparedBases } from '../../src/optimized/kernels/fixed-base.js';
import type { Proj } from '../../src/optimized/kernels/projective.js';
import { callTasks } from '../../src/optimized/pool.js';
import { ChunkCache, runChunkTask, type ChunkTask } from '../../src/optimized/pool-task.js';
import { combinePartials, workersApply } from '../../src/optimized/steps/11-workers.js';
import { median } from '../format.js';
export interface ThreadsBreakdown {
  n: number;
  threads: number;
  /** Median wall time of msmAsync (ms). */
  wallMs: number;
  /** validation in this thread (startCallDeferred: the on-curve tests of points not seen before are left to the workers). */
  prepMs: number;
  /** writing the chunk tasks' words (callTasks: the scalars, and the points of a call on plain points). */
  tasksMs: number;
  /** structured clone of every task with its buffers transferred: what postMessage does in this thread. */
  cloneMs: number;
  /** combining the partial sums and the conversion to a point. */
  combineMs: number;
  /** each chunk's runChunkTask (decode, on-curve tests, transforms, recoding, buckets) timed inside a worker (chunk-worker.ts; median per chunk). */
  chunkMs: number[];
  /** the same chunks' runChunkTask run in this thread (median per chunk), for comparison. */
  chunkHereMs: number[];
  /** prepMs + tasksMs + cloneMs + combineMs */
  serialMs: number;
  /** max(chunkMs) + serialMs: the wall time with perfect overlap and free transfer. */
  idealMs: number;
  /**
   * Each chunk sent alone to the timing worker (median per chunk): postMessage → reply, i.e.
   * transfer both ways + wake-up + the chunk; round trip − chunkMs = transfer + wake-up.
   */
  roundTripMs: number[];
  /** wallMs − serialMs − max(roundTripMs): what running the chunks at once costs beyond the slowest alone. */
  parallelLossMs: number;
}

/** Each repetition's times (ms): the serial parts, and per chunk (inside the worker, in this thread, round trip). */
type Samples = Record<'wall' | 'prep' | 'tasksT' | 'clone' | 'combine', number[]> & Record<'chunks' | 'here' | 'trips', number[][]>;

type TimedReply = { id: number; ms: number; X: unknown; Y: unknown; Z: unknown } | { id: number; error: string } | { id: number; offCurve: number };

/** One timing worker (chunk-worker.ts: the pool workers' runChunkTask, timed inside), sent one task at a time. */
function soloWorker() {
  const url = new URL(/\.ts$/.test(new URL(import.meta.url).pathname) ? './chunk-worker.dev.mjs' : './chunk-worker.js', import.meta.url);
  const w = new Worker(url);
  const waiting = new Map<number, (m: TimedReply) => void>();
  w.on('message', (m: TimedReply) => waiting.get(m.id)?.(m));
  const failed = new Promise<never>((_, reject) => {
    w.on('error', reject);
    w.on('exit', (c) => reject(new Error(`threadsBreakdown: timing worker exited with code ${c}`)));
  });
  failed.catch(() => {});
  return {
    run(task: ChunkTask, transfer: ArrayBuffer[]): Promise<TimedReply> {
      return Promise.race([
        failed,
        new Promise<TimedReply>((resolve) => {
          waiting.set(task.id, (m) => (waiting.delete(task.id), resolve(m)));
          w.postMessage(task, transfer);
        }),
      ]);
    },
    close: () => w.terminate(),
  };
}

/**
 * One msmAsync(points, scalars, { gates: { workers: true }, threads }) taken apart (medians of
 * `reps`); `points` may be a prepare() handle. The pieces are checked: their combination must
 * equal msmAsync's result, and each chunk's sum in the timing worker the one in this thread.
 */
export async function threadsBreakdown(
  points: readonly unknown[] | PreparedBases,
  scalars: readonly bigint[],
  threads: number,
  reps: number
): Promise<ThreadsBreakdown> {
  const opts = { gates: { workers: true }, threads };
  const expected: any = await msmAsync(points as any[], scalars, opts); // warms the pool
  const n = Array.isArray(points) ? points.length : (points as PreparedBases).points.length;
  const s: Samples = { wall: [], prep: [], tasksT: [], clone: [], combine: [], chunks: [], here: [], trips: [] };
  const solo = soloWorker();
  // what each side has received of a handle's words (sent once, as the pool does), and its decoded chunks
  const soloHas = new Set<number>();
  const hereHas = new Set<number>();
  const hereCache = new ChunkCache();
  const call = () => {
    const c = startCallDeferred(points as any[], scalars, opts);
    if (!workersApply(c.job)) throw new RangeError(`threadsBreakdown: the workers step does not apply at n = ${n} (threads ${threads})`);
    return c;
  };
  try {
    for (let r = -1; r < reps; r++) {
      // r = −1: warms the solo worker and this thread's cache (first chunks run cold), nothing recorded
      if (r < 0) {
        const c = call();
        for (const t of callTasks(c.job, c.unchecked, soloHas)) await solo.run(t.task, t.transfer);
        for (const t of callTasks(c.job, c.unchecked, hereHas)) runChunkTask(t.task, hereCache);
        continue;
      }
      const w0 = performance.now();
      await msmAsync(points as any[], scalars, opts);
      s.wall.push(performance.now() - w0);
      const t0 = performance.now();
      const { job, unchecked } = call();
      const t1 = performance.now();
      const tasks = callTasks(job, unchecked, hereHas);
      const t2 = performance.now();
      const cloned = callTasks(job, unchecked, new Set());
      const c0 = performance.now();
      for (const t of cloned) structuredClone(t.task, { transfer: t.transfer });
      s.clone.push(performance.now() - c0);
      const partials: Proj<any>[] = [];
      tasks.forEach((t, k) => {
        const h0 = performance.now();
        const m = runChunkTask(t.task, hereCache);
        (s.here[k] ??= []).push(performance.now() - h0);
        if (!('X' in m)) throw new Error(`threadsBreakdown: chunk ${k} failed in this thread: ${JSON.stringify(m)}`);
        partials.push(m as Proj<any>);
      });
      const t4 = performance.now();
      const out: any = toPoint(job.curve, combinePartials(job, partials));
      const t5 = performance.now();
      if (!out.equals(expected)) throw new Error(`threadsBreakdown: the chunks' combination differs from msmAsync at n = ${n}`);
      for (const [k, t] of callTasks(job, unchecked, soloHas).entries()) {
        const s0 = performance.now();
        const m = await solo.run(t.task, t.transfer);
        (s.trips[k] ??= []).push(performance.now() - s0);
        if (!('X' in m)) throw new Error(`threadsBreakdown: worker failed: ${JSON.stringify(m)}`);
        (s.chunks[k] ??= []).push(m.ms);
        if (m.X !== partials[k].X || m.Y !== partials[k].Y || m.Z !== partials[k].Z)
          throw new Error(`threadsBreakdown: the worker's chunk ${k} differs from this thread's`);
      }
      s.prep.push(t1 - t0);
      s.tasksT.push(t2 - t1);
      s.combine.push(t5 - t4);
    }
  } finally {
    await solo.close();
  }
  return breakdownOf(n, threads, s);
}

/** The medians of the samples, and what follows from them: the serial part, the ideal, the parallel loss. */
function breakdownOf(n: number, threads: number, s: Samples): ThreadsBreakdown {
  const b = {
    n,
    threads,
    wallMs: median(s.wall),
    prepMs: median(s.prep),
    tasksMs: median(s.tasksT),
    cloneMs: median(s.clone),
    combineMs: median(s.combine),
    chunkMs: s.chunks.map(median),
    chunkHereMs: s.here.map(median),
  };
  const serialMs = b.prepMs + b.tasksMs + b.cloneMs + b.combineMs;
  const roundTripMs = s.trips.map(median);
  return { ...b, serialMs, idealMs: Math.max(...b.chunkMs) + serialMs, roundTripMs, parallelLossMs: b.wallMs - serialMs - Math.max(...roundTripMs) };
}
