/**
 * Bad input: a table of hostile values gives the same error class and the same message from the
 * reference and from the engine (under several gate sets), never a result. Also option errors.
 */
// The checks live in harness/checks/core.ts (run by the gate too); this file runs them under vitest.
import { afterAll } from 'vitest';
import { closeWorkerPool } from '../src/index.js';
import { BAD_INPUT_CHECKS } from '../harness/checks/core.js';
import { runChecks } from './support/run-checks.js';

runChecks(BAD_INPUT_CHECKS);

// msmAsync may start the worker pool (workers gate): let the test worker end
afterAll(async () => {
  await closeWorkerPool();
});
