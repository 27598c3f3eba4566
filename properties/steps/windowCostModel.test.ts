/**
 * Step 02 windowCostModel: the model's window is always a valid window (integer in
 * [1, min(16, bits)]) for any n, bits and gate set; options.window still overrides it for every
 * n (including n ≥ 32, where the heuristic and the model differ) whatever the gates; and MSMs
 * with the model's window equal the reference.
 */
import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { msmInspect, referenceMsm, TOY, G1 } from '../../src/index.js';
import { modelWindow, windowCost } from '../../src/optimized/steps/02-windowCostModel.js';
import { describe, gatesArb, oracle, pointOf, toyCase } from './early-steps-support.js';
import { runs } from '../../harness/config.js';
import { oracle as dlogOracle } from '../../harness/oracle.js';

const ON = { windowCostModel: true };

suite('step 02 windowCostModel', () => {
  it('the model window is an integer in [1, min(16, bits)] and is the argmin of the model, any n, bits, gates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 22 }), fc.integer({ min: 1, max: 512 }), gatesArb(ON), (n, bits, gates) => {
        const c = modelWindow(n, bits, gates);
        expect(Number.isInteger(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(1);
        expect(c).toBeLessThanOrEqual(Math.min(16, bits));
        const best = windowCost(n, bits, c, gates);
        expect(Number.isFinite(best)).toBe(true);
        for (let k = 1; k <= Math.min(16, bits); k++) expect(best).toBeLessThanOrEqual(windowCost(n, bits, k, gates));
      }),
      { numRuns: runs(300) }
    );
  });

  it('engine: with the gate on and no explicit window, the window comes from the model (or a direct path answers)', () => {
    fc.assert(
      fc.property(toyCase(1, 120), gatesArb({ ...ON, workers: false }), (c, gates) => {
        const rep = msmInspect(c.points, c.scalars, { gates, curve: TOY });
        expect(rep.result.equals(referenceMsm(c.points, c.scalars, TOY)), describe(c, gates)).toBe(true);
        if (rep.trace.path === 'pippenger' && rep.trace.n > 0) {
          expect(rep.trace.windowSource, describe(c, gates)).toBe('windowCostModel');
          expect(rep.trace.window, describe(c, gates)).toBe(modelWindow(rep.trace.n, rep.trace.bits, rep.gates));
        }
      }),
      { numRuns: runs(200) }
    );
  });

  it('options.window overrides the model and the heuristic for every n (n ≥ 32 included), any gates', () => {
    fc.assert(
      fc.property(
        fc.oneof(toyCase(1, 8), toyCase(32, 300, 1)),
        gatesArb(),
        fc.integer({ min: 1, max: 16 }),
        (c, gates, window) => {
          const rep = msmInspect(c.points, c.scalars, { gates, curve: TOY, window });
          expect(rep.result.equals(oracle(c)), describe(c, gates, window)).toBe(true);
          if (rep.trace.n > 0) {
            expect(rep.trace.window, describe(c, gates, window)).toBe(window);
            expect(rep.trace.windowSource, describe(c, gates, window)).toBe('option');
          }
        }
      ),
      { numRuns: runs(150) }
    );
  });

  it('options.window overrides on BLS12-381 G1 too (n from 1 to 48, oracle check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 1, max: 10 }),
        gatesArb(),
        fc.bigInt({ min: 1n, max: G1.order - 1n }),
        (n, window, gates, seed) => {
          const logs = Array.from({ length: n }, (_, i) => (seed * BigInt(i + 1)) % G1.order);
          const scalars = Array.from({ length: n }, (_, i) => (seed ** 2n + BigInt(i)) % G1.order);
          const points = logs.map((k) => pointOf(G1, k));
          const rep = msmInspect(points, scalars, { gates, window });
          expect(rep.result.equals(dlogOracle(G1, logs, scalars))).toBe(true);
          expect(rep.trace.window).toBe(window);
          expect(rep.trace.windowSource).toBe('option');
        }
      ),
      { numRuns: runs(12) }
    );
  });
});
