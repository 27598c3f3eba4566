/**
 * BLS12-381 bindings over @noble/curves: inputs and outputs of `msm` on these curves are noble
 * `G1.Point` / `G2.Point` instances and `bigint` scalars.
 *
 * GLV constants (checked by properties/curves.test.ts against noble's own scalar multiplication):
 *  - G1: φ(x, y) = (β·x, y) with β = BETA_G1 ∈ Fp acts as λ·P with λ = z² − 1, z = −0xd201000000010000.
 *  - G2: φ(x, y) = (β·x, y) with β = BETA_G2 ∈ Fp ⊂ Fp2 acts as the same λ. (The two β are the two
 *    primitive cube roots of unity in Fp; which one matches λ differs between the groups.)
 * λ = z² − 1 is 128 bits, so a GLV split gives two ~128-bit halves.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bindCurve } from './bind.js';
import { batchInvert, primeField, type Field } from './field.js';
import type { PointConstructor, CurvePoint } from './types.js';

type Fp2 = { c0: bigint; c1: bigint };

export const BLS_R = bls12_381.G1.Point.Fn.ORDER;
export const BLS_P = bls12_381.fields.Fp.ORDER;
const Z_ABS = 0xd201000000010000n;
/** λ with φ(P) = λ·P on both G1 and G2 (the same λ, different β). */
export const BLS_LAMBDA = Z_ABS * Z_ABS - 1n;
const BETA_G2 = 0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffen;
const BETA_G1 = (BETA_G2 * BETA_G2) % BLS_P;

export const FpBls = primeField(BLS_P, 'Fp');

/** Fp2 of BLS12-381 as a `Field` (delegates to noble's Fp2; batch inverse derived here). */
export const Fp2Bls: Field<Fp2> = (() => {
  const N = bls12_381.fields.Fp2;
  const F: Field<Fp2> = {
    name: 'Fp2',
    ORDER: BLS_P,
    ZERO: N.ZERO,
    ONE: N.ONE,
    add: (a, b) => N.add(a, b),
    sub: (a, b) => N.sub(a, b),
    neg: (a) => N.neg(a),
    mul: (a, b) => N.mul(a, b),
    sqr: (a) => N.sqr(a),
    inv: (a) => {
      if (N.is0(a)) throw new RangeError('Fp2.inv: cannot invert zero');
      return N.inv(a);
    },
    eql: (a, b) => N.eql(a, b),
    isZero: (a) => N.is0(a),
    batchInv: (values) => batchInvert(F, values),
    fromSmall: (n) => N.fromBigTuple([((BigInt(n) % BLS_P) + BLS_P) % BLS_P, 0n]),
  };
  return F;
})();

export type G1Point = InstanceType<typeof bls12_381.G1.Point>;
export type G2Point = InstanceType<typeof bls12_381.G2.Point>;

export const G1 = bindCurve<bigint, G1Point & CurvePoint<bigint, G1Point>>({
  id: 'bls12-381-g1',
  name: 'BLS12-381 G1',
  Point: bls12_381.G1.Point as unknown as PointConstructor<bigint, G1Point>,
  order: BLS_R,
  Fp: FpBls,
  b: 4n,
  endo: { beta: BETA_G1, lambda: BLS_LAMBDA },
});

export const G2 = bindCurve<Fp2, G2Point & CurvePoint<Fp2, G2Point>>({
  id: 'bls12-381-g2',
  name: 'BLS12-381 G2',
  Point: bls12_381.G2.Point as unknown as PointConstructor<Fp2, G2Point>,
  order: BLS_R,
  Fp: Fp2Bls,
  b: bls12_381.fields.Fp2.fromBigTuple([4n, 4n]),
  endo: { beta: bls12_381.fields.Fp2.fromBigTuple([BETA_G2, 0n]), lambda: BLS_LAMBDA },
});
