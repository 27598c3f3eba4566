/**
 * Step 10 (fixedBase): prepare() handles and the table path.
 *
 * Failure modes aimed at: tables reused across calls going stale or being mutated by a call;
 * two handles' tables mixed up (both handles of the same length, interleaved calls); the
 * signed base-2^c recoding losing its top carry (c dividing bits, c = 1, scalars near r);
 * identity bases and zero scalars; the table path composed with every other gate (its
 * accumulate / reduce come from whatever bucket step is on); msm(handle) with the gate off.
 * Expected values come from the discrete-log oracle (points kᵢ·G) and the reference.
 * Last, prepare() itself: its input errors (options, points, windows) with the exact messages,
 * the table path a handle takes, and rule 1b (a call the table answers skips the transforms).
 */
import fc from 'fast-check';
import { windowArb } from '../../arbitraries/window.js';
import { expect } from '../expect.js';
import { prop, check, suite, gatesOn, type EngineCheck } from '../check.js';
import { G1, G2, GATE_IDS, TOY, closeWorkerPool, curveById, msm, msmAsync, msmInspect, prepare, referenceMsm, type AnyCurve } from '../../../src/index.js';
import { FIXED_BASE_MAX_N, fixedBasePays, tableBuilderReason } from '../../../src/optimized/prepare.js';
import { adoptedPointBytes, wasmLoadStats } from '../../../src/optimized/wasm/msm.js';
import { wasmTableStats } from '../../../src/optimized/wasm/tables.js';
import { scaledPoint } from './bucket-cases.js';
import { fixedBaseDigits } from '../../../src/optimized/steps/10-fixedBase.js';
import { gateSetArb } from '../../arbitraries/gates.js';
import { knownPointsArb, type KnownPoint } from '../../arbitraries/points.js';
import { scalarArb } from '../../arbitraries/scalars.js';
import { oracle, oracleOf } from '../../oracle.js';
import { show } from '../../show.js';
import { countingField } from '../../../src/curve/index.js';
import { buildTable, fixedBaseWindow, isPreparedBases, preparedTables } from '../../../src/optimized/kernels/fixed-base.js';
import { projDouble } from '../../../src/optimized/kernels/projective.js';

const FILE = 'properties/steps/fixedBase.test.ts';

const on = (g: Record<string, boolean>) => ({ ...g, fixedBase: true });

function vectorsArb(curve: AnyCurve, n: number, max: number): fc.Arbitrary<bigint[][]> {
  return fc.array(fc.array(scalarArb(curve.order), { minLength: n, maxLength: n }), { minLength: 1, maxLength: max });
}

const pointsOf = (pts: readonly KnownPoint[]) => pts.map((p) => p.P);

