// The point-kernel entry points of the WebAssembly backend: each generic kernel instantiated with
// the field Fp (fp1.ts; G1 and the toy curve) and with Fp2 (fp2.ts; G2), chosen by `degree`
// (1 or 2, one branch per call). Element E bytes (Fp) or 2E (Fp2): affine (x, y) = 2 elements,
// XYZZ = 4; projective words X, Y, Z = 3 × 48 (Fp) or 3 × 96 bytes (c0 then c1).
// @ts-nocheck
import { E } from './field';
import { FP1, Fp1 } from './fp1';
import { FP2, Fp2 } from './fp2';
import { batchInvOf } from './inversion';
import { loadPointsOf } from './points';
import { hornerSumOf, strausSumOf, windowSumOf } from './windows';
import { baWorkBytesOf, windowSumBAOf } from './batch-affine';
import { tableBuildOf } from './tables';

/** Inverts count elements at ptr in place (one inversion); zeros stay zero. scratch: count elements. */
export function batchInv(degree: i32, ptr: usize, count: i32, scratch: usize): void {
  if (degree == 2) batchInvOf<Fp2>(FP2, ptr, count, scratch);
  else batchInvOf<Fp1>(FP1, ptr, count, scratch);
}

export function loadPoints(degree: i32, n: i32, words: usize, aff: usize, flags: usize, zs: usize, scratch: usize): void {
  if (degree == 2) loadPointsOf<Fp2>(FP2, n, words, aff, flags, zs, scratch);
  else loadPointsOf<Fp1>(FP1, n, words, aff, flags, zs, scratch);
}

export function windowSum(degree: i32, n: i32, digits: usize, aff: usize, flags: usize, buckets: usize, used: usize, m: i32, out: usize): i32 {
  if (degree == 2) return windowSumOf<Fp2>(FP2, n, digits, aff, flags, buckets, used, m, out);
  return windowSumOf<Fp1>(FP1, n, digits, aff, flags, buckets, used, m, out);
}

export function strausSum(degree: i32, k: i32, top: i32, size: i32, digits: usize, aff: usize, flags: usize, out: usize): i32 {
  if (degree == 2) return strausSumOf<Fp2>(FP2, k, top, size, digits, aff, flags, out);
  return strausSumOf<Fp1>(FP1, k, top, size, digits, aff, flags, out);
}

export function windowSumBA(degree: i32, n: i32, digits: usize, aff: usize, flags: usize, m: i32, work: usize, out: usize, segs: i32): i32 {
  if (degree == 2) return windowSumBAOf<Fp2>(FP2, n, digits, aff, flags, m, work, out, segs);
  return windowSumBAOf<Fp1>(FP1, n, digits, aff, flags, m, work, out, segs);
}

export function baWorkBytes(degree: i32, n: i32, m: i32): i32 {
  return baWorkBytesOf(degree * <i32>E, n, m);
}

export function tableBuild(degree: i32, n: i32, aff: usize, flags: usize, rows: i32, c: i32, out: usize, outFlags: usize, work: usize): void {
  if (degree == 2) tableBuildOf<Fp2>(FP2, n, aff, flags, rows, c, out, outFlags, work);
  else tableBuildOf<Fp1>(FP1, n, aff, flags, rows, c, out, outFlags, work);
}

export function hornerSum(degree: i32, k: i32, c: i32, aff: usize, flags: usize, out: usize): i32 {
  if (degree == 2) return hornerSumOf<Fp2>(FP2, k, c, aff, flags, out);
  return hornerSumOf<Fp1>(FP1, k, c, aff, flags, out);
}
