/**
 * Step 07 (batchAffine): affine bucket accumulation in rounds of pairwise additions sharing one
 * inversion.
 *
 * Failure modes aimed at: two additions into one bucket inside one batch (lost update), P = Q
 * inside a pair (must double, λ = 3x²/2y), P = −Q (the pair vanishes; a bucket whose points all
 * cancel must end empty), odd pending counts, chunking of a round into several inversions,
 * identity input points, negative digits, and every combination with steps 06 and 08.
 */
// The checks live in harness/checks/steps/batchAffine.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/batchAffine.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
