/**
 * Scalar-field (Fr of BLS12-381) helpers for the KZG layer: modular arithmetic on bigint,
 * roots of unity, bit-reversal permutation, radix-2 FFTs over Fr, batch inversion, and the
 * 32-byte big-endian encoding of field elements.
 */
import { BLS_R } from '../curve/bls12-381.js';
import { badArgs } from './errors.js';

/** The order r of BLS12-381's G1 (the scalar field Fr), from the curve library. */
export const R = BLS_R;
export const PRIMITIVE_ROOT_OF_UNITY = 7n;

export const mod = (a: bigint): bigint => {
  const x = a % R;
  return x < 0n ? x + R : x;
};
export const add = (a: bigint, b: bigint): bigint => {
  const x = a + b;
  return x >= R ? x - R : x;
};
export const sub = (a: bigint, b: bigint): bigint => {
  const x = a - b;
  return x < 0n ? x + R : x;
};
export const mul = (a: bigint, b: bigint): bigint => (a * b) % R;

export function pow(base: bigint, e: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  while (e > 0n) {
    if (e & 1n) result = (result * b) % R;
    b = (b * b) % R;
    e >>= 1n;
  }
  return result;
}

/** Inverse by Fermat; inv(0) is an internal error (callers never pass 0). */
export function inv(a: bigint): bigint {
  if (a === 0n) throw new Error('Fr: inverse of zero');
  return pow(a, R - 2n);
}

/** Montgomery batch inversion; every input must be non-zero. */
export function batchInv(values: readonly bigint[]): bigint[] {
  const n = values.length;
  const prefix = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]) % R;
  }
  let invAcc = inv(acc);
  const out = new Array<bigint>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = (invAcc * prefix[i]) % R;
    invAcc = (invAcc * values[i]) % R;
  }
  return out;
}

/**
 * [r⁰, r¹, …, r^(n−1)] mod R: the coefficients of a batch verifier's random linear combination
 * (one copy for both batch verifiers; properties/kzg/soundness checks it independently), and the
 * roots of unity as powers of a primitive root.
 */
export function challengePowers(r: bigint, n: number): bigint[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`challengePowers: n must be an integer ≥ 0, got ${n}`);
  const out = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    out[i] = acc;
    acc = mul(acc, r);
  }
  return out;
}

/** Primitive root of unity of order n (a power of two ≤ 2^32), per the spec's definition. */
export function rootOfUnity(n: number): bigint {
  return pow(PRIMITIVE_ROOT_OF_UNITY, (R - 1n) / BigInt(n));
}

const rootsCache = new Map<number, bigint[]>();
/** [ω^0, ω^1, …, ω^(n-1)] for the primitive n-th root ω. Cached. */
export function rootsOfUnity(n: number): bigint[] {
  let r = rootsCache.get(n);
  if (!r) {
    r = challengePowers(rootOfUnity(n), n);
    rootsCache.set(n, r);
  }
  return r;
}

export function log2(n: number): number {
  let k = 0;
  while (1 << k < n) k++;
  if (1 << k !== n) throw new Error(`not a power of two: ${n}`);
  return k;
}

export function reverseBits(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) {
    r = (r << 1) | ((i >> b) & 1);
  }
  return r;
}

/** Bit-reversal permutation of a power-of-two-length sequence (an involution). */
export function bitReversalPermutation<T>(xs: readonly T[]): T[] {
  const bits = log2(xs.length);
  const out = new Array<T>(xs.length);
  for (let i = 0; i < xs.length; i++) out[reverseBits(i, bits)] = xs[i];
  return out;
}

/**
 * Generic in-place-style radix-2 FFT over a commutative group given by `add`, `sub` and a
 * scaling `scale(x, w)` by a field element. Output[k] = Σ_j x[j]·ω^(jk), ω the primitive
 * n-th root (or its inverse when `inverse`; the 1/n factor is the caller's business).
 */
