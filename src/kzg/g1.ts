/**
 * G1/G2 helpers for the KZG layer: the spec's `validate_kzg_g1` decoding of 48-byte compressed
 * points (typed errors), encoding, a pairing check that tolerates the identity, and an FFT over
 * G1 (for FK20).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { badArgs } from './errors.js';
import { fftGeneric, inv, isBytes, R } from './field.js';

export const G1P = bls12_381.G1.Point;
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
  if (p.is0() || !p.isTorsionFree()) throw badArgs(`${name}: G1 point is not in the r-order subgroup`);
  return p;
}

export function g1ToBytes(p: G1): Uint8Array {
  return p.toBytes(true);
}

/** Π e(g1ᵢ, g2ᵢ) == 1, skipping pairs with an identity (whose pairing is 1). */
export function pairingCheck(pairs: { g1: G1; g2: G2 }[]): boolean {
  const live = pairs.filter((p) => !p.g1.is0() && !p.g2.is0());
  if (live.length === 0) return true;
  const Fp12 = bls12_381.fields.Fp12;
  return Fp12.eql(bls12_381.pairingBatch(live), Fp12.ONE);
}

/** Scalar multiplication by a non-zero field element (variable time; public data only). */
function scale(p: G1, w: bigint): G1 {
  return p.is0() ? p : p.multiplyUnsafe(w);
}

const g1Ops = {
  add: (a: G1, b: G1) => a.add(b),
  sub: (a: G1, b: G1) => a.subtract(b),
  scale,
};

/**
 * FFT over G1: out[k] = Σ_j P_j·ω^(jk) (inverse: ω^-1, and the 1/n factor only when
 * `normalize`; FK20 folds 1/n into its scalars instead).
 */
export function fftG1(points: readonly G1[], inverse = false, normalize = true): G1[] {
  const out = fftGeneric(points, inverse, g1Ops);
  if (inverse && normalize) {
    const nInv = inv(BigInt(points.length));
    for (let i = 0; i < out.length; i++) out[i] = scale(out[i], nInv);
  }
  return out;
}

export { R };
