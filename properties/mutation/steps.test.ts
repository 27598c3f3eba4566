/**
 * Properties of the tuning steps, written from the survivors of the full mutation run
 * (docs/mutation.md). Steps 01 and 02 choose a parameter (the NAF width, the window): every
 * choice gives the right sum, so only the cost of the choice can show a wrong model. The
 * ground truth here is the counting field: each candidate is run and its multiplications
 * counted (M + S + 24·inversions, the inversion weight the models use), and the model's choice
 * must cost at most a few percent more than the best candidate. Counts are deterministic, so
 * these are not timed tests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { G1, GATE_IDS, TOY, msmInspect, prepare, type AnyCurve } from '../../src/index.js';
import { newCounts, type FieldCounts } from '../../src/curve/index.js';
import { makeJob } from '../../src/optimized/engine.js';
import { SMALL_N_THRESHOLD, strausMsm, strausWidth } from '../../src/optimized/steps/01-smallFastPath.js';
import { OP_COST, opCosts, windowCost } from '../../src/optimized/steps/02-windowCostModel.js';
import { xyzzAdd, xyzzAddAffine, xyzzDouble, xyzzFromAffine, xyzzToProjective } from '../../src/optimized/kernels/xyzz.js';
import { buildTable, fixedBaseWindow, isPreparedBases, preparedTables } from '../../src/optimized/kernels/fixed-base.js';
import { projAdd, projDouble } from '../../src/optimized/kernels/projective.js';
import { countingField } from '../../src/curve/index.js';
import { runs } from '../../harness/config.js';

/** Deterministic pseudo-random points and scalars from a seed (LCG), so examples stay small. */
function inputs(curve: AnyCurve, n: number, seed: number, bits = curve.scalarBits) {
  let s = seed >>> 0 || 1;
  const rnd = (m: bigint) => {
    let x = 0n;
    for (let i = 0; i < 10; i++) {
      s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
      x = (x << 31n) | BigInt(s);
    }
    return x % m;
  };
  const points = Array.from({ length: n }, () => curve.BASE.multiply(1n + rnd(curve.order - 1n)));
  const scalars = Array.from({ length: n }, () => rnd(1n << BigInt(bits)) % curve.order);
  return { points, scalars };
}

const weight = (c: FieldCounts) => c.mul + c.sqr + 24 * c.inv;

/** The gates that shape step 02's model (the others are off, so the bucket method runs). */
const MODEL_GATES = ['signedDigits', 'xyzzBuckets', 'batchAffine', 'batchAffineReduction'] as const;
const gatesOf = (mask: number) =>
  Object.fromEntries(GATE_IDS.map((id) => [id, id === 'windowCostModel' || MODEL_GATES.some((g, i) => g === id && ((mask >> i) & 1) === 1)]));

describe('step 02 windowCostModel: the model picks a window whose counted cost is within 25 % of the best window', () => {
  it('toy curve, n 16..400, any combination of the bucket-shaping gates: every window 1..11 counted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 400 }), fc.nat(15), fc.nat(), (n, mask, seed) => {
        const { points, scalars } = inputs(TOY, n, seed);
        const gates = gatesOf(mask);
        const cost = (window?: number) => {
          const r = msmInspect(points, scalars, { gates, window, count: true, curve: TOY });
          return { w: r.trace.window, cost: weight(r.counts!) };
        };
        const chosen = cost();
        expect(chosen.w).toBeGreaterThanOrEqual(1);
        expect(chosen.w).toBeLessThanOrEqual(TOY.scalarBits);
        const all = Array.from({ length: TOY.scalarBits }, (_, i) => cost(i + 1).cost);
        const best = Math.min(...all);
        expect(chosen.cost / best, `n=${n} gates mask ${mask}: model window ${chosen.w}, counted costs by window ${all.join(' ')}`).toBeLessThanOrEqual(1.25);
      }),
      {
        numRuns: runs(20),
        // scanned by hand (n 16..400 × 16 gate masks × 2 inputs): worst 1.18 (batchAffineReduction
        // alone, n = 48); within 1.01 for n ≥ 128. The model is weakest at small n.
        examples: [16, 64, 256].flatMap((n) => Array.from({ length: 16 }, (_, mask) => [n, mask, 7] as [number, number, number])),
      }
    );
  });
});

