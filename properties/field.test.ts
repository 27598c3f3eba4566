/**
 * The field interface: BigInt Fp against plain modular arithmetic on edge values, batch
 * inversion (with zeros), and the counting wrapper's counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countingField, FpBls, Fp2Bls, primeField, batchInvert, newCounts, TOY } from '../src/curve/index.js';
import { msm, msmInspect } from '../src/index.js';
import { gateSetArb } from '../harness/arbitraries/gates.js';
import { windowArb } from '../harness/arbitraries/window.js';
import { knownPointsArb } from '../harness/arbitraries/points.js';
import { scalarArb } from '../harness/arbitraries/scalars.js';
import { runs } from '../harness/config.js';
import { show } from '../harness/show.js';

const p = FpBls.ORDER;
const edge = fc.oneof(fc.constantFrom(0n, 1n, 2n, p - 1n, p - 2n, (p - 1n) / 2n, (p + 1n) / 2n), fc.bigInt({ min: 0n, max: p - 1n }));

describe('BigInt prime field', () => {
  it('ops agree with plain modular arithmetic on edge values', () => {
    fc.assert(
      fc.property(edge, edge, (a, b) => {
        const m = (x: bigint) => ((x % p) + p) % p;
        expect(FpBls.add(a, b)).toBe(m(a + b));
        expect(FpBls.sub(a, b)).toBe(m(a - b));
        expect(FpBls.neg(a)).toBe(m(-a));
        expect(FpBls.mul(a, b)).toBe(m(a * b));
        expect(FpBls.sqr(a)).toBe(m(a * a));
        if (a !== 0n) expect(FpBls.mul(FpBls.inv(a), a)).toBe(1n);
      }),
      { numRuns: runs(300) }
    );
  });
  it('inv(0) is a RangeError', () => {
    expect(() => FpBls.inv(0n)).toThrow(RangeError);
    expect(() => Fp2Bls.inv(Fp2Bls.ZERO)).toThrow(RangeError);
    expect(() => primeField(2n)).toThrow(RangeError);
  });
  it('batch inversion equals elementwise inversion, zeros stay zero', () => {
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 30 }), (xs) => {
        const got = FpBls.batchInv(xs);
        expect(got).toEqual(xs.map((x) => (x === 0n ? 0n : FpBls.inv(x))));
      }),
      { numRuns: runs(100) }
    );
    expect(batchInvert(Fp2Bls, [Fp2Bls.ZERO, Fp2Bls.ONE])).toEqual([Fp2Bls.ZERO, Fp2Bls.ONE]);
  });
  it('the counting field counts: batch inversion of n non-zero values = 3n mul + 1 inv', () => {
    const { field, counts } = countingField(FpBls);
    field.batchInv([3n, 5n, 7n, 0n, 11n]);
    expect(counts.mul).toBe(12);
    expect(counts.inv).toBe(1);
    field.sqr(3n);
    expect(counts.mulTotal).toBe(13);
  });
});

// Sharper properties written from the survivors of the first mutation run (docs/mutation.md; were
// properties/mutation/field.test.ts): the counting wrapper must compute exactly what the field it
// wraps computes (every op, not only the counted ones) and count each op once in its own counter;
// counting an MSM must not change its result; defaults and error messages name the field and the
// offending value.
const P = 1783n;
const el = fc.oneof(fc.constantFrom(0n, 1n, 2n, P - 1n, P - 2n), fc.bigInt({ min: 0n, max: P - 1n }));

describe('counting field', () => {
  it('every op equals the wrapped field, and costs exactly one count in its own counter (neg, eql, isZero, fromSmall: none)', () => {
    const base = primeField(P, 'Fp_toy');
    fc.assert(
      fc.property(el, el, fc.integer({ min: -5000, max: 5000 }), (a, b, k) => {
        const { field: F, counts } = countingField(base);
        const step = (op: () => unknown, want: unknown, d: Partial<Record<'mul' | 'sqr' | 'inv' | 'add', number>>) => {
          const before = { mul: counts.mul, sqr: counts.sqr, inv: counts.inv, add: counts.add };
          expect(op()).toEqual(want);
          expect({ mul: counts.mul - before.mul, sqr: counts.sqr - before.sqr, inv: counts.inv - before.inv, add: counts.add - before.add }).toEqual({
            mul: 0,
            sqr: 0,
            inv: 0,
            add: 0,
            ...d,
          });
        };
        step(() => F.add(a, b), (a + b) % P, { add: 1 });
        step(() => F.sub(a, b), (((a - b) % P) + P) % P, { add: 1 });
        step(() => F.neg(a), (P - a) % P, {});
        step(() => F.mul(a, b), (a * b) % P, { mul: 1 });
        step(() => F.sqr(a), (a * a) % P, { sqr: 1 });
        if (a !== 0n) step(() => F.mul(F.inv(a), a), 1n, { inv: 1, mul: 1 });
        step(() => F.eql(a, b), a === b, {});
        step(() => F.isZero(a), a === 0n, {});
        step(() => F.fromSmall(k), ((BigInt(k) % P) + P) % P, {});
        expect(counts.mulTotal).toBe(counts.mul + counts.sqr);
        expect([F.name, F.ORDER, F.ZERO, F.ONE]).toEqual(['Fp_toy', P, 0n, 1n]);
      }),
      { numRuns: runs(200) }
    );
  });

  it('batch inversion through the counting field: zeros stay zero, the rest are inverses; 3 mul per non-zero value and one inversion', () => {
    fc.assert(
      fc.property(fc.array(el, { maxLength: 30 }), (vs) => {
        const { field: F, counts } = countingField(primeField(P));
        const inv = F.batchInv(vs);
        expect(inv.length).toBe(vs.length);
        vs.forEach((v, i) => expect(v === 0n ? inv[i] === 0n : (inv[i] * v) % P === 1n).toBe(true));
        const k = vs.filter((v) => v !== 0n).length;
        expect([counts.mul, counts.inv]).toEqual([3 * k, k === 0 ? 0 : 1]);
      }),
      { numRuns: runs(200) }
    );
  });

  it('counting an MSM does not change its result (any gates, window); counts only when asked', () => {
    const caseArb = knownPointsArb(TOY, 0, 40).chain((pts) =>
      fc.record({
        pts: fc.constant(pts),
        scalars: fc.array(scalarArb(TOY.order), { minLength: pts.length, maxLength: pts.length }),
        gates: gateSetArb(),
        window: windowArb(12),
      })
    );
    fc.assert(
      fc.property(caseArb, ({ pts, scalars, gates, window }) => {
        const points = pts.map((p) => p.P);
        const o = { gates, window, curve: TOY };
        const rep = msmInspect(points, scalars, { ...o, count: true });
        expect(show(TOY, rep.result)).toBe(show(TOY, msm(points, scalars, o)));
        expect(rep.counts).toBeDefined();
        expect(msmInspect(points, scalars, o).counts).toBeUndefined();
      }),
      { numRuns: runs(60) }
    );
  });
});

describe('prime field construction and errors', () => {
  it('default name, and errors that name the field and the value', () => {
    expect(primeField(7n).name).toBe('Fp');
    expect(() => primeField(2n)).toThrow(/primeField: expected an odd prime p >= 3, got 2/);
    expect(() => primeField(7 as unknown as bigint)).toThrow(RangeError);
    expect(() => primeField(7n, 'F7').inv(0n)).toThrow(/^F7\.inv: cannot invert zero$/);
    expect(() => Fp2Bls.inv(Fp2Bls.ZERO)).toThrow(RangeError);
    const c = newCounts();
    expect([c.mul, c.sqr, c.inv, c.add, c.mulTotal]).toEqual([0, 0, 0, 0, 0]);
  });
});
