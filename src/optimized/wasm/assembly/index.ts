// AssemblyScript source of the WebAssembly backend of step 12 (wasmField). Compiled by
// `npm run build:wasm` (scripts/gen-wasm-field.ts generates ./generated/field.ts, then asc).
// Not type-checked by tsc (excluded in tsconfig.json): AssemblyScript has its own types.
//
// Field elements: 13 little-endian 30-bit limbs (u32 each, E = 52 bytes), Montgomery form with
// R = 2^390, modulus set at run time (`init`), so one module serves BLS12-381 Fp and the toy
// curve alike (one instance per modulus). Memory below DATA is this module's: constants and
// temporaries at SCR; the JavaScript glue lays out its arrays from DATA up and grows memory.
// Points: affine (x, y) = 2E bytes; XYZZ (X, Y, ZZ, ZZZ) = 4E bytes; identity = a 0 flag byte.
// @ts-nocheck
import { fmul, fsqr, fadd, fsub, fromWords, toWords, loadModulus, MULS, PINV } from './generated/field';
export { fmul, fsqr, fadd, fsub, fromWords, toWords };

const E: usize = 52;
const SCR: usize = 65536;
export const MOD: usize = SCR;
export const ONE: usize = SCR + 64; // R mod p (Montgomery 1)
export const R2: usize = SCR + 128; // R² mod p
export const PLAIN1: usize = SCR + 192; // the integer 1 (fromMont multiplies by it)
export const EXPP: usize = SCR + 256; // p − 2 in 30-bit limbs (Fermat inversion exponent)
export const ZERO: usize = SCR + 320;
export const IO: usize = SCR + 384; // 64 bytes × 8: element / word I/O slots for the glue
export const R3: usize = SCR + 960; // R³ mod p (turns a plain inverse of a·R into a^−1·R)
export const DATA: usize = 2 * 65536;
let EXPBITS: i32 = 0;

// temporaries: 64-byte slots
@inline function T(i: usize): usize {
  return SCR + 1024 + (i << 6);
}

export function init(pinv: u32, expBits: i32): void {
  loadModulus(MOD, pinv);
  EXPBITS = expBits;
}

/** Multiplications (squarings included) done so far, as a float (exact below 2^53). */
export function mulCount(): f64 {
  return MULS as f64;
}

@inline function copy(o: usize, a: usize): void {
  memory.copy(o, a, E);
}

export function isZero(a: usize): bool {
  let acc: u32 = 0;
  for (let i: usize = 0; i < E; i += 4) acc |= load<u32>(a + i);
  return acc == 0;
}

export function eq(a: usize, b: usize): bool {
  let acc: u32 = 0;
  for (let i: usize = 0; i < E; i += 4) acc |= load<u32>(a + i) ^ load<u32>(b + i);
  return acc == 0;
}

export function fneg(o: usize, a: usize): void {
  fsub(o, ZERO, a);
}

export function toMont(o: usize, a: usize): void {
  fmul(o, a, R2);
}

export function fromMont(o: usize, a: usize): void {
  fmul(o, a, PLAIN1);
}

/** o = a^(p−2) = a^−1 (Fermat; a fixed sequence of squarings and multiplications); 0 ↦ 0. */
export function finvFermat(o: usize, a: usize): void {
  const acc = T(0);
  const base = T(1);
  copy(base, a);
  copy(acc, ONE);
  for (let bit = EXPBITS - 1; bit >= 0; bit--) {
    fsqr(acc, acc);
    const limb = load<u32>(EXPP + ((<usize>(bit / 30)) << 2));
    if ((limb >> (<u32>(bit % 30))) & 1) fmul(acc, acc, base);
  }
  copy(o, acc);
}

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