describe('step 01 smallFastPath: Straus', () => {
  it('the NAF width the path chooses costs at most 10 % more than the best width 2..8 (BLS12-381 G1, counted)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.constantFrom(32, 64, 100, 128, 200, 255), fc.nat(), (n, bits, seed) => {
        const { points, scalars } = inputs(G1, n, seed, bits);
        const cost = (w: number) => {
          const counts = newCounts();
          const job = makeJob(G1, points as any, scalars, {}, undefined, {}, counts);
          job.bits = bits;
          strausMsm(job, w);
          return weight(counts);
        };
        const all = [2, 3, 4, 5, 6, 7, 8].map(cost);
        const chosen = all[strausWidth(bits) - 2];
        expect(chosen / Math.min(...all), `n=${n} bits=${bits}: width ${strausWidth(bits)}, costs by width 2..8 ${all.join(' ')}`).toBeLessThanOrEqual(1.1);
      }),
      { numRuns: runs(6), examples: [[16, 255, 3], [1, 128, 3], [4, 64, 3], [8, 32, 5]] }
    );
  });

  it('the width grows with the scalar size and reaches every value 2..8 (worked out by hand from the cost formula in the step header)', () => {
    // table(w) + 5·2^(w−2) + 10·bits/(w + 1), table = 0 for w = 2, else 9 + 14·(2^(w−2) − 1)
    const cases: [number, number][] = [[11, 2], [50, 3], [128, 4], [255, 5], [1000, 6], [4000, 7], [20000, 8]];
    for (const [bits, w] of cases) expect(strausWidth(bits), `bits=${bits}`).toBe(w);
    let last = 2;
    for (let bits = 1; bits <= 30000; bits += 97) {
      const w = strausWidth(bits);
      expect(w).toBeGreaterThanOrEqual(last);
      last = w;
    }
  });

  it('terms with a zero scalar or the identity point cost nothing; a width outside [2, 8] is a RangeError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 6 }), fc.nat(), (n, w, seed) => {
        const { points, scalars } = inputs(TOY, n, seed);
        const counted = (pts: any[], sc: bigint[]) => {
          const counts = newCounts();
          strausMsm(makeJob(TOY, pts, sc, {}, undefined, {}, counts), w);
          return { counts: { ...counts } };
        };
        const base = counted(points, scalars);
        const more = counted([...points, TOY.BASE.multiply(5n), TOY.ZERO], [...scalars, 0n, 9n]);
        expect(more.counts).toEqual(base.counts);
      }),
      { numRuns: runs(30) }
    );
    const job = makeJob(TOY, [TOY.BASE as any], [1n], {}, undefined, {});
    for (const w of [1, 9, 2.5]) expect(() => strausMsm(job, w)).toThrow(new RangeError(`strausMsm: width must be an integer in [2, 8], got ${w}`));
  });
});

