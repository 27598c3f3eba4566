/**
 * Step 09 (glv): the lattice decomposition k ≡ k1 + λ·k2 (mod r) and its proven bound, and the
 * MSM with the gate on and the other gates random.
 *
 * Failure modes aimed at: a wrong rounding (halves over the bound, so scalars ≥ 2^job.bits and
 * a lost top bit), a negative half not folded into the point (sign error), φ applied with the
 * wrong β (G1 and G2 use different cube roots), and λ-related edge scalars (0, 1, r − 1, λ,
 * λ ± 1, multiples of λ, r − λ).
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, gatesOn, type CheckContext, type EngineCheck } from '../check.js';
import { G1, G2, TOY, msmInspect, type AnyCurve } from '../../../src/index.js';
import { glvBasis, glvSplit, type GlvBasis } from '../../../src/optimized/kernels/glv.js';
import { makeJob } from '../../../src/optimized/engine.js';
import { glvTransform } from '../../../src/optimized/steps/09-glv.js';
import { oracle, pointOf } from '../../oracle.js';
import { engineEqualsReference } from './recode-cases.js';

const FILE = 'properties/steps/glv.test.ts';

const abs = (x: bigint) => (x < 0n ? -x : x);
const mod = (x: bigint, r: bigint) => ((x % r) + r) % r;

/** Identity and bound of one split; returns the halves. */
function checkSplit(k: bigint, B: GlvBasis): [bigint, bigint] {
  const [k1, k2] = glvSplit(k, B);
  if (mod(k1 + B.lambda * k2 - k, B.r) !== 0n) expect.fail(`k = ${k}: ${k1} + λ·${k2} ≢ k (mod r)`);
  if (abs(k1) > B.maxHalf || abs(k2) > B.maxHalf) expect.fail(`k = ${k}: halves ${k1}, ${k2} exceed the bound ${B.maxHalf}`);
  if (abs(k1) >= 1n << BigInt(B.halfBits) || abs(k2) >= 1n << BigInt(B.halfBits)) expect.fail(`k = ${k}: halves exceed 2^${B.halfBits}`);
  return [k1, k2];
}

/** The adversarial scalars of the brief, in [0, r). */
function adversarial(r: bigint, lambda: bigint): bigint[] {
  const out = new Set<bigint>([0n, 1n, 2n, r - 1n, r - 2n, lambda, lambda - 1n, lambda + 1n, r - lambda, r - lambda - 1n, r - lambda + 1n]);
  for (let m = 2n; m <= 40n; m++) {
    out.add(mod(m * lambda, r));
    out.add(mod(-m * lambda, r));
    out.add(mod(m * lambda + 1n, r));
    out.add(mod(m * lambda * lambda, r));
  }
  const bits = r.toString(2).length;
  for (let k = 0; k < bits; k++) for (const d of [-1n, 0n, 1n]) out.add(mod((1n << BigInt(k)) + d, r));
  // around the rounding boundaries: k with k·b2/det close to a half-integer
  for (let m = 1n; m <= 20n; m++) for (const d of [-1n, 0n, 1n]) out.add(mod((m * r) / (2n * lambda) + d, r));
  out.add(r / 2n);
  out.add(r / 2n + 1n);
  return [...out];
}

const BLS = glvBasis(G1.order, G1.endo!.lambda);
const TOYB = glvBasis(TOY.order, TOY.endo!.lambda);

const pts = [TOY.BASE, TOY.BASE.double()];
const job = (curve: AnyCurve, scalars: bigint[]) => makeJob(curve, pts as any, scalars, {}, undefined, {});

