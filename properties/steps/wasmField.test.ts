/**
 * Step 12 (wasmField): the bucket windows in WebAssembly.
 *
 * Failure modes aimed at: the wasm point kernels' special cases (P = Q → doubling, P = −Q →
 * identity, a bucket that became the identity receiving another point, a window whose sum is
 * the identity), negative digits (y → −y in wasm), identity input points and Z ≠ 1 (the batch
 * inversion that loads points, with GLV's shared Z), both accumulation paths (mixed XYZZ when
 * batchAffine is off, batched affine rounds when it is on), every window 1..16, points reloaded
 * or reused across calls (the loaded-points cache), and the BigInt fallback (G2, counting).
 * Every other gate is random; toy results against referenceMsm, G1 against the discrete-log
 * oracle.
 */
// The checks live in harness/checks/steps/wasmField.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/wasmField.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