describe('step 10 fixedBase tables (kernels/fixed-base.ts)', () => {
  it('ties in the window cost go to the smaller window (smaller table): 4 toy bases cost 22 at c = 2 and at c = 3', () => {
    // n·⌈(bits+1)/c⌉·(1 − 2^−c) + 2^c with n = 4, bits = 11: c = 2 → 4·6·0.75 + 4 = 22, c = 3 → 4·4·0.875 + 8 = 22
    expect(fixedBaseWindow(4, 11)).toBe(2);
    expect(prepare([1n, 2n, 3n, 4n].map((k) => TOY.BASE.multiply(k)), { curve: TOY }).window).toBe(2);
  });

  it('buildTable: entry i·rows + j is 2^(c·j)·Pᵢ with Z = 1 (identity kept); cost = c·(rows − 1) doublings per base + one batch inversion + 2M per finite entry', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: TOY.order - 1n }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), (ks, rows, c) => {
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
      }),
      { numRuns: runs(60), examples: [[[0n, 5n], 3, 2]] }
    );
  });

  it('an identity base costs a call nothing, like a zero scalar; preparedTables rejects a look-alike object', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: TOY.order - 1n }), { minLength: 1, maxLength: 8 }), fc.bigInt({ min: 1n, max: TOY.order - 1n }), (ks, s) => {
        const h = prepare([...ks.map((k) => TOY.BASE.multiply(k)), TOY.ZERO], { curve: TOY });
        const gates = Object.fromEntries(GATE_IDS.map((id) => [id, id === 'fixedBase']));
        const sc = ks.map((k) => (k * 7n) % TOY.order);
        const a = msmInspect(h, [...sc, s], { gates, count: true, curve: TOY });
        const b = msmInspect(h, [...sc, 0n], { gates, count: true, curve: TOY });
        expect(a.trace.windowSource).toBe('fixedBase');
        expect(a.result.equals(b.result)).toBe(true);
        expect(a.counts).toEqual(b.counts);
      }),
      { numRuns: runs(30) }
    );
    const fake = { kind: 'stepwise-msm/prepared-bases' };
    expect(isPreparedBases(fake)).toBe(false);
    expect(isPreparedBases(null)).toBe(false);
    expect(() => preparedTables(fake as any)).toThrow(new TypeError('not a prepared-bases handle (use prepare(points))'));
  });
});

describe('step 10 fixedBase: prepare() input errors and the table path', () => {
  it('prepare rejects bad options, points and windows with the exact message', () => {
    const P = [TOY.BASE];
    const cases: [unknown, unknown, Function, string][] = [
      [P, null, TypeError, 'prepare: options must be an object or undefined'],
      [P, 5, TypeError, 'prepare: options must be an object or undefined'],
      [P, [], TypeError, 'prepare: options must be an object or undefined'],
      [P, { curve: TOY, windw: 3 }, RangeError, 'prepare: unknown option "windw": allowed options are curve, window'],
      ['not points', { curve: TOY }, TypeError, 'prepare: points must be an Array of curve points'],
      [P, { curve: TOY, window: '4' }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 4'],
      [P, { curve: TOY, window: 2.5 }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 2.5'],
      [P, { curve: TOY, window: 0 }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 0'],
      [P, { curve: TOY, window: 17 }, RangeError, 'prepare: options.window must be an integer in [1, 16], got 17'],
    ];
    for (const [pts, opts, E, msg] of cases) expect(() => prepare(pts as any, opts as any), msg).toThrow(new (E as any)(msg));
    for (const window of [1, 16]) expect(prepare(P, { curve: TOY, window }).window).toBe(window);
  });

  it('the table path runs with the window of the handle (also when given explicitly), declines any other, and uses the accumulator the gates select', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: TOY.order - 1n }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 8 }), (ks, window) => {
        const points = ks.map((k) => TOY.BASE.multiply(k));
        const h = prepare(points, { curve: TOY, window });
        const sc = ks.map((k) => (k * 3n + 1n) % TOY.order);
        const on = (extra: Record<string, boolean>) => Object.fromEntries(GATE_IDS.map((id) => [id, id === 'fixedBase' || extra[id] === true]));
        const same = msmInspect(h, sc, { gates: on({}), window, curve: TOY });
        expect(same.trace.windowSource).toBe('fixedBase');
        const other = msmInspect(h, sc, { gates: on({}), window: window === 8 ? 7 : window + 1, curve: TOY });
        expect(other.trace.windowSource).not.toBe('fixedBase');
        expect(other.result.equals(same.result)).toBe(true);
        // the accumulate/reduce slots of the sub-job are the gates' providers, and they do run
        const xyzz = msmInspect(h, sc, { gates: on({ xyzzBuckets: true }), count: true, curve: TOY });
        const proj = msmInspect(h, sc, { gates: on({}), count: true, curve: TOY });
        expect(xyzz.trace.slots.accumulate).toBe('xyzzBuckets');
        expect(xyzz.trace.slots.reduce).toBe('baseline');
        expect(proj.trace.slots.accumulate).toBe('baseline');
        expect(xyzz.counts!.mulTotal).not.toBe(proj.counts!.mulTotal);
        // one signed bucket set of 2^(c−1) buckets; the reduce slot is the gates' provider too
        expect(same.trace.bucketCount).toBe(2 ** (window - 1));
        const bar = msmInspect(h, sc, { gates: on({ batchAffineReduction: true }), count: true, curve: TOY });
        expect(bar.trace.slots.reduce).toBe('batchAffineReduction');
        if (ks.length >= 4 && window >= 3) expect(bar.counts!.inv).toBeGreaterThan(proj.counts!.inv);
      }),
      { numRuns: runs(20) }
    );
  });

  it('a zero scalar costs nothing on the table path', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: TOY.order - 1n }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 6 }), (ks, window) => {
        const points = ks.map((k) => TOY.BASE.multiply(k));
        const gates = Object.fromEntries(GATE_IDS.map((id) => [id, id === 'fixedBase']));
        const sc = ks.map((k) => (k * 5n) % TOY.order);
        const a = msmInspect(prepare([...points, TOY.BASE.multiply(3n)], { curve: TOY, window }), [...sc, 0n], { gates, count: true, curve: TOY });
        const b = msmInspect(prepare(points, { curve: TOY, window }), sc, { gates, count: true, curve: TOY });
        expect(a.counts).toEqual(b.counts);
      }),
      { numRuns: runs(30) }
    );
  });
});

