/**
 * The worker pool of step 11 (workers), used by `msmAsync`: created lazily, reused across calls,
 * each worker released while idle (an idle pool never keeps a process alive); `closeWorkerPool()`
 * terminates it, `workerPoolStats()` reports its size and the tasks it ran.
 *
 * A call is cut into the step's chunks (contiguous, in the call's own point order) and each chunk
 * goes to a worker as one task (pool-task.ts) with one transferred buffer of words: the chunk's
 * scalars, and for plain points the chunk's points and the on-curve tests left to the worker
 * (validate.ts: validateMsmInputDeferred). The main thread only validates the cheap parts,
 * writes words and adds the partial sums in chunk order: the workers finish the validation, run
 * the transforms, the recoding and the bucket method. A prepare() handle's points and table are
 * written once into a SharedArrayBuffer that every worker receives once and keeps (a copy per
 * worker, transferred once, where SharedArrayBuffer is unavailable: a browser page that is not
 * cross-origin isolated); when the handle is garbage-collected the workers are told to drop it.
 * Platform code (spawning, messages, failures) comes from platform/threads.ts.
 */
import type { AnyCurve } from '../curve/index.js';
import { offCurveError, rememberOnCurve } from '../validate.js';
import { preparedTables, type PreparedBases } from './kernels/fixed-base.js';
import type { Proj } from './kernels/projective.js';
import { pointCodec, writePoints, writeScalars } from './pool-codec.js';
import { taskLayout, type ChunkReply, type ChunkTask, type HandleRef } from './pool-task.js';
import type { Job } from './step.js';
import { combinePartials, MAX_POOL, partition, threadsOf } from './steps/11-workers.js';
import { poolWorkerUrl, spawnWorker, type HostWorker } from './platform/threads.js';
import { ELEMENT_BYTES } from './wasm/layout.js';
import { adoptedPointBytes } from './wasm/msm.js';

type Answer = { point: Proj<any> } | { offCurve: number };

interface Pending {
  resolve: (a: Answer) => void;
  reject: (e: Error) => void;
}

class PoolWorker {
  readonly host: HostWorker;
  readonly pending = new Map<number, Pending>();
  /** Keys of the handles whose words this worker has received. */
  readonly has = new Set<number>();
  dead = false;

  constructor(
    readonly index: number,
    onDead: (w: PoolWorker) => void
  ) {
    this.host = spawnWorker(poolWorkerUrl());
    this.host.onFailure((why) => {
      if (this.dead) return;
      this.dead = true;
      onDead(this);
      this.failAll(`msm worker ${this.index} failed: ${why}`);
      void this.host.terminate();
    });
    this.host.onMessage((message) => {
      const m = message as ChunkReply;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.host.hold(false);
      if ('error' in m) p.reject(new Error(`msm worker ${this.index}: ${m.error}`));
      else if ('offCurve' in m) p.resolve({ offCurve: m.offCurve });
      else p.resolve({ point: { X: m.X, Y: m.Y, Z: m.Z } });
    });
  }

  failAll(message: string): void {
    const err = new Error(message);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  run(task: ChunkTask, transfer: ArrayBuffer[]): Promise<Answer> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(new Error(`msm worker ${this.index} failed: already dead`));
      this.pending.set(task.id, { resolve, reject });
      this.host.hold(true);
      this.host.post(task, transfer);
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
      w.failAll(`msm worker ${w.index} failed: pool closed`);
      return w.host.terminate();
    })
  );
}

/** Pool size and the number of chunk tasks workers have completed so far (for tests, benches). */
export function workerPoolStats(): { workers: number; tasksRun: number } {
  return { workers: pool.length, tasksRun };
}

