/**
 * The engine kernels (src/optimized/kernels): sharper properties written from the survivors of the mutation run
 * (docs/mutation.md). Costs are counted on the counting field (deterministic, unlike timings)
 * against the cost each kernel's doc comment promises.
 */
import fc from 'fast-check';
import { expect } from './expect.js';
import { prop, check, suite, type EngineCheck } from './check.js';
import { countingField, newCounts, TOY } from '../../src/curve/index.js';
import { primeField } from '../../src/curve/field.js';
import { xyzzDouble, xyzzIdentity, xyzzToProjective } from '../../src/optimized/kernels/xyzz.js';
import { projIsZero } from '../../src/optimized/kernels/projective.js';
import { bucketReuse, MAX_POOLED } from '../../src/optimized/steps/04-bucketReuse.js';
import { batchAffineAdd, jobAffine, toAffineAll } from '../../src/optimized/kernels/affine.js';
import { makeJob } from '../../src/optimized/engine.js';
import { glvBasis, roundDiv } from '../../src/optimized/kernels/glv.js';
import { fixedBaseWindow } from '../../src/optimized/kernels/fixed-base.js';
import { G1, G2, NO_GATES, prepare } from '../../src/index.js';
import { limbsPerScalar, signedDigitsLimbs, unsignedDigitsLimbs } from '../../src/optimized/kernels/digits.js';

const FILE = 'properties/kernels.test.ts';

const p = TOY.Fp.ORDER;

