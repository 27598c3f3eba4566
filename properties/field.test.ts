/**
 * The field interface: BigInt Fp against plain modular arithmetic on edge values, batch
 * inversion (with zeros), and the counting wrapper's counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countingField, FpBls, Fp2Bls, primeField, batchInvert } from '../src/curve/index.js';
import { runs } from '../harness/config.js';

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
