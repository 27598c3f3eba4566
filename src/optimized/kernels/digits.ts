/**
 * Scalar digit extraction without per-digit BigInt work.
 *
 * Each scalar is converted once into 32-bit limbs (one BigInt shift per 64-bit chunk, stored
 * through a BigUint64Array); every window value is then read from the limbs with plain int32
 * shifts. For c-bit windows the BigInt shift-and-mask method costs ~bits/c BigInt
 * shifts and masks per scalar, each allocating a new BigInt.
 *
 * Exported for any recode step: `scalarLimbs`, `windowValue`, `unsignedDigitsLimbs` (same table
 * as step 00's unsignedDigits) and `signedDigitsLimbs` (step 05). `signedDigitsBigInt` is the
 * plain BigInt form of the same signed recoding, kept for the micro-benchmark and the
 * properties (two independent implementations of one definition).
 */
import type { DigitTable } from '../step.js';

/** Largest window the int32 extraction supports (the engine's windows are ≤ 16). */
export const MAX_LIMB_WINDOW = 30;

/** Limbs per scalar for scalars below 2^bits: even, and ≥ ceil(bits/32) + 1, so limb k + 1 is always readable. */
export function limbsPerScalar(bits: number): number {
  return 2 * Math.ceil((Math.ceil(Math.max(bits, 1) / 32) + 1) / 2);
}

/** Little-endian platforms can view a BigUint64Array as its 32-bit halves, low half first. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * All scalars as little-endian 32-bit limbs, `stride = limbsPerScalar(bits)` limbs each, in one
 * flat array (scalar i starts at i·stride). Each 64-bit chunk is stored through a
 * BigUint64Array (the store truncates to 64 bits natively: one BigInt shift per chunk, no mask),
 * viewed as 32-bit limbs. Throws a RangeError on a scalar that is negative or does not fit in
 * `bits` bits (a broken transform), rather than producing a wrong table.
 */
export function scalarLimbs(
  scalars: readonly bigint[],
  bits: number,
  /** Use the endian-neutral 32-bit path (the only one on big-endian hosts; tests compare both). */
  portable = !LITTLE_ENDIAN
): { limbs: Uint32Array; stride: number } {
  const stride = limbsPerScalar(bits);
  const n = scalars.length;
  const limit = 1n << BigInt(Math.max(bits, 0));
  for (let i = 0; i < n; i++) {
    const s = scalars[i];
    if (s < 0n || s >= limit) throw new RangeError(`scalar ${i} is outside [0, 2^${bits})`);
  }
  if (!portable) {
    const w64 = stride >>> 1;
    const big = new BigUint64Array(n * w64);
    for (let i = 0; i < n; i++) {
      let s = scalars[i];
      let j = i * w64;
      while (s !== 0n) {
        big[j++] = s;
        s >>= 64n;
      }
    }
    return { limbs: new Uint32Array(big.buffer), stride };
  }
  const limbs = new Uint32Array(n * stride);
  for (let i = 0; i < n; i++) {
    let s = scalars[i];
    let j = i * stride;
    while (s !== 0n) {
      limbs[j++] = Number(s & 0xffffffffn);
      s >>= 32n;
    }
  }
  return { limbs, stride };
}

/** Bits [offset, offset + c) of the scalar whose limbs start at `base` (c ≤ MAX_LIMB_WINDOW). */
export function windowValue(limbs: Uint32Array, base: number, offset: number, c: number): number {
  const sh = offset & 31;
  return limbBits(limbs, base + (offset >>> 5), sh, sh + c > 32) & ((1 << c) - 1);
}

/** The 32 bits from bit `sh` of limb k on (`cross`: the window reaches into limb k + 1). */
function limbBits(limbs: Uint32Array, k: number, sh: number, cross: boolean): number {
  const v = limbs[k] >>> sh;
  return cross ? v | (limbs[k + 1] << (32 - sh)) : v;
}

/** The bucket of a non-zero digit d: bucket |d| − 1 (a negative digit adds the negated point). */
export function bucketOf(d: number): number {
  return (d > 0 ? d : -d) - 1;
}

function checkWindow(c: number): void {
  if (!Number.isInteger(c) || c < 1 || c > MAX_LIMB_WINDOW) throw new RangeError(`window must be an integer in [1, ${MAX_LIMB_WINDOW}], got ${c}`);
}

