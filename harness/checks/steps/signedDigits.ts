/**
 * Step 05 (signedDigits): the signed recoding itself, and the MSM with the gate on.
 *
 * Failure modes aimed at: a lost carry out of the top window (scalars near r and near 2^bits,
 * all-ones windows, c dividing bits, c = 1, c ≥ bits), digits outside [−2^(c−1), 2^(c−1)],
 * limb extraction across 32-bit limb boundaries, and negative digits mis-applied by the
 * accumulators of other steps.
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, gatesOn, type CheckContext, type EngineCheck } from '../check.js';
import { G1, TOY, msm, msmInspect, type AnyCurve } from '../../../src/index.js';
import { scalarLimbs, signedDigitsBigInt, signedDigitsLimbs, unsignedDigitsLimbs, windowValue } from '../../../src/optimized/kernels/digits.js';
import { unsignedDigits } from '../../../src/optimized/steps/00-baseline.js';
import type { DigitTable } from '../../../src/optimized/step.js';

import { oracle, pointOf } from '../../oracle.js';
import { engineEqualsReference } from './recode-cases.js';

const FILE = 'properties/steps/signedDigits.test.ts';

/** Σ_w d_w·2^(w·c) for scalar i of a table. */
function digitsValue(t: DigitTable, i: number, c: number): bigint {
  let v = 0n;
  for (let w = t.windows - 1; w >= 0; w--) v = (v << BigInt(c)) + BigInt(t.digits[w * t.n + i]);
  return v;
}

/** Checks a signed table against its scalars: identity, bounds, shape, top window only when needed. */
function checkSigned(t: DigitTable, scalars: readonly bigint[], bits: number, c: number): void {
  const base = Math.max(1, Math.ceil(bits / c));
  expect(t.signed).toBe(true);
  expect(t.bucketCount).toBe(1 << (c - 1));
  expect(t.digits.length).toBe(t.windows * t.n);
  expect([base, base + 1]).toContain(t.windows);
  // plain loops (one expect per failure, not per digit: this runs over millions of digits)
  for (let i = 0; i < scalars.length; i++) {
    const v = digitsValue(t, i, c);
    if (v !== scalars[i]) expect(v, `scalar ${scalars[i]} c=${c} bits=${bits}`).toBe(scalars[i]);
    for (let w = 0; w < t.windows; w++) {
      const d = t.digits[w * t.n + i];
      if (d > t.bucketCount || d < -t.bucketCount) expect.fail(`digit ${d} out of bounds: scalar ${scalars[i]} c=${c} window ${w}`);
    }
  }
  if (t.windows === base + 1) {
    let used = false;
    for (let i = 0; i < t.n; i++) used ||= t.digits[base * t.n + i] !== 0;
    expect(used, 'extra top window allocated but empty').toBe(true);
  }
}

/** Dangerous scalars below 2^bits: 0, 1, 2^bits − 1, 2^k ± 1, all-ones windows, r − small. */
function dangerous(bits: number, r?: bigint): bigint[] {
  const top = 1n << BigInt(bits);
  const out = new Set<bigint>([0n, 1n, 2n, top - 1n, top - 2n, top >> 1n, (top >> 1n) - 1n, (top >> 1n) + 1n]);
  for (let k = 0; k < bits; k++) for (const d of [-1n, 0n, 1n]) out.add((1n << BigInt(k)) + d);
  for (let c = 1; c <= 16; c++) {
    // every other window all ones / the top half of each window set (digit exactly 2^(c−1))
    let alt = 0n;
    let halfs = 0n;
    for (let o = 0; o < bits; o += c) {
      if ((o / c) % 2 === 0) alt |= ((1n << BigInt(c)) - 1n) << BigInt(o);
      halfs |= 1n << BigInt(o + c - 1);
    }
    out.add(alt % top);
    out.add(halfs % top);
    out.add((halfs - 1n + top) % top);
  }
  if (r !== undefined) for (let d = 1n; d <= 20n && d <= r; d++) out.add(r - d);
  return [...out].filter((s) => s >= 0n && s < top);
}

function scalarBelow(bits: number): fc.Arbitrary<bigint> {
  const top = 1n << BigInt(bits);
  return fc.oneof(
    fc.constantFrom(...dangerous(bits)),
    fc.bigInt({ min: 0n, max: top - 1n }),
    fc.tuple(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: bits })).map(([c, o]) => (((1n << BigInt(c)) - 1n) << BigInt(o)) % top)
  );
}

