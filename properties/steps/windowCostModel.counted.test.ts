/**
 * Step 02 windowCostModel at BLS12-381 scale, by counted cost: the model's
 * window against its neighbours and its predicted cost against the counted one, for n from 1 to
 * 65536. The checks live in harness/checks/steps/windowCostModel.counted.ts (the gate runs them
 * too, at fewer sizes); this file runs them under vitest.
 */
import { CHECKS } from '../../harness/checks/steps/windowCostModel.counted.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
