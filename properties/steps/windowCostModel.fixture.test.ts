/**
 * Step 02 windowCostModel: the model's answers for the combinations recorded at commit 65d8264
 * are unchanged (harness/checks/steps/windowCostModel.fixture.ts says how they were recorded).
 */
// The checks live in harness/checks/steps/windowCostModel.fixture.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/windowCostModel.fixture.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
