// The G1 (and toy-curve) entry points of the WebAssembly backend: the generic point kernels
// instantiated with the field Fp (fp1.ts). Points: affine (x, y) = 2E bytes; XYZZ = 4E bytes;
// projective words X, Y, Z = 3 × 48 bytes.
// @ts-nocheck
import { E } from './field';
import { FP1, Fp1 } from './fp1';
import { batchInvOf } from './inversion';
import { loadPointsOf } from './points';
import { addMixed as addMixedOf, addXyzz as addXyzzOf } from './xyzz';
import { hornerSumOf, strausSumOf, windowSumOf } from './windows';
import { baWorkBytesOf, windowSumBAOf } from './batch-affine';
import { tableBuildOf } from './tables';

/** Inverts count elements at ptr in place (one inversion); zeros stay zero. scratch: count·E bytes. */
export function batchInv(ptr: usize, count: i32, scratch: usize): void {
  batchInvOf<Fp1>(FP1, ptr, count, scratch);
}

export function loadPoints(n: i32, words: usize, aff: usize, flags: usize, zs: usize, scratch: usize): void {
  loadPointsOf<Fp1>(FP1, n, words, aff, flags, zs, scratch);
}

export function addMixed(p: usize, x: usize, y: usize): i32 {
  return addMixedOf<Fp1>(FP1, p, x, y);
}

export function addXyzz(p: usize, q: usize): i32 {
  return addXyzzOf<Fp1>(FP1, p, q);
}

export function windowSum(n: i32, digits: usize, aff: usize, flags: usize, buckets: usize, used: usize, m: i32, out: usize): i32 {
  return windowSumOf<Fp1>(FP1, n, digits, aff, flags, buckets, used, m, out);
}

export function strausSum(k: i32, top: i32, size: i32, digits: usize, aff: usize, flags: usize, out: usize): i32 {
  return strausSumOf<Fp1>(FP1, k, top, size, digits, aff, flags, out);
}

export function windowSumBA(n: i32, digits: usize, aff: usize, flags: usize, m: i32, work: usize, out: usize, segs: i32): i32 {
  return windowSumBAOf<Fp1>(FP1, n, digits, aff, flags, m, work, out, segs);
}

export function baWorkBytes(n: i32, m: i32): i32 {
  return baWorkBytesOf(<i32>E, n, m);
}

export function tableBuild(n: i32, aff: usize, flags: usize, rows: i32, c: i32, out: usize, outFlags: usize, work: usize): void {
  tableBuildOf<Fp1>(FP1, n, aff, flags, rows, c, out, outFlags, work);
}

export function hornerSum(k: i32, c: i32, aff: usize, flags: usize, out: usize): i32 {
  return hornerSumOf<Fp1>(FP1, k, c, aff, flags, out);
}
