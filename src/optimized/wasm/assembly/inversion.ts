// Inversion in the WebAssembly backend: the Bernstein–Yang divstep inversion (`finv`) and
// Montgomery's batch inversion over any field (`batchInvOf`).
// @ts-nocheck
import { fmul, PINV } from './generated/field';
import { MOD, ONE, R3 } from './generated/layout';
import { E, isZero, T } from './field';

// ---- Inversion by the Bernstein–Yang divstep algorithm ("safegcd"), variable time ----------
// (D. J. Bernstein, B.-Y. Yang, "Fast constant-time gcd computation and modular inversion",
// 2019; the variable-time batching of 30 divsteps with ctz jumps as in libsecp256k1's modinv32.)
// Numbers f, g, d, e are 13 signed 30-bit limbs (i32; limbs 0..11 in [0, 2^30) after each update,
// limb 12 signed). Each batch computes the 2×2 matrix [u v; q r] of 30 divsteps on the low bits
// of f, g; then (f, g) ← [u v; q r]·(f, g) / 2^30 exactly, and (d, e) ← the same / 2^30 mod p
// (adding multiples of p that clear the low 30 bits), keeping d·a ≡ f and e·a ≡ g (mod p). When
// g = 0, f = ±1 and a^−1 = ±d.

const M30I: i64 = 0x3fffffff;
let MU: i32 = 0;
let MV: i32 = 0;
let MQ: i32 = 0;
let MR: i32 = 0;

/** 30 divsteps on the low bits f0 (odd), g0; the matrix goes to MU, MV, MQ, MR; returns the new eta (= −delta). */
function divsteps30(eta: i32, f0: u32, g0: u32): i32 {
  let u: u32 = 1;
  let v: u32 = 0;
  let q: u32 = 0;
  let r: u32 = 1;
  let f = f0;
  let g = g0;
  let i: i32 = 30;
  // with f odd every pass clears ≥ 1 bit of g (i drops ≥ 1): ≤ 31 passes; the bound keeps a broken f from looping
  for (let pass = 0; pass < 64; pass++) {
    // g's trailing zeros (at most i): g /= 2^z, i.e. f's row ×2^z against the common 2^(30−i)
    const z = <i32>ctz<u32>(g | (<u32>0xffffffff << <u32>i));
    g >>= <u32>z;
    u <<= <u32>z;
    v <<= <u32>z;
    eta -= z;
    i -= z;
    if (i == 0) break;
    // f and g are odd here
    let w: u32;
    if (eta < 0) {
      // delta > 0: (f, g) ← (g, −f), rows swapped likewise; then cancel up to 6 bits of g
      eta = -eta;
      let x = f;
      f = g;
      g = 0 - x;
      x = u;
      u = q;
      q = 0 - x;
      x = v;
      v = r;
      r = 0 - x;
      const limit = eta + 1 > i ? i : eta + 1;
      const m = (<u32>0xffffffff >> <u32>(32 - limit)) & 63;
      w = (f * g * (f * f - 2)) & m; // −g·f^−1 mod 64 (f·(2 − f²) inverts f mod 64)
    } else {
      const limit = eta + 1 > i ? i : eta + 1;
      const m = (<u32>0xffffffff >> <u32>(32 - limit)) & 15;
      w = f + (((f + 1) & 4) << 1); // f^−1 mod 16
      w = (0 - w * g) & m;
    }
    g += f * w;
    q += u * w;
    r += v * w;
  }
  MU = <i32>u;
  MV = <i32>v;
  MQ = <i32>q;
  MR = <i32>r;
  return eta;
}

/** (f, g) ← [u v; q r]·(f, g) / 2^30 (exact). */
function updateFG(f: usize, g: usize): void {
  const u = <i64>MU, v = <i64>MV, q = <i64>MQ, r = <i64>MR;
  let fi = <i64>load<i32>(f);
  let gi = <i64>load<i32>(g);
  let cf = u * fi + v * gi;
  let cg = q * fi + r * gi;
  cf >>= 30;
  cg >>= 30;
  for (let i: usize = 1; i < 13; i++) {
    fi = <i64>load<i32>(f + (i << 2));
    gi = <i64>load<i32>(g + (i << 2));
    cf += u * fi + v * gi;
    cg += q * fi + r * gi;
    store<i32>(f + ((i - 1) << 2), <i32>(cf & M30I));
    store<i32>(g + ((i - 1) << 2), <i32>(cg & M30I));
    cf >>= 30;
    cg >>= 30;
  }
  store<i32>(f + 48, <i32>cf);
  store<i32>(g + 48, <i32>cg);
}

