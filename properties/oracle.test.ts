/**
 * Discrete-log oracle: with Pᵢ = kᵢ·G the result equals (Σ kᵢ·sᵢ mod r)·G. Needs no reference
 * MSM, so it reaches sizes the reference cannot.
 */
// The checks live in harness/checks/core.ts (run by the gate too); this file runs them under vitest.
import { ORACLE_CHECKS } from '../harness/checks/core.js';
import { runChecks } from './support/run-checks.js';

runChecks(ORACLE_CHECKS);
