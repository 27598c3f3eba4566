/**
 * The engine kernels (src/optimized/kernels): sharper properties written from the survivors of the mutation run
 * (docs/mutation.md). Costs are counted on the counting field (deterministic, unlike timings)
 * against the cost each kernel's doc comment promises.
 */
// The checks live in harness/checks/kernels.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../harness/checks/kernels.js';
import { runChecks } from './support/run-checks.js';

runChecks(CHECKS);
