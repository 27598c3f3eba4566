/**
 * Step 10 (fixedBase), prepare() itself: its input errors (options, points, windows) with the exact
 * messages, the table path a handle takes, and rule 1b (a call the table answers skips the
 * transforms). Run after the other fixedBase checks (fixedBase.ts appends these to its own).
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, gatesOn, type EngineCheck } from '../check.js';
import { G1, GATE_IDS, TOY, closeWorkerPool, msmAsync, msmInspect, prepare, referenceMsm } from '../../../src/index.js';
import { FIXED_BASE_MAX_N, fixedBasePays } from '../../../src/optimized/prepare.js';
import { oracle } from '../../oracle.js';
import { show } from '../../show.js';

const FILE = 'properties/steps/fixedBase.test.ts';

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 10 fixedBase: prepare() input errors and the table path', [
    check('prepare rejects bad options, points and windows with the exact message', () => {
      const P = [TOY.BASE];
      const cases: [unknown, unknown, Function, string][] = [
        [P, null, TypeError, 'prepare: options must be an object or undefined'],
        [P, 5, TypeError, 'prepare: options must be an object or undefined'],
        [P, [], TypeError, 'prepare: options must be an object or undefined'],
        [P, { curve: TOY, windw: 3 }, RangeError, 'prepare: unknown option "windw": allowed options are curve, window, table'],
        [P, { curve: TOY, table: 1 }, TypeError, 'prepare: options.table must be a boolean or undefined, got number'],
        ['not points', { curve: TOY }, TypeError, 'prepare: points must be an Array of curve points'],
        [P, { curve: TOY, window: '4' }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 4'],
        [P, { curve: TOY, window: 2.5 }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 2.5'],
        [P, { curve: TOY, window: 0 }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 0'],
        [P, { curve: TOY, window: 17 }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 17'],
      ];
      for (const [pts, opts, E, msg] of cases) expect(() => prepare(pts as any, opts as any), msg).toThrow(new (E as any)(msg));
      for (const window of [1, 16]) expect(prepare(P, { curve: TOY, window }).window).toBe(window);
    }),

    prop(
      'the table path runs with the window of the handle (also when given explicitly), declines any other, and uses the accumulator the gates select',
      20,
      () =>
        fc.property(fc.array(fc.bigInt({ min: 1n, max: TOY.order - 1n }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 8 }), (ks, window) => {
          const points = ks.map((k) => TOY.BASE.multiply(k));
          const h = prepare(points, { curve: TOY, window });
          const sc = ks.map((k) => (k * 3n + 1n) % TOY.order);
          const same = msmInspect(h, sc, { gates: gatesOn('fixedBase'), window, curve: TOY });
          expect(same.trace.windowSource).toBe('fixedBase');
          const other = msmInspect(h, sc, { gates: gatesOn('fixedBase'), window: window === 8 ? 7 : window + 1, curve: TOY });
          expect(other.trace.windowSource).not.toBe('fixedBase');
          expect(other.result.equals(same.result)).toBe(true);
          // the accumulate/reduce slots of the sub-job are the gates' providers, and they do run
          const xyzz = msmInspect(h, sc, { gates: gatesOn('fixedBase', 'xyzzBuckets'), count: true, curve: TOY });
          const proj = msmInspect(h, sc, { gates: gatesOn('fixedBase'), count: true, curve: TOY });
          expect(xyzz.trace.slots.accumulate).toBe('xyzzBuckets');
          expect(xyzz.trace.slots.reduce).toBe('baseline');
          expect(proj.trace.slots.accumulate).toBe('baseline');
          expect(xyzz.counts!.mulTotal).not.toBe(proj.counts!.mulTotal);
          // one signed bucket set of 2^(c−1) buckets; the reduce slot is the gates' provider too
          expect(same.trace.bucketCount).toBe(2 ** (window - 1));
          const bar = msmInspect(h, sc, { gates: gatesOn('fixedBase', 'batchAffineReduction'), count: true, curve: TOY });
          expect(bar.trace.slots.reduce).toBe('batchAffineReduction');
          if (ks.length >= 4 && window >= 3) expect(bar.counts!.inv).toBeGreaterThan(proj.counts!.inv);
        })
    ),

    check(
      'a table that does not pay is not built: above FIXED_BASE_MAX_N (and with table: false) the handle runs the plain path, same counts and result as its points',
      async () => {
        expect(FIXED_BASE_MAX_N).toBe(4096);
        expect([1, 4096, 4097, 65536].map(fixedBasePays)).toEqual([true, true, false, false]);
        const n = FIXED_BASE_MAX_N + 1;
        const ks = Array.from({ length: n }, (_, i) => BigInt((i % 1800) + 2)); // toy r = 1867: logs repeat
        const points = ks.map((k) => TOY.BASE.multiply(k));
        const sc = ks.map((k) => (k * 7n + 3n) % TOY.order);
        const want = show(TOY, oracle(TOY, ks, sc));
        const all = gatesOn(...GATE_IDS);
        const plain = msmInspect(points, sc, { gates: all, count: true, curve: TOY });
        const auto = prepare(points, { curve: TOY });
        expect([auto.tableBytes, auto.buildMs]).toEqual([0, 0]);
        for (const h of [auto, prepare(points.slice(0, 16), { curve: TOY, table: false })]) {
          const m = h.points.length;
          const rep = msmInspect(h, sc.slice(0, m), { gates: all, count: true, curve: TOY });
          expect(rep.trace.path).not.toBe('fixedBase');
          expect(show(TOY, rep.result)).toBe(show(TOY, oracle(TOY, ks.slice(0, m), sc.slice(0, m))));
          if (m === n) expect(rep.counts).toEqual(plain.counts);
        }
        expect(show(TOY, plain.result)).toBe(want);
        // forced, or with an explicit window, the table is built at any n and the table path runs
        const forced = prepare(points, { curve: TOY, table: true });
        expect(forced.tableBytes).toBeGreaterThan(0);
        const rep = msmInspect(forced, sc, { gates: all, threads: 1, curve: TOY });
        expect(rep.trace.path).toBe('fixedBase');
        // split over threads (workers on), each chunk's table rows answer it
        expect(msmInspect(forced, sc, { gates: all, threads: 2, curve: TOY }).trace).toMatchObject({ path: 'workers', windowSource: 'fixedBase' });
        expect(show(TOY, rep.result)).toBe(want);
        expect(prepare(points, { curve: TOY, window: 8 }).tableBytes).toBeGreaterThan(0);
        // a handle without a table is split over the worker pool like its points (workers gate on)
        const m = 64;
        const pooled = await msmAsync(prepare(points.slice(0, m), { curve: TOY, table: false }), sc.slice(0, m), { gates: all, curve: TOY, threads: 2 });
        await closeWorkerPool();
        expect(show(TOY, pooled)).toBe(show(TOY, oracle(TOY, ks.slice(0, m), sc.slice(0, m))));
        expect(prepare(points.slice(0, 4096), { curve: TOY }).tableBytes).toBeGreaterThan(0);
      }
    ),

    prop('a zero scalar costs nothing on the table path', 30, () =>
      fc.property(fc.array(fc.bigInt({ min: 1n, max: TOY.order - 1n }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 6 }), (ks, window) => {
        const points = ks.map((k) => TOY.BASE.multiply(k));
        const gates = gatesOn('fixedBase');
        const sc = ks.map((k) => (k * 5n) % TOY.order);
        const a = msmInspect(prepare([...points, TOY.BASE.multiply(3n)], { curve: TOY, window }), [...sc, 0n], { gates, count: true, curve: TOY });
        const b = msmInspect(prepare(points, { curve: TOY, window }), sc, { gates, count: true, curve: TOY });
        expect(a.counts).toEqual(b.counts);
      })
    ),
  ]),

  ...suite(FILE, 'step 10 fixedBase: rule 1b', [
    prop(
      "a call the table answers skips the transforms (trace n = the call's n, bits = the scalar width, GLV and skipZero on); one it does not (explicit other window) runs them; both equal the oracle",
      12,
      () =>
        fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), (n, seed) => {
          const ks = Array.from({ length: n }, (_, i) => BigInt((seed + 7 * i) % 97) + 1n);
          const points = ks.map((k) => G1.BASE.multiply(k));
          const scalars = ks.map((k, i) => (i % 3 === 0 ? 0n : (k * 0x1234567890abcdef1234567890abcdefn * BigInt(seed + 1)) % G1.order));
          const h = prepare(points, { table: true });
          const gates = { fixedBase: true, glv: true, skipZero: true, workers: false };
          const want = referenceMsm(points, scalars);
          const on = msmInspect(h as any, scalars, { gates });
          expect(on.trace.path).toBe('fixedBase');
          expect(on.trace.n).toBe(n);
          expect(on.trace.bits).toBe(G1.scalarBits);
          expect((on.result as any).equals(want)).toBe(true);
          const other = h.window === 3 ? 4 : 3;
          const off = msmInspect(h as any, scalars, { gates, window: other });
          expect(off.trace.path).not.toBe('fixedBase');
          const live = scalars.filter((s) => s !== 0n).length;
          if (live > 0) expect(off.trace.bits).toBeLessThan(G1.scalarBits);
          expect(off.trace.n).toBeLessThanOrEqual(2 * live);
          expect((off.result as any).equals(want)).toBe(true);
        })
    ),
  ]),
];
