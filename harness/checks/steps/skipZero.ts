/**
 * Step 03 skipZero: inputs dense with zero scalars and identity points (and all-zero inputs),
 * any other gates: the result equals the reference / oracle, and with the gate on the engine
 * sees exactly the non-trivial terms (trace.n before any later transform such as GLV).
 */
import fc from 'fast-check';
import { windowArb } from '../../arbitraries/window.js';
import { expect } from '../expect.js';
import { prop, suite, type EngineCheck } from '../check.js';
import { msmInspect, referenceMsm, TOY, G1 } from '../../../src/index.js';
import { describe, g1Case, gatesArb, oracle, toyCase, type Case } from './early-steps-support.js';

const FILE = 'properties/steps/skipZero.test.ts';

const ON = { skipZero: true };

/** Zeroes a random subset of scalars and replaces a random subset of points by the identity. */
function densify(c: Case, zs: boolean[], ids: boolean[]): Case {
  const logs = c.logs.map((k, i) => (ids[i % ids.length] ? 0n : k));
  const scalars = c.scalars.map((s, i) => (zs[i % zs.length] ? 0n : s));
  return { curve: c.curve, logs, scalars, points: logs.map((k, i) => (k === 0n ? c.curve.ZERO : c.points[i])) };
}

const nonTrivial = (c: Case) => c.scalars.filter((s, i) => s !== 0n && c.logs[i] !== 0n).length;

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 03 skipZero', [
    prop('toy curve, dense zeros/identities, any gates and windows: equals the reference; drops exactly the trivial terms', 300, () =>
      fc.property(
        toyCase(0, 80, 6),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        gatesArb(ON),
        windowArb(12, 5),
        (c0, zs, ids, gates, window) => {
          const c = densify(c0, zs, ids);
          const rep = msmInspect(c.points, c.scalars, { gates, curve: TOY, window });
          expect(rep.result.equals(referenceMsm(c.points, c.scalars, TOY)), describe(c, gates, window)).toBe(true);
          expect(rep.result.equals(oracle(c)), describe(c, gates, window)).toBe(true);
          // GLV (a later transform) may double n; without it trace.n is the number of kept terms
          if (!gates.glv) expect(rep.trace.n, describe(c, gates, window)).toBe(nonTrivial(c));
        }
      )
    ),

    prop('all terms trivial (every scalar 0 or every point the identity): the identity, any gates', 100, () =>
      fc.property(toyCase(1, 40), fc.boolean(), gatesArb(ON), (c, byScalar, gates) => {
        const d = byScalar ? { ...c, scalars: c.scalars.map(() => 0n) } : { ...c, logs: c.logs.map(() => 0n), points: c.points.map(() => TOY.ZERO) };
        const rep = msmInspect(d.points, d.scalars, { gates, curve: TOY });
        expect(rep.result.equals(TOY.ZERO), describe(d, gates)).toBe(true);
        expect(rep.trace.n).toBe(0);
      })
    ),

    prop('BLS12-381 G1, n ≤ 12 dense with zeros, any gates: equals the discrete-log oracle', 40, () =>
      fc.property(
        g1Case(1, 12, 6),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        gatesArb(ON),
        (c0, zs, ids, gates) => {
          const c = densify(c0, zs, ids);
          const rep = msmInspect(c.points, c.scalars, { gates, curve: G1 });
          expect(rep.result.equals(oracle(c)), describe(c, gates)).toBe(true);
        }
      )
    ),
  ]),
];