/** Whether buffers can be shared between threads (SharedArrayBuffer; in a browser only on a cross-origin isolated page). */
export function canShare(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

interface SharedHandle {
  ref: HandleRef;
  buffer: ArrayBufferLike;
  shared: boolean;
}

const handleWords = new WeakMap<PreparedBases, SharedHandle>();
let nextKey = 1;
const handleGone = new FinalizationRegistry<number>((key) => {
  for (const w of pool) if (w.has.delete(key)) w.host.post({ drop: key });
});

/** A handle's points and table as words, written once (shared when possible; `share` overrides the detection, for checks). */
export function handleBuffer(h: PreparedBases, share = canShare()): SharedHandle {
  let s = handleWords.get(h);
  if (s === undefined || s.shared !== share) {
    const codec = pointCodec(h.curve);
    const { table } = preparedTables(h);
    const n = h.points.length;
    const pointBytes = 8 * n * codec.pointWords;
    // a table kept in the wasm module's form goes as those bytes (never decoded), else as words
    const adopted = table.length > 0 ? adoptedPointBytes(table) : undefined;
    const kind = table.length === 0 ? 'none' : adopted ? 'bytes' : 'words';
    const tableBytes = adopted ? adopted.count * (2 * ELEMENT_BYTES * adopted.degree + 1) : 8 * table.length * codec.pointWords;
    const buffer = share ? new SharedArrayBuffer(pointBytes + tableBytes) : new ArrayBuffer(pointBytes + tableBytes);
    writePoints(codec, new BigUint64Array(buffer, 0, n * codec.pointWords), 0, h.points as unknown as Proj<any>[], 0, n);
    if (adopted) new Uint8Array(buffer, pointBytes, tableBytes).set(adopted.bytes.subarray(0, tableBytes));
    else if (kind === 'words') writePoints(codec, new BigUint64Array(buffer, pointBytes, table.length * codec.pointWords), 0, table, 0, table.length);
    s = { ref: { key: nextKey++, n, window: h.window, rows: h.rows, table: kind }, buffer, shared: share };
    handleWords.set(h, s);
    handleGone.register(h, s.ref.key);
  }
  return s;
}

/** The task of chunk [a, b) of `job` (untransformed: the call's own points and scalars) and the buffers it transfers. */
function chunkTask(
  job: Job,
  a: number,
  b: number,
  check: Uint8Array | undefined,
  handle: SharedHandle | undefined,
  has: Set<number>
): { task: ChunkTask; transfer: ArrayBuffer[] } {
  const curve: AnyCurve = job.curve;
  const count = b - a;
  const checks = check !== undefined && handle === undefined && check.subarray(a, b).includes(1);
  const layout = taskLayout(curve, count, handle === undefined, checks);
  const data = new ArrayBuffer(layout.bytes);
  const w = new BigUint64Array(data, 0, layout.checkAt);
  writeScalars(w, 0, job.scalars, a, b);
  if (handle === undefined) writePoints(pointCodec(curve), w, layout.pointsAt, job.points, a, b);
  if (checks) new Uint8Array(data, 8 * layout.checkAt, count).set(check!.subarray(a, b));
  const transfer: ArrayBuffer[] = [data];
  let ref: HandleRef | undefined;
  if (handle !== undefined) {
    ref = { ...handle.ref };
    if (!has.has(ref.key)) {
      // the handle's words go with the first task this worker gets for it: shared, or its own copy
      const buffer = handle.shared ? handle.buffer : (handle.buffer as ArrayBuffer).slice(0);
      ref.buffer = buffer;
      if (!handle.shared) transfer.push(buffer as ArrayBuffer);
      has.add(ref.key);
    }
  }
  const task: ChunkTask = {
    id: nextId++,
    curve: curve.id,
    gates: job.gates,
    window: job.explicitWindow,
    start: a,
    end: b,
    data,
    check: checks,
  };
  if (job.call.tuning) task.tuning = job.call.tuning;
  if (a === 0 && job.call.hooks) task.hooks = job.call.hooks;
  if (ref) task.handle = ref;
  return { task, transfer };
}

/** What every chunk of a call reads: the handle's shared words, one byte per point whose on-curve test is left to the workers. */
function callData(job: Job, unchecked: readonly number[]): { handle: SharedHandle | undefined; check: Uint8Array | undefined } {
  const handle = job.call.prepared ? handleBuffer(job.call.prepared.handle, job.call.hooks?.noSharedMemory ? false : canShare()) : undefined;
  if (unchecked.length === 0) return { handle, check: undefined };
  const check = new Uint8Array(job.points.length);
  for (const i of unchecked) check[i] = 1;
  return { handle, check };
}

/**
 * The tasks of an untransformed job's chunks as runOnPool makes them for workers that have the
 * handle words whose keys are in `has` (it adds the ones it sends): for the speed suite's
 * breakdown of msmAsync, which times each step of the call.
 */
export function callTasks(job: Job, unchecked: readonly number[], has: Set<number> = new Set()): { task: ChunkTask; transfer: ArrayBuffer[] }[] {
  const { handle, check } = callData(job, unchecked);
  return partition(job.points.length, threadsOf(job)).map(([a, b]) => chunkTask(job, a, b, check, handle, has));
}

/**
 * Runs an untransformed job's chunks on the pool and adds the partial sums in chunk order.
 * `unchecked`: indices of job.points (the call's copy of the points) whose on-curve test was left to the
 * workers (none on a handle: its points were validated by prepare()); the smallest one a worker
 * finds off the curve is thrown as the validator's error, else they are remembered as checked.
 */
export async function runOnPool(job: Job, unchecked: readonly number[]): Promise<Proj<any>> {
  const chunks = partition(job.points.length, threadsOf(job));
  const workers = getWorkers(chunks.length);
  const { handle, check } = callData(job, unchecked);
  const answers = chunks.map(([a, b], k) => {
    const worker = workers[k % workers.length];
    const { task, transfer } = chunkTask(job, a, b, check, handle, worker.has);
    const r = worker.run(task, transfer).then((x) => (tasksRun++, x));
    r.catch(() => {}); // the call reports the first failure; later ones must not go unhandled
    return r;
  });
  // Promise.all rejects on the first failure; the other chunks' results are simply dropped.
  const got = await Promise.all(answers);
  let bad = -1;
  for (const g of got) if ('offCurve' in g && (bad < 0 || g.offCurve < bad)) bad = g.offCurve;
  if (bad >= 0) throw offCurveError(job.curve, bad);
  // the points the workers tested: the call's copy, not the caller's array (which may have changed since)
  if (unchecked.length > 0) rememberOnCurve(job.points, unchecked);
  const partials = got.map((g) => (g as { point: Proj<any> }).point);
  job.trace.workers = { mode: 'pool', chunks: chunks.length };
  return combinePartials(job, partials);
}
