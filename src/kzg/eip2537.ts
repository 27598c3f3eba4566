/**
 * EIP-2537 BLS12_G1MSM / BLS12_G2MSM: the precompile's byte decoding layer and the MSM through
 * the engine. Encoding (final EIP): an Fp element is 64 bytes big-endian with the top 16 bytes
 * zero and value < p; G1 = x‖y (128 B), G2 = x‖y with Fp2 = c0‖c1 (256 B); all-zero = identity;
 * every other point must be on the curve and in the r-order subgroup; a scalar is 32 bytes,
 * any value, reduced mod r here (the engine's `msm` only takes scalars < r). Input is k ≥ 1
 * concatenated (point, scalar) pairs. Every malformed input throws Eip2537Error.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { msm, type GatesOption } from '../optimized/index.js';
import { bytesToHex, isBytes, R } from './field.js';
import { G1P, G2P, type G1, type G2 } from './g1.js';

/** Which EIP-2537 error condition an input violates. */
export type Eip2537Reason = 'LENGTH' | 'TOP_BYTES' | 'FP_RANGE' | 'NOT_ON_CURVE' | 'NOT_IN_SUBGROUP' | 'TYPE';

export class Eip2537Error extends Error {
  readonly code = 'EIP2537_INVALID' as const;
  readonly reason: Eip2537Reason;
  constructor(reason: Eip2537Reason, message: string) {
    super(message);
    this.name = 'Eip2537Error';
    this.reason = reason;
  }
}

const P = bls12_381.fields.Fp.ORDER;
const G1_PAIR = 160;
const G2_PAIR = 288;

function fp(b: Uint8Array, off: number, what: string): bigint {
  for (let i = 0; i < 16; i++) if (b[off + i] !== 0) throw new Eip2537Error('TOP_BYTES', `${what}: the top 16 bytes of a 64-byte field element must be zero`);
  const v = BigInt('0x' + bytesToHex(b, off + 16, off + 64));
  if (v >= P) throw new Eip2537Error('FP_RANGE', `${what}: field element is not canonical (>= p)`);
  return v;
}

function allZero(b: Uint8Array, off: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (b[off + i] !== 0) return false;
  return true;
}

/** Subgroup check of a point already known to be on the curve. */
function checkSubgroup<T extends { isTorsionFree(): boolean }>(p: T, what: string): T {
  if (!p.isTorsionFree()) throw new Eip2537Error('NOT_IN_SUBGROUP', `${what}: point is not in the r-order subgroup`);
  return p;
}

export function decodeG1(b: Uint8Array, off: number, what: string): G1 {
  if (allZero(b, off, 128)) return G1P.ZERO;
  const x = fp(b, off, `${what}.x`);
  const y = fp(b, off + 64, `${what}.y`);
  const Fp = bls12_381.fields.Fp;
  if (!Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), 4n))) throw new Eip2537Error('NOT_ON_CURVE', `${what}: point is not on the curve`);
  return checkSubgroup(G1P.fromAffine({ x, y }), what);
}

export function decodeG2(b: Uint8Array, off: number, what: string): G2 {
  if (allZero(b, off, 256)) return G2P.ZERO;
  const Fp2 = bls12_381.fields.Fp2;
  const x = Fp2.fromBigTuple([fp(b, off, `${what}.x.c0`), fp(b, off + 64, `${what}.x.c1`)]);
  const y = Fp2.fromBigTuple([fp(b, off + 128, `${what}.y.c0`), fp(b, off + 192, `${what}.y.c1`)]);
  const b2 = Fp2.fromBigTuple([4n, 4n]);
  if (!Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), b2))) throw new Eip2537Error('NOT_ON_CURVE', `${what}: point is not on the curve`);
  return checkSubgroup(G2P.fromAffine({ x, y }), what);
}

function scalar(b: Uint8Array, off: number): bigint {
  return BigInt('0x' + bytesToHex(b, off, off + 32)) % R;
}

function split(input: Uint8Array, pair: number, name: string): number {
  if (!isBytes(input)) throw new Eip2537Error('TYPE', `${name} input must be a Uint8Array`);
  if (input.length === 0) throw new Eip2537Error('LENGTH', `${name}: empty input (k must be >= 1)`);
  if (input.length % pair !== 0) throw new Eip2537Error('LENGTH', `${name}: input length ${input.length} is not a multiple of ${pair}`);
  return input.length / pair;
}

export function decodeG1MsmInput(input: Uint8Array): { points: G1[]; scalars: bigint[] } {
  const k = split(input, G1_PAIR, 'G1MSM');
  const points: G1[] = [];
  const scalars: bigint[] = [];
  for (let i = 0; i < k; i++) {
    points.push(decodeG1(input, i * G1_PAIR, `pair ${i} point`));
    scalars.push(scalar(input, i * G1_PAIR + 128));
  }
  return { points, scalars };
}

export function decodeG2MsmInput(input: Uint8Array): { points: G2[]; scalars: bigint[] } {
  const k = split(input, G2_PAIR, 'G2MSM');
  const points: G2[] = [];
  const scalars: bigint[] = [];
  for (let i = 0; i < k; i++) {
    points.push(decodeG2(input, i * G2_PAIR, `pair ${i} point`));
    scalars.push(scalar(input, i * G2_PAIR + 256));
  }
  return { points, scalars };
}

function fpBytes(v: bigint, out: Uint8Array, off: number): void {
  const h = v.toString(16).padStart(96, '0');
  for (let i = 0; i < 48; i++) out[off + 16 + i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
}

export function encodeG1(p: G1): Uint8Array {
  const out = new Uint8Array(128);
  if (p.is0()) return out;
  const a = p.toAffine();
  fpBytes(a.x, out, 0);
  fpBytes(a.y, out, 64);
  return out;
}

export function encodeG2(p: G2): Uint8Array {
  const out = new Uint8Array(256);
  if (p.is0()) return out;
  const a = p.toAffine();
  fpBytes(a.x.c0, out, 0);
  fpBytes(a.x.c1, out, 64);
  fpBytes(a.y.c0, out, 128);
  fpBytes(a.y.c1, out, 192);
  return out;
}

/** BLS12_G1MSM: decode, MSM through the engine with `gates`, encode. */
export function eip2537G1Msm(input: Uint8Array, gates?: GatesOption): Uint8Array {
  const { points, scalars } = decodeG1MsmInput(input);
  return encodeG1(msm(points, scalars, { gates, curve: 'bls12-381-g1' }));
}

/** BLS12_G2MSM: decode, MSM through the engine (G2 over Fp2) with `gates`, encode. */
export function eip2537G2Msm(input: Uint8Array, gates?: GatesOption): Uint8Array {
  const { points, scalars } = decodeG2MsmInput(input);
  return encodeG2(msm(points, scalars, { gates, curve: 'bls12-381-g2' }));
}
