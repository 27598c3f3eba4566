/**
 * Discrete-log oracle: with Pᵢ = kᵢ·G the result equals (Σ kᵢ·sᵢ mod r)·G. Needs no reference
 * MSM, so it reaches sizes the reference cannot.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { G1, TOY } from '../src/index.js';
import { msmCaseArb } from '../harness/arbitraries/msm-case.js';
import { checkOracle } from '../harness/contract.js';
import { runs } from '../harness/config.js';

describe('discrete-log oracle over the gate space', () => {
  it('toy curve, n ≤ 600', () => {
    fc.assert(fc.property(msmCaseArb(TOY, { maxN: 600, maxWindow: 10 }), checkOracle), { numRuns: runs(30) });
  });

  it('BLS12-381 G1, n in [16, 80], engine-chosen or small windows', () => {
    fc.assert(fc.property(msmCaseArb(G1, { minN: 16, maxN: 80, maxWindow: 8 }), checkOracle), { numRuns: runs(6) });
  });
});
