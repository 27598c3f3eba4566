/**
 * The worker-thread pool of `fuzz` and `fuzz --target`, and what their campaigns share: the
 * plan (deadline, the shard's cases, how many workers), each worker's share of the case indices,
 * and the progress line. One worker per slot, started through worker-boot.mjs (so the same code
 * runs from the TypeScript sources and from dist/), a progress line redrawn every 500 ms, and
 * Ctrl-C handling — the first Ctrl-C asks every worker to stop after its current case (the
 * caller then prints the partial summary), a second one exits at once with EXIT.INTERRUPTED. A
 * worker that errors, or exits non-zero before it said it was done, fails the run; a failure or
 * fatal message in one worker is the caller's cue to stop all.
 *
 * Case i of a campaign has seed caseSeed(seed, i), so a campaign is reproducible and splits
 * across machines without overlap: `--shard i/n` takes the indices ≡ i (mod n); inside a shard,
 * worker w of W takes every W-th of those. With `--runs k` the campaign is indices 0..k−1 (all
 * shards together); with `--time s` each shard runs until the time is up.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { EXIT, UsageError } from './errors.js';
import { makeProgress, type Progress } from './progress.js';

export interface Shard {
  index: number;
  count: number;
}

/** What a campaign runs: --runs k (indices 0..k−1 over all shards) or --time s, on one shard, with up to `workers` workers. */
export interface CampaignSize {
  seed: number;
  /** Total case indices of the campaign (runs mode), or null (time mode). */
  runs: number | null;
  timeSec: number | null;
  shard: Shard;
  workers: number;
}

/** A campaign as planned when it starts: its deadline (--time), its shard's case count (--runs), its workers (no more than its cases). */
export interface CampaignPlan extends CampaignSize {
  started: number;
  /** Epoch ms after which no new case starts (time mode), or null. */
  deadline: number | null;
  shardCases: number | null;
}

/**
 * A worker's share of the campaign (worker `worker` of `workers`), in its workerData; `clock`:
 * the case it is in and since when (Float64 [index or −1, epoch ms]), shared with the pool, which
 * reads it to find a case that does not return (a worker in a synchronous loop cannot tell).
 */
export type WorkerShare = Pick<CampaignPlan, 'seed' | 'shard' | 'workers' | 'runs' | 'deadline'> & { worker: number; clock?: SharedArrayBuffer };

/** The case indices a shard runs in runs mode (what the workers enumerate together). */
export function shardIndices(runs: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < runs; i += shard.count) out.push(i);
  return out;
}

/** The campaign as it starts; a UsageError when --runs leaves the shard no case (it would pass having checked nothing). */
export function planCampaign(o: CampaignSize): CampaignPlan {
  const started = Date.now();
  const shardCases = o.runs !== null ? shardIndices(o.runs, o.shard).length : null;
  if (shardCases === 0)
    throw new UsageError(
      `--runs ${o.runs} gives shard ${o.shard.index}/${o.shard.count} no case: the shard takes the case indices ≡ ${o.shard.index} (mod ${o.shard.count}) below ${o.runs}`
    );
  const workers = Math.max(1, Math.min(o.workers, shardCases ?? o.workers));
  return { ...o, workers, started, deadline: o.timeSec !== null ? started + o.timeSec * 1000 : null, shardCases };
}

/** A worker's case indices, in order: shard.index + shard.count · (worker + k · workers), while not stopped, below runs and before the deadline. */
export function* shareIndices(s: WorkerShare, stopped: () => boolean): Generator<number> {
  for (let k = 0; !stopped(); k++) {
    const index = s.shard.index + s.shard.count * (s.worker + k * s.workers);
    if (s.runs !== null && index >= s.runs) return;
    if (s.deadline !== null && Date.now() >= s.deadline) return;
    yield index;
  }
}

/**
 * A worker's loop over its share: `runCase` on each index in turn, until it returns true (a
 * failure that ends the worker's run) or the share ends (stopped, --runs, the deadline);
 * `progress` at most every 200 ms, and the event loop let in after each case so that the
 * parent's messages ('stop', …) arrive between in-process cases, which never yield to it.
 */
export async function forEachCase(s: WorkerShare, stopped: () => boolean, runCase: (index: number) => Promise<boolean>, progress: () => void): Promise<void> {
  let lastPost = 0;
  const clock = s.clock ? new Float64Array(s.clock) : undefined;
  for (const index of shareIndices(s, stopped)) {
    if (clock) [clock[0], clock[1]] = [index, Date.now()];
    const last = await runCase(index);
    if (clock) clock[0] = -1;
    if (last) return;
    const now = Date.now();
    if (now - lastPost > 200) {
      lastPost = now;
      progress();
    }
    await new Promise((r) => setImmediate(r));
  }
}

/** What a worker's message may do: stop every worker after its current case, post to every worker, log above the progress line. */
export interface PoolControl {
  stopAll(): void;
  broadcast(message: unknown): void;
  log(line: string): void;
}

export interface PoolOptions<M> {
  campaign: CampaignPlan;
  /** The module each worker runs, beside this one: fuzz-worker.ts from the sources, .js in dist/. */
  module: 'fuzz-worker' | 'target-fuzz-worker';
  /** The workers' data besides their share (the pool adds the share and the entry). */
  input(): object;
  /** A message from worker w; returns true when this was the worker's last message (it is done). */
  onMessage(w: number, m: M, pool: PoolControl): boolean;
  /** Terminate a worker as soon as it is done (else it ends on its own; every worker is terminated at the end). */
  terminateOnDone: boolean;
  /**
   * With --time: this long after the deadline (ms), workers that are not done yet are terminated
   * (their last message stands): a worker blocked in a synchronous call cannot look at the clock.
   */
  graceMs: number;
  /**
   * A case that has not returned after `ms` is a hang: its worker is terminated and `found` told
   * (the caller stops the others). With --time, a worker still in a case at the hard stop is
   * left to this limit. Without it, such a worker is terminated at the hard stop.
   */
  hang?: { ms: number; found(w: number, index: number, ms: number, pool: PoolControl): void };
  /** The progress line (on `err`): the rate per minute (else per second), the cases done and the failures so far. */
  perMinute: boolean;
  count(): { done: number; failures: number };
  err(s: string): void;
}

