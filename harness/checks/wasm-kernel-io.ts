/**
 * The operands and the memory of the WebAssembly kernel checks (wasm-kernels.ts): structured and
 * pseudo-random limb values from a seed, arrays laid out in a build's scratch area and converted in
 * bulk, the comparison of outputs as words, BigInt batch inversion, and the cross-build comparison.
 */
import { BLS_P } from '../../src/curve/index.js';
import { wasmAvailable, wasmField, WASM_BUILDS, type WasmBuild, type WasmField } from '../../src/optimized/wasm/backend.js';
import { align, ELEMENT_BYTES as E, LIMB_BITS, LIMBS, R_BITS, WORDS_BYTES } from '../../src/optimized/wasm/layout.js';
import { forgetLoadedPoints, scratchBase } from '../../src/optimized/wasm/msm.js';
import { expect } from './expect.js';

export const P = BLS_P;
export const R = 1n << BigInt(R_BITS);
const SHIFT = BigInt(LIMB_BITS);

export const mod = (x: bigint) => {
  const m = x % P;
  return m < 0n ? m + P : m;
};
function pow(b: bigint, e: bigint): bigint {
  let r = 1n;
  for (b = mod(b); e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
}
export const RINV = pow(R, P - 2n);
export const R2 = mod(R * R);
export const hex = (x: bigint) => `0x${x.toString(16)}`;

/** xorshift32 from a seed: replayable and cheap. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * Structured limb values (the kernels' own representation) below `bound`: near 0, near p and 2p,
 * R, R², R³ mod p and their negations, limb boundaries 2^30k and ± 1, all-ones limbs, one per
 * limb, alternating bits, a single top limb.
 */
function structured(bound: bigint): bigint[] {
  const v: bigint[] = [0n, 1n, 2n, 3n, 5n, 0x3fffffffn, P - 1n, P - 2n, P - 3n, P, P + 1n, 2n * P - 1n, 2n * P - 2n, (P - 1n) / 2n, (P + 1n) / 2n];
  for (const x of [R, R2, mod(R * R2)]) v.push(mod(x), P - mod(x), mod(x) + P);
  for (let k = 1n; k <= 12n; k++) v.push((1n << (30n * k)) - 1n, 1n << (30n * k), (1n << (30n * k)) + 1n, P - (1n << (30n * k)));
  let ones = 0n;
  let alt = 0n;
  for (let i = 0; i < LIMBS; i++) {
    ones = (ones << SHIFT) | 1n;
    alt = (alt << SHIFT) | (i % 2 ? 0x2aaaaaaan : 0x15555555n);
  }
  v.push(ones, alt, (1n << 360n) - 1n, P >> 1n, (P >> 360n) << 360n, ((P >> 360n) << 360n) - 1n);
  return [...new Set(v.filter((x) => x >= 0n && x < bound))];
}

/** Random-looking constants (fixed; the seed varies the multipliers) for cheap pseudo-random values. */
const C1 = 0x1d8a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819aabbccddeeff00112233445566778899aabbccddeeffn;
const C2 = 0x2f3e4d5c6b7a8998a7b6c5d4e3f201f2e3d4c5b6a79887766554433221100ffeeddccbbaa9988776655443322110n;

/** A pseudo-random value below `bound` whose limbs are all random-looking (three 53-bit draws times fixed 384-bit constants). */
function randomBelow(next: () => number, bound: bigint): bigint {
  const d = () => BigInt(next() * 2097152 + (next() >>> 11));
  return (d() * C1 + d() * C2 + d()) % bound;
}

/** n tuples of `arity` values below `bound`: every structured pair first (up to half), then structured and random mixed. */
export function operands(n: number, arity: number, bound: bigint, next: () => number): bigint[][] {
  const s = structured(bound);
  const out: bigint[][] = [];
  if (arity === 1) for (const a of s) out.push([a]);
  else for (const a of s) for (const b of s) out.push([a, b, ...Array.from({ length: arity - 2 }, () => randomBelow(next, bound))]);
  out.length = Math.min(out.length, Math.ceil(n / 2));
  while (out.length < n) {
    const k = out.length;
    const t = new Array<bigint>(arity);
    for (let j = 0; j < arity; j++) t[j] = (k + j) % 3 === 0 ? s[next() % s.length] : randomBelow(next, bound);
    out.push(t);
  }
  return out;
}

/**
 * Elements in a build's scratch area: `count` elements of E bytes (limbs) at `limbs`, and their
 * words (48 bytes each) at `words`, converted in bulk by the module.
 */
export interface Arr {
  limbs: number;
  words: number;
  count: number;
}

/**
 * Lays out arrays of the given element counts from the scratch base of F, after every loaded
 * point array is forgotten (so every build's scratch area starts at DATA: the same addresses):
 * every array's limbs first, then `extra` bytes for the kernel's other operands (at `end`), then
 * the arrays' words (read and written by this file only: the kernels' inputs are [base, end + extra)).
 */
export function layout(F: WasmField, counts: readonly number[], extra = 0): { arrs: Arr[]; end: number } {
  forgetLoadedPoints();
  let at = scratchBase(F);
  const limbs = counts.map((count) => {
    const l = at;
    at = align(at + count * E);
    return l;
  });
  const end = at;
  at = align(at + extra);
  const arrs = counts.map((count, i) => {
    const words = at;
    at = align(at + count * WORDS_BYTES);
    return { limbs: limbs[i], words, count };
  });
  F.ensure(at + 64);
  return { arrs, end };
}

/** Writes values (limb values, one element each) into `a` as words, then converts them to limbs in bulk. */
export function fill(F: WasmField, a: Arr, values: readonly bigint[]): void {
  for (let i = 0; i < values.length; i++) F.writeWords(a.words + i * WORDS_BYTES, values[i]);
  F.x.wordsToLimbs(values.length, a.words, a.limbs);
}

/** The limbs of `a` as values (converted to words in bulk). */
export function read(F: WasmField, a: Arr, n = a.count): bigint[] {
  F.x.limbsToWords(n, a.limbs, a.words);
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) out[i] = F.readWords(a.words + i * WORDS_BYTES);
  return out;
}