/** (d, e) ← ([u v; q r]·(d, e) + (md, me)·p) / 2^30, md, me chosen to make it exact; d, e stay in (−2p, p). */
function updateDE(d: usize, e: usize, pinvPos: i64): void {
  const u = <i64>MU, v = <i64>MV, q = <i64>MQ, r = <i64>MR;
  const sd = <i64>(load<i32>(d + 48) >> 31);
  const se = <i64>(load<i32>(e + 48) >> 31);
  let md = (u & sd) + (v & se);
  let me = (q & sd) + (r & se);
  let di = <i64>load<i32>(d);
  let ei = <i64>load<i32>(e);
  let cd = u * di + v * ei;
  let ce = q * di + r * ei;
  md -= (pinvPos * cd + md) & M30I;
  me -= (pinvPos * ce + me) & M30I;
  const p0 = <i64>load<u32>(MOD);
  cd += p0 * md;
  ce += p0 * me;
  cd >>= 30;
  ce >>= 30;
  for (let i: usize = 1; i < 13; i++) {
    di = <i64>load<i32>(d + (i << 2));
    ei = <i64>load<i32>(e + (i << 2));
    const pi = <i64>load<u32>(MOD + (i << 2));
    cd += u * di + v * ei + pi * md;
    ce += q * di + r * ei + pi * me;
    store<i32>(d + ((i - 1) << 2), <i32>(cd & M30I));
    store<i32>(e + ((i - 1) << 2), <i32>(ce & M30I));
    cd >>= 30;
    ce >>= 30;
  }
  store<i32>(d + 48, <i32>cd);
  store<i32>(e + 48, <i32>ce);
}

/** x ← x + k·p for k in {−1, 0, 1}, carried so that limbs 0..11 are in [0, 2^30); returns x < 0. */
function addModulus(x: usize, k: i64): bool {
  let c: i64 = 0;
  for (let i: usize = 0; i < 12; i++) {
    c += <i64>load<i32>(x + (i << 2)) + k * <i64>load<u32>(MOD + (i << 2));
    store<i32>(x + (i << 2), <i32>(c & M30I));
    c >>= 30;
  }
  c += <i64>load<i32>(x + 48) + k * <i64>load<u32>(MOD + 48);
  store<i32>(x + 48, <i32>c);
  return c < 0;
}

/** o = a^−1 (Montgomery in, Montgomery out); 0 ↦ 0. */
export function finv(o: usize, a: usize): void {
  if (isZero(a)) {
    memory.fill(o, 0, E);
    return;
  }
  const f = T(6), g = T(7), d = T(8), e = T(9);
  for (let i: usize = 0; i < 13; i++) {
    store<i32>(f + (i << 2), <i32>load<u32>(MOD + (i << 2)));
    store<i32>(g + (i << 2), <i32>load<u32>(a + (i << 2)));
    store<i32>(d + (i << 2), 0);
    store<i32>(e + (i << 2), i == 0 ? 1 : 0);
  }
  const pinvPos = (<i64>(1 << 30) - <i64>PINV) & M30I; // p^−1 mod 2^30
  let eta: i32 = -1;
  // 381-bit inputs need about 25 batches; the bound only guards against a non-invertible input
  for (let it = 0; it < 200; it++) {
    eta = divsteps30(eta, load<u32>(f), load<u32>(g));
    updateDE(d, e, pinvPos);
    updateFG(f, g);
    let nz = load<i32>(g);
    for (let i: usize = 1; i < 13; i++) nz |= load<i32>(g + (i << 2));
    if (nz == 0) break;
  }
  // a^−1 ≡ sign(f)·d with d in (−2p, p): into [0, p)
  let neg = addModulus(d, 0);
  if (load<i32>(f + 48) < 0) {
    for (let i: usize = 0; i < 13; i++) store<i32>(d + (i << 2), -load<i32>(d + (i << 2)));
    neg = addModulus(d, 0);
  }
  // the invariant bounds both loops (at most two steps each); the bounds keep a broken invariant from looping
  for (let k = 0; k < 2 && neg; k++) neg = addModulus(d, 1);
  for (let k = 0; k < 3; k++)
    if (addModulus(d, -1)) {
      addModulus(d, 1);
      break;
    }
  for (let i: usize = 0; i < 13; i++) store<u32>(o + (i << 2), <u32>load<i32>(d + (i << 2)));
  // o = (a·R)^−1 as a plain number = a^−1·R^−1; times R³ in Montgomery: a^−1·R
  fmul(o, o, R3);
}

/**
 * Inverts count elements of the field f (f.size() bytes each) at ptr in place (Montgomery's
 * trick, one inversion); zeros stay zero. scratch: count elements.
 */
export function batchInvOf<F>(f: F, ptr: usize, count: i32, scratch: usize): void {
  const S = f.size();
  const acc = f.tmp(2);
  const inv = f.tmp(3);
  const tmp = f.tmp(4);
  f.copy(acc, f.one());
  for (let i = 0; i < count; i++) {
    const v = ptr + <usize>i * S;
    if (f.isZero(v)) continue;
    f.copy(scratch + <usize>i * S, acc);
    f.mul(acc, acc, v);
  }
  f.inv(inv, acc);
  for (let i = count - 1; i >= 0; i--) {
    const v = ptr + <usize>i * S;
    if (f.isZero(v)) continue;
    f.mul(tmp, inv, scratch + <usize>i * S);
    f.mul(inv, inv, v);
    f.copy(v, tmp);
  }
}
