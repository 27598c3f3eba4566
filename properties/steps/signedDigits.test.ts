/**
 * Step 05 (signedDigits): the signed recoding itself, and the MSM with the gate on.
 *
 * Failure modes aimed at: a lost carry out of the top window (scalars near r and near 2^bits,
 * all-ones windows, c dividing bits, c = 1, c ≥ bits), digits outside [−2^(c−1), 2^(c−1)],
 * limb extraction across 32-bit limb boundaries, and negative digits mis-applied by the
 * accumulators of other steps.
 */
// The checks live in harness/checks/steps/signedDigits.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/signedDigits.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