/**
 * The elements of `got` whose limbs differ from `want` (expected values, one element each),
 * compared as words in bulk: the expected values are written as words over the input words of
 * `scratch` (an array of at least as many elements), the output converted, the bytes compared.
 */
export function mismatches(F: WasmField, got: Arr, want: readonly bigint[], scratch: Arr): number[] {
  const n = want.length;
  for (let i = 0; i < n; i++) F.writeWords(scratch.words + i * WORDS_BYTES, want[i]);
  F.x.limbsToWords(n, got.limbs, got.words);
  const a = F.bytes.subarray(got.words, got.words + n * WORDS_BYTES);
  const b = F.bytes.subarray(scratch.words, scratch.words + n * WORDS_BYTES);
  const bad: number[] = [];
  if (Buffer.compare(a, b) === 0) return bad;
  for (let i = 0; i < n && bad.length < 3; i++)
    if (Buffer.compare(a.subarray(i * WORDS_BYTES, (i + 1) * WORDS_BYTES), b.subarray(i * WORDS_BYTES, (i + 1) * WORDS_BYTES)) !== 0) bad.push(i);
  return bad;
}

/** Montgomery's trick in BigInt: every non-zero value inverted mod p with one inversion; zeros stay zero. */
export function batchInvert(vs: readonly bigint[]): bigint[] {
  const pre = new Array<bigint>(vs.length);
  let acc = 1n;
  for (let i = 0; i < vs.length; i++) {
    pre[i] = acc;
    if (vs[i] !== 0n) acc = (acc * vs[i]) % P;
  }
  let inv = pow(acc, P - 2n);
  const out = new Array<bigint>(vs.length);
  for (let i = vs.length - 1; i >= 0; i--) {
    if (vs[i] === 0n) {
      out[i] = 0n;
      continue;
    }
    out[i] = (inv * pre[i]) % P;
    inv = (inv * vs[i]) % P;
  }
  return out;
}

/** The builds of the module that are there: the first is checked against BigInt, the others against its bytes. */
export function builds(): WasmField[] {
  return WASM_BUILDS.filter((b: WasmBuild) => wasmAvailable(b)).map((b) => wasmField(P, b));
}

/**
 * Runs `kernel` on the first build F over its input bytes [from, to); fails with the first
 * mismatches `judge` then finds (inputs and values in hex); then runs `kernel` in every other
 * build on the same input bytes, whose output bytes [outFrom, outTo) must be the first build's.
 */
export function verdict(
  what: string,
  first: WasmField,
  n: number,
  [from, to]: [number, number],
  [outFrom, outTo]: [number, number],
  kernel: (F: WasmField) => void,
  judge: () => string[]
): void {
  const input = first.bytes.slice(from, to);
  kernel(first);
  const want = first.bytes.slice(outFrom, outTo);
  const bad = judge();
  expect(bad, `${what} (${first.build} build): ${bad.length} of ${n} inputs wrong, first: ${bad.slice(0, 3).join(' | ')}`).toEqual([]);
  for (const F of builds().slice(1)) {
    expect(scratchBase(F), `${what}: the ${F.build} build's scratch area starts where the ${first.build} build's does`).toBe(scratchBase(first));
    F.ensure(first.bytes.length);
    F.bytes.set(input, from);
    kernel(F);
    const got = F.bytes.subarray(outFrom, outFrom + want.length);
    if (Buffer.compare(got, want) === 0) continue;
    const at = got.findIndex((b, i) => b !== want[i]);
    expect(at, `${what}: the ${F.build} build differs from the ${first.build} build at output byte ${at}`).toBe(-1);
  }
}

/**
 * Runs a bulk kernel on three thirds of n inputs (S bytes each): the first writes to O, the
 * second over its A inputs, the third over its B inputs (the in-place calls the point kernels
 * make); then gathers every output into O (the A and B inputs of the last two thirds are gone).
 */
export function inThirds(
  F: WasmField,
  n: number,
  S: number,
  A: Arr,
  B: Arr,
  O: Arr,
  kernel: (m: number, a: number, b: number, o: number, alias: number) => void
): void {
  const cut = [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n];
  for (let t = 0; t < 3; t++) {
    const m = cut[t + 1] - cut[t];
    kernel(m, A.limbs + cut[t] * S, B.limbs + cut[t] * S, O.limbs + cut[t] * S, t);
    if (t > 0) F.bytes.copyWithin(O.limbs + cut[t] * S, (t === 1 ? A : B).limbs + cut[t] * S, (t === 1 ? A : B).limbs + cut[t + 1] * S);
  }
}
