/**
 * The EIP-2537 MSM codec (precompiles BLS12_G1MSM 0x0c and BLS12_G2MSM 0x0e), the encoding every
 * target speaks, and the one expected-answer function of the target checks (`referenceAnswer`).
 *
 * Encoding (EIP-2537):
 *  - Fp element: 64 bytes = 16 zero bytes ‖ 48-byte big-endian integer, which must be < p.
 *  - Fp2 element c0 + c1·v: encoding of c0 ‖ encoding of c1 (128 bytes).
 *  - G1 point: x ‖ y (128 bytes); G2 point: x ‖ y with Fp2 coordinates (256 bytes). The point at
 *    infinity is all zeros ((0, 0) is not on either curve, so this is unambiguous).
 *  - scalar: 32-byte big-endian integer, any value < 2^256 (NOT required to be < r).
 *  - MSM input: k items of point ‖ scalar (G1: 160 bytes, G2: 288 bytes), k ≥ 1.
 *  - output: one encoded point (128 / 256 bytes).
 * The precompile fails (here: `{ error }`) when the length is 0 or not a multiple of the item
 * size, a padding byte is nonzero, a coordinate is ≥ p, a point is not on the curve, or a point is
 * not in the prime-order subgroup (MSM inputs are subgroup-checked, unlike the ADD precompiles).
 *
 * This codec is deliberately independent of the library's (src/kzg/eip2537.ts): that one is under
 * test through the `engine` target, this one is the oracle it is judged by.
 *
 * Arithmetic and checks use @noble/curves (field validity, the curve equation over its Fp / Fp2,
 * its fast `isTorsionFree` subgroup check); the reference sum is this project's `referenceMsm`.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { G1, G2, referenceMsm, type AnyCurve } from '../../src/index.js';
import { oracle } from '../oracle.js';
import type { Group, TargetReply } from './target.js';

export const GROUPS: readonly Group[] = ['g1', 'g2'];

const Fp = bls12_381.fields.Fp;
const Fp2 = bls12_381.fields.Fp2;
/** The base-field modulus p and the group order r. */
export const P_MOD: bigint = Fp.ORDER;
export const R_ORDER: bigint = bls12_381.G1.Point.Fn.ORDER;

/** Bytes of one encoded point, one (point, scalar) item, and one scalar. */
export const POINT_SIZE: Readonly<Record<Group, number>> = Object.freeze({ g1: 128, g2: 256 });
export const ITEM_SIZE: Readonly<Record<Group, number>> = Object.freeze({ g1: 160, g2: 288 });
export const SCALAR_SIZE = 32;
const FP_SIZE = 64;
const PAD = 16;

export function curveOfGroup(group: Group): AnyCurve {
  checkGroup(group);
  return group === 'g1' ? G1 : G2;
}

function checkGroup(group: unknown): asserts group is Group {
  if (group !== 'g1' && group !== 'g2') throw new RangeError(`group must be 'g1' or 'g2', got ${JSON.stringify(group)}`);
}

function checkBytes(what: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
}

// ---------------------------------------------------------------------------------------------
// Hex.

export function toHex(bytes: Uint8Array): string {
  checkBytes('toHex: bytes', bytes);
  return bytesToHex(bytes);
}

/** Lower- or upper-case hex, even length, optional 0x; anything else is a RangeError quoting it. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError(`fromHex: expected a string, got ${typeof hex}`);
  const h = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) {
    const shown = hex.length > 40 ? `${hex.slice(0, 40)}… (${hex.length} chars)` : hex;
    throw new RangeError(`fromHex: not an even-length hex string: "${shown}"`);
  }
  return hexToBytes(h);
}

// ---------------------------------------------------------------------------------------------
// Encoding.

/** Writes an Fp element (< p) at `at`: 16 zero bytes of padding (left as they are), then 48 bytes big-endian. */
export function writeFp(out: Uint8Array, at: number, v: bigint): void {
  out.set(Fp.toBytes(v), at + PAD);
}

/** noble's point class, coordinate field (Fp / Fp2) and curve constant b (y² = x³ + b) of each group. */
export const NOBLE: Readonly<Record<Group, { Point: any; F: any; b: any }>> = {
  g1: { Point: bls12_381.G1.Point, F: Fp, b: 4n },
  g2: { Point: bls12_381.G2.Point, F: Fp2, b: Fp2.fromBigTuple([4n, 4n]) },
};