/** Step 00's unsigned table (digit w = bits [w·c, w·c + c)), read from limbs. */
export function unsignedDigitsLimbs(scalars: readonly bigint[], bits: number, c: number): DigitTable {
  checkWindow(c);
  const n = scalars.length;
  const windows = Math.max(1, Math.ceil(bits / c));
  const digits = new Int32Array(windows * n);
  const { limbs, stride } = scalarLimbs(scalars, bits);
  const mask = (1 << c) - 1;
  // window-major: sequential writes into the table, limbs (small, cached) read with a stride
  for (let w = 0, off = 0; w < windows; w++, off += c) {
    const sh = off & 31;
    const cross = sh + c > 32;
    const row = w * n;
    for (let i = 0, k = off >>> 5; i < n; i++, k += stride) {
      digits[row + i] = limbBits(limbs, k, sh, cross) & mask;
    }
  }
  return { n, windows, bucketCount: mask, signed: false, digits };
}

/**
 * Signed (Booth-style) recoding with c-bit windows: digits in [−2^(c−1) + 1, 2^(c−1)], so
 * 2^(c−1) buckets, and Σ_w d_w·2^(w·c) = s. Window w takes v = (bits of window w) + carry; if
 * v > 2^(c−1) the digit is v − 2^c and a carry of 1 moves to window w + 1.
 *
 * Windows: ceil(bits/c) cover the scalar; the carry out of the top one can only be non-zero
 * when c divides bits (otherwise the top window has ≤ c − 1 bits, so v ≤ 2^(c−1)). One extra
 * window (digit 1) is added only when some scalar actually carries out, and the table then has
 * ceil(bits/c) + 1 windows.
 */
export function signedDigitsLimbs(scalars: readonly bigint[], bits: number, c: number): DigitTable {
  checkWindow(c);
  const n = scalars.length;
  const base0 = Math.max(1, Math.ceil(bits / c));
  const digits = new Int32Array((base0 + 1) * n);
  const { limbs, stride } = scalarLimbs(scalars, bits);
  const mask = (1 << c) - 1;
  const half = 1 << (c - 1);
  const full = 1 << c;
  const carry = new Int32Array(n);
  for (let w = 0, off = 0; w < base0; w++, off += c) {
    const sh = off & 31;
    const cross = sh + c > 32;
    const row = w * n;
    for (let i = 0, k = off >>> 5; i < n; i++, k += stride) {
      const v = (limbBits(limbs, k, sh, cross) & mask) + carry[i];
      // branch-free (the branch is a coin flip on random scalars): t = −1 iff v > half
      const t = (half - v) >> 31;
      digits[row + i] = v - (t & full);
      carry[i] = t & 1;
    }
  }
  let carryOut = false;
  const top = base0 * n;
  for (let i = 0; i < n; i++)
    if (carry[i] !== 0) {
      digits[top + i] = 1;
      carryOut = true;
    }
  const windows = carryOut ? base0 + 1 : base0;
  return { n, windows, bucketCount: half, signed: true, digits: carryOut ? digits : digits.subarray(0, base0 * n) };
}

/** The same signed recoding with BigInt shifts and masks (benchmark and cross-check). */
export function signedDigitsBigInt(scalars: readonly bigint[], bits: number, c: number): DigitTable {
  checkWindow(c);
  const n = scalars.length;
  const base0 = Math.max(1, Math.ceil(bits / c));
  const digits = new Int32Array((base0 + 1) * n);
  const cb = BigInt(c);
  const mask = (1n << cb) - 1n;
  const half = 1 << (c - 1);
  const full = 1 << c;
  let carryOut = false;
  for (let i = 0; i < n; i++) {
    let s = scalars[i];
    let carry = 0;
    for (let w = 0; w < base0; w++) {
      const v = Number(s & mask) + carry;
      s >>= cb;
      if (v > half) {
        digits[w * n + i] = v - full;
        carry = 1;
      } else {
        digits[w * n + i] = v;
        carry = 0;
      }
    }
    if (carry !== 0) {
      digits[base0 * n + i] = 1;
      carryOut = true;
    }
  }
  const windows = carryOut ? base0 + 1 : base0;
  return { n, windows, bucketCount: half, signed: true, digits: carryOut ? digits : digits.subarray(0, base0 * n) };
}
