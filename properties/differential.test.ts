/**
 * Differential: engine = reference, for any gate set and window, on the toy curve (where
 * collisions P = ±Q and repeated buckets happen constantly) and on BLS12-381 G1 (small n: the
 * reference is slow) and G2.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { G1, G2, TOY } from '../src/index.js';
import { msmCaseArb } from '../harness/arbitraries/msm-case.js';
import { checkDifferential } from '../harness/contract.js';
import { runs } from '../harness/config.js';

describe('differential: engine equals reference over the gate space', () => {
  it('toy curve, n ≤ 40, any window 1..16', () => {
    fc.assert(fc.property(msmCaseArb(TOY, { maxN: 40 }), checkDifferential), { numRuns: runs(150) });
  });

  it('toy curve, n up to 300 (many points per bucket)', () => {
    fc.assert(fc.property(msmCaseArb(TOY, { minN: 100, maxN: 300, maxWindow: 8 }), checkDifferential), {
      numRuns: runs(15),
    });
  });

  it('BLS12-381 G1, n ≤ 6, windows ≤ 6', () => {
    fc.assert(fc.property(msmCaseArb(G1, { maxN: 6, maxWindow: 6 }), checkDifferential), { numRuns: runs(12) });
  });

  it('BLS12-381 G2, n ≤ 3, windows ≤ 8', () => {
    fc.assert(fc.property(msmCaseArb(G2, { maxN: 3, maxWindow: 8 }), checkDifferential), { numRuns: runs(4) });
  });
});