const pow = (b: bigint, e: bigint, m: bigint) => {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
const isPrime = (n: number) => {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
};

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'toAffineAll (kernels/affine.ts)', [
    prop(
      'equals noble toAffine; costs 3M per distinct Z ∉ {0, 1} (one shared batch inversion) + 2M per such point, nothing for Z = 1 or the identity',
      150,
      () => {
        const entry = fc.record({
          k: fc.bigInt({ min: 1n, max: TOY.order - 1n }),
          z: fc.oneof(fc.constantFrom(0n, 1n, 2n, 5n), fc.bigInt({ min: 1n, max: p - 1n })),
        });
        return fc.property(fc.array(entry, { maxLength: 30 }), (es) => {
          const pts = es.map(({ k, z }) => {
            if (z === 0n) return { X: 0n, Y: 1n, Z: 0n };
            const a = TOY.BASE.multiply(k).toAffine();
            return { X: (a.x * z) % p, Y: (a.y * z) % p, Z: z };
          });
          const { field: F, counts } = countingField(TOY.Fp);
          const aff = toAffineAll(F, pts);
          es.forEach(({ k, z }, i) => {
            if (z === 0n) expect(aff[i]).toBeNull();
            else expect(aff[i]).toEqual(TOY.BASE.multiply(k).toAffine());
          });
          const scaled = es.filter(({ z }) => z !== 0n && z !== 1n);
          const distinct = new Set(scaled.map(({ z }) => z)).size;
          expect({ mul: counts.mul, sqr: counts.sqr, inv: counts.inv }).toEqual({ mul: 3 * distinct + 2 * scaled.length, sqr: 0, inv: distinct > 0 ? 1 : 0 });
        });
      }
    ),
  ]),

  ...suite(FILE, 'roundDiv (kernels/glv.ts)', [
    prop(
      'x / d rounded to the nearest integer, halves up, for any signs (checked against floating point on small values)',
      300,
      () =>
        fc.property(
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.integer({ min: -1000, max: 1000 }).filter((d) => d !== 0),
          (x, d) => {
            expect(roundDiv(BigInt(x), BigInt(d))).toBe(BigInt(Math.floor(x / d + 0.5)));
          }
        ),
      {
        examples: [
          [-7, 2],
          [7, -2],
          [-5, 10],
          [5, 10],
          [-15, 10],
          [-1, 3],
          [-2, 3],
        ],
      }
    ),
  ]),

  ...suite(FILE, 'batchAffineAdd (kernels/affine.ts)', [
    prop(
      'any batch cap: out[k] = a[k] + b[k] (null for the identity) as noble adds them, with P = Q and P = −Q pairs mixed in; one inversion per chunk',
      150,
      () => {
        const pair = fc.tuple(
          fc.bigInt({ min: 1n, max: TOY.order - 1n }),
          fc.oneof(fc.constantFrom('same', 'neg'), fc.bigInt({ min: 1n, max: TOY.order - 1n }))
        );
        return fc.property(fc.array(pair, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 45 }), (ps, cap) => {
          const ks = ps.map(([k, q]) => [k, q === 'same' ? k : q === 'neg' ? TOY.order - k : q] as const);
          const aff = (k: bigint) => TOY.BASE.multiply(k).toAffine();
          const a = ks.map(([k]) => aff(k));
          const b = ks.map(([, q]) => aff(q));
          const out: any[] = new Array(ks.length).fill(undefined);
          const { field: F, counts } = countingField(TOY.Fp);
          batchAffineAdd(F, a, b, ks.length, out, cap);
          ks.forEach(([k, q], i) => {
            const want = (k + q) % TOY.order;
            expect(out[i], `pair ${i} cap ${cap}`).toEqual(want === 0n ? null : aff(want));
          });
          const chunksWithInverse = Array.from({ length: Math.ceil(ks.length / cap) }, (_, c) => ks.slice(c * cap, c * cap + cap)).filter((ch) =>
            ch.some(([k, q]) => (k + q) % TOY.order !== 0n)
          ).length;
          expect(counts.inv).toBe(chunksWithInverse);
        });
      }
    ),
  ]),

  ...suite(FILE, 'jobAffine (kernels/affine.ts)', [
    check("converts a job's points once and caches them per job; a transform that replaces job.points gets a fresh conversion", () => {
      const pts = [TOY.BASE.multiply(3n), TOY.ZERO, TOY.BASE.multiply(5n).double()].map((P: any) => ({ X: P.X, Y: P.Y, Z: P.Z }));
      const counts = newCounts();
      const job = makeJob(TOY, pts, [1n, 2n, 3n], NO_GATES, undefined, {}, counts);
      const first = jobAffine(job);
      const cost = counts.mulTotal + counts.inv;
      expect(cost).toBeGreaterThan(0);
      expect(jobAffine(job)).toBe(first);
      expect(counts.mulTotal + counts.inv).toBe(cost);
      job.points = [pts[2], pts[0]];
      const second = jobAffine(job);
      expect(second).toEqual([first[2], first[0]]);
      expect(counts.mulTotal + counts.inv).toBeGreaterThan(cost);
    }),
  ]),

  ...suite(FILE, 'digit kernels (kernels/digits.ts): errors name the scalar, the width and the window', [
    check('a scalar outside [0, 2^bits) or a window outside [1, 30]', () => {
      expect(() => signedDigitsLimbs([1n, 1n << 11n], 11, 4)).toThrow(new RangeError('scalar 1 is outside [0, 2^11)'));
      expect(() => unsignedDigitsLimbs([-1n], 8, 3)).toThrow(new RangeError('scalar 0 is outside [0, 2^8)'));
      expect(() => signedDigitsLimbs([1n], 8, 0)).toThrow(new RangeError('window must be an integer in [1, 30], got 0'));
      expect(() => unsignedDigitsLimbs([1n], 8, 31)).toThrow(new RangeError('window must be an integer in [1, 30], got 31'));
      expect(signedDigitsLimbs([255n], 8, 30).windows).toBe(1);
    }),
  ]),

  ...suite(FILE, 'fixed-base tables (kernels/fixed-base.ts)', [
    check("the table's digit width minimises n·⌈(bits+1)/c⌉·(1 − 2^−c) + 2^c (values worked out separately: 1, 4, 9, 13, 6, 16, 6)", () => {
      const cases: [number, number, number | undefined, number][] = [
        [1, 11, undefined, 1],
        [1, 255, undefined, 4],
        [100, 255, undefined, 9],
        [4096, 255, undefined, 13],
        [100, 11, undefined, 6],
        [1_000_000, 255, undefined, 16],
        [100, 255, 6, 6],
      ];
      for (const [n, bits, max, c] of cases) expect(fixedBaseWindow(n, bits, max), `n=${n} bits=${bits}`).toBe(c);
    }),

    check('tableBytes = entries × 3 coordinates × field element bytes (48 for Fp, 96 for Fp2)', () => {
      // window 16: ⌈256/16⌉ = 16 rows per base
      expect(prepare([G1.BASE], { window: 16 }).tableBytes).toBe(16 * 3 * 48);
      expect(prepare([G2.BASE, G2.BASE], { window: 16, curve: G2 }).tableBytes).toBe(2 * 16 * 3 * 96);
    }),
  ]),

  ...suite(FILE, 'glvBasis errors name the argument', [
    check('r < 3 and a trivial eigenvalue', () => {
      expect(() => glvBasis(2n, 5n)).toThrow(new RangeError('glvBasis: r must be ≥ 3, got 2'));
      expect(() => glvBasis(7n, 8n)).toThrow(new RangeError('glvBasis: λ must be a non-trivial eigenvalue mod r, got 8'));
    }),
  ]),

  ...suite(FILE, 'glvBasis: short vectors (written from the full mutation run)', [
    prop(
      'for a prime r ≡ 1 (mod 3) and λ a non-trivial cube root of unity, the halves are bounded by √r (maxHalf ≤ √r)',
      60,
      () =>
        fc.property(fc.integer({ min: 7, max: 50_000_000 }), fc.boolean(), (start, square) => {
          let r = start;
          while (!(r % 3 === 1 && isPrime(r))) r++;
          const R = BigInt(r);
          let lam = 1n;
          for (let g = 2n; lam === 1n; g++) lam = pow(g, (R - 1n) / 3n, R);
          if (square) lam = (lam * lam) % R;
          expect((lam * lam + lam + 1n) % R).toBe(0n);
          const b = glvBasis(R, lam);
          expect(b.maxHalf * b.maxHalf, `r=${r} λ=${lam}`).toBeLessThanOrEqual(R);
          // both vectors are in the lattice {(a, b): a + λ·b ≡ 0 (mod r)}
          expect((b.a1 + lam * b.b1) % R).toBe(0n);
          expect((b.a2 + lam * b.b2) % R).toBe(0n);
        }),
      // found by a scan: the second-shortest remainder vector (not the one after it) would give maxHalf ≈ 249·√r here
      {
        examples: [
          [6172759, true],
          [6172759, false],
        ],
      }
    ),

    check('r = 3 and λ = 2 are the smallest accepted values', () => {
      expect(glvBasis(3n, 2n).r).toBe(3n);
      expect(glvBasis(7n, 2n).lambda).toBe(2n);
    }),
  ]),

  ...suite(FILE, 'limbsPerScalar (kernels/digits.ts)', [
    check('the smallest even count ≥ ⌈bits/32⌉ + 1', () => {
      for (let bits = 0; bits <= 600; bits++) {
        const want = Math.ceil(Math.max(bits, 1) / 32) + 1;
        expect(limbsPerScalar(bits), `bits=${bits}`).toBe(want % 2 === 0 ? want : want + 1);
      }
    }),
  ]),

  ...suite(FILE, 'small kernel contracts (written from the full mutation run)', [
    check('xyzzToProjective maps the identity to (0 : 1 : 0); doubling the identity is free; projIsZero tells the identity apart', () => {
      const { field: F, counts } = countingField(TOY.Fp);
      expect(xyzzToProjective(F, xyzzIdentity(F))).toEqual({ X: 0n, Y: 1n, Z: 0n });
      const d = xyzzDouble(F, xyzzIdentity(F));
      expect(F.isZero(d.ZZ)).toBe(true);
      expect(counts.mulTotal).toBe(0);
      const G = TOY.BASE as any;
      expect(projIsZero(TOY.Fp, { X: 0n, Y: 1n, Z: 0n })).toBe(true);
      expect(projIsZero(TOY.Fp, { X: G.X, Y: G.Y, Z: G.Z })).toBe(false);
    }),

    check('primeField: neg(0) = 0 (canonical), batchInv inverts every non-zero entry and keeps zeros, p = 3 is accepted', () => {
      const F = primeField(101n);
      expect(F.neg(0n)).toBe(0n);
      expect(F.neg(1n)).toBe(100n);
      expect(F.batchInv([3n, 0n, 100n, 1n])).toEqual([34n, 0n, 100n, 1n]);
      expect(primeField(3n).mul(2n, 2n)).toBe(1n);
      expect(() => primeField(2n)).toThrow(RangeError);
    }),

    check('bucketReuse hands the same cleared array back for a length up to MAX_POOLED, a fresh one above', () => {
      const job = makeJob(TOY, [], [], NO_GATES, undefined, {});
      const a = bucketReuse.bucketBuffer!(job, 7);
      a[3] = { x: 1n, y: 2n };
      const b = bucketReuse.bucketBuffer!(job, 7);
      expect(b).toBe(a);
      expect(b).toEqual(new Array(7).fill(null));
      const big1 = bucketReuse.bucketBuffer!(job, MAX_POOLED + 1);
      const big2 = bucketReuse.bucketBuffer!(job, MAX_POOLED + 1);
      expect(big1).not.toBe(big2);
      expect(bucketReuse.bucketBuffer!(job, MAX_POOLED)).toBe(bucketReuse.bucketBuffer!(job, MAX_POOLED));
    }),
  ]),
];
