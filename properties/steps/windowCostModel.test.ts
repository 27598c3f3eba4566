/**
 * Step 02 windowCostModel: the model's window is always a valid window (integer in
 * [1, min(16, bits)]) for any n, bits and gate set; options.window still overrides it for every
 * n (including n ≥ 32, where the heuristic and the model differ) whatever the gates; and MSMs
 * with the model's window equal the reference.
 */
// The checks live in harness/checks/steps/windowCostModel.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/windowCostModel.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
