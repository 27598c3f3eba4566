// XYZZ point arithmetic of the WebAssembly backend on y² = x³ + b (a = 0): doublings, mixed
// and full additions, accumulation helpers and the conversion back to projective words.
// @ts-nocheck
import { fadd, fmul, fsqr, fsub, toWords } from './generated/field';
import { ONE } from './generated/layout';
import { copy, E, fromMont, isZero, T } from './field';

// ---- XYZZ point arithmetic on y² = x³ + b (a = 0) --------------------------------------
// Point at p: X = p, Y = p + E, ZZ = p + 2E, ZZZ = p + 3E. Functions return 0 when the result
// is the identity (the caller clears the point's flag), else 1.

/** o = 2·(x, y) as XYZZ (3M + 2S). */
function doubleAffine(o: usize, x: usize, y: usize): void {
  const U = T(10), V = T(11), W = T(12), S = T(13), M = T(14), t = T(15);
  fadd(U, y, y);
  fsqr(V, U);
  fmul(W, U, V);
  fmul(S, x, V);
  fsqr(t, x);
  fadd(M, t, t);
  fadd(M, M, t);
  // Y3 needs the old y: write X3 last into o
  fsqr(t, M);
  fsub(t, t, S);
  fsub(t, t, S); // X3
  fsub(U, S, t);
  fmul(U, M, U);
  fmul(S, W, y);
  fsub(o + E, U, S);
  copy(o, t);
  copy(o + 2 * E, V);
  copy(o + 3 * E, W);
}

/** p ← 2p in XYZZ, p not the identity (6M + 3S). */
export function doubleXyzz(p: usize): void {
  const U = T(10), V = T(11), W = T(12), S = T(13), M = T(14), t = T(15);
  fadd(U, p + E, p + E);
  fsqr(V, U);
  fmul(W, U, V);
  fmul(S, p, V);
  fsqr(t, p);
  fadd(M, t, t);
  fadd(M, M, t);
  fsqr(t, M);
  fsub(t, t, S);
  fsub(t, t, S); // X3
  fsub(U, S, t);
  fmul(U, M, U);
  fmul(S, W, p + E);
  fsub(p + E, U, S);
  copy(p, t);
  fmul(p + 2 * E, p + 2 * E, V);
  fmul(p + 3 * E, p + 3 * E, W);
}

/** p ← p + (x, y), p not the identity (8M + 2S); handles P = Q and P = −Q. */
export function addMixed(p: usize, x: usize, y: usize): i32 {
  const P = T(20), R = T(21), PP = T(22), PPP = T(23), Q = T(24), t = T(25);
  fmul(P, x, p + 2 * E);
  fsub(P, P, p); // U2 − X
  fmul(R, y, p + 3 * E);
  fsub(R, R, p + E); // S2 − Y
  if (isZero(P)) {
    if (isZero(R)) {
      doubleAffine(p, x, y);
      return 1;
    }
    return 0;
  }
  fsqr(PP, P);
  fmul(PPP, P, PP);
  fmul(Q, p, PP);
  fsqr(t, R);
  fsub(t, t, PPP);
  fsub(t, t, Q);
  fsub(t, t, Q); // X3
  fsub(Q, Q, t);
  fmul(Q, R, Q);
  fmul(R, p + E, PPP);
  fsub(p + E, Q, R);
  copy(p, t);
  fmul(p + 2 * E, p + 2 * E, PP);
  fmul(p + 3 * E, p + 3 * E, PPP);
  return 1;
}

/** p ← p + q, both XYZZ and not the identity (12M + 2S); handles P = Q and P = −Q. */
export function addXyzz(p: usize, q: usize): i32 {
  const U1 = T(20), S1 = T(21), P = T(22), R = T(23), PP = T(24), PPP = T(25), Q = T(26), t = T(27);
  fmul(U1, p, q + 2 * E);
  fmul(P, q, p + 2 * E);
  fsub(P, P, U1);
  fmul(S1, p + E, q + 3 * E);
  fmul(R, q + E, p + 3 * E);
  fsub(R, R, S1);
  if (isZero(P)) {
    if (isZero(R)) {
      doubleXyzz(p);
      return 1;
    }
    return 0;
  }
  fsqr(PP, P);
  fmul(PPP, P, PP);
  fmul(Q, U1, PP);
  fsqr(t, R);
  fsub(t, t, PPP);
  fsub(t, t, Q);
  fsub(t, t, Q); // X3
  fsub(Q, Q, t);
  fmul(Q, R, Q);
  fmul(S1, S1, PPP);
  fsub(p + E, Q, S1);
  copy(p, t);
  fmul(p + 2 * E, p + 2 * E, q + 2 * E);
  fmul(p + 2 * E, p + 2 * E, PP);
  fmul(p + 3 * E, p + 3 * E, q + 3 * E);
  fmul(p + 3 * E, p + 3 * E, PPP);
  return 1;
}

/** XYZZ point p → plain projective words (X·ZZZ, Y·ZZ, ZZ·ZZZ) at out (3 × 48 bytes). */
export function xyzzToWords(out: usize, p: usize): void {
  const t = T(30);
  fmul(t, p, p + 3 * E);
  fromMont(t, t);
  toWords(out, t);
  fmul(t, p + E, p + 2 * E);
  fromMont(t, t);
  toWords(out + 48, t);
  fmul(t, p + 2 * E, p + 3 * E);
  fromMont(t, t);
  toWords(out + 96, t);
}

/** acc (XYZZ, flag *on) += affine (x, y); returns the new flag. */
@inline export function accMixed(acc: usize, on: bool, x: usize, y: usize): bool {
  if (!on) {
    copy(acc, x);
    copy(acc + E, y);
    copy(acc + 2 * E, ONE);
    copy(acc + 3 * E, ONE);
    return true;
  }
  return addMixed(acc, x, y) != 0;
}

/** acc (XYZZ, flag on) += q (XYZZ, flag qOn); returns the new flag. */
@inline export function accXyzz(acc: usize, on: bool, q: usize, qOn: bool): bool {
  if (!qOn) return on;
  if (!on) {
    memory.copy(acc, q, 4 * E);
    return true;
  }
  return addXyzz(acc, q) != 0;
}
