/**
 * The toy curve: y² = x³ + 5 over F_1783, a prime-order group of r = 1867 points (11 bits).
 *
 * Why these numbers: p ≡ 1 (mod 3), so Fp has primitive cube roots of unity and the curve
 * (j-invariant 0) has the GLV endomorphism φ(x, y) = (β·x, y) = λ·P, exactly like BLS12-381;
 * the order is prime (cofactor 1), so every non-identity point generates the group; r is small
 * enough to enumerate every scalar and every point, and r ≈ 0.91·2^11 sits close to 2^bits so
 * carries out of the top window happen often. Found by a brute-force search over
 * p in [1000, 20000), b in [1, 8) (point counting by quadratic characters); the parameters are
 * re-proved by properties/curves.test.ts (p prime, r prime, #E = r, G of order r, φ = λ).
 *
 * The point class is @noble/curves' own generic short-Weierstrass class, so the toy curve and
 * BLS12-381 share the same point API and the same bindings.
 */
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { bindCurve } from './bind.js';
import { primeField } from './field.js';
import type { CurvePoint, PointConstructor } from './types.js';

export const TOY_P = 1783n;
export const TOY_B = 5n;
export const TOY_R = 1867n;
/** Generator: the point with the smallest x, and the smaller of its two y. */
export const TOY_G = { x: 3n, y: 632n } as const;
/** Primitive cube root of unity mod p and the matching eigenvalue mod r: φ(P) = λ·P. */
export const TOY_BETA = 193n;
export const TOY_LAMBDA = 1032n;

const ToyPoint = weierstrass({ p: TOY_P, n: TOY_R, h: 1n, a: 0n, b: TOY_B, Gx: TOY_G.x, Gy: TOY_G.y }, { allowInfinityPoint: true });
export type ToyPoint = InstanceType<typeof ToyPoint>;

export const TOY = bindCurve<bigint, ToyPoint & CurvePoint<bigint, ToyPoint>>({
  id: 'toy',
  name: 'toy curve y^2 = x^3 + 5 over F_1783',
  Point: ToyPoint as unknown as PointConstructor<bigint, ToyPoint>,
  order: TOY_R,
  Fp: primeField(TOY_P, 'Fp_toy'),
  b: TOY_B,
  endo: { beta: TOY_BETA, lambda: TOY_LAMBDA },
});
