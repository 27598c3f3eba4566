/**
 * XYZZ ("extended Jacobian") point arithmetic for y² = x³ + b (a = 0), over the `Field` interface.
 *
 * A point (X, Y, ZZ, ZZZ) with ZZ³ = ZZZ² stands for the affine point (X/ZZ, Y/ZZZ); ZZ = 0 is
 * the identity. These coordinates make the mixed addition "affine point into an XYZZ
 * accumulator" cheap (8M + 2S, against 12M + 2·mul-by-3b for the complete projective addition),
 * which is what a bucket receives again and again. The formulas are not complete: every
 * function here tests P = Q (→ doubling) and P = −Q (→ identity) explicitly, and counts how
 * often each branch ran in `xyzzBranchCounts` so properties can check that their inputs reach
 * them.
 *
 * Affine points (`Aff`) are plain { x, y } and never the identity: callers use null (or skip
 * the point) for the identity.
 */
import type { Field } from '../../curve/index.js';
import type { Proj } from './projective.js';

export interface Xyzz<F> {
  readonly X: F;
  readonly Y: F;
  readonly ZZ: F;
  readonly ZZZ: F;
}

/** An affine point other than the identity. */
export interface Aff<F> {
  readonly x: F;
  readonly y: F;
}

/**
 * How often the special branches ran (for properties: "was P = Q / P = −Q reached?"), for the
 * mixed addition (`mixed*`, what step 06's accumulator runs) and the XYZZ + XYZZ addition.
 */
export const xyzzBranchCounts = { mixedDouble: 0, mixedCancel: 0, double: 0, cancel: 0 };

export function resetXyzzBranchCounts(): void {
  xyzzBranchCounts.mixedDouble = 0;
  xyzzBranchCounts.mixedCancel = 0;
  xyzzBranchCounts.double = 0;
  xyzzBranchCounts.cancel = 0;
}

/**
 * Field multiplications (M + S) of the XYZZ additions below: mixed (XYZZ + affine) 8M + 2S = 10,
 * general 12M + 2S = 14. Read by the window model's prices (steps 06 and 12).
 */
export const XYZZ_COST = { mixedAdd: 10, add: 14 } as const;

export function xyzzIdentity<F>(F: Field<F>): Xyzz<F> {
  return { X: F.ONE, Y: F.ONE, ZZ: F.ZERO, ZZZ: F.ZERO };
}

export function xyzzFromAffine<F>(F: Field<F>, x: F, y: F): Xyzz<F> {
  return { X: x, Y: y, ZZ: F.ONE, ZZZ: F.ONE };
}

/** (X·ZZZ : Y·ZZ : ZZ·ZZZ) — 3M; the identity maps to (0 : 1 : 0). */
export function xyzzToProjective<F>(F: Field<F>, p: Xyzz<F>): Proj<F> {
  if (F.isZero(p.ZZ)) return { X: F.ZERO, Y: F.ONE, Z: F.ZERO };
  return { X: F.mul(p.X, p.ZZZ), Y: F.mul(p.Y, p.ZZ), Z: F.mul(p.ZZ, p.ZZZ) };
}

/** 2·(x, y) for an affine point: 3M + 2S. (y = 0 would give the identity; no such point of odd order exists.) */
export function xyzzDoubleAffine<F>(F: Field<F>, x: F, y: F): Xyzz<F> {
  const U = F.add(y, y);
  const V = F.sqr(U);
  const W = F.mul(U, V);
  const S = F.mul(x, V);
  const xx = F.sqr(x);
  const M = F.add(F.add(xx, xx), xx);
  const X3 = F.sub(F.sqr(M), F.add(S, S));
  const Y3 = F.sub(F.mul(M, F.sub(S, X3)), F.mul(W, y));
  return { X: X3, Y: Y3, ZZ: V, ZZZ: W };
}

/** 2P in XYZZ: 6M + 3S (a = 0). */
export function xyzzDouble<F>(F: Field<F>, p: Xyzz<F>): Xyzz<F> {
  if (F.isZero(p.ZZ)) return p;
  const U = F.add(p.Y, p.Y);
  const V = F.sqr(U);
  const W = F.mul(U, V);
  const S = F.mul(p.X, V);
  const xx = F.sqr(p.X);
  const M = F.add(F.add(xx, xx), xx);
  const X3 = F.sub(F.sqr(M), F.add(S, S));
  const Y3 = F.sub(F.mul(M, F.sub(S, X3)), F.mul(W, p.Y));
  return { X: X3, Y: Y3, ZZ: F.mul(V, p.ZZ), ZZZ: F.mul(W, p.ZZZ) };
}