const differential = (ctx: CheckContext, curve: AnyCurve, maxN: number, maxWindow: number, numRuns: number) => {
  const B = glvBasis(curve.order, curve.endo!.lambda);
  let negatives = 0;
  const seen = (sc: bigint[]) => {
    for (const s of sc) {
      const [k1, k2] = glvSplit(s, B);
      if (k1 < 0n || k2 < 0n) negatives++;
    }
  };
  engineEqualsReference(ctx, { curve, edges: adversarial(curve.order, curve.endo!.lambda), gate: 'glv', maxN, maxWindow, numRuns, seen });
  expect(negatives, 'no negative half was exercised').toBeGreaterThan(0);
};

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 09 glv: the decomposition', [
    check('toy curve, every k in [0, r): k ≡ k1 + λ·k2, |k1|, |k2| ≤ bound < 2^halfBits, and both halves are sometimes negative', () => {
      expect(TOYB.halfBits).toBeLessThan(TOY.scalarBits);
      let neg1 = 0;
      let neg2 = 0;
      let reach = 0n;
      for (let k = 0n; k < TOY.order; k++) {
        const [k1, k2] = checkSplit(k, TOYB);
        if (k1 < 0n) neg1++;
        if (k2 < 0n) neg2++;
        if (abs(k1) > reach) reach = abs(k1);
        if (abs(k2) > reach) reach = abs(k2);
      }
      expect(neg1).toBeGreaterThan(0);
      expect(neg2).toBeGreaterThan(0);
      // the bound is not loose by more than one bit
      expect(reach.toString(2).length).toBe(TOYB.halfBits);
    }),

    check('basis vectors lie in the lattice (a + b·λ ≡ 0 mod r) and det = ±r, on toy and BLS12-381', () => {
      for (const B of [TOYB, BLS]) {
        expect(mod(B.a1 + B.b1 * B.lambda, B.r)).toBe(0n);
        expect(mod(B.a2 + B.b2 * B.lambda, B.r)).toBe(0n);
        expect(abs(B.det)).toBe(B.r);
      }
      expect(BLS.halfBits).toBeLessThanOrEqual(128);
    }),

    check('BLS12-381 (G1 and G2 share r and λ): adversarial scalars and random ones split within the bound', (ctx) => {
      for (const k of adversarial(G1.order, BLS.lambda)) checkSplit(k, BLS);
      let neg1 = false;
      let neg2 = false;
      ctx.assert(
        fc.property(fc.bigInt({ min: 0n, max: G1.order - 1n }), (k) => {
          const [k1, k2] = checkSplit(k, BLS);
          neg1 ||= k1 < 0n;
          neg2 ||= k2 < 0n;
        }),
        { numRuns: ctx.runs(2000) }
      );
      expect(neg1 && neg2, 'negative halves never happened on random BLS12-381 scalars').toBe(true);
    }),

    prop('generic (r, λ): any modulus and multiplier give a valid split within the bound', 150, () =>
      fc.property(
        fc
          .bigInt({ min: 5n, max: (1n << 80n) - 1n })
          .chain((r) =>
            fc.tuple(fc.constant(r), fc.bigInt({ min: 2n, max: r - 1n }), fc.oneof(fc.bigInt({ min: 0n, max: r - 1n }), fc.constantFrom(0n, 1n, r - 1n)))
          ),
        ([r, lambda, k]) => {
          const B = glvBasis(r, lambda);
          expect(abs(B.det)).toBe(r);
          checkSplit(k, B);
          for (const a of adversarial(r, lambda)) checkSplit(a, B);
        }
      )
    ),
  ]),

  ...suite(FILE, 'step 09 glv: the transform declines what it cannot split', [
    check('leaves the job untouched for a curve without endo, for bits already ≤ the half bound, and for a scalar ≥ r', () => {
      const noEndo = { ...TOY, endo: undefined } as AnyCurve;
      for (const [curve, scalars, bits] of [
        [noEndo, [3n, 4n], undefined],
        [TOY, [3n, 4n], TOYB.halfBits],
        [TOY, [3n, TOY.order], undefined],
      ] as const) {
        const j = job(curve, [...scalars]);
        if (bits !== undefined) j.bits = bits;
        const before = { points: j.points, scalars: j.scalars.slice(), bits: j.bits };
        glvTransform(j);
        expect(j.points).toBe(before.points);
        expect(j.scalars).toEqual(before.scalars);
        expect(j.bits).toBe(before.bits);
      }
      const j = job(TOY, [3n, 1866n]);
      glvTransform(j);
      expect(j.bits).toBe(TOYB.halfBits);
      expect(j.scalars.every((s) => s >= 0n && s < 1n << BigInt(TOYB.halfBits))).toBe(true);
    }),

    check('glvBasis rejects a trivial modulus or eigenvalue', () => {
      expect(() => glvBasis(2n, 1n)).toThrow(RangeError);
      expect(() => glvBasis(1867n, 1n)).toThrow(RangeError);
      expect(() => glvBasis(1867n, 1867n)).toThrow(RangeError);
    }),
  ]),

  ...suite(FILE, 'step 09 glv: MSM', [
    check('toy curve, glv alone: n doubles at most, bits drop to the half bound, and the result is right', () => {
      const ks = [5n, 1866n, 1032n, 835n, 0n, 17n];
      const sc = [1866n, 1032n, 1n, 0n, 935n, 1200n];
      const pts = ks.map((k) => pointOf(TOY, k));
      const rep = msmInspect(pts, sc, { gates: gatesOn('glv'), curve: TOY });
      expect(rep.trace.bits).toBe(TOYB.halfBits);
      expect(rep.trace.n).toBeLessThanOrEqual(2 * ks.length);
      expect(TOY.equals(rep.result, oracle(TOY, ks, sc))).toBe(true);
    }),

    check('toy curve: engine = reference with glv on, other gates and window random', (ctx) => differential(ctx, TOY, 40, 16, 300)),
    check('BLS12-381 G1: engine = reference with glv on, other gates and window random (n ≤ 6)', (ctx) => differential(ctx, G1, 6, 10, 25)),
    check('BLS12-381 G2 (its own β): engine = reference with glv on, other gates random (n ≤ 3)', (ctx) => differential(ctx, G2, 3, 8, 6)),
  ]),
];