describe('step 01 smallFastPath: the threshold', () => {
  it('answers up to SMALL_N_THRESHOLD points (after the transforms) and declines above it', () => {
    const gates = Object.fromEntries(GATE_IDS.map((id) => [id, id === 'smallFastPath']));
    const at = (n: number) => {
      const { points, scalars } = inputs(TOY, n, 11);
      return msmInspect(points, scalars.map((s) => s | 1n), { gates, curve: TOY }).trace.path;
    };
    expect(at(SMALL_N_THRESHOLD)).toBe('smallFastPath');
    expect(at(SMALL_N_THRESHOLD + 1)).toBe('pippenger');
    expect(at(1)).toBe('smallFastPath');
  });
});

describe('step 02 windowCostModel: wasmField pricing', () => {
  it('with wasmField the model prices XYZZ buckets and reductions (no batched affine reduction) and dearer inversions', () => {
    const g = (ids: string[]) => Object.fromEntries(GATE_IDS.map((id) => [id, ids.includes(id)])) as any;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 16 }), fc.nat(15), (n, bits, c, mask) => {
        const others = MODEL_GATES.filter((_, i) => ((mask >> i) & 1) === 1);
        const wasm = windowCost(n, bits, c, g([...others, 'wasmField']));
        const asXyzz = windowCost(n, bits, c, g([...others.filter((x) => x !== 'batchAffineReduction'), 'xyzzBuckets']));
        if (!others.includes('batchAffine')) expect(wasm).toBeCloseTo(asXyzz, 6);
        else expect(wasm).toBeGreaterThanOrEqual(asXyzz);
      }),
      { numRuns: runs(200), examples: [[4096, 128, 11, 0], [4096, 128, 11, 15], [256, 255, 8, 4], [100, 11, 3, 8]] }
    );
    // with batched affine additions the inversions (Fermat in wasm) make it strictly dearer
    const ba = ['batchAffine', 'signedDigits'];
    expect(windowCost(4096, 128, 11, g([...ba, 'wasmField']))).toBeGreaterThan(windowCost(4096, 128, 11, g([...ba, 'xyzzBuckets'])));
  });
});

describe('step 02 windowCostModel: a job wasmField does not run is priced as BigInt', () => {
  it('on the counting field (which wasm never runs) the window with wasmField on is the window with it off', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 300 }), fc.nat(15), fc.nat(), (n, mask, seed) => {
        const { points, scalars } = inputs(TOY, n, seed);
        const gates = gatesOf(mask);
        const off = msmInspect(points, scalars, { gates, count: true, curve: TOY }).trace.window;
        const on = msmInspect(points, scalars, { gates: { ...gates, wasmField: true }, count: true, curve: TOY });
        expect(on.trace.window).toBe(off);
      }),
      { numRuns: runs(10), examples: [[256, 15, 1], [64, 4, 1]] }
    );
  });
});

