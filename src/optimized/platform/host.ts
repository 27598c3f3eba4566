/**
 * The pool's view of a worker and a worker's view of the pool, as types only: the platform twins
 * (platform/threads.ts, threads.browser.ts) implement them, and pool-worker's declarations need
 * no `URL` or Node type through them (the `stepwise-msm/worker` entry type-checks with lib ES2022 alone).
 */

/** A running worker, as the pool sees it. */
export interface HostWorker {
  /** Sends a message; buffers in `transfer` move to the worker (detached here). */
  post(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  /** Receives every message the worker posts. */
  onMessage(handler: (message: unknown) => void): void;
  /** Called (at most once per cause) when the worker fails: an uncaught error, a message that cannot be deserialised, or its exit. */
  onFailure(handler: (why: string) => void): void;
  /** busy = true while tasks are pending (the worker keeps the process alive), false when idle (it does not). */
  hold(busy: boolean): void;
  terminate(): Promise<void>;
}

/** The worker side of the channel: the pool's messages in, replies out. */
export interface ParentChannel {
  onMessage(handler: (message: unknown) => void): void;
  post(message: unknown, transfer?: readonly ArrayBuffer[]): void;
}
