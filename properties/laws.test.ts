/**
 * Algebraic laws of MSM, checked on the engine alone (no reference involved), for any gate set:
 * linearity in the scalars, permutation invariance, concatenation, negation. The laws are the
 * contract's (harness/contract.ts lawFailure), so any MSM under test can be held to them.
 */
// The checks live in harness/checks/core.ts (run by the gate too); this file runs them under vitest.
import { LAW_CHECKS } from '../harness/checks/core.js';
import { runChecks } from './support/run-checks.js';

runChecks(LAW_CHECKS);