describe('step 02 windowCostModel: per-operation prices', () => {
  it("the model's prices are the kernels' counted costs (M + S on the counting field), picked by the bucket gates", () => {
    const G = TOY.BASE as any;
    const P = { X: G.X, Y: G.Y, Z: G.Z };
    const Q2 = (TOY.BASE.multiply(5n) as any).toAffine();
    const b3 = TOY.Fp.mul(TOY.Fp.fromSmall(3), TOY.b);
    const cost = (f: (F: any) => void) => {
      const c = countingField(TOY.Fp);
      f(c.field);
      return c.counts.mul + c.counts.sqr;
    };
    const x = xyzzFromAffine(TOY.Fp, Q2.x, Q2.y);
    const x2 = xyzzDouble(TOY.Fp, xyzzFromAffine(TOY.Fp, (G.toAffine() as any).x, (G.toAffine() as any).y));
    const proj = { add: cost((F) => projAdd(F, b3, P, projDouble(TOY.Fp, b3, P))), dbl: cost((F) => projDouble(F, b3, P)) };
    const xyzz = { mixed: cost((F) => xyzzAddAffine(F, x2, Q2.x, Q2.y)), add: cost((F) => xyzzAdd(F, x2, x)) };
    expect({ projAdd: OP_COST.projAdd, projDouble: OP_COST.projDouble, xyzzMixedAdd: OP_COST.xyzzMixedAdd, xyzzAdd: OP_COST.xyzzAdd }).toEqual({
      projAdd: proj.add,
      projDouble: proj.dbl,
      xyzzMixedAdd: xyzz.mixed,
      xyzzAdd: xyzz.add,
    });
    const g = (ids: string[]) => Object.fromEntries(GATE_IDS.map((id) => [id, ids.includes(id)])) as any;
    expect(opCosts(g([]))).toEqual({ accAdd: proj.add, redAdd: proj.add, dbl: proj.dbl, hornerAdd: proj.add });
    expect(opCosts(g(['xyzzBuckets']))).toEqual({ accAdd: xyzz.mixed, redAdd: xyzz.add, dbl: proj.dbl, hornerAdd: proj.add });
    expect(opCosts(g(['xyzzBuckets', 'batchAffine'])).accAdd).toBe(OP_COST.affineBatchAdd);
    expect(opCosts(g(['batchAffine'])).redAdd).toBe(proj.add);
    expect(opCosts(g(['batchAffineReduction'])).redAdd).toBe(OP_COST.affineBatchReduceAdd);
    expect(opCosts(g(['batchAffineReduction'])).accAdd).toBe(proj.add);
  });
});

describe('step 01 smallFastPath: width 2 and ties', () => {
  it('at width 2 the table is the point itself: one term with scalar 1 costs only the final conversion to projective', () => {
    const G = TOY.BASE as any;
    const counts = newCounts();
    strausMsm(makeJob(TOY, [{ X: G.X, Y: G.Y, Z: G.Z }] as any, [1n], {}, undefined, {}, counts), 2);
    const conv = countingField(TOY.Fp);
    xyzzToProjective(conv.field, xyzzFromAffine(TOY.Fp, 3n, 5n));
    expect(counts.mul + counts.sqr).toBe(conv.counts.mul + conv.counts.sqr);
  });

  it('boundaries of the width choice, worked out by hand: 2 up to 33 bits, 3 from 34; a tie (76 bits: 3 and 4 both cost 223) keeps the smaller width', () => {
    for (const [bits, w] of [[26, 2], [33, 2], [34, 3], [76, 3], [77, 4]] as [number, number][]) expect(strausWidth(bits), `bits=${bits}`).toBe(w);
  });
});