const differential = (ctx: CheckContext, curve: AnyCurve, maxN: number, numRuns: number) =>
  engineEqualsReference(ctx, {
    curve,
    edges: dangerous(curve.scalarBits, curve.order).filter((s) => s < curve.order),
    gate: 'signedDigits',
    maxN,
    maxWindow: 16,
    numRuns,
  });

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 05 signedDigits: the recoding', [
    check('Σ d_w·2^(w·c) = s and |d_w| ≤ 2^(c−1) for every c in [1, 16] over the dangerous scalars (toy, G1 and 2^k widths)', () => {
      for (const [bits, r] of [
        [TOY.scalarBits, TOY.order],
        [G1.scalarBits, G1.order],
        [32, undefined],
        [64, undefined],
        [1, undefined],
        [16, undefined],
      ] as const) {
        const scalars = dangerous(bits, r);
        for (let c = 1; c <= 16; c++) {
          const t = signedDigitsLimbs(scalars, bits, c);
          checkSigned(t, scalars, bits, c);
          expect(t).toEqual(signedDigitsBigInt(scalars, bits, c));
        }
      }
    }),

    check('the carry out of the top window gets its own window (toy r − 1 with c = 11, c = 2; 2^bits − 1)', () => {
      expect(signedDigitsLimbs([TOY.order - 1n], 11, 11).windows).toBe(2);
      // c = 1: digits in {0, 1}, never a carry
      expect(signedDigitsLimbs([3n], 2, 1).windows).toBe(2);
      expect(signedDigitsLimbs([15n], 4, 2).windows).toBe(3);
      expect(signedDigitsLimbs([(1n << 255n) - 1n], 255, 15).windows).toBe(18);
      // no carry possible when c does not divide bits
      expect(signedDigitsLimbs([(1n << 255n) - 1n], 255, 16).windows).toBe(16);
    }),

    prop('random widths, windows and scalars: limb recoding = BigInt recoding, identity and bounds hold; unsigned limb table = step 00', 400, () =>
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((bits) => fc.tuple(fc.constant(bits), fc.integer({ min: 1, max: 16 }), fc.array(scalarBelow(bits), { minLength: 1, maxLength: 12 }))),
        ([bits, c, scalars]) => {
          const t = signedDigitsLimbs(scalars, bits, c);
          checkSigned(t, scalars, bits, c);
          expect(t).toEqual(signedDigitsBigInt(scalars, bits, c));
          expect(unsignedDigitsLimbs(scalars, bits, c)).toEqual(unsignedDigits(scalars, bits, c));
        }
      )
    ),

    prop('limbs: the BigUint64Array path = the portable 32-bit path, and windowValue reads any bit range', 200, () =>
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((bits) => fc.tuple(fc.constant(bits), fc.array(scalarBelow(bits), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 30 }))),
        ([bits, scalars, c]) => {
          const fast = scalarLimbs(scalars, bits, false);
          const portable = scalarLimbs(scalars, bits, true);
          expect(fast.stride).toBe(portable.stride);
          expect(Array.from(fast.limbs)).toEqual(Array.from(portable.limbs));
          const mask = (1n << BigInt(c)) - 1n;
          for (let i = 0; i < scalars.length; i++)
            for (let off = 0; off < bits; off += 7)
              if (BigInt(windowValue(fast.limbs, i * fast.stride, off, c)) !== ((scalars[i] >> BigInt(off)) & mask))
                expect.fail(`windowValue(scalar ${scalars[i]}, offset ${off}, c ${c})`);
        }
      )
    ),

    check('rejects a scalar that does not fit in job.bits instead of dropping its top bits', () => {
      expect(() => signedDigitsLimbs([1n], 8, 0)).toThrow(RangeError);
      expect(() => unsignedDigitsLimbs([1n], 8, 31)).toThrow(RangeError);
      expect(() => signedDigitsLimbs([1n << 11n], 11, 4)).toThrow(RangeError);
      expect(() => signedDigitsLimbs([-1n], 11, 4)).toThrow(RangeError);
    }),
  ]),

  ...suite(FILE, 'step 05 signedDigits: MSM', [
    check('toy curve, every scalar in [0, r) under every window 1..16, against the discrete-log oracle', (ctx) => {
      const r = TOY.order;
      const all: bigint[] = [];
      for (let s = 0n; s < r; s++) all.push(s);
      const chunk = 24;
      let seed = 12345n;
      const nextLog = () => (seed = (seed * 1103515245n + 12345n) % r);
      for (let c = 1; c <= 16; c++) {
        for (let off = 0; off < all.length; off += chunk * ctx.stride()) {
          const sc = all.slice(off, off + chunk);
          const ks = sc.map(() => nextLog());
          const pts = ks.map((k) => pointOf(TOY, k));
          const got = msm(pts, sc, { gates: gatesOn('signedDigits'), window: c, curve: TOY });
          expect(TOY.equals(got, oracle(TOY, ks, sc)), `c=${c} scalars ${sc[0]}..${sc[sc.length - 1]}`).toBe(true);
        }
      }
    }),

    check('top-window carry is used: toy r − 1 with window 11 takes 2 windows and is right', () => {
      const rep = msmInspect([TOY.BASE], [TOY.order - 1n], { gates: { signedDigits: true, glv: false }, window: 11, curve: TOY });
      expect(rep.trace.slots.recode).toBe('signedDigits');
      expect(rep.trace.windows).toBe(2);
      expect(TOY.equals(rep.result, TOY.BASE.negate())).toBe(true);
    }),

    check('toy curve: engine = reference with signedDigits on, other gates and window random', (ctx) => differential(ctx, TOY, 40, 300)),
    check('BLS12-381 G1: engine = reference with signedDigits on, other gates and window random (n ≤ 8)', (ctx) => differential(ctx, G1, 8, 25)),
  ]),
];