/**
 * The progress line of a campaign: cases done (of the shard's with --runs; with --time the bar
 * is the time), the rate (per second or per minute), the time elapsed and the failures.
 */
function campaignProgress<M>({ campaign: c, err, perMinute, count }: PoolOptions<M>): { progress: Progress; render: () => void } {
  const progress = makeProgress({ label: 'fuzz', total: c.shardCases ?? Math.max(1, Math.round((c.timeSec ?? 1) * 10)), write: err });
  const render = () => {
    const el = (Date.now() - c.started) / 1000;
    const { done: n, failures } = count();
    const rate = perMinute ? `${((60 * n) / Math.max(el, 1e-3)).toFixed(0)} cases/min` : `${(n / Math.max(el, 1e-3)).toFixed(1)} cases/s`;
    progress.update(
      c.shardCases !== null ? n : Math.min(Math.round(el * 10), Math.round((c.timeSec ?? 1) * 10)),
      `${n}${c.shardCases !== null ? `/${c.shardCases}` : ''} cases, ${rate}, ${el.toFixed(0)} s elapsed, ${failures} failure(s)`
    );
  };
  return { progress, render };
}

/**
 * Starts worker w and settles when it is done: its last message (onMessage says so), a hard stop
 * (its finisher, pushed on `finishers`), or its exit; an error or a non-zero exit rejects.
 */
function runWorker<M>(w: number, workerData: object, o: PoolOptions<M>, pool: Worker[], finishers: (() => void)[], control: PoolControl): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const wk = new Worker(fileURLToPath(new URL('./worker-boot.mjs', import.meta.url)), { workerData });
    pool.push(wk);
    let finished = false;
    finishers.push(() => {
      if (finished) return;
      finished = true;
      void wk.terminate();
      resolve();
    });
    wk.on('message', (m: M) => {
      if (finished) return;
      if (o.onMessage(w, m, control)) {
        finished = true;
        if (o.terminateOnDone) void wk.terminate();
        resolve();
      }
    });
    wk.on('error', (e) => {
      control.stopAll();
      reject(e);
    });
    wk.on('exit', (code) => {
      if (!finished) {
        if (code === 0) resolve();
        else reject(new Error(`fuzz worker ${w} exited with code ${code}`));
      }
    });
  });
}

/** Runs the pool to its end, with its progress line; says whether the user interrupted it (Ctrl-C), and the campaign's wall time. */
export async function runWorkerPool<M>(o: PoolOptions<M>): Promise<{ interrupted: boolean; elapsedMs: number }> {
  const entry = new URL(`./${o.module}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
  const c = o.campaign;
  const clocks = Array.from({ length: c.workers }, () => new Float64Array(new SharedArrayBuffer(16)).fill(-1));
  const share = (w: number): WorkerShare => ({
    seed: c.seed,
    shard: c.shard,
    worker: w,
    workers: c.workers,
    runs: c.runs,
    deadline: c.deadline,
    clock: clocks[w].buffer as SharedArrayBuffer,
  });
  const pool: Worker[] = [];
  const broadcast = (message: unknown) => {
    for (const wk of pool) wk.postMessage(message);
  };
  const stopAll = () => broadcast('stop');
  const { progress, render } = campaignProgress(o);
  const control: PoolControl = { stopAll, broadcast, log: (line) => progress.log(line) };
  const finishers: (() => void)[] = [];
  const inCase = (w: number) => clocks[w][0] >= 0;
  const watchHangs = () => {
    if (!o.hang) return;
    for (let w = 0; w < finishers.length; w++) {
      const ms = Date.now() - clocks[w][1];
      if (!inCase(w) || ms < o.hang.ms) continue;
      const index = clocks[w][0];
      clocks[w][0] = -1;
      finishers[w]();
      o.hang.found(w, index, ms, control);
    }
  };
  const ticker = setInterval(() => {
    watchHangs();
    render();
  }, 500);
  const hardStop =
    c.deadline !== null
      ? setTimeout(
          () => {
            progress.log(`time is up: stopping the workers still in a call${o.hang ? ` (a case in a call is given up to ${o.hang.ms / 1000} s)` : ''}`);
            finishers.forEach((f, w) => (o.hang && inCase(w) ? undefined : f()));
          },
          Math.max(0, c.deadline + o.graceMs - Date.now())
        )
      : undefined;
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      progress.stop();
      process.exit(EXIT.INTERRUPTED);
    }
    interrupted = true;
    progress.log('interrupted (Ctrl-C): stopping after the current cases; Ctrl-C again to quit at once');
    stopAll();
  };
  process.on('SIGINT', onSigint);
  const work = Promise.all(
    Array.from({ length: c.workers }, (_, w) => runWorker(w, { ...share(w), ...o.input(), __entry: entry }, o, pool, finishers, control))
  );
  try {
    await work;
  } finally {
    process.off('SIGINT', onSigint);
    clearInterval(ticker);
    clearTimeout(hardStop);
    await Promise.all(pool.map((wk) => wk.terminate()));
  }
  render();
  progress.stop();
  return { interrupted, elapsedMs: Date.now() - c.started };
}
