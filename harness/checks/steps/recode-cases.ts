/**
 * Shared case of the recoding steps (05 signedDigits, 09 glv): points of known logs, some of
 * them duplicated or negated, with scalars drawn from the step's edge values, r − small and the
 * whole range; the step's gate on, the other gates and the window random. The MSM must equal the
 * reference.
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import type { CheckContext } from '../check.js';
import { msm, referenceMsm, type AnyCurve } from '../../../src/index.js';
import { gateSetArb } from '../../arbitraries/gates.js';
import { windowArb } from '../../arbitraries/window.js';
import { pointOf } from '../../oracle.js';

function caseArb(curve: AnyCurve, edges: readonly bigint[], gate: string, maxN: number, maxWindow: number) {
  const r = curve.order;
  const scalar = fc.oneof(
    fc.constantFrom(...edges),
    fc.bigInt({ min: 0n, max: r - 1n }),
    fc.bigInt({ min: 1n, max: 40n }).map((d) => r - d)
  );
  const log = fc.oneof(fc.constant(0n), fc.constant(1n), fc.constant(r - 1n), fc.bigInt({ min: 0n, max: r - 1n }));
  return fc.array(fc.tuple(log, scalar), { minLength: 1, maxLength: maxN }).chain((pairs) =>
    fc.record({
      pairs: fc.constant(pairs),
      // edits: duplicate / negate earlier logs
      edits: fc.array(fc.tuple(fc.nat(pairs.length - 1), fc.nat(pairs.length - 1), fc.boolean()), { maxLength: pairs.length }),
      gates: gateSetArb({ [gate]: true }),
      window: windowArb(maxWindow, 5),
    })
  );
}

/** Engine = reference over `numRuns` cases (scaled by the context); `seen` gets each case's scalars. */
export function engineEqualsReference(
  ctx: CheckContext,
  c: { curve: AnyCurve; edges: readonly bigint[]; gate: string; maxN: number; maxWindow: number; numRuns: number; seen?: (scalars: bigint[]) => void }
) {
  const { curve } = c;
  return ctx.assert(
    fc.property(caseArb(curve, c.edges, c.gate, c.maxN, c.maxWindow), ({ pairs, edits, gates, window }) => {
      const ks = pairs.map(([k]) => k);
      for (const [i, j, neg] of edits) ks[i] = neg ? (curve.order - ks[j]) % curve.order : ks[j];
      const pts = ks.map((k) => pointOf(curve, k));
      const sc = pairs.map(([, s]) => s);
      c.seen?.(sc);
      const got = msm(pts, sc, { gates, window, curve });
      const want = referenceMsm(pts, sc, curve);
      expect(curve.equals(got, want), `gates=${JSON.stringify(gates)} window=${window}`).toBe(true);
    }),
    { numRuns: ctx.runs(c.numRuns) }
  );
}