/** x³ + b: what y² is for a point of the group's curve with abscissa x. */
export function curveRhs(group: Group, x: any): any {
  const { F, b } = NOBLE[group];
  return F.add(F.mul(F.sqr(x), x), b);
}

/** Flattened coordinates (flatCoords) back to an affine pair over the group's field. */
export function affineOf(group: Group, c: readonly bigint[]): { x: any; y: any } {
  return group === 'g1' ? { x: c[0], y: c[1] } : { x: Fp2.fromBigTuple([c[0], c[1]]), y: Fp2.fromBigTuple([c[2], c[3]]) };
}

/** The names of a point's coordinates in encoding order. */
export const COORD_NAMES: Readonly<Record<Group, readonly string[]>> = { g1: ['x', 'y'], g2: ['x.c0', 'x.c1', 'y.c0', 'y.c1'] };

/** The affine coordinates of a point of `group`, flattened: x, y (G1) or x.c0, x.c1, y.c0, y.c1 (G2). */
export function flatCoords(group: Group, { x, y }: { x: any; y: any }): bigint[] {
  return group === 'g1' ? [x, y] : [x.c0, x.c1, y.c0, y.c1];
}

/** The EIP-2537 encoding of a point of the group: 128 bytes (G1) or 256 (G2: x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1), all zeros for infinity. */
export function encodePoint(group: Group, point: unknown): Uint8Array {
  const G = String(group).toUpperCase();
  if (!curveOfGroup(group).isPoint(point)) throw new TypeError(`encode${G}: expected a BLS12-381 ${G} point`);
  const out = new Uint8Array(POINT_SIZE[group]);
  if (point.is0()) return out;
  flatCoords(group, point.toAffine()).forEach((v, i) => writeFp(out, i * FP_SIZE, v));
  return out;
}

export const encodeG1 = (point: unknown): Uint8Array => encodePoint('g1', point);
export const encodeG2 = (point: unknown): Uint8Array => encodePoint('g2', point);

const TWO_256 = 1n << 256n;
const TWO_384 = 1n << 384n;

/**
 * Raw coordinates as EIP-2537 field elements (16 zero bytes ‖ 48-byte big-endian each), with no
 * check that they are < p or form a point: how tests and the arbitraries build invalid inputs.
 */
export function encodeCoordinates(coords: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(FP_SIZE * coords.length);
  coords.forEach((v, i) => {
    if (typeof v !== 'bigint' || v < 0n || v >= TWO_384)
      throw new RangeError(`encodeCoordinates: coords[${i}] must be a bigint in [0, 2^384), got ${String(v)}`);
    out.set(hexToBytes(v.toString(16).padStart(96, '0')), i * FP_SIZE + PAD);
  });
  return out;
}

/** The 32-byte big-endian encoding of a scalar in [0, 2^256). */
export function encodeScalar(s: bigint): Uint8Array {
  if (typeof s !== 'bigint') throw new TypeError(`encodeScalar: expected a bigint, got ${typeof s}`);
  if (s < 0n || s >= TWO_256) throw new RangeError(`encodeScalar: expected 0 <= s < 2^256, got 0x${s.toString(16)}`);
  return hexToBytes(s.toString(16).padStart(64, '0'));
}

/**
 * The EIP-2537 MSM input for k points and scalars (scalars unreduced: any value < 2^256). k = 0
 * gives the empty input, which the precompile rejects — encoded anyway so the invalid classes can
 * be built; points must be valid curve points of the group (invalid ones are built from bytes).
 */
