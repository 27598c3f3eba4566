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
import { afterAll } from 'vitest';
import { closeWorkerPool } from '../../src/index.js';
import { CHECKS } from '../../harness/checks/steps/workers.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);

afterAll(async () => {
  await closeWorkerPool();
});
