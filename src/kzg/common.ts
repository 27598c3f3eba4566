/**
 * What the EIP-4844 (eip4844.ts) and EIP-7594 (eip7594.ts) functions share: the sizes, the
 * evaluation domains, hashing to Fr, input decoding with errors naming the argument, and the
 * context of one createKzg instance (setup, MSM context, the fixed G1/G2 points of the pairings).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { badArgs } from './errors.js';
import { batchInv, bitReversalPermutation, bytesToFrVector, fftFr, inv, mul, pow, R, readWord, rootsOfUnity, sub } from './field.js';
import { G1P, G2P, type G1, type G2 } from './g1.js';
import type { MsmContext } from './msm.js';
import type { KzgSetup } from './setup.js';

export const FIELD_ELEMENTS_PER_BLOB = 4096;
export const FIELD_ELEMENTS_PER_EXT_BLOB = 8192;
export const FIELD_ELEMENTS_PER_CELL = 64;
export const CELLS_PER_EXT_BLOB = 128;
export const BYTES_PER_FIELD_ELEMENT = 32;
export const BYTES_PER_BLOB = FIELD_ELEMENTS_PER_BLOB * 32;
export const BYTES_PER_CELL = FIELD_ELEMENTS_PER_CELL * 32;
export const BYTES_PER_COMMITMENT = 48;
export const BYTES_PER_PROOF = 48;

export const ROOTS_BRP_4096 = bitReversalPermutation(rootsOfUnity(FIELD_ELEMENTS_PER_BLOB));
export const ROOTS_BRP_8192 = bitReversalPermutation(rootsOfUnity(FIELD_ELEMENTS_PER_EXT_BLOB));
export const ROOT_INDEX_4096 = new Map<bigint, number>(ROOTS_BRP_4096.map((w, i) => [w, i]));

/** One createKzg instance: its setup, its MSMs, and the points its pairings reuse. */
export interface KzgContext {
  setup: KzgSetup;
  msm: MsmContext;
  /** [1]₂ (noble's BASE when the setup's equals it: its cached tables make [z]₂ cheaper), [τ]₂, [τ⁶⁴]₂. */
  g2One: G2;
  g2Tau: G2;
  g2TauCell: G2;
  /** Negated once: noble caches a point's (costly) validity check per object. */
  negG2One: G2;
  negG2Tau: G2;
  g1One: G1;
  /** [τ^0..τ^63]₁: the fixed bases of the interpolation MSM (one array, so a prepared handle is reused). */
  monomialCell: G1[];
}

export function contextOf(setup: KzgSetup, msm: MsmContext): KzgContext {
  const g2One = setup.g2Monomial[0].equals(G2P.BASE) ? G2P.BASE : setup.g2Monomial[0];
  const g2Tau = setup.g2Monomial[1];
  return {
    setup,
    msm,
    g2One,
    g2Tau,
    g2TauCell: setup.g2Monomial[FIELD_ELEMENTS_PER_CELL],
    negG2One: g2One.negate(),
    negG2Tau: g2Tau.negate(),
    g1One: G1P.BASE,
    monomialCell: setup.g1Monomial.slice(0, FIELD_ELEMENTS_PER_CELL) as G1[],
  };
}

export function hashToField(data: Uint8Array): bigint {
  return readWord(sha256(data), 0) % R;
}

export function asList<T>(v: unknown, name: string): T[] {
  if (!Array.isArray(v)) throw badArgs(`${name} must be an array`);
  // a hole would be skipped by map/forEach: refused here, before any element is read
  for (let i = 0; i < v.length; i++) if (!(i in v)) throw badArgs(`${name}[${i}] is missing (the array has a hole)`);
  return v as T[];
}

export function blobToPoly(blob: unknown, name = 'blob'): bigint[] {
  return bytesToFrVector(blob, FIELD_ELEMENTS_PER_BLOB, name);
}

export function cellToEvals(cell: unknown, name: string): bigint[] {
  return bytesToFrVector(cell, FIELD_ELEMENTS_PER_CELL, name);
}

export function toIndex(v: unknown, name: string, bound: number): number {
  let n: number;
  if (typeof v === 'number' && Number.isInteger(v)) n = v;
  else if (typeof v === 'bigint') n = v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= 0n ? Number(v) : -1;
  else throw badArgs(`${name} must be an integer in [0, ${bound}), got ${typeof v === 'number' ? v : typeof v}`);
  if (n < 0 || n >= bound) throw badArgs(`${name} must be in [0, ${bound}), got ${String(v)}`);
  return n;
}

/** Barycentric evaluation of a blob polynomial (evaluations over the brp 4096 domain) at z. */
export function evaluateInEvalForm(poly: readonly bigint[], z: bigint): bigint {
  const at = ROOT_INDEX_4096.get(z);
  if (at !== undefined) return poly[at];
  const n = FIELD_ELEMENTS_PER_BLOB;
  const denoms = new Array<bigint>(n);
  for (let i = 0; i < n; i++) denoms[i] = sub(z, ROOTS_BRP_4096[i]);
  const invs = batchInv(denoms);
  let acc = 0n;
  for (let i = 0; i < n; i++) acc = (acc + ((poly[i] * ROOTS_BRP_4096[i]) % R) * invs[i]) % R;
  const factor = mul(sub(pow(z, BigInt(n)), 1n), inv(BigInt(n)));
  return mul(acc, factor);
}

/** Blob evaluations (brp order) → the 4096 monomial coefficients. */
export function polyEvalToCoeff(poly: readonly bigint[]): bigint[] {
  return fftFr(bitReversalPermutation(poly), true);
}
