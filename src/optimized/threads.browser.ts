/**
 * Browser twin of platform/threads.ts (package.json's "browser" map swaps it in for bundlers): the
 * threads of step 11 are module Web Workers, their count `navigator.hardwareConcurrency`.
 *
 * It lives here, beside pool-worker.js, not in platform/: the worker is started with the literal
 * `new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' })`, the form Vite,
 * webpack and Parcel recognise and bundle as a worker, and which unbundled resolves next to this
 * file. A bundler that leaves `new URL` alone (esbuild, Rollup without a plug-in) resolves it next
 * to the output bundle: bundle `stepwise-msm/worker` there as pool-worker.js (README, "in the browser").
 * Differences with Node: no exit event (a worker that stops is seen through its error event, and
 * `exitWorker` throws so the pool sees an error); `hold` has nothing to do (a page does not wait
 * for its workers); a failure's error event is marked handled (the pool reports it: the call's
 * promise rejects naming the worker and the cause).
 */
import type { HostWorker, ParentChannel } from './platform/host.js';

export type { HostWorker, ParentChannel };

interface WebWorker {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  addEventListener(type: string, listener: (e: { data?: unknown; message?: string; preventDefault?: () => void }) => void): void;
  terminate(): void;
}

interface WorkerScope {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  addEventListener(type: string, listener: (e: { data?: unknown }) => void): void;
}

const G = globalThis as unknown as {
  WorkerGlobalScope?: abstract new () => unknown;
  navigator?: { hardwareConcurrency?: number };
};

// the global constructor, by its own name: webpack bundles the pool worker only for `new Worker(new URL(…))` with the global `Worker`
declare const Worker: new (url: URL, options: { type: 'module'; name?: string }) => WebWorker;

/**
 * The pool worker's entry: pool-worker.js next to this module (or to the bundle that holds it).
 * Not written `new URL('./pool-worker.js', import.meta.url)`: bundlers would copy the file unbundled
 * as an asset besides the worker chunk (and webpack reads any `new URL(x, import.meta.url)` as a module request).
 */
export function poolWorkerUrl(): URL {
  const here = import.meta.url;
  return new URL('./pool-worker.js', here);
}

export function spawnWorker(url: URL): HostWorker {
  if (typeof Worker === 'undefined') throw new Error('msm workers: this runtime has no Web Worker (globalThis.Worker is undefined)');
  // the pool's own worker through the literal form bundlers recognise; any other URL as given
  const w: WebWorker =
    url.href === poolWorkerUrl().href ? new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' }) : new Worker(url, { type: 'module' });
  return {
    post: (m, transfer) => w.postMessage(m, transfer ?? []),
    onMessage: (h) => w.addEventListener('message', (e) => h(e.data)),
    onFailure: (h) => {
      w.addEventListener('error', (e) => {
        e.preventDefault?.();
        h(e.message ? `uncaught ${e.message}` : `could not start or threw (${url.href})`);
      });
      w.addEventListener('messageerror', () => h('message could not be deserialised'));
    },
    hold: () => {},
    terminate: async () => w.terminate(),
  };
}

export function hardwareConcurrency(): number {
  const n = G.navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? n : 1;
}

/** Inside a dedicated worker: the channel to the page that started it; undefined elsewhere. */
export function parentChannel(): ParentChannel | undefined {
  const Scope = G.WorkerGlobalScope;
  if (Scope === undefined || !(globalThis instanceof Scope)) return undefined;
  const self = globalThis as unknown as WorkerScope;
  return {
    onMessage: (h) => self.addEventListener('message', (e) => h(e.data)),
    post: (m, transfer) => self.postMessage(m, transfer ?? []),
  };
}

/** A worker cannot end itself with a status in a browser: an uncaught error is what the pool sees. */
export function exitWorker(code: number): never {
  throw new Error(`worker exit requested (code ${code})`);
}
