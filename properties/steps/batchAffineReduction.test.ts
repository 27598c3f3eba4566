/**
 * Step 08 (batchAffineReduction): the running sum by batched affine additions over independent
 * bucket segments.
 *
 * Failure modes aimed at: segment boundaries (weights sL + t + 1), a partial last segment,
 * empty segments, more segments than buckets, the shared old `running` read by both additions
 * of a step, P = Q and P = −Q inside the reduction (equal or opposite buckets, running sums
 * that cancel), buckets of every representation (projective, XYZZ, affine, identity values),
 * and every combination with steps 06 and 07.
 */
// The checks live in harness/checks/steps/batchAffineReduction.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/batchAffineReduction.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
