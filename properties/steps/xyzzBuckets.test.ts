/**
 * Step 06 (xyzzBuckets): XYZZ buckets filled by mixed additions of once-normalized points.
 *
 * Failure modes aimed at: the mixed addition's P = Q (doubling) and P = −Q (identity) branches,
 * a bucket that became the identity receiving another point, identity input points (Z = 0) in
 * the batch normalization, points with Z ≠ 1, negative digits (y → −y), and the XYZZ kernels
 * (add, mixed add, doubling, conversion) against noble's group law.
 */
// The checks live in harness/checks/steps/xyzzBuckets.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/xyzzBuckets.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
