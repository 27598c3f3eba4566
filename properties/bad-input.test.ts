/**
 * Bad input: a table of hostile values gives the same error class and the same message from the
 * reference and from the engine (under several gate sets), never a result. Also option errors.
 */
// The checks live in harness/checks/core.ts (run by the gate too); this file runs them under vitest.
import { afterAll, expect, it } from 'vitest';
import { closeWorkerPool, G1, msm, referenceMsm } from '../src/index.js';
import { BAD_INPUT_CHECKS } from '../harness/checks/core.js';
import { runChecks } from './support/run-checks.js';

runChecks(BAD_INPUT_CHECKS);

it('a long negative scalar is shown with its sign before the hex prefix', () => {
  for (const f of [msm, referenceMsm] as const) {
    expect(() => f([G1.BASE], [-(1n << 300n)])).toThrow(/got bigint -0x1000000000000000…$/);
    expect(() => f([G1.BASE], [1n << 300n])).toThrow(/got bigint 0x1000000000000000…$/);
  }
});

// msmAsync may start the worker pool (workers gate): let the test worker end
afterAll(async () => {
  await closeWorkerPool();
});
