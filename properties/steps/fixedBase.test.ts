/**
 * Step 10 (fixedBase): prepare() handles and the table path.
 *
 * Failure modes aimed at: tables reused across calls going stale or being mutated by a call;
 * two handles' tables mixed up (both handles of the same length, interleaved calls); the
 * signed base-2^c recoding losing its top carry (c dividing bits, c = 1, scalars near r);
 * identity bases and zero scalars; the table path composed with every other gate (its
 * accumulate / reduce come from whatever bucket step is on); msm(handle) with the gate off.
 * Expected values come from the discrete-log oracle (points kᵢ·G) and the reference.
 */
// The checks live in harness/checks/steps/fixedBase.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/fixedBase.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
