/**
 * Builds a `Curve` binding from a @noble/curves point constructor. Thin on purpose: every
 * curve (BLS12-381 G1, G2, the toy curve) goes through this one function, as in noble's
 * "generic kernel over a point constructor, thin curve bindings" style.
 */
import type { Field } from './field.js';
import type { Curve, CurveId, CurvePoint, Endomorphism, PointConstructor } from './types.js';

export interface BindOptions<F, P extends CurvePoint<F, P>> {
  id: CurveId;
  name: string;
  Point: PointConstructor<F, P>;
  order: bigint;
  Fp: Field<F>;
  b: F;
  endo?: Endomorphism<F>;
}

export function bindCurve<F, P extends CurvePoint<F, P>>(o: BindOptions<F, P>): Curve<F, P> {
  const { Point, Fp, b } = o;
  const isPoint = (v: unknown): v is P => v instanceof (Point as unknown as Function);
  return Object.freeze({
    id: o.id,
    name: o.name,
    Point,
    ZERO: Point.ZERO,
    BASE: Point.BASE,
    order: o.order,
    scalarBits: o.order.toString(2).length,
    Fp,
    b,
    endo: o.endo,
    add: (p: P, q: P) => p.add(q),
    double: (p: P) => p.double(),
    negate: (p: P) => p.negate(),
    equals: (p: P, q: P) => p.equals(q),
    isZero: (p: P) => p.is0(),
    isPoint,
    isOnCurve: (p: P) => {
      // Y²Z = X³ + b·Z³ in homogeneous coordinates; the identity (0:1:0) satisfies it.
      const { X, Y, Z } = p;
      // Z = 1 (affine input, as setup and decoded points are): y² = x³ + b, 3 operations instead of 7
      if (Fp.eql(Z, Fp.ONE)) return Fp.eql(Fp.sqr(Y), Fp.add(Fp.mul(Fp.sqr(X), X), b));
      const lhs = Fp.mul(Fp.sqr(Y), Z);
      const rhs = Fp.add(Fp.mul(Fp.sqr(X), X), Fp.mul(b, Fp.mul(Fp.sqr(Z), Z)));
      if (Fp.isZero(Z)) return Fp.isZero(X) && !Fp.isZero(Y);
      return Fp.eql(lhs, rhs);
    },
    fromProjective: (X: F, Y: F, Z: F) => new Point(X, Y, Z),
  });
}
