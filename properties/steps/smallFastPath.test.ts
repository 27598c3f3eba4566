/**
 * Step 01 smallFastPath: the interleaved wNAF Straus path must equal the reference for every
 * input it answers — top NAF digit of scalars near r and 2^bits, accumulator collisions
 * (P = ±Q on the toy curve), identity points, zero scalars, GLV-halved bits — whatever the
 * other gates; and it must answer exactly when n (after transforms) is at most the threshold.
 */
// The checks live in harness/checks/steps/smallFastPath.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/smallFastPath.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
