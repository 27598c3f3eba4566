/**
 * Step 03 skipZero: inputs dense with zero scalars and identity points (and all-zero inputs),
 * any other gates: the result equals the reference / oracle, and with the gate on the engine
 * sees exactly the non-trivial terms (trace.n before any later transform such as GLV).
 */
// The checks live in harness/checks/steps/skipZero.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/skipZero.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
