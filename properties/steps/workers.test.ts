/**
 * Step 11 (workers): the split-and-combine (in-thread for msm, worker pool for msmAsync).
 *
 * Failure modes aimed at: a partition that drops or repeats points at chunk edges (many chunks,
 * n not a multiple of the chunk count, more chunks than points); partial sums combined in
 * completion order instead of chunk order (checked on exact projective coordinates: msmAsync on
 * the pool must return the very same (X : Y : Z) as the in-thread msm with the same gates);
 * transformed jobs (GLV, skipZero) crossing to workers with the wrong bit width; a crashed or
 * terminated worker hanging the call; an idle pool keeping the process alive.
 * The split threshold is lowered per call (options.tuning.minPoints = 1) so tiny toy inputs are split too.
 */
// The checks live in harness/checks/steps/workers.ts (run by the gate too); this file runs them under vitest.
import { afterAll, expect, it } from 'vitest';
import { closeWorkerPool, DEFAULT_GATES, G1, msmInspect } from '../../src/index.js';
import { CHECKS } from '../../harness/checks/steps/workers.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);

it("a split call's trace keeps its chunks' field and wasm build", () => {
  const points = Array.from({ length: 100 }, (_, i) => G1.BASE.multiply(BigInt(i + 1)));
  const scalars = points.map((_, i) => BigInt(7 * i + 3));
  const plain = msmInspect(points, scalars, { gates: { ...DEFAULT_GATES, workers: false, wasmField: true } }).trace;
  const split = msmInspect(points, scalars, { gates: { ...DEFAULT_GATES, workers: true, wasmField: true }, threads: 2, tuning: { minPoints: 2 } }).trace;
  expect(split.path).toBe('workers');
  expect(plain.field).toBe('wasm');
  expect([split.field, split.wasmBuild]).toEqual([plain.field, plain.wasmBuild]);
  expect(split.wasmBuild).toMatch(/^(simd|scalar)$/);
});

afterAll(async () => {
  await closeWorkerPool();
});
