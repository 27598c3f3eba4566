/**
 * Homogeneous projective point arithmetic for y² = x³ + b (a = 0), over the `Field` interface.
 *
 * Complete formulas of Renes–Costello–Batina (eprint 2015/1060, algorithms 7 and 9): one code
 * path for every input, including P = Q, P = −Q and the identity (0 : 1 : 0), so no caller needs
 * a special case. Costs: add 12M + 2·(mul by 3b); double 6M + 2S + 1·(mul by 3b). These are the
 * same coordinates @noble/curves uses, so engine points and noble points convert for free.
 *
 * The engine computes here, through its own field, rather than with noble's point methods: so
 * the counting field sees every multiplication, and the differential properties compare two
 * independent implementations of the group law (noble's in the reference, this one here).
 */
import type { Field } from '../../curve/index.js';

export interface Proj<F> {
  readonly X: F;
  readonly Y: F;
  readonly Z: F;
}

/**
 * Field multiplications (M + S) of the formulas below on the counting field: complete addition
 * 12M + 2·(×3b) = 14, doubling 7M + 2S = 9. Read by the window model's prices (step 00).
 */
export const PROJ_COST = { add: 14, double: 9 } as const;

export function projIdentity<F>(F: Field<F>): Proj<F> {
  return { X: F.ZERO, Y: F.ONE, Z: F.ZERO };
}

export function projIsZero<F>(F: Field<F>, p: Proj<F>): boolean {
  return F.isZero(p.Z);
}

export function projNeg<F>(F: Field<F>, p: Proj<F>): Proj<F> {
  return { X: p.X, Y: F.neg(p.Y), Z: p.Z };
}

/** (a1 + b1)·(a2 + b2) − (p + q): algorithm 7's three cross terms (with p = a1·a2, q = b1·b2), in its order of operations. */
function cross<F>(F: Field<F>, a1: F, b1: F, a2: F, b2: F, p: F, q: F): F {
  return F.sub(F.mul(F.add(a1, b1), F.add(a2, b2)), F.add(p, q));
}

/** P + Q, complete (RCB algorithm 7, a = 0). `b3` is 3·b. */
export function projAdd<F>(F: Field<F>, b3: F, p: Proj<F>, q: Proj<F>): Proj<F> {
  const { X: X1, Y: Y1, Z: Z1 } = p;
  const { X: X2, Y: Y2, Z: Z2 } = q;
  let t0 = F.mul(X1, X2);
  let t1 = F.mul(Y1, Y2);
  let t2 = F.mul(Z1, Z2);
  const t3 = cross(F, X1, Y1, X2, Y2, t0, t1); // X1Y2 + X2Y1
  const t4 = cross(F, Y1, Z1, Y2, Z2, t1, t2); // Y1Z2 + Y2Z1
  let Y3 = cross(F, X1, Z1, X2, Z2, t0, t2); // X1Z2 + X2Z1
  let X3 = F.add(t0, t0);
  t0 = F.add(X3, t0);
  t2 = F.mul(b3, t2);
  let Z3 = F.add(t1, t2);
  t1 = F.sub(t1, t2);
  Y3 = F.mul(b3, Y3);
  X3 = F.mul(t4, Y3);
  t2 = F.mul(t3, t1);
  X3 = F.sub(t2, X3);
  Y3 = F.mul(Y3, t0);
  t1 = F.mul(t1, Z3);
  Y3 = F.add(t1, Y3);
  t0 = F.mul(t0, t3);
  Z3 = F.mul(Z3, t4);
  Z3 = F.add(Z3, t0);
  return { X: X3, Y: Y3, Z: Z3 };
}

/** 2P, complete (RCB algorithm 9, a = 0). */
export function projDouble<F>(F: Field<F>, b3: F, p: Proj<F>): Proj<F> {
  const { X, Y, Z } = p;
  let t0 = F.sqr(Y);
  let Z3 = F.add(t0, t0);
  Z3 = F.add(Z3, Z3);
  Z3 = F.add(Z3, Z3);
  let t1 = F.mul(Y, Z);
  let t2 = F.sqr(Z);
  t2 = F.mul(b3, t2);
  let X3 = F.mul(t2, Z3);
  let Y3 = F.add(t0, t2);
  Z3 = F.mul(t1, Z3);
  t1 = F.add(t2, t2);
  t2 = F.add(t1, t2);
  t0 = F.sub(t0, t2);
  Y3 = F.mul(t0, Y3);
  Y3 = F.add(X3, Y3);
  t1 = F.mul(X, Y);
  X3 = F.mul(t0, t1);
  X3 = F.add(X3, X3);
  return { X: X3, Y: Y3, Z: Z3 };
}

/** Bucket operations on projective points (complete additions): the GroupOps of step.ts, structurally. */
export function projOps<F>(F: Field<F>, b3: F) {
  return { name: 'projective', add: (a: Proj<F>, b: Proj<F>) => projAdd(F, b3, a, b), toProjective: (a: Proj<F>) => a };
}
