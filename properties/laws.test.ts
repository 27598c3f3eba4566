/**
 * Algebraic laws of MSM, checked on the engine alone (no reference involved), for any gate set:
 * linearity in the scalars, permutation invariance, concatenation, negation. The laws are the
 * contract's (harness/contract.ts checkLaw), so any MSM under test can be held to them.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { G1, TOY } from '../src/index.js';
import { lawCaseArb } from '../harness/arbitraries/law-case.js';
import { runs } from '../harness/config.js';
import { assertLaw, engine } from '../harness/contract.js';

for (const [curve, maxN, maxWindow, n] of [
  [TOY, 30, 12, 60],
  [G1, 8, 8, 5],
] as const) {
  describe(`algebraic laws on ${curve.name}`, () => {
    const law = (id: Parameters<typeof assertLaw>[1]) => () =>
      fc.assert(
        fc.property(lawCaseArb(curve, maxN, maxWindow), (c) => assertLaw(engine, id, c)),
        { numRuns: runs(n) }
      );
    it('linearity: msm(P, a + b) = msm(P, a) + msm(P, b)', law('linearity'));
    it('permutation invariance', law('permutation'));
    it('concatenation: msm(P1 ++ P2, a1 ++ a2) = msm(P1, a1) + msm(P2, a2)', law('concatenation'));
    it('negation: msm(P, r − a) = −msm(P, a) = msm(−P, a)', law('negation'));
  });
}