export function encodeMsmInput(group: Group, points: readonly unknown[], scalars: readonly bigint[]): Uint8Array {
  checkGroup(group);
  if (!Array.isArray(points)) throw new TypeError('encodeMsmInput: points must be an Array');
  if (!Array.isArray(scalars)) throw new TypeError('encodeMsmInput: scalars must be an Array');
  if (points.length !== scalars.length)
    throw new RangeError(`encodeMsmInput: points and scalars must have the same length: points.length = ${points.length}, scalars.length = ${scalars.length}`);
  const item = ITEM_SIZE[group];
  const out = new Uint8Array(item * points.length);
  for (let i = 0; i < points.length; i++) {
    let p: Uint8Array;
    let s: Uint8Array;
    try {
      p = encodePoint(group, points[i]);
      s = encodeScalar(scalars[i]);
    } catch (e) {
      const E = e instanceof TypeError ? TypeError : RangeError;
      throw new E(`encodeMsmInput: item ${i}: ${(e as Error).message}`);
    }
    out.set(p, i * item);
    out.set(s, i * item + POINT_SIZE[group]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding.

type Decoded<T> = { value: T } | { error: string };

/** The big-endian integer of bytes[at, at + len). */
export function readBig(bytes: Uint8Array, at: number, len: number): bigint {
  let v = 0n;
  for (let i = at; i < at + len; i++) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** One 64-byte Fp element at `at`: padding zero, value < p. */
function readFp(bytes: Uint8Array, at: number, name: string): Decoded<bigint> {
  for (let i = at; i < at + PAD; i++)
    if (bytes[i] !== 0)
      return { error: `${name}: nonzero padding byte 0x${bytes[i].toString(16).padStart(2, '0')} at offset ${i - at} of the 16-byte padding` };
  const v = readBig(bytes, at + PAD, FP_SIZE - PAD);
  if (v >= P_MOD) return { error: `${name} is not < p (coordinate ≥ field modulus)` };
  return { value: v };
}

/** The point encoded at `at` (128 / 256 bytes) with every EIP-2537 check; `subgroup` false skips the subgroup check. */
function readPoint(group: Group, bytes: Uint8Array, at: number, subgroup: boolean): Decoded<any> {
  const names = COORD_NAMES[group];
  const c: bigint[] = [];
  for (let j = 0; j < names.length; j++) {
    const r = readFp(bytes, at + j * FP_SIZE, names[j]);
    if ('error' in r) return r;
    c.push(r.value);
  }
  if (c.every((v) => v === 0n)) return { value: curveOfGroup(group).ZERO };
  const { x, y } = affineOf(group, c);
  const { F, Point } = NOBLE[group];
  if (!F.eql(F.sqr(y), curveRhs(group, x))) return { error: 'point is not on the curve' };
  const point = Point.fromAffine({ x, y });
  if (subgroup) {
    // on the curve already, so noble's assertValidity fails only on its subgroup check; it
    // caches success on the point object, which spares later encoders (toBytes) a second check
    try {
      point.assertValidity();
    } catch {
      return { error: 'point is on the curve but not in the prime-order subgroup' };
    }
  }
  return { value: point };
}

export interface MsmInput {
  points: any[];
  /** As encoded: 0 ≤ s < 2^256, not reduced mod r. */
  scalars: bigint[];
}

/**
 * Decodes an EIP-2537 MSM input with every check of the precompile; `{ error }` names the item
 * index and what failed (the first failure in input order). Wrong argument types throw.
 */
export function decodeMsmInput(group: Group, bytes: Uint8Array): MsmInput | { error: string } {
  checkGroup(group);
  checkBytes('decodeMsmInput: bytes', bytes);
  // the same input is often decoded twice in a row (the expected answer, then a target that the
  // harness decodes for): the last result is kept, keyed by the full bytes (a copy)
  const last = lastDecode;
  if (last !== undefined && last.group === group && last.bytes.length === bytes.length && last.bytes.every((b, i) => b === bytes[i]))
    return copyDecoded(last.result);
  const result = decodeUncached(group, bytes);
  lastDecode = { group, bytes: bytes.slice(), result };
  return copyDecoded(result);
}

let lastDecode: { group: Group; bytes: Uint8Array; result: MsmInput | { error: string } } | undefined;

function copyDecoded(r: MsmInput | { error: string }): MsmInput | { error: string } {
  return 'error' in r ? { error: r.error } : { points: r.points.slice(), scalars: r.scalars.slice() };
}

function decodeUncached(group: Group, bytes: Uint8Array): MsmInput | { error: string } {
  const item = ITEM_SIZE[group];
  if (bytes.length === 0) return { error: 'empty input (k = 0)' };
  if (bytes.length % item !== 0)
    return {
      error: `input length ${bytes.length} is not a multiple of the ${group.toUpperCase()} item size ${item} (${POINT_SIZE[group]}-byte point + 32-byte scalar)`,
    };
  const k = bytes.length / item;
  const points: any[] = new Array(k);
  const scalars: bigint[] = new Array(k);
  for (let i = 0; i < k; i++) {
    const p = readPoint(group, bytes, i * item, true);
    if ('error' in p) return { error: `item ${i}: ${p.error}` };
    points[i] = p.value;
    scalars[i] = readBig(bytes, i * item + POINT_SIZE[group], SCALAR_SIZE);
  }
  return { points, scalars };
}

/**
 * Decodes a target's output (128 / 256 bytes) to a point: `{ error }` when the length is wrong,
 * padding is nonzero, a coordinate is ≥ p or the point is off the curve (no subgroup check: an
 * output is compared with the expected one, and a non-subgroup output is simply wrong).
 */
export function decodeOutput(group: Group, bytes: Uint8Array): { point: any } | { error: string } {
  checkGroup(group);
  checkBytes('decodeOutput: bytes', bytes);
  if (bytes.length !== POINT_SIZE[group]) return { error: `output is ${bytes.length} bytes, expected ${POINT_SIZE[group]} for ${group.toUpperCase()}` };
  const p = readPoint(group, bytes, 0, false);
  return 'error' in p ? { error: `output: ${p.error}` } : { point: p.value };
}

// ---------------------------------------------------------------------------------------------
// The expected answer.

/**
 * What a correct EIP-2537 MSM precompile answers for `input`: the encoded Σ sᵢ·Pᵢ, or the
 * rejection (with the decoder's message) for an invalid input.
 *
 * The sum is this project's reference MSM (src/reference, plain double-and-add) on scalars
 * reduced mod r. That is exactly the precompile's answer: every accepted point has passed the
 * subgroup check, so it has order dividing r and s·P = (s mod r)·P for any s < 2^256; the EIP
 * defines the result as the group sum, not as a bit-by-bit computation on the 256-bit scalar.
 */
export function referenceAnswer(group: Group, input: Uint8Array, hint: ReferenceHint = {}): TargetReply {
  const d = decodeMsmInput(group, input);
  if ('error' in d) return { kind: 'error', message: d.error };
  const curve = curveOfGroup(group);
  const scalars = d.scalars.map((s) => s % R_ORDER);
  const { logs } = hint;
  if (logs !== undefined && logs.length !== scalars.length)
    throw new RangeError(`referenceAnswer: hint.logs has ${logs.length} entries but the input has ${scalars.length} items`);
  const sum = logs !== undefined && scalars.length > REFERENCE_MAX_N ? oracle(curve, logs, scalars) : referenceMsm(d.points, scalars, curve);
  return { kind: 'output', output: encodePoint(group, sum) };
}

/** The largest MSM a target case has (the case generator's and the --max-n limit). */
export const TARGET_MAX_N = 65536;

/** Above this many points, a hint's logs give the answer through the discrete-log oracle. */
export const REFERENCE_MAX_N = 64;

export interface ReferenceHint {
  /**
   * Discrete logs of the input's points (Pᵢ = logs[i]·G), when the caller built them: above
   * REFERENCE_MAX_N points the sum is then (Σ logs[i]·sᵢ mod r)·G, the discrete-log oracle
   * (harness/oracle.ts), one scalar multiplication instead of n double-and-add loops. The input
   * is still decoded and checked in full.
   */
  logs?: readonly bigint[];
}

/** The protocol request line (without newline): `g1 <hex>` / `g2 <hex>`. */
export function requestLine(group: Group, input: Uint8Array): string {
  checkGroup(group);
  return `${group} ${toHex(input)}`;
}

/**
 * A protocol request line (`g1 <hex>` / `g2 <hex>`, as fuzz prints a shrunk failure) back to its
 * group and input bytes; anything else is a RangeError quoting it. The bytes are not checked
 * here (an invalid input is a valid request: the target must reject it).
 */
export function parseRequestLine(line: string): { group: Group; input: Uint8Array } {
  if (typeof line !== 'string') throw new TypeError(`parseRequestLine: expected a string, got ${typeof line}`);
  // the empty input (k = 0) prints as `g1 ` (or `g1` once trailing space is lost)
  const m = /^(g1|g2)(?: ([0-9a-fA-F]*))?$/.exec(line.replace(/\r?\n$/, ''));
  const hex = m?.[2] ?? '';
  if (!m || hex.length % 2 !== 0) {
    const shown = line.length > 60 ? `${line.slice(0, 60)}… (${line.length} chars)` : line;
    throw new RangeError(`not a request line "g1 <hex>" or "g2 <hex>" (even number of hex digits): "${shown}"`);
  }
  return { group: m[1] as Group, input: fromHex(hex) };
}
