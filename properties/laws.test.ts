/**
 * Algebraic laws of MSM, checked on the engine alone (no reference involved), for any gate set:
 * linearity in the scalars, permutation invariance, concatenation, negation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { G1, msm, TOY, type AnyCurve } from '../src/index.js';
import { gateSetArb } from '../harness/arbitraries/gates.js';
import { windowArb } from '../harness/arbitraries/window.js';
import { knownPointsArb } from '../harness/arbitraries/points.js';
import { scalarArb } from '../harness/arbitraries/scalars.js';
import { runs } from '../harness/config.js';
import { show } from '../harness/show.js';

function lawCase(curve: AnyCurve, maxN: number, maxWindow: number) {
  return knownPointsArb(curve, 0, maxN).chain((pts) =>
    fc.record({
      P: fc.constant(pts.map((p) => p.P)),
      a: fc.array(scalarArb(curve.order), { minLength: pts.length, maxLength: pts.length }),
      b: fc.array(scalarArb(curve.order), { minLength: pts.length, maxLength: pts.length }),
      perm: fc.shuffledSubarray(
        pts.map((_, i) => i),
        { minLength: pts.length, maxLength: pts.length }
      ),
      split: fc.nat(pts.length),
      gates: gateSetArb(),
      window: windowArb(maxWindow),
    })
  );
}

for (const [curve, maxN, maxWindow, n] of [
  [TOY, 30, 12, 60],
  [G1, 8, 8, 5],
] as const) {
  describe(`algebraic laws on ${curve.name}`, () => {
    const r = curve.order;
    const eq = (x: any, y: any) => expect(show(curve, x)).toBe(show(curve, y));
    it('linearity: msm(P, a + b) = msm(P, a) + msm(P, b)', () => {
      fc.assert(
        fc.property(lawCase(curve, maxN, maxWindow), ({ P, a, b, gates, window }) => {
          const o = { gates, window, curve };
          const sum = a.map((x, i) => (x + b[i]) % r);
          eq(msm(P, sum, o), (msm(P, a, o) as any).add(msm(P, b, o)));
        }),
        { numRuns: runs(n) }
      );
    });
    it('permutation invariance', () => {
      fc.assert(
        fc.property(lawCase(curve, maxN, maxWindow), ({ P, a, perm, gates, window }) => {
          const o = { gates, window, curve };
          eq(
            msm(
              perm.map((i) => P[i]),
              perm.map((i) => a[i]),
              o
            ),
            msm(P, a, o)
          );
        }),
        { numRuns: runs(n) }
      );
    });
    it('concatenation: msm(P1 ++ P2, a1 ++ a2) = msm(P1, a1) + msm(P2, a2)', () => {
      fc.assert(
        fc.property(lawCase(curve, maxN, maxWindow), ({ P, a, split, gates, window }) => {
          const o = { gates, window, curve };
          const left = msm(P.slice(0, split), a.slice(0, split), o) as any;
          eq(msm(P, a, o), left.add(msm(P.slice(split), a.slice(split), o)));
        }),
        { numRuns: runs(n) }
      );
    });
    it('negation: msm(P, r − a) = −msm(P, a) = msm(−P, a)', () => {
      fc.assert(
        fc.property(lawCase(curve, maxN, maxWindow), ({ P, a, gates, window }) => {
          const o = { gates, window, curve };
          const neg = (msm(P, a, o) as any).negate();
          eq(
            msm(
              P,
              a.map((x) => (r - x) % r),
              o
            ),
            neg
          );
          eq(
            msm(
              P.map((p: any) => p.negate()),
              a,
              o
            ),
            neg
          );
        }),
        { numRuns: runs(n) }
      );
    });
  });
}
