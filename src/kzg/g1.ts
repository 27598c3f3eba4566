/**
 * G1/G2 helpers for the KZG layer: the spec's `validate_kzg_g1` decoding of 48-byte compressed
 * points (typed errors), encoding, a pairing check that tolerates the identity, and an FFT over
 * G1 (for FK20).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { badArgs } from './errors.js';
import { G1 as G1Curve } from '../curve/bls12-381.js';
import { fftGeneric, inv, isBytes, R } from './field.js';

export const G1P = bls12_381.G1.Point;
const FP = bls12_381.fields.Fp.ORDER;
const HALF_P = (FP - 1n) / 2n;
export const G2P = bls12_381.G2.Point;
export type G1 = InstanceType<typeof G1P>;
export type G2 = InstanceType<typeof G2P>;

/**
 * Decodes a Bytes48 commitment/proof per the spec's validate_kzg_g1: exactly 0xc0‖0^47 is the
 * identity; anything else must be a compressed encoding (flag 0x80 set, infinity flag clear)
 * of a point with x < p, on the curve and in the r-order subgroup.
 */
export function bytesToG1(b: unknown, name: string): G1 {
  if (!isBytes(b)) throw badArgs(`${name} must be a Uint8Array of 48 bytes`);
  if (b.length !== 48) throw badArgs(`${name} must be 48 bytes (compressed G1), got ${b.length}`);
  const flags = b[0];
  if ((flags & 0x80) === 0) throw badArgs(`${name}: compression flag not set (only 48-byte compressed G1 is accepted)`);
  if (flags & 0x40) {
    if (flags !== 0xc0) throw badArgs(`${name}: point-at-infinity encoding with the sign bit or payload bits set`);
    for (let i = 1; i < 48; i++) if (b[i] !== 0) throw badArgs(`${name}: point-at-infinity encoding with a non-zero payload`);
    return G1P.ZERO;
  }
  let p: G1;
  try {
    p = G1P.fromBytes(b);
    p.assertValidity();
  } catch (e) {
    throw badArgs(`${name}: not a valid G1 point (${(e as Error).message})`);
  }
  // fromBytes + assertValidity check x < p, on-curve and r-order subgroup membership.
  if (p.is0()) throw badArgs(`${name}: non-canonical encoding of the identity`);
  return p;
}

/**
 * Compressed (ZCash) encoding of a point we computed ourselves (in the subgroup by
 * construction): 0x80 flag, 0x20 when y > (p − 1)/2, x big-endian; any projective identity
 * (X : Y : 0) encodes as 0xc0‖0^47. Done by hand because noble's toBytes re-runs the subgroup
 * check on every fresh point (a scalar multiplication each; 128 of them per blob's cell proofs).
 */
export function g1ToBytes(p: G1): Uint8Array {
  const out = new Uint8Array(48);
  if (p.is0()) {
    out[0] = 0xc0;
    return out;
  }
  const { x, y } = p.toAffine();
  let v = x;
  for (let i = 47; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] |= 0x80 | (y > HALF_P ? 0x20 : 0);
  return out;
}

/** Π e(g1ᵢ, g2ᵢ) == 1, skipping pairs with an identity (whose pairing is 1). */
export function pairingCheck(pairs: { g1: G1; g2: G2 }[]): boolean {
  const live = pairs.filter((p) => !p.g1.is0() && !p.g2.is0());
  if (live.length === 0) return true;
  const Fp12 = bls12_381.fields.Fp12;
  return Fp12.eql(bls12_381.pairingBatch(live), Fp12.ONE);
}

const BETA = G1Curve.endo!.beta as bigint;
const LAMBDA = G1Curve.endo!.lambda;
const WNAF_W = 4;

/** Width-w NAF digits of k ≥ 0, least significant first. */
function wnaf(k: bigint): number[] {
  const out: number[] = [];
  const full = 1n << BigInt(WNAF_W);
  const half = full >> 1n;
  while (k > 0n) {
    if (k & 1n) {
      let d = k & (full - 1n);
      if (d >= half) d -= full;
      out.push(Number(d));
      k -= d;
    } else out.push(0);
    k >>= 1n;
  }
  return out;
}

/**
 * k·P for public data (variable time), with the GLV split k = k₁ + k₂·λ (λ = z² − 1, so both
 * halves have ~128 bits; φ(X:Y:Z) = (β·X : Y : Z) acts as λ) and width-4 NAF digits: ~128
 * doublings and ~52 additions instead of noble's ~255 doublings + ~128 additions for an
 * uncached point. Checked against noble's multiplyUnsafe in properties/kzg.
 */
export function glvMul(p: G1, k: bigint): G1 {
  k %= R;
  if (k === 0n || p.is0()) return G1P.ZERO;
  const k1 = k % LAMBDA;
  const k2 = k / LAMBDA;
  const n1 = wnaf(k1);
  const n2 = wnaf(k2);
  const p2 = p.double();
  const t1: G1[] = [p];
  for (let i = 1; i < 1 << (WNAF_W - 2); i++) t1.push(t1[i - 1].add(p2));
  const t2 = t1.map((q) => new G1P((q.X * BETA) % FP, q.Y, q.Z));
  let acc = G1P.ZERO;
  for (let i = Math.max(n1.length, n2.length) - 1; i >= 0; i--) {
    acc = acc.double();
    const d1 = n1[i] ?? 0;
    if (d1 > 0) acc = acc.add(t1[(d1 - 1) >> 1]);
    else if (d1 < 0) acc = acc.subtract(t1[(-d1 - 1) >> 1]);
    const d2 = n2[i] ?? 0;
    if (d2 > 0) acc = acc.add(t2[(d2 - 1) >> 1]);
    else if (d2 < 0) acc = acc.subtract(t2[(-d2 - 1) >> 1]);
  }
  return acc;
}

/** k·P for public data: the scalar multiplication the G1 FFT uses (glvMul unless the caller gives one). */
export type G1Mul = (p: G1, k: bigint) => G1;

/**
 * FFT over G1: out[k] = Σ_j P_j·ω^(jk) (inverse: ω^-1, and the 1/n factor only when
 * `normalize`; FK20 folds 1/n into its scalars instead). `mul` does each twiddle product
 * (FK20 passes the engine's, an MSM of one term with the caller's gates).
 */
export function fftG1(points: readonly G1[], inverse = false, normalize = true, mul: G1Mul = glvMul): G1[] {
  const ops = { add: (a: G1, b: G1) => a.add(b), sub: (a: G1, b: G1) => a.subtract(b), scale: mul };
  const out = fftGeneric(points, inverse, ops);
  if (inverse && normalize) {
    const nInv = inv(BigInt(points.length));
    for (let i = 0; i < out.length; i++) out[i] = mul(out[i], nInv);
  }
  return out;
}

export { R };
