// Fp2 = Fp[u]/(u² + 1) (BLS12-381's quadratic extension: p ≡ 3 mod 4, so −1 is a non-residue) in
// the WebAssembly backend: an element c0 + c1·u is two Fp elements, c0 then c1 (FP2_BYTES). The
// multiplication is Karatsuba (3 Fp multiplications), the squaring (c0 + c1)(c0 − c1), 2c0c1 (2),
// the inversion (c0 − c1·u)/(c0² + c1²) (one Fp inversion). `Fp2` is the field class the generic
// point kernels are instantiated with for G2.
// @ts-nocheck
import { fadd, fmul, fromWords, fsqr, fsub, toWords } from './generated/field';
import { ONE2, WORDS_BYTES } from './generated/layout';
import { E, eq, fneg, fromMont, isZero, T, T2, toMont } from './field';
import { finv } from './inversion';

/** o = a + b. */
export function f2add(o: usize, a: usize, b: usize): void {
  fadd(o, a, b);
  fadd(o + E, a + E, b + E);
}

/** o = a − b. */
export function f2sub(o: usize, a: usize, b: usize): void {
  fsub(o, a, b);
  fsub(o + E, a + E, b + E);
}

/** o = −a. */
export function f2neg(o: usize, a: usize): void {
  fneg(o, a);
  fneg(o + E, a + E);
}

/** o = a·b (Karatsuba: a0b0, a1b1, (a0 + a1)(b0 + b1)); o may be a or b. */
export function f2mul(o: usize, a: usize, b: usize): void {
  const t0 = T(100), t1 = T(101), s = T(102), u = T(103);
  fmul(t0, a, b);
  fmul(t1, a + E, b + E);
  fadd(s, a, a + E);
  fadd(u, b, b + E);
  fmul(s, s, u);
  fsub(s, s, t0);
  fsub(o + E, s, t1);
  fsub(o, t0, t1);
}

/** o = a² ((a0 + a1)(a0 − a1), 2·a0·a1); o may be a. */
export function f2sqr(o: usize, a: usize): void {
  const s = T(104), d = T(105), m = T(106);
  fadd(s, a, a + E);
  fsub(d, a, a + E);
  fmul(m, a, a + E);
  fmul(o, s, d);
  fadd(o + E, m, m);
}

/** o = a^−1 = (a0 − a1·u)/(a0² + a1²) (one Fp inversion); 0 ↦ 0. */
export function f2inv(o: usize, a: usize): void {
  const n = T(107), t = T(108);
  fsqr(n, a);
  fsqr(t, a + E);
  fadd(n, n, t);
  finv(n, n);
  fmul(t, a + E, n);
  fmul(o, a, n);
  fneg(o + E, t);
}

@inline export function f2isZero(a: usize): bool {
  return isZero(a) && isZero(a + E);
}

@inline export function f2eq(a: usize, b: usize): bool {
  return eq(a, b) && eq(a + E, b + E);
}

/** Fp2 as the point kernels see a field (the twin of field.ts's Fp1). */
@final export class Fp2 {
  @inline size(): usize {
    return 2 * E;
  }
  @inline wordsBytes(): usize {
    return 2 * WORDS_BYTES;
  }
  @inline mul(o: usize, a: usize, b: usize): void {
    f2mul(o, a, b);
  }
  @inline sqr(o: usize, a: usize): void {
    f2sqr(o, a);
  }
  @inline add(o: usize, a: usize, b: usize): void {
    f2add(o, a, b);
  }
  @inline sub(o: usize, a: usize, b: usize): void {
    f2sub(o, a, b);
  }
  @inline neg(o: usize, a: usize): void {
    f2neg(o, a);
  }
  @inline isZero(a: usize): bool {
    return f2isZero(a);
  }
  @inline eq(a: usize, b: usize): bool {
    return f2eq(a, b);
  }
  @inline copy(o: usize, a: usize): void {
    memory.copy(o, a, 2 * E);
  }
  @inline one(): usize {
    return ONE2;
  }
  @inline inv(o: usize, a: usize): void {
    f2inv(o, a);
  }
  @inline tmp(i: usize): usize {
    return T2(i);
  }
  @inline fromWords(o: usize, w: usize): void {
    fromWords(o, w);
    fromWords(o + E, w + WORDS_BYTES);
  }
  @inline toMont(o: usize, a: usize): void {
    toMont(o, a);
    toMont(o + E, a + E);
  }
  @inline toWords(w: usize, a: usize): void {
    fromMont(a, a);
    fromMont(a + E, a + E);
    toWords(w, a);
    toWords(w + WORDS_BYTES, a + E);
  }
}

export const FP2 = new Fp2();
