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
import { forEachCase, type WorkerShare } from './worker-pool.js';

export interface WorkerInput extends WorkerShare {
  spec: PropertySpec;
  /** Record the case indices run (for tests / --json). */
  recordIndices: boolean;
  /** The MSM under test (--impl), or null for the engine. */
  impl: ImplRef | null;
}

/** What every message carries: the worker's cases done, their n sum, and the ms inside the MSM under test's calls and in the whole loop (msm cases; reach cases call entry points of their own). */
export interface WorkerFigures {
  worker: number;
  done: number;
  nSum: number;
  implMs: number;
  loopMs: number;
}

export type WorkerMessage = WorkerFigures &
  ({ type: 'progress' } | { type: 'failure'; index: number; report: ReturnType<typeof reportOf> } | { type: 'done'; indices: number[] | null });

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
  let done = 0;
  let nSum = 0;
  const indices: number[] | null = input.recordIndices ? [] : null;
  const figures = (): WorkerFigures => ({ worker: input.worker, done, nSum, implMs, loopMs: performance.now() - started });
  const runCase = async (index: number) => {
    const seed = caseSeed(input.seed, index);
    const out =
      input.spec.cases === 'reach'
        ? await runReachProperty(input.spec, seed, 1, undefined, (n) => (nSum += n))
        : runProperty(input.spec, seed, 1, impl, undefined, (n) => (nSum += n));
    done++;
    indices?.push(index);
    if (out.ok) return false;
    const report = reportOf(out.failure!, `found by stepwise-msm fuzz (campaign seed ${input.seed}, case ${index})`, impl);
    port.postMessage({ type: 'failure', index, report, ...figures() } satisfies WorkerMessage);
    return true;
  };
  await forEachCase(
    input,
    () => stopped,
    runCase,
    () => port.postMessage({ type: 'progress', ...figures() } satisfies WorkerMessage)
  );
  // msmAsync cases start the engine's thread pool in this worker: let it go
  if (input.spec.cases === 'reach') await closeWorkerPool();
  port.postMessage({ type: 'done', indices, ...figures() } satisfies WorkerMessage);
}

main().catch((e) => {
  throw e;
});
