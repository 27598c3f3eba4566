/**
 * Step 04 bucketReuse: the pooled bucket arrays must not carry state from one window or one
 * call to the next. Sequences of calls interleave curves (G1 and toy), sizes, gate sets and
 * windows, each checked against the reference / oracle; a call that throws half-way (a bucket
 * set left full of the previous curve's points) must not poison the next call; and every array
 * the slot hands out is all-null and of the requested length.
 */
// The checks live in harness/checks/steps/bucketReuse.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/bucketReuse.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