function expectOracle(curve: AnyCurve, pts: KnownPoint[], got: unknown, scalars: bigint[], label: string): void {
  expect(show(curve, got), label).toBe(show(curve, oracleOf(curve, pts, scalars)));
}

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'fixedBase: signed table digits', [
    prop('recombine to the scalar, stay in [−2^(c−1), 2^(c−1)], any c and bits', 60, () =>
      fc.property(fc.constantFrom(TOY, G1), fc.integer({ min: 1, max: 16 }), fc.array(fc.constant(0), { maxLength: 5 }), (curve, c, shape) => {
        const rows = Math.ceil((curve.scalarBits + 1) / c);
        const scalars = shape.map((_, i) => (i === 0 ? curve.order - 1n : ((1n << BigInt(curve.scalarBits)) - 1n) % curve.order) - BigInt(i));
        const t = fixedBaseDigits(scalars, rows, c, new Uint8Array(scalars.length));
        for (let i = 0; i < scalars.length; i++) {
          let v = 0n;
          for (let j = rows - 1; j >= 0; j--) {
            const d = t.digits[i * rows + j];
            expect(Math.abs(d)).toBeLessThanOrEqual(t.bucketCount);
            v = (v << BigInt(c)) + BigInt(d);
          }
          expect(v).toBe(scalars[i]);
        }
      })
    ),

    check(
      'a scalar the rows cannot hold is a RangeError, never dropped top bits: 2^(rows·c) and above, a final carry out of the top row, a negative one',
      () => {
        for (const c of [1, 5, 13, 16]) {
          const rows = Math.ceil(256 / c);
          const top = BigInt(rows * c);
          const fits = (1n << (top - 1n)) - 1n; // top digit below 2^(c−1): no carry out
          expect(fixedBaseDigits([fits], rows, c, new Uint8Array(1)).digits.length).toBe(rows);
          // 2^(rows·c) − 1 carries out of the top row for c > 1 (with c = 1 every digit is 1, no carry)
          for (const s of [1n << top, ...(c > 1 ? [(1n << top) - 1n] : []), (1n << 400n) + 5n, -1n])
            expect(() => fixedBaseDigits([0n, s], rows, c, new Uint8Array(2)), `c = ${c}, s = ${s}`).toThrow(
              `fixedBase: scalar 1 does not fit the table's ${rows} rows of ${c} bits`
            );
        }
      }
    ),
  ]),

  ...suite(FILE, 'fixedBase: toy curve', [
    prop('one handle reused over many scalar vectors equals the oracle, any other gates', 150, () =>
      fc.property(
        knownPointsArb(TOY, 1, 24).chain((pts) =>
          fc.tuple(fc.constant(pts), windowArb(12, 5), vectorsArb(TOY, pts.length, 6), fc.array(gateSetArb(), { minLength: 6, maxLength: 6 }))
        ),
        ([pts, window, vectors, gateSets]) => {
          const h = prepare(pointsOf(pts), { curve: TOY, window });
          vectors.forEach((s, t) => {
            const rep = msmInspect(h, s, { gates: on(gateSets[t]) });
            // (a transform such as skipZero may empty the job first: then nothing runs at all)
            if (rep.trace.n > 0) expect(rep.trace.path).toBe('fixedBase');
            expectOracle(TOY, pts, rep.result, s, `call ${t} window=${h.window}`);
          });
        }
      )
    ),

    prop('two handles of the same length, calls interleaved, never mix tables', 120, () =>
      fc.property(
        fc
          .integer({ min: 1, max: 16 })
          .chain((n) =>
            fc.tuple(
              knownPointsArb(TOY, n, n),
              knownPointsArb(TOY, n, n),
              vectorsArb(TOY, n, 8),
              fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
              gateSetArb()
            )
          ),
        ([a, b, vectors, which, gates]) => {
          const ha = prepare(pointsOf(a), { curve: TOY });
          const hb = prepare(pointsOf(b), { curve: TOY });
          vectors.forEach((s, t) => {
            const [h, pts] = which[t] ? [ha, a] : [hb, b];
            expectOracle(TOY, pts, msm(h, s, { gates: on(gates) }), s, `call ${t} on handle ${which[t] ? 'a' : 'b'}`);
          });
        }
      )
    ),

    prop('msm(handle) with random gates (fixedBase on or off) and random explicit window equals msm(points)', 120, () =>
      fc.property(
        knownPointsArb(TOY, 0, 20).chain((pts) =>
          fc.tuple(fc.constant(pts), vectorsArb(TOY, pts.length, 3), gateSetArb(), windowArb(12, 5), fc.option(fc.boolean(), { nil: undefined }))
        ),
        ([pts, vectors, gates, window, table]) => {
          const P = pointsOf(pts);
          // table: false is a handle without a table (what prepare makes where a table does not pay)
          const h = prepare(P, { curve: TOY, table });
          expect(h.tableBytes === 0).toBe(table === false || P.length === 0);
          for (const s of vectors) {
            const got = msm(h, s, { gates, window, curve: TOY });
            expect(show(TOY, got)).toBe(show(TOY, msm(P, s, { gates, window, curve: TOY })));
            expectOracle(TOY, pts, got, s, `gates=${JSON.stringify(gates)} window=${window} table=${table}`);
          }
        }
      )
    ),
  ]),

  ...suite(FILE, 'fixedBase: BLS12-381 G1', [
    prop('handle reuse and interleaving, any other gates, equals the reference', 12, () =>
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(knownPointsArb(G1, n, n), knownPointsArb(G1, n, n), vectorsArb(G1, n, 3), gateSetArb())),
        ([a, b, vectors, gates]) => {
          const ha = prepare(pointsOf(a));
          const hb = prepare(pointsOf(b));
          vectors.forEach((s, t) => {
            const [h, pts] = t % 2 === 0 ? [ha, a] : [hb, b];
            const want = referenceMsm(pointsOf(pts), s);
            expect(show(G1, msm(h, s, { gates: on(gates) })), `call ${t}`).toBe(show(G1, want));
          });
        }
      )
    ),
  ]),

  ...suite(FILE, 'fixedBase: BLS12-381 G2 (Fp2 tables)', [
    prop('handle reused over two scalar vectors, any other gates, equals the oracle', 4, () =>
      fc.property(
        fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(knownPointsArb(G2, n, n), vectorsArb(G2, n, 2), gateSetArb())),
        ([pts, vectors, gates]) => {
          const h = prepare(pointsOf(pts), { curve: G2 });
          for (const s of vectors) expectOracle(G2, pts, msm(h, s, { gates: on(gates) }), s, 'G2');
        }
      )
    ),
  ]),

  ...suite(FILE, 'fixedBase: the handle', [
    check('is frozen, reports its table, validates scalars against its points, rejects look-alikes', () => {
      const P = [TOY.BASE, TOY.ZERO, TOY.BASE.multiply(5n)];
      const h = prepare(P, { curve: TOY, window: 4 });
      expect(Object.isFrozen(h)).toBe(true);
      expect(Object.isFrozen(h.points)).toBe(true);
      expect(h.window).toBe(4);
      expect(h.rows).toBe(3); // ⌈12/4⌉
      expect(h.tableBytes).toBe(3 * 3 * 3 * 2);
      expect(h.buildMs).toBeGreaterThanOrEqual(0);
      expect(() => msm(h, [1n, 2n], { gates: { fixedBase: true } })).toThrow(RangeError);
      expect(() => msm(h, [1n, 2n, TOY.order], { gates: { fixedBase: true } })).toThrow(RangeError);
      expect(() => msm(h, [1n, 2n, 3 as unknown as bigint], { gates: { fixedBase: true } })).toThrow(TypeError);
      expect(() => msm({ ...h } as never, [1n, 2n, 3n])).toThrow(TypeError);
      expect(() => msm(h, [1n, 2n, 3n], { curve: G1 })).toThrow(TypeError);
      expect(() => prepare(P, { curve: TOY, window: 17 })).toThrow(RangeError);
      expect(() => prepare([G1.BASE, TOY.BASE])).toThrow(TypeError);
      // an explicit window other than the handle's is honoured: the normal pipeline runs
      const rep = msmInspect(h, [3n, 4n, 5n], { gates: { fixedBase: true }, window: 2 });
      expect(rep.trace.window).toBe(2);
      expect(rep.trace.path).not.toBe('fixedBase');
      expect(rep.result.equals(referenceMsm(P, [3n, 4n, 5n], TOY))).toBe(true);
      // empty handle
      const e = prepare<typeof TOY.ZERO>([], { curve: 'toy' });
      expect(msm(e, [], { gates: { fixedBase: true } }).equals(TOY.ZERO)).toBe(true);
      // window 16 and window 1 tables
      for (const window of [1, 16]) {
        const hw = prepare(P, { curve: TOY, window });
        const s = [TOY.order - 1n, 7n, 1024n];
        expect(msm(hw, s, { gates: { fixedBase: true } }).equals(referenceMsm(P, s, TOY))).toBe(true);
      }
    }),
  ]),

  // Written from the survivors of the full mutation run (docs/mutation.md).
  // A choice that still gives the right sum shows only in its counted cost (the counting field: deterministic, not timed).
  ...suite(FILE, 'step 10 fixedBase tables (kernels/fixed-base.ts)', [
    check('ties in the window cost go to the smaller window (smaller table): 4 toy bases cost 22 at c = 2 and at c = 3', () => {
      // n·⌈(bits+1)/c⌉·(1 − 2^−c) + 2^c with n = 4, bits = 11: c = 2 → 4·6·0.75 + 4 = 22, c = 3 → 4·4·0.875 + 8 = 22
      expect(fixedBaseWindow(4, 11)).toBe(2);
      const bases = [1n, 2n, 3n, 4n].map((k) => TOY.BASE.multiply(k));
      expect(prepare(bases, { curve: TOY }).window).toBe(2);
    }),

    prop(
      'buildTable: entry i·rows + j is 2^(c·j)·Pᵢ with Z = 1 (identity kept); cost = c·(rows − 1) doublings per base + one batch inversion + 2M per finite entry',
      60,
      () =>
        fc.property(
          fc.array(fc.bigInt({ min: 0n, max: TOY.order - 1n }), { minLength: 1, maxLength: 5 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 4 }),
          (ks, rows, c) => {
            const pts = ks.map((k) => (k === 0n ? TOY.ZERO : TOY.BASE.multiply(k)) as any);
            const proj = pts.map((P: any) => ({ X: P.X, Y: P.Y, Z: P.Z }));
            const { field: F, counts } = countingField(TOY.Fp);
            const b3 = TOY.Fp.mul(TOY.Fp.fromSmall(3), TOY.b);
            const t = buildTable(F, b3, proj, rows, c);
            // expected cost, from the kernels' own counted costs
            const dbl = countingField(TOY.Fp);
            projDouble(dbl.field, b3, proj[0]);
            ks.forEach((k, i) => {
              for (let j = 0; j < rows; j++) {
                const want = (k << BigInt(c * j)) % TOY.order;
                const e = t.table[i * rows + j];
                if (want === 0n) expect(TOY.Fp.isZero(e.Z as bigint)).toBe(true);
                else {
                  expect(e.Z).toBe(1n);
                  expect({ x: e.X, y: e.Y }).toEqual(TOY.BASE.multiply(want).toAffine());
                }
              }
              expect(t.isIdentity[i]).toBe(k === 0n ? 1 : 0);
            });
            const inv = countingField(TOY.Fp);
            const rawZ: bigint[] = [];
            for (const P of proj) {
              let p = P;
              for (let j = 0; j < rows; j++) {
                rawZ.push(p.Z);
                if (j + 1 < rows) for (let d = 0; d < c; d++) p = projDouble(TOY.Fp, b3, p);
              }
            }
            inv.field.batchInv(rawZ);
            const finite = t.table.filter((e) => (e.Z as bigint) !== 0n).length;
            const doublings = ks.length * c * (rows - 1);
            expect(counts.mul + counts.sqr).toBe(doublings * (dbl.counts.mul + dbl.counts.sqr) + inv.counts.mul + inv.counts.sqr + 2 * finite);
            expect(counts.inv).toBe(inv.counts.inv);
          }
        ),
      { examples: [[[0n, 5n], 3, 2]] }
    ),

    check(
      "prepare's table (built in wasm on G1 and the toy curve) equals buildTable entry by entry: every width 1..16, identity and Z ≠ 1 bases; calls copy its bytes, and its bigint entries are decoded only when a BigInt provider reads them",
      (ctx) => {
        const copies = wasmLoadStats.copies;
        ctx.assert(
          fc.property(
            fc.constantFrom('toy', 'bls12-381-g1').map((id) => curveById(id)),
            fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 1866n }), fc.bigInt({ min: 0n, max: 5n })), { minLength: 1, maxLength: 6 }),
            fc.integer({ min: 1, max: 16 }),
            fc.integer({ min: 1, max: 4 }),
            (curve, kz, c, rows) => {
              const pts = kz.map(([k, z]) => (k === 0n ? curve.ZERO : scaledPoint(curve, k, z)));
              const h = prepare(pts, { curve, window: c });
              const { table, isIdentity } = preparedTables(h);
              const F = curve.Fp;
              const twin = buildTable(F, F.mul(F.fromSmall(3), curve.b), pts as any, h.rows, c);
              expect(tableBuilderReason(curve)).toBeUndefined();
              expect(adoptedPointBytes(table as any)?.count, 'the table is adopted by the wasm loader').toBe(table.length);
              expect(Array.from(isIdentity)).toEqual(Array.from(twin.isIdentity));
              const label = `${curve.id} c=${c} bases ${kz.map(([k, z]) => `${k}·G/z${z}`).join(' ')}`;
              for (let k = 0; k < table.length; k++)
                expect({ X: table[k].X, Y: table[k].Y, Z: table[k].Z }, `${label} entry ${k}`).toEqual({ ...twin.table[k] });
              // and the table path over it, on scalars of every size
              const sc = pts.map((_, i) => (BigInt(i + 1) * 0x9e3779b97f4a7c15n + BigInt(rows)) % curve.order);
              expect(msm(h, sc, { gates: { fixedBase: true, wasmField: true } }).equals(referenceMsm(pts, sc, curve)), label).toBe(true);
            }
          ),
          {
            numRuns: ctx.runs(40),
            examples: [
              [
                TOY,
                [
                  [0n, 0n],
                  [5n, 3n],
                  [1866n, 0n],
                ],
                16,
                1,
              ],
              [G1, [[7n, 2n]], 1, 1],
            ],
          }
        );
        expect(wasmLoadStats.copies, 'calls on a handle copy the prepared bytes').toBeGreaterThan(copies);
        // a handle only the wasm path reads decodes nothing; a BigInt call decodes what it reads
        const pts = Array.from({ length: 5 }, (_, i) => TOY.BASE.multiply(BigInt(3 * i + 2)));
        const sc = pts.map((_, i) => BigInt(100 * i + 7));
        const h = prepare(pts, { curve: TOY, window: 4 });
        const before = wasmTableStats.decoded;
        expect(msm(h, sc, { gates: { fixedBase: true, wasmField: true } }).equals(referenceMsm(pts, sc, TOY))).toBe(true);
        expect(wasmTableStats.decoded).toBe(before);
        expect(msm(h, sc, { gates: { fixedBase: true, wasmField: false } }).equals(referenceMsm(pts, sc, TOY))).toBe(true);
        expect(wasmTableStats.decoded).toBeGreaterThan(before);
      }
    ),

    check('an identity base costs a call nothing, like a zero scalar; preparedTables rejects a look-alike object', (ctx) => {
      ctx.assert(
        fc.property(
          fc.array(fc.bigInt({ min: 1n, max: TOY.order - 1n }), { minLength: 1, maxLength: 8 }),
          fc.bigInt({ min: 1n, max: TOY.order - 1n }),
          (ks, s) => {
            const h = prepare([...ks.map((k) => TOY.BASE.multiply(k)), TOY.ZERO], { curve: TOY });
            const gates = gatesOn('fixedBase');
            const sc = ks.map((k) => (k * 7n) % TOY.order);
            const a = msmInspect(h, [...sc, s], { gates, count: true, curve: TOY });
            const b = msmInspect(h, [...sc, 0n], { gates, count: true, curve: TOY });
            expect(a.trace.windowSource).toBe('fixedBase');
            expect(a.result.equals(b.result)).toBe(true);
            expect(a.counts).toEqual(b.counts);
          }
        ),
        { numRuns: ctx.runs(30) }
      );
      const fake = { kind: 'stepwise-msm/prepared-bases' };
      expect(isPreparedBases(fake)).toBe(false);
      expect(isPreparedBases(null)).toBe(false);
      expect(() => preparedTables(fake as any)).toThrow(new TypeError('not a prepared-bases handle (use prepare(points))'));
    }),
  ]),

  // Last: prepare() input errors, the table path and rule 1b.
  ...suite(FILE, 'step 10 fixedBase: prepare() input errors and the table path', [
    check('prepare rejects bad options, points and windows with the exact message', () => {
      const P = [TOY.BASE];
      const cases: [unknown, unknown, Function, string][] = [
        [P, null, TypeError, 'prepare: options must be an object or undefined, got null'],
        [P, 5, TypeError, 'prepare: options must be an object or undefined, got number'],
        [P, [], TypeError, 'prepare: options must be an object or undefined, got an array'],
        [P, { curve: TOY, windw: 3 }, RangeError, 'prepare: unknown option "windw": allowed options are curve, window, table'],
        [P, { curve: TOY, table: 1 }, TypeError, 'prepare: options.table must be a boolean or undefined, got number'],
        ['not points', { curve: TOY }, TypeError, 'prepare: points must be an Array of curve points, got string "not points"'],
        [P, { curve: TOY, window: '4' }, RangeError, 'prepare: options.window must be an integer in [1, 16], got string'],
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
