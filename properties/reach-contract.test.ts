/**
 * The contract on the reach-driven cases: the checks live in harness/checks/reach.ts (the gate
 * runs them too); this file runs them under vitest.
 */
import { afterAll } from 'vitest';
import { closeWorkerPool } from '../src/index.js';
import { REACH_CHECKS } from '../harness/checks/reach.js';
import { runChecks } from './support/run-checks.js';

runChecks(REACH_CHECKS);

afterAll(async () => {
  await closeWorkerPool();
});
