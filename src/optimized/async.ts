/**
 * `msmAsync`: the asynchronous public entry point. With the workers gate (step 11) on and enough
 * points, the call's chunks run on the worker pool (pool.ts), which also finishes the call's
 * validation; otherwise it computes in this thread exactly like `msm`.
 */
import { finishDeferred } from '../validate.js';
import { runJob, startCallDeferred, toPoint, type MsmPoints } from './engine.js';
import { projIdentity } from './kernels/projective.js';
import type { MsmOptions } from './options.js';
import { runOnPool } from './pool.js';
import { workersApply } from './steps/11-workers.js';

export { closeWorkerPool, workerPoolStats } from './pool.js';

/**
 * Σ scalars[i]·points[i], asynchronously: with the workers gate on and enough points, the
 * chunks run on the worker pool; otherwise it computes in this thread exactly like `msm`.
 * Accepts the same inputs (points or a prepare() handle) and options as `msm`, and rejects with
 * the same errors on bad input.
 * Variable time: public inputs only. The engine branches on scalar bits (digits, zero tests,
 * bucket collisions), so timing reveals the scalars: never pass secret scalars.
 */
export async function msmAsync<P>(points: MsmPoints<P>, scalars: readonly bigint[], options?: MsmOptions): Promise<P> {
  const { job, unchecked } = startCallDeferred(points, scalars, options);
  if (job.points.length === 0) return toPoint<P>(job.curve, projIdentity(job.F));
  // the pool tests the deferred points (of the call's copy) in its workers; a handle's points were tested by prepare()
  if (workersApply(job) && job.call.prepared === undefined) return toPoint<P>(job.curve, await runOnPool(job, unchecked));
  finishDeferred(job.curve, job.points, unchecked);
  if (workersApply(job)) return toPoint<P>(job.curve, await runOnPool(job, []));
  return toPoint<P>(job.curve, runJob(job));
}
