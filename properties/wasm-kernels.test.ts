/**
 * The WebAssembly kernels at volume against BigInt (field, Fp2, batch inversion, pair sums, the
 * table builder; every build of the module): npm test runs a slice, the gate the full volume.
 */
// The checks live in harness/checks/wasm-kernels.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../harness/checks/wasm-kernels.js';
import { runChecks } from './support/run-checks.js';

runChecks(CHECKS);
