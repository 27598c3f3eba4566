/**
 * Differential: engine = reference, for any gate set and window, on the toy curve (where
 * collisions P = ±Q and repeated buckets happen constantly) and on BLS12-381 G1 (small n: the
 * reference is slow) and G2.
 */
// The checks live in harness/checks/core.ts (run by the gate too); this file runs them under vitest.
import { DIFFERENTIAL_CHECKS } from '../harness/checks/core.js';
import { runChecks } from './support/run-checks.js';

runChecks(DIFFERENTIAL_CHECKS);