/** P + (x2, y2): mixed addition, 8M + 2S; handles P = identity, P = Q and P = −Q. */
export function xyzzAddAffine<F>(F: Field<F>, p: Xyzz<F>, x2: F, y2: F): Xyzz<F> {
  if (F.isZero(p.ZZ)) return { X: x2, Y: y2, ZZ: F.ONE, ZZZ: F.ONE };
  const U2 = F.mul(x2, p.ZZ);
  const S2 = F.mul(y2, p.ZZZ);
  const P = F.sub(U2, p.X);
  const R = F.sub(S2, p.Y);
  if (F.isZero(P)) {
    if (F.isZero(R)) {
      xyzzBranchCounts.mixedDouble++;
      return xyzzDoubleAffine(F, x2, y2);
    }
    xyzzBranchCounts.mixedCancel++;
    return xyzzIdentity(F);
  }
  const PP = F.sqr(P);
  const PPP = F.mul(P, PP);
  const Q = F.mul(p.X, PP);
  const X3 = F.sub(F.sub(F.sqr(R), PPP), F.add(Q, Q));
  const Y3 = F.sub(F.mul(R, F.sub(Q, X3)), F.mul(p.Y, PPP));
  return { X: X3, Y: Y3, ZZ: F.mul(p.ZZ, PP), ZZZ: F.mul(p.ZZZ, PPP) };
}

/** P + Q, both XYZZ: 12M + 2S; handles the identity, P = Q and P = −Q. */
export function xyzzAdd<F>(F: Field<F>, p: Xyzz<F>, q: Xyzz<F>): Xyzz<F> {
  if (F.isZero(p.ZZ)) return q;
  if (F.isZero(q.ZZ)) return p;
  const U1 = F.mul(p.X, q.ZZ);
  const U2 = F.mul(q.X, p.ZZ);
  const S1 = F.mul(p.Y, q.ZZZ);
  const S2 = F.mul(q.Y, p.ZZZ);
  const P = F.sub(U2, U1);
  const R = F.sub(S2, S1);
  if (F.isZero(P)) {
    if (F.isZero(R)) {
      xyzzBranchCounts.double++;
      return xyzzDouble(F, p);
    }
    xyzzBranchCounts.cancel++;
    return xyzzIdentity(F);
  }
  const PP = F.sqr(P);
  const PPP = F.mul(P, PP);
  const Q = F.mul(U1, PP);
  const X3 = F.sub(F.sub(F.sqr(R), PPP), F.add(Q, Q));
  const Y3 = F.sub(F.mul(R, F.sub(Q, X3)), F.mul(S1, PPP));
  return { X: X3, Y: Y3, ZZ: F.mul(F.mul(p.ZZ, q.ZZ), PP), ZZZ: F.mul(F.mul(p.ZZZ, q.ZZZ), PPP) };
}

/** A bucket value of the XYZZ family: an XYZZ point, or an affine point (never the identity). */
export type XyzzOrAff<F> = Xyzz<F> | Aff<F>;

export function isAff<F>(v: XyzzOrAff<F>): v is Aff<F> {
  return (v as Xyzz<F>).ZZ === undefined;
}

/** Marks the GroupOps objects made by `xyzzOps` (so a reducer can recognise affine buckets). */
export const XYZZ_OPS = Symbol('xyzzOps');

/**
 * Group operations on XYZZ-or-affine values: `add` is complete (identity, P = Q, P = −Q) and
 * uses the mixed addition whenever one operand is affine; results are XYZZ.
 */
export function xyzzOps<F>(F: Field<F>) {
  const add = (a: XyzzOrAff<F>, b: XyzzOrAff<F>): XyzzOrAff<F> => {
    if (isAff(b)) return xyzzAddAffine(F, isAff(a) ? xyzzFromAffine(F, a.x, a.y) : a, b.x, b.y);
    if (isAff(a)) return xyzzAddAffine(F, b, a.x, a.y);
    return xyzzAdd(F, a, b);
  };
  const toProjective = (a: XyzzOrAff<F>): Proj<F> => (isAff(a) ? { X: a.x, Y: a.y, Z: F.ONE } : xyzzToProjective(F, a));
  return { name: 'xyzz', add, toProjective, [XYZZ_OPS]: true as const };
}
