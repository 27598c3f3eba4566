// Bulk entry points for the kernels' volume checks (harness/checks/wasm-kernels.ts): one call
// runs a kernel over whole arrays, so ≥ 10⁵ inputs cost no JavaScript ↔ wasm round trip each.
// Arrays are contiguous elements (E bytes for Fp, 2E for Fp2) in the kernels' own form
// (Montgomery limbs); nothing here is used by the MSM path.
// @ts-nocheck
import { fadd, fmul, fromWords, fsqr, fsub, toWords } from './generated/field';
import { WORDS_BYTES } from './generated/layout';
import { E, fneg, finvFermat, fromMont, toMont } from './field';
import { FP1, Fp1 } from './fp1';
import { f2add, f2inv, f2mul, f2neg, f2sqr, f2sub, FP2, Fp2 } from './fp2';
import { finv } from './inversion';
import { batchAddPairs } from './batch-affine';

/** Fp operations of bulkFp (op codes). */
const MUL = 0, SQR = 1, ADD = 2, SUB = 3, NEG = 4, INV = 5, INV_FERMAT = 6, TO_MONT = 7, FROM_MONT = 8;

/**
 * o[i] = op(a[i], b[i]) over n Fp elements (unary ops read a only). alias 1 writes over a, 2 over
 * b (the kernels' in-place use), 0 to o.
 */
export function bulkFp(op: i32, n: i32, a: usize, b: usize, o: usize, alias: i32): void {
  const out = alias == 1 ? a : alias == 2 ? b : o;
  for (let i = 0; i < n; i++) {
    const k = <usize>i * E;
    const o = out;
    switch (op) {
      case MUL: fmul(o + k, a + k, b + k); break;
      case SQR: fsqr(o + k, a + k); break;
      case ADD: fadd(o + k, a + k, b + k); break;
      case SUB: fsub(o + k, a + k, b + k); break;
      case NEG: fneg(o + k, a + k); break;
      case INV: finv(o + k, a + k); break;
      case INV_FERMAT: finvFermat(o + k, a + k); break;
      case TO_MONT: toMont(o + k, a + k); break;
      case FROM_MONT: fromMont(o + k, a + k); break;
      default: unreachable();
    }
  }
}

/** n elements (E bytes each) from n integers as six u64 words each (48 bytes): limbs, no Montgomery conversion. */
export function wordsToLimbs(n: i32, w: usize, o: usize): void {
  for (let i = 0; i < n; i++) fromWords(o + <usize>i * E, w + <usize>i * WORDS_BYTES);
}

/** n elements (E bytes each) → n integers as six u64 words each (the limbs' value, no Montgomery conversion). */
export function limbsToWords(n: i32, a: usize, w: usize): void {
  for (let i = 0; i < n; i++) toWords(w + <usize>i * WORDS_BYTES, a + <usize>i * E);
}

/** o[i] = op(a[i], b[i]) over n Fp2 elements (op codes MUL, SQR, ADD, SUB, NEG, INV; alias as bulkFp). */
export function bulkFp2(op: i32, n: i32, a: usize, b: usize, o: usize, alias: i32): void {
  const S: usize = 2 * E;
  const out = alias == 1 ? a : alias == 2 ? b : o;
  for (let i = 0; i < n; i++) {
    const k = <usize>i * S;
    const o = out;
    switch (op) {
      case MUL: f2mul(o + k, a + k, b + k); break;
      case SQR: f2sqr(o + k, a + k); break;
      case ADD: f2add(o + k, a + k, b + k); break;
      case SUB: f2sub(o + k, a + k, b + k); break;
      case NEG: f2neg(o + k, a + k); break;
      case INV: f2inv(o + k, a + k); break;
      default: unreachable();
    }
  }
}

/**
 * k affine pair sums o_i = a_i + b_i sharing one inversion (step 07's pair-sum kernels): pa, pb,
 * po, pf are k u32 pointers (inputs, output, output flag byte); den, pre: k elements each.
 * degree 1: Fp (G1), 2: Fp2 (G2).
 */
export function pairSums(degree: i32, k: i32, pa: usize, pb: usize, po: usize, pf: usize, den: usize, pre: usize): void {
  if (degree == 2) batchAddPairs<Fp2>(FP2, k, pa, pb, po, pf, den, pre);
  else batchAddPairs<Fp1>(FP1, k, pa, pb, po, pf, den, pre);
}
