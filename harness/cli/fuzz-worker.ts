/**
 * One fuzz worker: runs the cases of its share of the campaign (case indices of the shard,
 * every `workers`-th one starting at `worker`), one fast-check run per case with the case's own
 * seed (caseSeed(seed, index)); on a failure it shrinks (fast-check), reports, and stops.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { closeWorkerPool } from '../../src/index.js';
import { engine, implIdentity, nameImpl, type MsmImpl } from '../contract.js';
import { caseSeed, reportOf, runProperty, type PropertySpec } from './cases.js';
import { importImpl, type ImplRef } from './impl.js';
import { runReachProperty } from './reach-cases.js';
import { shareIndices, type WorkerShare } from './worker-pool.js';

export interface WorkerInput extends WorkerShare {
  spec: PropertySpec;
  /** Record the case indices run (for tests / --json). */
  recordIndices: boolean;
  /** The MSM under test (--impl), or null for the engine. */
  impl: ImplRef | null;
}

/** ms inside the MSM under test's calls and in the whole loop (msm cases; reach cases call entry points of their own). */
export interface WorkerTimes {
  implMs: number;
  loopMs: number;
}

export type WorkerMessage =
  | ({ type: 'progress'; worker: number; done: number; nSum: number } & WorkerTimes)
  | ({ type: 'failure'; worker: number; done: number; nSum: number; index: number; report: ReturnType<typeof reportOf> } & WorkerTimes)
  | ({ type: 'done'; worker: number; done: number; nSum: number; indices: number[] | null } & WorkerTimes);

const input = workerData as WorkerInput;
const port = parentPort!;
let stopped = false;
port.on('message', (m: unknown) => {
  if (m === 'stop') stopped = true;
});

async function main(): Promise<void> {
  const base = input.impl ? await importImpl(input.impl) : engine;
  // the time inside the MSM under test, for the summary's share (the rest is the harness's)
  let implMs = 0;
  const impl: MsmImpl = (points, scalars, call) => {
    const t0 = performance.now();
    try {
      return base(points, scalars, call);
    } finally {
      implMs += performance.now() - t0;
    }
  };
  const id = implIdentity(base);
  nameImpl(impl, id.name, id.implFlag);
  const started = performance.now();
  const times = (): WorkerTimes => ({ implMs, loopMs: performance.now() - started });
  let done = 0;
  let nSum = 0;
  const indices: number[] | null = input.recordIndices ? [] : null;
  let lastPost = 0;
  for (const index of shareIndices(input, () => stopped)) {
    const seed = caseSeed(input.seed, index);
    const out =
      input.spec.cases === 'reach'
        ? await runReachProperty(input.spec, seed, 1, undefined, (n) => (nSum += n))
        : runProperty(input.spec, seed, 1, impl, undefined, (n) => (nSum += n));
    done++;
    indices?.push(index);
    if (!out.ok) {
      const report = reportOf(out.failure!, `found by stepwise-msm fuzz (campaign seed ${input.seed}, case ${index})`, impl);
      port.postMessage({ type: 'failure', worker: input.worker, done, nSum, index, report, ...times() } satisfies WorkerMessage);
      break;
    }
    const now = Date.now();
    if (now - lastPost > 200) {
      lastPost = now;
      port.postMessage({ type: 'progress', worker: input.worker, done, nSum, ...times() } satisfies WorkerMessage);
    }
    // let 'stop' messages in
    await new Promise((r) => setImmediate(r));
  }
  // msmAsync cases start the engine's thread pool in this worker: let it go
  if (input.spec.cases === 'reach') await closeWorkerPool();
  port.postMessage({ type: 'done', worker: input.worker, done, nSum, indices, ...times() } satisfies WorkerMessage);
}

main().catch((e) => {
  throw e;
});