export function fftGeneric<T>(vals: readonly T[], inverse: boolean, ops: { add(a: T, b: T): T; sub(a: T, b: T): T; scale(a: T, w: bigint): T }): T[] {
  const n = vals.length;
  const bits = log2(n);
  const a = new Array<T>(n);
  for (let i = 0; i < n; i++) a[reverseBits(i, bits)] = vals[i];
  const roots = rootsOfUnity(n);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let j = 0; j < half; j++) {
        const idx = j * step;
        const w = inverse ? (idx === 0 ? 1n : roots[n - idx]) : roots[idx];
        const u = a[start + j];
        const v = w === 1n ? a[start + j + half] : ops.scale(a[start + j + half], w);
        a[start + j] = ops.add(u, v);
        a[start + j + half] = ops.sub(u, v);
      }
    }
  }
  return a;
}

const frOps = { add, sub, scale: mul };

/** FFT over Fr: evaluations at ω^0..ω^(n-1) of the coefficient vector (or the inverse). */
export function fftFr(vals: readonly bigint[], inverse = false): bigint[] {
  const out = fftGeneric(vals, inverse, frOps);
  if (inverse) {
    const nInv = inv(BigInt(vals.length));
    for (let i = 0; i < out.length; i++) out[i] = (out[i] * nInv) % R;
  }
  return out;
}

/** FFT over the coset shift·⟨ω⟩ (forward: scale coefficients by shift^i first). */
export function cosetFftFr(vals: readonly bigint[], shift: bigint, inverse = false): bigint[] {
  if (!inverse) {
    const scaled = new Array<bigint>(vals.length);
    let s = 1n;
    for (let i = 0; i < vals.length; i++) {
      scaled[i] = (vals[i] * s) % R;
      s = (s * shift) % R;
    }
    return fftFr(scaled, false);
  }
  const out = fftFr(vals, true);
  const sInv = inv(shift);
  let s = 1n;
  for (let i = 0; i < out.length; i++) {
    out[i] = (out[i] * s) % R;
    s = (s * sInv) % R;
  }
  return out;
}

// ---- bytes ----

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[b[i]];
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`invalid hex string (length ${h.length})`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Big-endian 32-byte word at `offset` as a bigint (no range check). */
export function readWord(b: Uint8Array, offset: number): bigint {
  return BigInt('0x' + bytesToHex(b, offset, offset + 32));
}

export function frToBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = x;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A real Uint8Array (a subclass such as Buffer, or one from another realm, included); not a Proxy or an object that only inherits its prototype. */
export function isBytes(v: unknown): v is Uint8Array {
  return ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Uint8Array]';
}

/** Validates a Bytes32 field element (`name` names the argument in errors). */
export function bytesToFr(b: unknown, name: string): bigint {
  if (!isBytes(b)) throw badArgs(`${name} must be a Uint8Array of 32 bytes`);
  if (b.length !== 32) throw badArgs(`${name} must be 32 bytes, got ${b.length}`);
  const x = readWord(b, 0);
  if (x >= R) throw badArgs(`${name} is not a canonical field element (must be < r)`);
  return x;
}

/** Parses `count` 32-byte field elements; errors name the argument and the element index. */
export function bytesToFrVector(b: unknown, count: number, name: string): bigint[] {
  if (!isBytes(b)) throw badArgs(`${name} must be a Uint8Array of ${count * 32} bytes`);
  if (b.length !== count * 32) throw badArgs(`${name} must be ${count * 32} bytes, got ${b.length}`);
  const out = new Array<bigint>(count);
  for (let i = 0; i < count; i++) {
    const x = readWord(b, 32 * i);
    if (x >= R) throw badArgs(`${name}: field element ${i} is not canonical (must be < r)`);
    out[i] = x;
  }
  return out;
}

export function frVectorToBytes(xs: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(xs.length * 32);
  for (let i = 0; i < xs.length; i++) out.set(frToBytes(xs[i]), 32 * i);
  return out;
}

export function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
