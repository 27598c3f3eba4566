/**
 * One chunk of a transformed MSM job as it crosses to a pool worker (step 11, workers), and the
 * worker side of it: rebuild the job on the chunk and run the bucket method.
 */
import { curveById, type AnyCurve } from '../curve/index.js';
import { makeJob, runPippenger } from './engine.js';
import type { Proj } from './kernels/projective.js';
import type { GateSet, Tuning } from './step.js';

/** What crosses to a worker: one chunk of a transformed job. */
export interface ChunkTask {
  id: number;
  curve: string;
  gates: GateSet;
  bits: number;
  window: number | undefined;
  X: unknown[];
  Y: unknown[];
  Z: unknown[];
  scalars: bigint[];
  /** The call's tuning knobs (options.tuning), for the steps that run in the worker. */
  tuning?: Tuning;
  /** Test hook (hooks.ts, `crash`): the worker dies on this task instead of running it. */
  crash?: 'throw' | 'exit';
}

export type ChunkReply = { id: number; X: unknown; Y: unknown; Z: unknown } | { id: number; error: string };

/** The worker side of one task: Σ over the chunk by the bucket method with the task's gates and window. */
export function runChunkTask(task: ChunkTask): { X: unknown; Y: unknown; Z: unknown } {
  const curve: AnyCurve = curveById(task.curve);
  const points: Proj<any>[] = task.X.map((X, i) => ({ X, Y: task.Y[i], Z: task.Z[i] }));
  const job = makeJob(curve, points, task.scalars, task.gates, task.window, task.tuning ? { tuning: task.tuning } : {});
  job.bits = task.bits;
  job.trace.bits = task.bits;
  const r = runPippenger(job);
  return { X: r.X, Y: r.Y, Z: r.Z };
}