/** Inverts count elements at ptr in place (Montgomery's trick, one inversion); zeros stay zero. */
export function batchInv(ptr: usize, count: i32, scratch: usize): void {
  const acc = T(2);
  const inv = T(3);
  const tmp = T(4);
  copy(acc, ONE);
  for (let i = 0; i < count; i++) {
    const v = ptr + <usize>i * E;
    if (isZero(v)) continue;
    copy(scratch + <usize>i * E, acc);
    fmul(acc, acc, v);
  }
  finv(inv, acc);
  for (let i = count - 1; i >= 0; i--) {
    const v = ptr + <usize>i * E;
    if (isZero(v)) continue;
    fmul(tmp, inv, scratch + <usize>i * E);
    fmul(inv, inv, v);
    copy(v, tmp);
  }
}

/**
 * n projective points given as plain 384-bit words (X, Y, Z: 18 u64 = 144 bytes each, from the
 * glue) → affine Montgomery points at aff (2E each) and flags (1 byte each: 0 = identity).
 * Z = 1 needs no inversion; a Z equal to the previous point's (GLV's φ(P) shares P's Z) is
 * inverted once. zs, scratch: n·E bytes each.
 */
export function loadPoints(n: i32, words: usize, aff: usize, flags: usize, zs: usize, scratch: usize): void {
  const one = T(5);
  for (let i = 0; i < n; i++) {
    const w = words + <usize>i * 144;
    const x = aff + <usize>i * 2 * E;
    const y = x + E;
    const z = zs + <usize>i * E;
    fromWords(z, w + 96);
    if (isZero(z)) {
      store<u8>(flags + i, 0);
      continue;
    }
    fromWords(x, w);
    fromWords(y, w + 48);
    toMont(x, x);
    toMont(y, y);
    if (load<u64>(w + 96) == 1 && load<u64>(w + 104) == 0 && load<u64>(w + 112) == 0 && load<u64>(w + 120) == 0 && load<u64>(w + 128) == 0 && load<u64>(w + 136) == 0) {
      store<u8>(flags + i, 2); // Z = 1: already affine
      memory.fill(z, 0, E);
    } else if (i > 0 && memory.compare(w + 96, w - 144 + 96, 48) == 0 && load<u8>(flags + i - 1) >= 1) {
      store<u8>(flags + i, load<u8>(flags + i - 1) == 2 ? 2 : 3); // same Z as point i − 1
      memory.fill(z, 0, E);
    } else {
      store<u8>(flags + i, 1);
      toMont(z, z);
    }
  }
  batchInv(zs, n, scratch);
  for (let i = 0; i < n; i++) {
    const f = load<u8>(flags + i);
    if (f == 0 || f == 2) continue;
    const z = zs + <usize>i * E;
    if (f == 3) copy(z, z - E);
    const x = aff + <usize>i * 2 * E;
    fmul(x, x, z);
    fmul(x + E, x + E, z);
  }
  // flags 2/3 → 1 (non-identity) for the accumulators
  for (let i = 0; i < n; i++) if (load<u8>(flags + i) != 0) store<u8>(flags + i, 1);
}

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
function doubleXyzz(p: usize): void {
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
function xyzzToWords(out: usize, p: usize): void {
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

/**
 * One window of the bucket method, entirely in wasm memory: every point i with digit d ≠ 0
 * (digits: n × i32; signed or unsigned) is added to bucket |d| − 1 (−P for d < 0) by mixed
 * XYZZ additions, then Σ_j (j+1)·B_j by a running sum of XYZZ additions. Writes the window sum
 * as plain projective words at out and returns 1, or returns 0 for the identity.
 * buckets: m × 4E bytes; used: m bytes.
 */
export function windowSum(n: i32, digits: usize, aff: usize, flags: usize, buckets: usize, used: usize, m: i32, out: usize): i32 {
  memory.fill(used, 0, <usize>m);
  const ny = T(40);
  const B4: usize = 4 * E;
  for (let i = 0; i < n; i++) {
    const d = load<i32>(digits + (<usize>i << 2));
    if (d == 0 || load<u8>(flags + i) == 0) continue;
    const j = <usize>((d > 0 ? d : -d) - 1);
    const x = aff + <usize>i * 2 * E;
    let y = x + E;
    if (d < 0) {
      fneg(ny, y);
      y = ny;
    }
    const b = buckets + j * B4;
    if (load<u8>(used + j) == 0) {
      copy(b, x);
      copy(b + E, y);
      copy(b + 2 * E, ONE);
      copy(b + 3 * E, ONE);
      store<u8>(used + j, 1);
    } else if (addMixed(b, x, y) == 0) store<u8>(used + j, 0);
  }
  // running sum from the top bucket down
  const run = T(44); // 4 slots: T(44..47)
  const sum = T(48); // T(48..51)
  let runOn = false;
  let sumOn = false;
  for (let j = m - 1; j >= 0; j--) {
    if (load<u8>(used + j)) {
      const b = buckets + <usize>j * B4;
      if (!runOn) {
        memory.copy(run, b, B4);
        runOn = true;
      } else runOn = addXyzz(run, b) != 0;
    }
    if (runOn) {
      if (!sumOn) {
        memory.copy(sum, run, B4);
        sumOn = true;
      } else sumOn = addXyzz(sum, run) != 0;
    }
  }
  if (!sumOn) return 0;
  xyzzToWords(out, sum);
  return 1;
}

/**
 * Step 01's interleaved wNAF sum (the `straus` slot) in wasm: k points with `size` odd multiples
 * each, affine at aff (entry j = i·size + m is (2m + 1)·P_i at aff + j·2E; flags: one byte per
 * entry, 0 = identity), digits k × top signed bytes (point i's digit at bit b: digits + i·top + b).
 * From the top bit down: acc ← 2·acc, then acc ← acc ± entry(i, (|d| − 1)/2) for every non-zero
 * digit d, by mixed XYZZ additions (P = Q and P = −Q handled by addMixed; a doubling that lands
 * on the identity, ZZ = 0, clears the flag). Writes the sum as plain projective words at out
 * and returns 1, or returns 0 for the identity.
 */
export function strausSum(k: i32, top: i32, size: i32, digits: usize, aff: usize, flags: usize, out: usize): i32 {
  const acc = T(60); // T(60..63)
  const ny = T(64);
  let on = false;
  for (let b = top - 1; b >= 0; b--) {
    if (on) {
      doubleXyzz(acc);
      on = !isZero(acc + 2 * E);
    }
    for (let i = 0; i < k; i++) {
      const d = <i32>load<i8>(digits + <usize>i * <usize>top + <usize>b);
      if (d == 0) continue;
      const j = <usize>i * <usize>size + <usize>((d > 0 ? d : -d) >> 1);
      if (load<u8>(flags + j) == 0) continue;
      const x = aff + j * 2 * E;
      let y = x + E;
      if (d < 0) {
        fneg(ny, y);
        y = ny;
      }
      on = accMixed(acc, on, x, y);
      if (on && isZero(acc + 2 * E)) on = false;
    }
  }
  if (!on) return 0;
  xyzzToWords(out, acc);
  return 1;
}

/** c ← a·b repeated `count` times (benchmark of the multiplication alone, no call overhead per mul). */
export function mulChain(a: usize, b: usize, count: i32): void {
  for (let i = 0; i < count; i++) fmul(a, a, b);
}

/** The denominator of the affine sum a + b into dk: x_b − x_a, 2·y_a when a = b, 0 when a = −b. */
@inline
function pairDenominator(dk: usize, a: usize, b: usize): void {
  if (!eq(a, b)) fsub(dk, b, a);
  else if (eq(a + E, b + E)) fadd(dk, a + E, a + E);
  else memory.fill(dk, 0, E); // P = −Q
}

/** o = a + b (affine), dk the inverted denominator (λ = (y_b − y_a)·dk, or 3x²·dk when a = b); o may be a or b. */
@inline
function pairSum(o: usize, a: usize, b: usize, dk: usize): void {
  const lam = T(32), t = T(33), x3 = T(34), y3 = T(35);
  if (!eq(a, b)) {
    fsub(lam, b + E, a + E);
  } else {
    fsqr(t, a);
    fadd(lam, t, t);
    fadd(lam, lam, t);
  }
  fmul(lam, lam, dk);
  fsqr(x3, lam);
  fsub(x3, x3, a);
  fsub(x3, x3, b);
  fsub(t, a, x3);
  fmul(t, lam, t);
  fsub(y3, t, a + E);
  copy(o, x3);
  copy(o + E, y3);
}

/**
 * One window with batched affine accumulation (step 07's pairwise rounds, in wasm): the
 * window's points (x, ±y) are sorted by bucket (counting sort); in each round every bucket with
 * k ≥ 2 pending points adds them in ⌊k/2⌋ disjoint pairs, and all pairs of the round share one
 * inversion (Montgomery's trick): 6M per addition (3M share, 2M + 1S) instead of 10 for the
 * mixed XYZZ addition. P = Q doubles (λ = 3x²/2y), P = −Q cancels (the pair drops out). Then
 * the running sum as in `windowSum`, with mixed additions for `running += B_j` (affine
 * buckets). work: see `baWorkBytes`. Returns 1 and writes the window sum at out, or 0.
 */
export function windowSumBA(n: i32, digits: usize, aff: usize, flags: usize, m: i32, work: usize, out: usize, segs: i32): i32 {
  const start = work; // (m + 1) i32
  const len = start + ((<usize>m + 1) << 2); // m i32
  const active = len + (<usize>m << 2); // m i32
  const pool = (active + (<usize>m << 2) + 63) & ~63; // n × 2E
  const den = pool + <usize>n * 2 * E; // ⌈n/2⌉ × E
  const pre = den + ((<usize>n + 1) >> 1) * E; // ⌈n/2⌉ × E
  memory.fill(start, 0, (<usize>m + 1) << 2);
  memory.fill(len, 0, <usize>m << 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = load<i32>(digits + (<usize>i << 2));
    if (d == 0 || load<u8>(flags + i) == 0) continue;
    const j = <usize>(d > 0 ? d : -d);
    store<i32>(start + (j << 2), load<i32>(start + (j << 2)) + 1);
    total++;
  }
  if (total == 0) return 0;
  for (let j = 0; j < m; j++) {
    const a = start + (<usize>j << 2);
    store<i32>(a + 4, load<i32>(a + 4) + load<i32>(a));
  }
  const E2: usize = 2 * E;
  for (let i = 0; i < n; i++) {
    const d = load<i32>(digits + (<usize>i << 2));
    if (d == 0 || load<u8>(flags + i) == 0) continue;
    const j = <usize>((d > 0 ? d : -d) - 1);
    const l = load<i32>(len + (j << 2));
    store<i32>(len + (j << 2), l + 1);
    const dst = pool + <usize>(load<i32>(start + (j << 2)) + l) * E2;
    const src = aff + <usize>i * E2;
    copy(dst, src);
    if (d > 0) copy(dst + E, src + E);
    else fneg(dst + E, src + E);
  }
  let na = 0;
  for (let j = 0; j < m; j++) if (load<i32>(len + (<usize>j << 2)) >= 2) store<i32>(active + (<usize>(na++) << 2), j);
  while (na > 0) {
    // denominators of every pair of the round
    let k: usize = 0;
    for (let q = 0; q < na; q++) {
      const j = <usize>load<i32>(active + (<usize>q << 2));
      const s = pool + <usize>load<i32>(start + (j << 2)) * E2;
      const half = load<i32>(len + (j << 2)) >> 1;
      for (let u = 0; u < half; u++) {
        const a = s + <usize>(2 * u) * E2;
        const b = a + E2;
        const dk = den + k * E;
        pairDenominator(dk, a, b);
        k++;
      }
    }
    batchInv(den, <i32>k, pre);
    k = 0;
    let nn = 0;
    for (let q = 0; q < na; q++) {
      const j = <usize>load<i32>(active + (<usize>q << 2));
      const s = pool + <usize>load<i32>(start + (j << 2)) * E2;
      const l = load<i32>(len + (j << 2));
      const half = l >> 1;
      let nl = 0;
      for (let u = 0; u < half; u++) {
        const a = s + <usize>(2 * u) * E2;
        const b = a + E2;
        const dk = den + k * E;
        k++;
        if (isZero(dk)) continue; // cancelled
        pairSum(s + <usize>nl * E2, a, b, dk);
        nl++;
      }
      if (l & 1) {
        memory.copy(s + <usize>nl * E2, s + <usize>(l - 1) * E2, E2);
        nl++;
      }
      store<i32>(len + (j << 2), nl);
      if (nl >= 2) store<i32>(active + (<usize>(nn++) << 2), <i32>j);
    }
    na = nn;
  }
  if (segs > 0) return reduceSegmented(m, pool, start, len, segs, (pre + ((<usize>n + 1) >> 1) * E + 63) & ~63, out);
  // running sum over the affine buckets
  const run = T(44);
  const sum = T(48);
  let runOn = false;
  let sumOn = false;
  const B4: usize = 4 * E;
  for (let j = m - 1; j >= 0; j--) {
    if (load<i32>(len + (<usize>j << 2)) == 1) {
      const b = pool + <usize>load<i32>(start + (<usize>j << 2)) * E2;
      if (!runOn) {
        copy(run, b);
        copy(run + E, b + E);
        copy(run + 2 * E, ONE);
        copy(run + 3 * E, ONE);
        runOn = true;
      } else runOn = addMixed(run, b, b + E) != 0;
    }
    if (runOn) {
      if (!sumOn) {
        memory.copy(sum, run, B4);
        sumOn = true;
      } else sumOn = addXyzz(sum, run) != 0;
    }
  }
  if (!sumOn) return 0;
  xyzzToWords(out, sum);
  return 1;
}

/** Bytes of the `work` area windowSumBA needs for n points and m buckets (segmented reduction included). */
export function baWorkBytes(n: i32, m: i32): i32 {
  return ((3 * m + 1) * 4 + 63) / 64 * 64 + n * 2 * <i32>E + ((n + 1) >> 1) * 2 * <i32>E + 64 + segWorkBytes(m);
}

/** Bytes reduceSegmented needs for at most m segments. */
function segWorkBytes(m: i32): i32 {
  return m * (4 * <i32>E + 2) + 2 * m * (2 * <i32>E + 16) + 256;
}

/**
 * k affine additions out_i = a_i + b_i sharing one inversion (Montgomery's trick); pa, pb, po:
 * k u32 pointers to affine points (x, then y at +E), pf: k u32 pointers to the output's flag
 * byte (set to 1, or 0 when a_i = −b_i). P = Q doubles (λ = 3x²/2y). Outputs are written in
 * order, each after its inputs are read: out_i may be a_i or b_i, and an input of a later pair
 * may be an earlier pair's output only if it is the same pair's input. den, pre: k·E bytes each.
 */
function batchAddPairs(k: i32, pa: usize, pb: usize, po: usize, pf: usize, den: usize, pre: usize): void {
  for (let i = 0; i < k; i++) {
    const a = <usize>load<u32>(pa + (<usize>i << 2));
    const b = <usize>load<u32>(pb + (<usize>i << 2));
    const dk = den + <usize>i * E;
    pairDenominator(dk, a, b);
  }
  batchInv(den, k, pre);
  for (let i = 0; i < k; i++) {
    const a = <usize>load<u32>(pa + (<usize>i << 2));
    const b = <usize>load<u32>(pb + (<usize>i << 2));
    const o = <usize>load<u32>(po + (<usize>i << 2));
    const f = <usize>load<u32>(pf + (<usize>i << 2));
    const dk = den + <usize>i * E;
    if (isZero(dk)) {
      store<u8>(f, 0);
      continue;
    }
    pairSum(o, a, b, dk);
    store<u8>(f, 1);
  }
}

/** acc (XYZZ, flag *on) += affine (x, y); returns the new flag. */
@inline function accMixed(acc: usize, on: bool, x: usize, y: usize): bool {
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
@inline function accXyzz(acc: usize, on: bool, q: usize, qOn: bool): bool {
  if (!qOn) return on;
  if (!on) {
    memory.copy(acc, q, 4 * E);
    return true;
  }
  return addXyzz(acc, q) != 0;
}

/**
 * Step 08's segmented running sum over affine buckets (bucket j: the point at pool + start[j]·2E
 * when len[j] = 1, else empty), in wasm: S segments of L = ⌈m/S⌉ buckets run side by side; at
 * each step every segment does sum_s += running_s and running_s += B_{sL+t−1}, all 2S affine
 * additions of the step sharing one inversion; then Σ_s sum_s + L·Σ_{s≥1} s·R_s in XYZZ. Writes
 * the window sum at out and returns 1, or returns 0 for the identity. work: segWorkBytes(m).
 */
function reduceSegmented(m: i32, pool: usize, start: usize, len: usize, segs: i32, work: usize, out: usize): i32 {
  const S = segs < m ? segs : m;
  const L = (m + S - 1) / S;
  const E2: usize = 2 * E;
  const run = work; // S × 2E
  const sm = run + <usize>S * E2; // S × 2E
  const rf = sm + <usize>S * E2; // S bytes
  const sf = rf + <usize>S; // S bytes
  const pa = (sf + <usize>S + 3) & ~3; // 2S u32 each
  const pb = pa + (<usize>S << 3);
  const po = pb + (<usize>S << 3);
  const pf = po + (<usize>S << 3);
  const den = pf + (<usize>S << 3); // 2S × E
  const pre = den + <usize>(2 * S) * E; // 2S × E
  memory.fill(rf, 0, <usize>(2 * S));
  for (let t = L; t >= 0; t--) {
    let k: usize = 0;
    for (let s = 0; s < S; s++) {
      const r = run + <usize>s * E2;
      const sp = sm + <usize>s * E2;
      if (load<u8>(rf + s) && t < L) {
        if (!load<u8>(sf + s)) {
          memory.copy(sp, r, E2);
          store<u8>(sf + s, 1);
        } else {
          store<u32>(pa + (k << 2), <u32>sp);
          store<u32>(pb + (k << 2), <u32>r);
          store<u32>(po + (k << 2), <u32>sp);
          store<u32>(pf + (k << 2), <u32>(sf + s));
          k++;
        }
      }
      if (t > 0) {
        const j = s * L + t - 1;
        if (j < m && load<i32>(len + (<usize>j << 2)) == 1) {
          const b = pool + <usize>load<i32>(start + (<usize>j << 2)) * E2;
          if (!load<u8>(rf + s)) {
            memory.copy(r, b, E2);
            store<u8>(rf + s, 1);
          } else {
            store<u32>(pa + (k << 2), <u32>r);
            store<u32>(pb + (k << 2), <u32>b);
            store<u32>(po + (k << 2), <u32>r);
            store<u32>(pf + (k << 2), <u32>(rf + s));
            k++;
          }
        }
      }
    }
    if (k > 0) batchAddPairs(<i32>k, pa, pb, po, pf, den, pre);
  }
  // tail: Σ_s sum_s + L·Σ_{s≥1} s·R_s
  const total = T(44); // T(44..47)
  const racc = T(48); // T(48..51)
  const acc = T(52); // T(52..55)
  const mult = T(56); // T(56..59)
  let totalOn = false;
  for (let s = 0; s < S; s++) if (load<u8>(sf + s)) totalOn = accMixed(total, totalOn, sm + <usize>s * E2, sm + <usize>s * E2 + E);
  let rOn = false;
  let aOn = false;
  for (let s = S - 1; s >= 1; s--) {
    if (load<u8>(rf + s)) rOn = accMixed(racc, rOn, run + <usize>s * E2, run + <usize>s * E2 + E);
    aOn = accXyzz(acc, aOn, racc, rOn);
  }
  let mOn = false;
  for (let bit = 31 - clz<i32>(L); bit >= 0; bit--) {
    if (mOn) doubleXyzz(mult);
    if ((L >>> bit) & 1) mOn = accXyzz(mult, mOn, acc, aOn);
  }
  totalOn = accXyzz(total, totalOn, mult, mOn);
  if (!totalOn) return 0;
  xyzzToWords(out, total);
  return 1;
}
