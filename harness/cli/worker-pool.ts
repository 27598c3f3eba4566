/**
 * The worker-thread pool of `fuzz` and `fuzz --target`: one worker per slot, started through
 * worker-boot.mjs (so the same code runs from the TypeScript sources and from dist/), a progress
 * line redrawn every 500 ms, and Ctrl-C handling — the first Ctrl-C asks every worker to stop
 * after its current case (the caller then prints the partial summary), a second one exits at
 * once with EXIT.INTERRUPTED. A worker that errors, or exits non-zero before it said it was
 * done, fails the run; a failure or fatal message in one worker is the caller's cue to stop all.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { EXIT } from './errors.js';

export interface PoolProgress {
  log(s: string): void;
  stop(): void;
}

export interface PoolOptions<M> {
  /** Number of workers. */
  workers: number;
  /** The module each worker runs (file: URL; fuzz-worker.ts from the sources, .js in dist/). */
  entry: string;
  /** The worker's data for slot w (the pool adds the entry). */
  input(w: number): object;
  /**
   * A message from worker w. `stopAll` asks every worker to stop after its current case;
   * `broadcast` posts a message to every worker. Returns true when this was the worker's last
   * message (it is done).
   */
  onMessage(w: number, m: M, stopAll: () => void, broadcast: (message: unknown) => void): boolean;
  /** Terminate a worker as soon as it is done (else it ends on its own; every worker is terminated at the end). */
  terminateOnDone: boolean;
  /**
   * Epoch ms at which workers that are not done yet are terminated (their last message stands):
   * a worker blocked in a synchronous call cannot look at the clock.
   */
  hardStopAt?: number;
  progress: PoolProgress;
  /** Redraws the progress line (every 500 ms). */
  render(): void;
}

/** Runs the pool to its end; says whether the user interrupted it (Ctrl-C). */
export async function runWorkerPool<M>(o: PoolOptions<M>): Promise<{ interrupted: boolean }> {
  const bootUrl = new URL('./worker-boot.mjs', import.meta.url);
  const pool: Worker[] = [];
  const broadcast = (message: unknown) => {
    for (const wk of pool) wk.postMessage(message);
  };
  const stopAll = () => broadcast('stop');
  const ticker = setInterval(o.render, 500);
  const finishers: (() => void)[] = [];
  const hardStop =
    o.hardStopAt !== undefined
      ? setTimeout(
          () => {
            o.progress.log('time is up: stopping the workers still in a call');
            for (const f of finishers) f();
          },
          Math.max(0, o.hardStopAt - Date.now())
        )
      : undefined;
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      o.progress.stop();
      process.exit(EXIT.INTERRUPTED);
    }
    interrupted = true;
    o.progress.log('interrupted (Ctrl-C): stopping after the current cases; Ctrl-C again to quit at once');
    stopAll();
  };
  process.on('SIGINT', onSigint);
  const work = Promise.all(
    Array.from(
      { length: o.workers },
      (_, w) =>
        new Promise<void>((resolve, reject) => {
          const wk = new Worker(fileURLToPath(bootUrl), { workerData: { ...o.input(w), __entry: o.entry } });
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
            if (o.onMessage(w, m, stopAll, broadcast)) {
              finished = true;
              if (o.terminateOnDone) void wk.terminate();
              resolve();
            }
          });
          wk.on('error', (e) => {
            stopAll();
            reject(e);
          });
          wk.on('exit', (code) => {
            if (!finished) {
              if (code === 0) resolve();
              else reject(new Error(`fuzz worker ${w} exited with code ${code}`));
            }
          });
        })
    )
  );
  try {
    await work;
  } finally {
    process.off('SIGINT', onSigint);
    clearInterval(ticker);
    clearTimeout(hardStop);
    await Promise.all(pool.map((wk) => wk.terminate()));
  }
  return { interrupted };
}
