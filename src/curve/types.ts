/**
 * The one curve interface that the reference, the engine and the properties are written against.
 *
 * Points are the curve library's own point objects (for BLS12-381 the @noble/curves
 * `G1.Point`/`G2.Point` instances), in homogeneous projective coordinates (x = X/Z, y = Y/Z).
 * Every curve here is a short Weierstrass curve y² = x³ + b (a = 0, j-invariant 0), which is
 * what the BLS12-381 groups and the toy curve are, and what the GLV step needs.
 */
import type { Field } from './field.js';

/** Homogeneous projective coordinates, the layout of @noble/curves points. */
export interface Projective<F> {
  readonly X: F;
  readonly Y: F;
  readonly Z: F;
}

/** What a point object of the curve library offers (a subset of @noble/curves' point API). */
export interface CurvePoint<F, P> extends Projective<F> {
  add(other: P): P;
  subtract(other: P): P;
  double(): P;
  negate(): P;
  equals(other: P): boolean;
  is0(): boolean;
  multiply(scalar: bigint): P;
  toAffine(): { x: F; y: F };
}

export interface PointConstructor<F, P> {
  new (X: F, Y: F, Z: F): P;
  readonly ZERO: P;
  readonly BASE: P;
  fromAffine(p: { x: F; y: F }): P;
}

/** The GLV endomorphism φ(x, y) = (β·x, y), which acts on the prime-order group as λ·P. */
export interface Endomorphism<F> {
  readonly beta: F;
  readonly lambda: bigint;
}

export type CurveId = 'bls12-381-g1' | 'bls12-381-g2' | 'toy';

export interface Curve<F = any, P extends CurvePoint<F, P> = any> {
  /** Stable identifier used in reports, corpus files and CLI flags. */
  readonly id: CurveId;
  /** Human-readable name for error messages ("BLS12-381 G1"). */
  readonly name: string;
  readonly Point: PointConstructor<F, P>;
  readonly ZERO: P;
  readonly BASE: P;
  /** Prime order r of the group; scalars live in [0, r). */
  readonly order: bigint;
  /** Bit length of r. */
  readonly scalarBits: number;
  /** Coordinate field. */
  readonly Fp: Field<F>;
  /** The curve constant b of y² = x³ + b. */
  readonly b: F;
  /** GLV endomorphism, if the curve has one (all curves here do). */
  readonly endo?: Endomorphism<F>;
  /** Group law of the curve library (the reference uses only these). */
  add(a: P, b: P): P;
  double(a: P): P;
  negate(a: P): P;
  equals(a: P, b: P): boolean;
  isZero(a: P): boolean;
  /** True when `v` is a point object of this curve's class. */
  isPoint(v: unknown): v is P;
  /** True when the projective coordinates satisfy Y²Z = X³ + bZ³ (cheap; no subgroup check). */
  isOnCurve(p: P): boolean;
  /** Builds a point object from projective coordinates (no validation). */
  fromProjective(X: F, Y: F, Z: F): P;
}

/** A curve with any coordinate type, for code that handles all curves. */
export type AnyCurve = Curve<any, any>;
