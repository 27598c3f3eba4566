/**
 * Every combination of gates, exhaustively (2^|GATES| sets, read off the registry so a new gate
 * doubles the sweep): on the toy curve each set must give the reference's answer for the same
 * case, plain points and a prepare() handle (so fixedBase's table path runs too). The other
 * property files draw gate sets at random; this one leaves no combination out.
 *
 * The case (points with known logs, scalars incl. adversarial classes, explicit window or the
 * engine's choice) is drawn by fast-check, so a failure shrinks the case and names the gate set.
 */
import fc from 'fast-check';
import { expect } from './expect.js';
import { prop, suite, type EngineCheck } from './check.js';
import { GATE_IDS, TOY, gateLabel, msm, prepare, referenceMsm, resolveGates } from '../../src/index.js';
import { msmCaseArb } from '../arbitraries/msm-case.js';
import { show } from '../show.js';

const FILE = 'properties/combinations.test.ts';

function gateSetOf(mask: number): Record<string, boolean> {
  return Object.fromEntries(GATE_IDS.map((id, i) => [id, ((mask >> i) & 1) === 1]));
}

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'every gate combination', [
    prop(`all 2^${GATE_IDS.length} gate sets, toy curve n ≤ 48: engine = reference (plain points and prepared handles)`, 3, () => {
      const total = 1 << GATE_IDS.length;
      return fc.property(msmCaseArb(TOY, { maxN: 48, maxWindow: 10 }), (c) => {
        const points = c.points.map((p) => p.P);
        const want = show(TOY, referenceMsm(points, c.scalars, TOY));
        const handle = prepare(points, { curve: TOY });
        for (let mask = 0; mask < total; mask++) {
          const gates = gateSetOf(mask);
          const label = gateLabel(resolveGates(gates));
          const opts = { gates, window: c.window, curve: TOY };
          expect(show(TOY, msm(points, c.scalars, opts)), `gates ${label}, window ${c.window ?? 'auto'}`).toBe(want);
          if (mask % 2 === 0 || gates.fixedBase)
            expect(show(TOY, msm(handle, c.scalars, opts)), `prepared, gates ${label}, window ${c.window ?? 'auto'}`).toBe(want);
        }
      });
    }),
  ]),
];
