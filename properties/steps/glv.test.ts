/**
 * Step 09 (glv): the lattice decomposition k ≡ k1 + λ·k2 (mod r) and its proven bound, and the
 * MSM with the gate on and the other gates random.
 *
 * Failure modes aimed at: a wrong rounding (halves over the bound, so scalars ≥ 2^job.bits and
 * a lost top bit), a negative half not folded into the point (sign error), φ applied with the
 * wrong β (G1 and G2 use different cube roots), and λ-related edge scalars (0, 1, r − 1, λ,
 * λ ± 1, multiples of λ, r − λ).
 */
// The checks live in harness/checks/steps/glv.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../../harness/checks/steps/glv.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
