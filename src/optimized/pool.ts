/**
 * The worker pool of step 11 (workers), used by `msmAsync`: created lazily, reused across calls,
 * each worker `unref`'d while idle; `closeWorkerPool()` terminates it, `workerPoolStats()`
 * reports its size and the tasks it ran.
 *
 * The worker is pool-worker.ts, compiled with the rest of the library: the pool starts the file
 * next to this module (`pool-worker.js` in compiled output). When this module itself runs from
 * its TypeScript source (tests under tsx or vitest), it starts the dev-only shim
 * pool-worker.dev.mjs, which registers tsx in the worker and loads pool-worker.ts.
 */
import { Worker } from 'node:worker_threads';
import type { Proj } from './kernels/projective.js';
import type { ChunkReply, ChunkTask } from './pool-task.js';
import type { Job } from './step.js';
import { combinePartials, MAX_POOL, partition, threadsOf } from './steps/11-workers.js';

/** The worker entry next to this module: compiled JavaScript, or the dev shim when running from .ts sources. */
export function workerEntry(moduleUrl: string = import.meta.url): URL {
  return /\.[cm]?ts$/.test(new URL(moduleUrl).pathname) ? new URL('./pool-worker.dev.mjs', moduleUrl) : new URL('./pool-worker.js', moduleUrl);
}

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
    this.worker = new Worker(workerEntry(), { execArgv: [] });
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

/** The chunk tasks of a transformed job, as runOnPool sends them (also timed by the speed suite's limits). */
export function chunkTasks(job: Job): ChunkTask[] {
  const chunks = partition(job.points.length, threadsOf(job));
  const { minPoints: _minPoints, ...tuning } = job.call.tuning ?? {};
  const crash = job.call.hooks?.crash;
  return chunks.map(([a, b], k) => {
    const pts = job.points.slice(a, b);
    return {
      id: nextId++,
      curve: job.curve.id,
      gates: { ...job.gates },
      bits: job.bits,
      window: job.explicitWindow,
      X: pts.map((p) => p.X),
      Y: pts.map((p) => p.Y),
      Z: pts.map((p) => p.Z),
      scalars: job.scalars.slice(a, b),
      tuning,
      crash: k === 0 ? crash : undefined,
    };
  });
}

/** Runs a transformed job's chunks on the pool and combines the partial sums in chunk order. */
export async function runOnPool(job: Job): Promise<Proj<any>> {
  const chunks = chunkTasks(job);
  const workers = getWorkers(Math.min(threadsOf(job), chunks.length));
  const results = chunks.map((task, k) => {
    const r = workers[k % workers.length].run(task).then((p) => (tasksRun++, p));
    r.catch(() => {}); // the call reports the first failure; later ones must not go unhandled
    return r;
  });
  // Promise.all rejects on the first failure; the other chunks' results are simply dropped.
  const partials = await Promise.all(results);
  job.trace.workers = { mode: 'pool', chunks: chunks.length };
  return combinePartials(job, partials);
}
