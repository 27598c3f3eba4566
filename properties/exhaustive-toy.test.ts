/**
 * Exhaustive pass on the toy curve (r = 1867): every scalar s ∈ [0, r) for n = 1 and for n = 2
 * (second scalar tied to the first), under every window size, with all gates off, default and
 * all on. Expected values come from a table of multiples built by repeated addition of G
 * (noble's group law), not from any MSM code.
 */
// The checks live in harness/checks/exhaustive-toy.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../harness/checks/exhaustive-toy.js';
import { runChecks } from './support/run-checks.js';

runChecks(CHECKS);
