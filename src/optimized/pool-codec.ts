/**
 * How points and scalars cross to the pool's workers (step 11, workers): as 64-bit words in
 * buffers, never as cloned bigint objects. A base-field element is six little-endian words
 * (every modulus here is below 2^384), an Fp2 element twelve (c0 then c1), a point its X, Y, Z
 * in that order (projective, as the curve library holds them; the identity is (0 : 1 : 0)), a
 * scalar four words (every group order here is below 2^256).
 *
 * Buffers are plain ArrayBuffers (transferred with a call's chunk) or SharedArrayBuffers (a
 * prepare() handle's points and table, shared once by every worker): the codec reads and writes
 * either through a BigUint64Array view.
 */
import type { AnyCurve } from '../curve/index.js';
import type { Proj } from './kernels/projective.js';
import { get6, put6 } from './kernels/words.js';

/** Words of one scalar (group orders < 2^256). */
export const SCALAR_WORDS = 4;

type Fp2 = { c0: bigint; c1: bigint };

/** The words layout of one curve's points. */
export interface PointCodec {
  /** Words per point: 3 coordinates × (6 or 12). */
  readonly pointWords: number;
  write(w: BigUint64Array, at: number, p: Proj<any>): void;
  read(w: BigUint64Array, at: number): Proj<any>;
}

const FP: PointCodec = Object.freeze({
  pointWords: 18,
  write(w: BigUint64Array, at: number, p: Proj<bigint>) {
    put6(w, at, p.X);
    put6(w, at + 6, p.Y);
    put6(w, at + 12, p.Z);
  },
  read(w: BigUint64Array, at: number): Proj<bigint> {
    return { X: get6(w, at), Y: get6(w, at + 6), Z: get6(w, at + 12) };
  },
});

const FP2: PointCodec = Object.freeze({
  pointWords: 36,
  write(w: BigUint64Array, at: number, p: Proj<Fp2>) {
    for (const [k, v] of [p.X, p.Y, p.Z].entries()) {
      put6(w, at + 12 * k, v.c0);
      put6(w, at + 12 * k + 6, v.c1);
    }
  },
  read(w: BigUint64Array, at: number): Proj<Fp2> {
    const e = (k: number): Fp2 => ({ c0: get6(w, at + 12 * k), c1: get6(w, at + 12 * k + 6) });
    return { X: e(0), Y: e(1), Z: e(2) };
  },
});

/** The codec of a curve's points: by the type of its field elements (bigint: Fp; { c0, c1 }: Fp2). */
export function pointCodec(curve: AnyCurve): PointCodec {
  return typeof curve.Fp.ZERO === 'bigint' ? FP : FP2;
}

/** Writes points[from, to) at word `at` onwards. */
export function writePoints(codec: PointCodec, w: BigUint64Array, at: number, points: readonly Proj<any>[], from: number, to: number): void {
  const pw = codec.pointWords;
  for (let i = from; i < to; i++) codec.write(w, at + (i - from) * pw, points[i]);
}

/** Reads `count` points from word `at` onwards. */
export function readPoints(codec: PointCodec, w: BigUint64Array, at: number, count: number): Proj<any>[] {
  const pw = codec.pointWords;
  const out = new Array<Proj<any>>(count);
  for (let i = 0; i < count; i++) out[i] = codec.read(w, at + i * pw);
  return out;
}

/** Writes scalars[from, to) (each in [0, 2^256)) at word `at` onwards. */
export function writeScalars(w: BigUint64Array, at: number, scalars: readonly bigint[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    let x = scalars[i];
    const k = at + (i - from) * SCALAR_WORDS;
    w[k] = x;
    w[k + 1] = x >>= 64n;
    w[k + 2] = x >>= 64n;
    w[k + 3] = x >> 64n;
  }
}

export function readScalars(w: BigUint64Array, at: number, count: number): bigint[] {
  const out = new Array<bigint>(count);
  for (let i = 0; i < count; i++) {
    const k = at + i * SCALAR_WORDS;
    out[i] = (((w[k + 3] << 64n) | w[k + 2]) << 128n) | (w[k + 1] << 64n) | w[k];
  }
  return out;
}
