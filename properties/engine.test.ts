/**
 * The engine's entry points (engine.ts, options.ts, gates.ts, step 00): sharper properties
 * written from the survivors of the first mutation run (docs/mutation.md): every option error
 * says what was given and what is allowed; gate labels; step 00's documented window heuristic
 * (c = 3 for n < 32, else ⌊0.69·log2 n⌋ + 2, clamped to [1, 16] and to the scalar width), with
 * expected values worked out by hand.
 */
// The checks live in harness/checks/engine.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../harness/checks/engine.js';
import { runChecks } from './support/run-checks.js';

runChecks(CHECKS);
