// XYZZ point arithmetic of the WebAssembly backend on y² = x³ + b (a = 0): doublings, mixed
// and full additions, accumulation helpers and the conversion back to projective words.
// Generic over the coordinate field f (fp1.ts's Fp1 for G1, fp2.ts's Fp2 for G2; E = f.size()).
// Point at p: X = p, Y = p + E, ZZ = p + 2E, ZZZ = p + 3E. Functions return 0 when the result
// is the identity (the caller clears the point's flag), else 1.
// @ts-nocheck

/** o = 3x², the doubling slope's numerator on a = 0 curves (1S; t = x² on return). */
@inline export function tripleSquare<F>(f: F, o: usize, t: usize, x: usize): void {
  f.sqr(t, x);
  f.add(o, t, t);
  f.add(o, o, t);
}

/**
 * The tail of every XYZZ formula here, given t = M² (less any extra term): X3 = t − 2S into o
 * and Y3 = M·(S − X3) − a·b into o + E (2M). u, d: scratch (u may be S, d may be S or M).
 */
@inline function setXY<F>(f: F, o: usize, t: usize, M: usize, S: usize, a: usize, b: usize, u: usize, d: usize): void {
  const E = f.size();
  f.sub(t, t, S);
  f.sub(t, t, S); // X3
  f.sub(u, S, t);
  f.mul(u, M, u);
  f.mul(d, a, b);
  f.sub(o + E, u, d);
  f.copy(o, t);
}

/**
 * What both doublings share: X3 into o, Y3 into o + E from (x, y) (3M + 2S, leaving
 * V = 4y² in f.tmp(11) and W = 8y³ in f.tmp(12) for ZZ3 and ZZZ3). o may be x (with y = x + E):
 * x is read before o is written, y before o + E.
 */
@inline function doubleXY<F>(f: F, o: usize, x: usize, y: usize): void {
  const E = f.size();
  const U = f.tmp(10), V = f.tmp(11), W = f.tmp(12), S = f.tmp(13), M = f.tmp(14), t = f.tmp(15);
  f.add(U, y, y);
  f.sqr(V, U);
  f.mul(W, U, V);
  f.mul(S, x, V);
  tripleSquare<F>(f, M, t, x);
  f.sqr(t, M);
  setXY<F>(f, o, t, M, S, W, y, U, S);
}

/** o = 2·(x, y) as XYZZ (3M + 2S). */
function doubleAffine<F>(f: F, o: usize, x: usize, y: usize): void {
  const E = f.size();
  doubleXY<F>(f, o, x, y);
  f.copy(o + 2 * E, f.tmp(11));
  f.copy(o + 3 * E, f.tmp(12));
}

/** p ← 2p in XYZZ, p not the identity (6M + 3S). */
export function doubleXyzz<F>(f: F, p: usize): void {
  const E = f.size();
  doubleXY<F>(f, p, p, p + E);
  f.mul(p + 2 * E, p + 2 * E, f.tmp(11));
  f.mul(p + 3 * E, p + 3 * E, f.tmp(12));
}

/**
 * What both additions share, once P = U2 − U1 (f.tmp(22)) and R = S2 − S1 (f.tmp(23)) are
 * known and P ≠ 0: X3 into p, Y3 into p + E, ZZ ← ZZ·PP, ZZZ ← ZZZ·PPP (6M + 2S). u1 and s1 may
 * be p and p + E (read before they are written).
 */
@inline function addFinish<F>(f: F, p: usize, u1: usize, s1: usize): void {
  const E = f.size();
  const P = f.tmp(22), R = f.tmp(23), PP = f.tmp(24), PPP = f.tmp(25), Q = f.tmp(26), t = f.tmp(27);
  f.sqr(PP, P);
  f.mul(PPP, P, PP);
  f.mul(Q, u1, PP);
  f.sqr(t, R);
  f.sub(t, t, PPP);
  setXY<F>(f, p, t, R, Q, s1, PPP, Q, R);
  f.mul(p + 2 * E, p + 2 * E, PP);
  f.mul(p + 3 * E, p + 3 * E, PPP);
}

/** p ← p + (x, y), p not the identity (8M + 2S); handles P = Q and P = −Q. */
export function addMixed<F>(f: F, p: usize, x: usize, y: usize): i32 {
  const E = f.size();
  const P = f.tmp(22), R = f.tmp(23);
  f.mul(P, x, p + 2 * E);
  f.sub(P, P, p); // U2 − X
  f.mul(R, y, p + 3 * E);
  f.sub(R, R, p + E); // S2 − Y
  if (f.isZero(P)) {
    if (f.isZero(R)) {
      doubleAffine<F>(f, p, x, y);
      return 1;
    }
    return 0;
  }
  addFinish<F>(f, p, p, p + E);
  return 1;
}

/** p ← p + q, both XYZZ and not the identity (12M + 2S); handles P = Q and P = −Q. */
export function addXyzz<F>(f: F, p: usize, q: usize): i32 {
  const E = f.size();
  const U1 = f.tmp(20), S1 = f.tmp(21), P = f.tmp(22), R = f.tmp(23);
  f.mul(U1, p, q + 2 * E);
  f.mul(P, q, p + 2 * E);
  f.sub(P, P, U1);
  f.mul(S1, p + E, q + 3 * E);
  f.mul(R, q + E, p + 3 * E);
  f.sub(R, R, S1);
  if (f.isZero(P)) {
    if (f.isZero(R)) {
      doubleXyzz<F>(f, p);
      return 1;
    }
    return 0;
  }
  f.mul(p + 2 * E, p + 2 * E, q + 2 * E);
  f.mul(p + 3 * E, p + 3 * E, q + 3 * E);
  addFinish<F>(f, p, U1, S1);
  return 1;
}

/** XYZZ point p → plain projective words (X·ZZZ, Y·ZZ, ZZ·ZZZ) at out (3 × f.wordsBytes() bytes). */
export function xyzzToWords<F>(f: F, out: usize, p: usize): void {
  const E = f.size();
  const W = f.wordsBytes();
  const t = f.tmp(30);
  f.mul(t, p, p + 3 * E);
  f.toWords(out, t);
  f.mul(t, p + E, p + 2 * E);
  f.toWords(out + W, t);
  f.mul(t, p + 2 * E, p + 3 * E);
  f.toWords(out + 2 * W, t);
}

/** Writes p (XYZZ, flag on) at out as xyzzToWords does and returns 1, or returns 0 when p is the identity. */
@inline export function xyzzOut<F>(f: F, out: usize, p: usize, on: bool): i32 {
  if (!on) return 0;
  xyzzToWords<F>(f, out, p);
  return 1;
}

/** acc (XYZZ, flag *on) += affine (x, y); returns the new flag. */
@inline export function accMixed<F>(f: F, acc: usize, on: bool, x: usize, y: usize): bool {
  const E = f.size();
  if (!on) {
    f.copy(acc, x);
    f.copy(acc + E, y);
    f.copy(acc + 2 * E, f.one());
    f.copy(acc + 3 * E, f.one());
    return true;
  }
  return addMixed<F>(f, acc, x, y) != 0;
}

/** acc (XYZZ, flag on) += q (XYZZ, flag qOn); returns the new flag. */
@inline export function accXyzz<F>(f: F, acc: usize, on: bool, q: usize, qOn: bool): bool {
  const E = f.size();
  if (!qOn) return on;
  if (!on) {
    memory.copy(acc, q, 4 * E);
    return true;
  }
  return addXyzz<F>(f, acc, q) != 0;
}
