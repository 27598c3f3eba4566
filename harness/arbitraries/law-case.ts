/**
 * The input of the algebraic laws (harness/contract.ts lawFailure): points with known logs, two
 * scalar vectors, a permutation and a split index, a gate set and a window.
 */
import fc from 'fast-check';
import type { AnyCurve } from '../../src/index.js';
import type { LawCase } from '../contract.js';
import { gateSetArb } from './gates.js';
import { knownPointsArb } from './points.js';
import { scalarArb } from './scalars.js';
import { windowArb } from './window.js';

export function lawCaseArb(curve: AnyCurve, maxN: number, maxWindow: number): fc.Arbitrary<LawCase> {
  return knownPointsArb(curve, 0, maxN).chain((pts) =>
    fc.record({
      curve: fc.constant(curve),
      points: fc.constant(pts.map((p) => p.P)),
      a: fc.array(scalarArb(curve.order), { minLength: pts.length, maxLength: pts.length }),
      b: fc.array(scalarArb(curve.order), { minLength: pts.length, maxLength: pts.length }),
      perm: fc.shuffledSubarray([...pts.keys()], { minLength: pts.length, maxLength: pts.length }),
      split: fc.nat(pts.length),
      gates: gateSetArb(),
      window: windowArb(maxWindow),
    })
  );
}
