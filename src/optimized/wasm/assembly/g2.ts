// The G2 entry points of the WebAssembly backend: the generic point kernels
// instantiated with Fp2 (fp2.ts): every element is 2E bytes, so affine (x, y) = 4E bytes,
// XYZZ = 8E bytes; projective words X, Y, Z = 3 × 96 bytes (c0 then c1).
// @ts-nocheck
import { E } from './field';
import { FP2, Fp2 } from './fp2';
import { batchInvOf } from './inversion';
import { loadPointsOf } from './points';
import { addMixed as addMixedOf, addXyzz as addXyzzOf } from './xyzz';
import { hornerSumOf, strausSumOf, windowSumOf } from './windows';
import { baWorkBytesOf, windowSumBAOf } from './batch-affine';
import { tableBuildOf } from './tables';

/** Inverts count elements at ptr in place (one inversion); zeros stay zero. scratch: count·2E bytes. */
export function batchInvG2(ptr: usize, count: i32, scratch: usize): void {
  batchInvOf<Fp2>(FP2, ptr, count, scratch);
}

export function loadPointsG2(n: i32, words: usize, aff: usize, flags: usize, zs: usize, scratch: usize): void {
  loadPointsOf<Fp2>(FP2, n, words, aff, flags, zs, scratch);
}

export function addMixedG2(p: usize, x: usize, y: usize): i32 {
  return addMixedOf<Fp2>(FP2, p, x, y);
}

export function addXyzzG2(p: usize, q: usize): i32 {
  return addXyzzOf<Fp2>(FP2, p, q);
}

export function windowSumG2(n: i32, digits: usize, aff: usize, flags: usize, buckets: usize, used: usize, m: i32, out: usize): i32 {
  return windowSumOf<Fp2>(FP2, n, digits, aff, flags, buckets, used, m, out);
}

export function strausSumG2(k: i32, top: i32, size: i32, digits: usize, aff: usize, flags: usize, out: usize): i32 {
  return strausSumOf<Fp2>(FP2, k, top, size, digits, aff, flags, out);
}

export function windowSumBAG2(n: i32, digits: usize, aff: usize, flags: usize, m: i32, work: usize, out: usize, segs: i32): i32 {
  return windowSumBAOf<Fp2>(FP2, n, digits, aff, flags, m, work, out, segs);
}

export function baWorkBytesG2(n: i32, m: i32): i32 {
  return baWorkBytesOf(2 * <i32>E, n, m);
}

export function tableBuildG2(n: i32, aff: usize, flags: usize, rows: i32, c: i32, out: usize, outFlags: usize, work: usize): void {
  tableBuildOf<Fp2>(FP2, n, aff, flags, rows, c, out, outFlags, work);
}

export function hornerSumG2(k: i32, c: i32, aff: usize, flags: usize, out: usize): i32 {
  return hornerSumOf<Fp2>(FP2, k, c, aff, flags, out);
}
