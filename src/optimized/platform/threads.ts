/**
 * The platform's threads for step 11 (workers), Node's implementation: the ONE module of the
 * pool that touches node:worker_threads and node:os (a platform module: it imports nothing else
 * of the project). Everything else (pool.ts, pool-worker.ts, the step) uses only the interface
 * below, so a browser twin of this file (Web Workers, `navigator.hardwareConcurrency`) can be
 * selected by conditional exports without touching them.
 *
 * The interface:
 *  - `spawnWorker(url)`: a worker running the module at `url`, as a `HostWorker` (post with
 *    transfer list, message handler, one failure callback for uncaught errors, undeserialisable
 *    messages and exits, `hold(busy)` so an idle worker never keeps the process alive, terminate);
 *  - `poolWorkerUrl()`: the pool worker's entry (src/optimized/pool-worker);
 *  - `hardwareConcurrency()`: threads the platform offers;
 *  - inside a worker: `parentChannel()` (the pool's messages in, replies out; undefined outside a
 *    worker) and `exitWorker(code)` (the test hook `crash: 'exit'`).
 * SharedArrayBuffer needs no host: pool.ts detects it (`typeof SharedArrayBuffer`,
 * `crossOriginIsolated` in a browser) and falls back to transferred copies.
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import type { HostWorker, ParentChannel } from './host.js';

export type { HostWorker, ParentChannel } from './host.js';

export function spawnWorker(url: URL): HostWorker {
  const w = new Worker(url, { execArgv: [] });
  w.unref();
  return {
    post: (m, transfer) => w.postMessage(m, transfer as ArrayBuffer[] | undefined),
    onMessage: (h) => void w.on('message', h),
    onFailure: (h) => {
      w.on('error', (e) => h(`uncaught ${e instanceof Error ? e.message : String(e)}`));
      w.on('messageerror', (e) => h(`message could not be deserialised (${String(e)})`));
      w.on('exit', (code) => h(`exited with code ${code}`));
    },
    hold: (busy) => void (busy ? w.ref() : w.unref()),
    terminate: async () => void (await w.terminate()),
  };
}

/**
 * The pool worker's entry in the folder above `moduleUrl` (default: this module): the compiled
 * pool-worker.js, or, when running from the TypeScript sources (tests under tsx or vitest), the
 * dev-only shim pool-worker.dev.mjs, which registers tsx in the worker and loads pool-worker.ts.
 */
export function poolWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return /\.[cm]?ts$/.test(new URL(moduleUrl).pathname) ? new URL('../pool-worker.dev.mjs', moduleUrl) : new URL('../pool-worker.js', moduleUrl);
}

export function hardwareConcurrency(): number {
  return availableParallelism();
}

export function parentChannel(): ParentChannel | undefined {
  const port = parentPort;
  if (!port) return undefined;
  return {
    onMessage: (h) => void port.on('message', h),
    post: (m, transfer) => port.postMessage(m, transfer as ArrayBuffer[] | undefined),
  };
}

export function exitWorker(code: number): never {
  process.exit(code);
}
