// Fp as the generic point kernels see a field (the twin of fp2.ts's Fp2).
// @ts-nocheck
import { fadd, fmul, fromWords, fsqr, fsub, toWords } from './generated/field';
import { ONE, WORDS_BYTES } from './generated/layout';
import { E, eq, fneg, fromMont, isZero, T, toMont } from './field';
import { finv } from './inversion';

/**
 * Fp as the point kernels see a field (xyzz.ts, windows.ts, batch-affine.ts, points.ts and
 * tables.ts are generic over it; fp2.ts has the Fp2 twin): element size, words per element,
 * arithmetic, constants and temporaries. Every method is inlined, so the generic kernels compile
 * to the same code as hand-written Fp ones.
 */
@final export class Fp1 {
  /** Bytes of one element. */
  @inline size(): usize {
    return E;
  }
  /** Bytes of one element as canonical words (six u64). */
  @inline wordsBytes(): usize {
    return WORDS_BYTES;
  }
  @inline mul(o: usize, a: usize, b: usize): void {
    fmul(o, a, b);
  }
  @inline sqr(o: usize, a: usize): void {
    fsqr(o, a);
  }
  @inline add(o: usize, a: usize, b: usize): void {
    fadd(o, a, b);
  }
  @inline sub(o: usize, a: usize, b: usize): void {
    fsub(o, a, b);
  }
  @inline neg(o: usize, a: usize): void {
    fneg(o, a);
  }
  @inline isZero(a: usize): bool {
    return isZero(a);
  }
  @inline eq(a: usize, b: usize): bool {
    return eq(a, b);
  }
  @inline copy(o: usize, a: usize): void {
    memory.copy(o, a, E);
  }
  @inline one(): usize {
    return ONE;
  }
  /** o = a^−1 (divsteps); 0 ↦ 0. */
  @inline inv(o: usize, a: usize): void {
    finv(o, a);
  }
  @inline tmp(i: usize): usize {
    return T(i);
  }
  /** Words → plain limbs (no Montgomery conversion). */
  @inline fromWords(o: usize, w: usize): void {
    fromWords(o, w);
  }
  @inline toMont(o: usize, a: usize): void {
    toMont(o, a);
  }
  /** a (Montgomery; overwritten) → canonical words at w. */
  @inline toWords(w: usize, a: usize): void {
    fromMont(a, a);
    toWords(w, a);
  }
}

export const FP1 = new Fp1();
