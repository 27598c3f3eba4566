/**
 * Ethereum KZG (EIP-4844 blobs, EIP-7594 cells) on the gated MSM engine, with the c-kzg Node
 * binding's function names and byte conventions: Uint8Array in and out, booleans from the
 * verification functions, KzgError (code 'BADARGS') for malformed input.
 *
 * Every MSM goes through MsmContext (msm.ts) → the engine's `msm` with the caller's gates.
 * Pairings, point (de)compression and SHA-256 come from @noble/curves / @noble/hashes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { badArgs } from './errors.js';
import {
  bytesToHex,
  add,
  batchInv,
  bitReversalPermutation,
  bytesToFr,
  bytesToFrVector,
  challengePowers,
  concatBytes,
  cosetFftFr,
  fftFr,
  frToBytes,
  frVectorToBytes,
  inv,
  isBytes,
  mul,
  pow,
  PRIMITIVE_ROOT_OF_UNITY,
  R,
  readWord,
  reverseBits,
  rootsOfUnity,
  sub,
  u64be,
} from './field.js';
import { bytesToG1, g1ToBytes, G1P, G2P, pairingCheck, type G1 } from './g1.js';
import { fk20Proofs, fk20Table } from './fk20.js';
import { MsmContext } from './msm.js';
import { loadPackageSetup, loadTrustedSetupFile, type KzgSetup } from './setup.js';
import type { GatesOption } from '../optimized/index.js';

export const FIELD_ELEMENTS_PER_BLOB = 4096;
export const FIELD_ELEMENTS_PER_EXT_BLOB = 8192;
export const FIELD_ELEMENTS_PER_CELL = 64;
export const CELLS_PER_EXT_BLOB = 128;
export const BYTES_PER_FIELD_ELEMENT = 32;
export const BYTES_PER_BLOB = FIELD_ELEMENTS_PER_BLOB * 32;
export const BYTES_PER_CELL = FIELD_ELEMENTS_PER_CELL * 32;
export const BYTES_PER_COMMITMENT = 48;
export const BYTES_PER_PROOF = 48;

const enc = new TextEncoder();
const FIAT_SHAMIR_PROTOCOL_DOMAIN = enc.encode('FSBLOBVERIFY_V1_');
const RANDOM_CHALLENGE_KZG_BATCH_DOMAIN = enc.encode('RCKZGBATCH___V1_');
const RANDOM_CHALLENGE_KZG_CELL_BATCH_DOMAIN = enc.encode('RCKZGCBATCH__V1_');

export interface KzgOptions {
  /** A c-kzg trusted_setup.txt path, an already-loaded setup, or undefined for the mainnet package setup. */
  setup?: string | KzgSetup;
  /** Engine gates used for every MSM ('none', 'all', 'default' or a record). */
  gates?: GatesOption;
  /**
   * Build every precomputed table now instead of on first use (like c-kzg's
   * `loadTrustedSetup(precompute)`): the FK20 table (parsed or computed) and, when the fixedBase
   * gate is on, the fixed-base tables of the Lagrange bases (blobToKzgCommitment and the blob
   * proofs), of the 128 FK20 rows (computeCellsAndKzgProofs) and of [τ^0..τ^63]₁ (cell
   * verification). Its cost is `kzg.precomputeMs`. Default false: a table is built by the second
   * call that needs it (the first runs the plain path: a process that calls once never pays for
   * a table); results are the same either way.
   */
  precompute?: boolean;
  /**
   * Worker threads of the `…Async` functions (the engine's workers gate, step 11), an integer in
   * [1, 64]; default: the platform's hardware threads, at most 8.
   */
  threads?: number;
}

export interface Kzg {
  readonly setup: KzgSetup;
  readonly gates: GatesOption | undefined;
  /** Wall-clock ms that `createKzg` spent on `precompute: true` (0 without it). */
  readonly precomputeMs: number;
  blobToKzgCommitment(blob: Uint8Array): Uint8Array;
  /**
   * blobToKzgCommitment with its MSM split over the engine's worker pool (`options.threads`
   * threads; the Lagrange bases' fixed-base table is shared once with every worker): the same
   * bytes, the same errors (as a rejection). Close the pool with the engine's `closeWorkerPool()`
   * when done (idle workers never keep the process alive).
   */
  blobToKzgCommitmentAsync(blob: Uint8Array): Promise<Uint8Array>;
  computeKzgProof(blob: Uint8Array, z: Uint8Array): [Uint8Array, Uint8Array];
  computeBlobKzgProof(blob: Uint8Array, commitment: Uint8Array): Uint8Array;
  verifyKzgProof(commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean;
  verifyBlobKzgProof(blob: Uint8Array, commitment: Uint8Array, proof: Uint8Array): boolean;
  verifyBlobKzgProofBatch(blobs: Uint8Array[], commitments: Uint8Array[], proofs: Uint8Array[]): boolean;
  computeChallenge(blob: Uint8Array, commitment: Uint8Array): Uint8Array;
  /**
   * The random-linear-combination challenge r that verifyBlobKzgProofBatch uses for these
   * inputs (same code path; its coefficients are r⁰, r¹, …). Defined for 2 or more blobs
   * (a batch of one is verified without r).
   */
  computeVerifyBlobKzgProofBatchChallenge(blobs: Uint8Array[], commitments: Uint8Array[], proofs: Uint8Array[]): Uint8Array;
  computeCells(blob: Uint8Array): Uint8Array[];
  computeCellsAndKzgProofs(blob: Uint8Array): [Uint8Array[], Uint8Array[]];
  recoverCellsAndKzgProofs(cellIndices: readonly (number | bigint)[], cells: Uint8Array[]): [Uint8Array[], Uint8Array[]];
  verifyCellKzgProofBatch(commitments: Uint8Array[], cellIndices: readonly (number | bigint)[], cells: Uint8Array[], proofs: Uint8Array[]): boolean;
  computeVerifyCellKzgProofBatchChallenge(
    commitments: Uint8Array[],
    commitmentIndices: readonly (number | bigint)[],
    cellIndices: readonly (number | bigint)[],
    cells: Uint8Array[],
    proofs: Uint8Array[]
  ): Uint8Array;
}

// ---- domain constants ----
const ROOTS_BRP_4096 = bitReversalPermutation(rootsOfUnity(FIELD_ELEMENTS_PER_BLOB));
const ROOTS_BRP_8192 = bitReversalPermutation(rootsOfUnity(FIELD_ELEMENTS_PER_EXT_BLOB));
const ROOT_INDEX_4096 = new Map<bigint, number>(ROOTS_BRP_4096.map((w, i) => [w, i]));

function hashToField(data: Uint8Array): bigint {
  return readWord(sha256(data), 0) % R;
}

function asList<T>(v: unknown, name: string): T[] {
  if (!Array.isArray(v)) throw badArgs(`${name} must be an array`);
  return v as T[];
}

function blobToPoly(blob: unknown, name = 'blob'): bigint[] {
  return bytesToFrVector(blob, FIELD_ELEMENTS_PER_BLOB, name);
}

function cellToEvals(cell: unknown, name: string): bigint[] {
  return bytesToFrVector(cell, FIELD_ELEMENTS_PER_CELL, name);
}

function toIndex(v: unknown, name: string, bound: number): number {
  let n: number;
  if (typeof v === 'number' && Number.isInteger(v)) n = v;
  else if (typeof v === 'bigint') n = v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= 0n ? Number(v) : -1;
  else throw badArgs(`${name} must be an integer, got ${typeof v}`);
  if (n < 0 || n >= bound) throw badArgs(`${name} must be in [0, ${bound}), got ${String(v)}`);
  return n;
}

/** Barycentric evaluation of a blob polynomial (evaluations over the brp 4096 domain) at z. */
function evaluateInEvalForm(poly: readonly bigint[], z: bigint): bigint {
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
function polyEvalToCoeff(poly: readonly bigint[]): bigint[] {
  return fftFr(bitReversalPermutation(poly), true);
}

/** The 8192 evaluations of a ≤4096-coefficient polynomial in cell order (brp). */
function extendedEvals(coeffs: readonly bigint[]): bigint[] {
  const padded = coeffs.slice(0, FIELD_ELEMENTS_PER_BLOB);
  while (padded.length < FIELD_ELEMENTS_PER_EXT_BLOB) padded.push(0n);
  return bitReversalPermutation(fftFr(padded));
}

function evalsToCells(ext: readonly bigint[]): Uint8Array[] {
  const cells: Uint8Array[] = [];
  for (let i = 0; i < CELLS_PER_EXT_BLOB; i++) cells.push(frVectorToBytes(ext.slice(i * FIELD_ELEMENTS_PER_CELL, (i + 1) * FIELD_ELEMENTS_PER_CELL)));
  return cells;
}

function resolveSetup(s: KzgOptions['setup']): KzgSetup {
  if (s === undefined) return loadPackageSetup();
  if (typeof s === 'string') return loadTrustedSetupFile(s);
  if (s && typeof s === 'object' && Array.isArray((s as KzgSetup).g1LagrangeBrp)) return s;
  throw badArgs('options.setup must be a trusted_setup.txt path, a loaded setup, or undefined');
}

/**
 * Creates a KZG instance over the given setup (default: mainnet, from the npm package).
 * Variable time: public inputs only. Its MSMs and field code branch on the data (blobs, cells,
 * evaluation points), so timing reveals them: fine for Ethereum's public blobs, not for secrets.
 */
export function createKzg(options: KzgOptions = {}): Kzg {
  if (options.precompute !== undefined && typeof options.precompute !== 'boolean')
    throw badArgs(`options.precompute must be a boolean or undefined, got ${typeof options.precompute}`);
  const threads = options.threads;
  if (threads !== undefined && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 64))
    throw badArgs(`options.threads must be an integer in [1, 64] or undefined, got ${typeof threads === 'number' ? threads : typeof threads}`);
  const setup = resolveSetup(options.setup);
  const ctx = new MsmContext(options.gates);
  // [1]₂ of the setup is the standard generator; noble's BASE objects carry cached window
  // tables, which makes [z]₂ and [y]₁ several times cheaper than on an equal fresh point.
  const G2_ONE = setup.g2Monomial[0].equals(G2P.BASE) ? G2P.BASE : setup.g2Monomial[0];
  const G2_TAU = setup.g2Monomial[1];
  const G2_TAU_CELL = setup.g2Monomial[FIELD_ELEMENTS_PER_CELL];
  const G1_ONE = G1P.BASE;
  // Negated G2 points are made once: noble caches a point's (costly) validity check per object.
  const NEG_G2_ONE = G2_ONE.negate();
  const NEG_G2_TAU = G2_TAU.negate();
  /** [τ^0..τ^63]₁: the fixed bases of the interpolation MSM (one array, so a prepared handle is reused). */
  const MONOMIAL_CELL = setup.g1Monomial.slice(0, FIELD_ELEMENTS_PER_CELL) as G1[];

  const commitPoly = (poly: readonly bigint[]): G1 => ctx.fixed(setup.g1LagrangeBrp, poly);

  let precomputeMs = 0;
  if (options.precompute === true) {
    const t0 = performance.now();
    ctx.prepareFixed([setup.g1LagrangeBrp, ...fk20Table(setup), MONOMIAL_CELL]);
    precomputeMs = performance.now() - t0;
  }

  const challenge = (blob: Uint8Array, commitmentBytes: Uint8Array): bigint =>
    hashToField(concatBytes([FIAT_SHAMIR_PROTOCOL_DOMAIN, new Uint8Array(8), u64be(FIELD_ELEMENTS_PER_BLOB), blob, commitmentBytes]));

  /** [proof, y] for the blob polynomial at z. */
  function proofImpl(poly: readonly bigint[], z: bigint): [G1, bigint] {
    const y = evaluateInEvalForm(poly, z);
    const n = FIELD_ELEMENTS_PER_BLOB;
    const q = new Array<bigint>(n);
    const m = ROOT_INDEX_4096.get(z);
    const denoms: bigint[] = [];
    for (let i = 0; i < n; i++) if (i !== m) denoms.push(sub(ROOTS_BRP_4096[i], z));
    const invs = batchInv(denoms);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (i === m) continue;
      q[i] = mul(sub(poly[i], y), invs[k++]);
    }
    if (m !== undefined) {
      // q(z) for z = ω_m in the domain: Σ_{i≠m} (f_i − y)·ω_i / (z·(z − ω_i))
      const d2: bigint[] = [];
      for (let i = 0; i < n; i++) if (i !== m) d2.push(mul(z, sub(z, ROOTS_BRP_4096[i])));
      const inv2 = batchInv(d2);
      let acc = 0n;
      k = 0;
      for (let i = 0; i < n; i++) {
        if (i === m) continue;
        acc = add(acc, mul(mul(sub(poly[i], y), ROOTS_BRP_4096[i]), inv2[k++]));
      }
      q[m] = acc;
    }
    return [commitPoly(q), y];
  }

  function verifyImpl(c: G1, z: bigint, y: bigint, proof: G1): boolean {
    // e(C − [y]₁, [1]₂) = e(π, [τ − z]₂)
    const cMinusY = c.subtract(G1_ONE.multiplyUnsafe(y === 0n ? 0n : y));
    const tauMinusZ = G2_TAU.subtract(z === 0n ? G2P.ZERO : G2_ONE.multiplyUnsafe(z));
    return pairingCheck([
      { g1: cMinusY, g2: NEG_G2_ONE },
      { g1: proof, g2: tauMinusZ },
    ]);
  }

  function cellChallenge(
    commitments: readonly Uint8Array[],
    commitmentIndices: readonly number[],
    cellIndices: readonly number[],
    cells: readonly Uint8Array[],
    proofs: readonly Uint8Array[]
  ): bigint {
    const parts: Uint8Array[] = [
      RANDOM_CHALLENGE_KZG_CELL_BATCH_DOMAIN,
      u64be(FIELD_ELEMENTS_PER_BLOB),
      u64be(FIELD_ELEMENTS_PER_CELL),
      u64be(commitments.length),
      u64be(cellIndices.length),
      ...commitments,
    ];
    for (let k = 0; k < cellIndices.length; k++) parts.push(u64be(commitmentIndices[k]), u64be(cellIndices[k]), cells[k], proofs[k]);
    return hashToField(concatBytes(parts));
  }

  function computeCellsImpl(coeffs: readonly bigint[], withProofs: boolean): [Uint8Array[], Uint8Array[]] {
    const cells = evalsToCells(extendedEvals(coeffs));
    if (!withProofs) return [cells, []];
    const proofs = fk20Proofs(coeffs, setup, ctx).map(g1ToBytes);
    return [cells, proofs];
  }

  /**
   * The decoded inputs of a blob batch and its Fiat–Shamir values: zᵢ = challenge(blobᵢ, Cᵢ),
   * yᵢ = pᵢ(zᵢ) and, for n ≥ 2, r = H(domain, n, (Cᵢ, zᵢ, yᵢ, πᵢ)ᵢ). One code path for the
   * verifier and computeVerifyBlobKzgProofBatchChallenge, so the soundness properties attack
   * the challenge the verifier really uses.
   */
  function blobBatch(blobs: unknown, commitments: unknown, proofs: unknown) {
    const bl = asList<Uint8Array>(blobs, 'blobs');
    const cl = asList<Uint8Array>(commitments, 'commitments');
    const pl = asList<Uint8Array>(proofs, 'proofs');
    if (bl.length !== cl.length || bl.length !== pl.length)
      throw badArgs(`blobs, commitments and proofs must have the same length: got ${bl.length}, ${cl.length}, ${pl.length}`);
    const polys = bl.map((b, i) => blobToPoly(b, `blobs[${i}]`));
    const cs = cl.map((b, i) => bytesToG1(b, `commitments[${i}]`));
    const ps = pl.map((b, i) => bytesToG1(b, `proofs[${i}]`));
    const n = bl.length;
    const zs = bl.map((b, i) => challenge(b, cl[i]));
    const ys = polys.map((p, i) => evaluateInEvalForm(p, zs[i]));
    let r: bigint | undefined;
    if (n >= 2) {
      const data: Uint8Array[] = [RANDOM_CHALLENGE_KZG_BATCH_DOMAIN, u64be(FIELD_ELEMENTS_PER_BLOB), u64be(n)];
      for (let i = 0; i < n; i++) data.push(cl[i], frToBytes(zs[i]), frToBytes(ys[i]), pl[i]);
      r = hashToField(concatBytes(data));
    }
    return { n, cs, ps, zs, ys, r };
  }

  const kzg: Kzg = {
    setup,
    gates: options.gates,
    precomputeMs,

    blobToKzgCommitment(blob) {
      return g1ToBytes(commitPoly(blobToPoly(blob)));
    },

    async blobToKzgCommitmentAsync(blob) {
      return g1ToBytes(await ctx.fixedAsync(setup.g1LagrangeBrp, blobToPoly(blob), threads));
    },

    computeKzgProof(blob, zBytes) {
      const poly = blobToPoly(blob);
      const z = bytesToFr(zBytes, 'z');
      const [p, y] = proofImpl(poly, z);
      return [g1ToBytes(p), frToBytes(y)];
    },

    computeBlobKzgProof(blob, commitment) {
      const poly = blobToPoly(blob);
      bytesToG1(commitment, 'commitment');
      const z = challenge(blob, commitment);
      return g1ToBytes(proofImpl(poly, z)[0]);
    },

    verifyKzgProof(commitment, zBytes, yBytes, proofBytes) {
      const c = bytesToG1(commitment, 'commitment');
      const z = bytesToFr(zBytes, 'z');
      const y = bytesToFr(yBytes, 'y');
      const p = bytesToG1(proofBytes, 'proof');
      return verifyImpl(c, z, y, p);
    },

    verifyBlobKzgProof(blob, commitment, proofBytes) {
      const poly = blobToPoly(blob);
      const c = bytesToG1(commitment, 'commitment');
      const p = bytesToG1(proofBytes, 'proof');
      const z = challenge(blob, commitment);
      return verifyImpl(c, z, evaluateInEvalForm(poly, z), p);
    },

    verifyBlobKzgProofBatch(blobs, commitments, proofs) {
      const { n, cs, ps, zs, ys, r } = blobBatch(blobs, commitments, proofs);
      if (n === 0) return true;
      if (n === 1) return verifyImpl(cs[0], zs[0], ys[0], ps[0]);
      const rp = challengePowers(r!, n);
      // e(Σ rⁱπᵢ, −[τ]₂) · e(Σ rⁱCᵢ + Σ rⁱzᵢπᵢ − [Σ rⁱyᵢ]₁, [1]₂) = 1
      const proofLin = ctx.any(ps, rp);
      const right = ctx.any([...cs, ...ps], [...rp, ...rp.map((x, i) => mul(x, zs[i]))]);
      let ySum = 0n;
      for (let i = 0; i < n; i++) ySum = add(ySum, mul(rp[i], ys[i]));
      const rhs = ySum === 0n ? right : right.subtract(G1_ONE.multiplyUnsafe(ySum));
      return pairingCheck([
        { g1: proofLin, g2: NEG_G2_TAU },
        { g1: rhs, g2: G2_ONE },
      ]);
    },

    computeVerifyBlobKzgProofBatchChallenge(blobs, commitments, proofs) {
      const { n, r } = blobBatch(blobs, commitments, proofs);
      if (r === undefined) throw badArgs(`blobs: the batch challenge is defined for 2 or more blobs, got ${n}`);
      return frToBytes(r);
    },

    computeChallenge(blob, commitment) {
      blobToPoly(blob);
      bytesToG1(commitment, 'commitment');
      return frToBytes(challenge(blob, commitment));
    },

    computeCells(blob) {
      return computeCellsImpl(polyEvalToCoeff(blobToPoly(blob)), false)[0];
    },

    computeCellsAndKzgProofs(blob) {
      return computeCellsImpl(polyEvalToCoeff(blobToPoly(blob)), true);
    },

    recoverCellsAndKzgProofs(cellIndicesIn, cellsIn) {
      const idxList = asList<unknown>(cellIndicesIn, 'cellIndices');
      const cellList = asList<unknown>(cellsIn, 'cells');
      if (idxList.length !== cellList.length) throw badArgs(`cellIndices and cells must have the same length: got ${idxList.length} and ${cellList.length}`);
      if (idxList.length < CELLS_PER_EXT_BLOB / 2 || idxList.length > CELLS_PER_EXT_BLOB)
        throw badArgs(`cells: need between ${CELLS_PER_EXT_BLOB / 2} and ${CELLS_PER_EXT_BLOB} cells to recover, got ${idxList.length}`);
      const idx = idxList.map((v, i) => toIndex(v, `cellIndices[${i}]`, CELLS_PER_EXT_BLOB));
      for (let i = 1; i < idx.length; i++) {
        if (idx[i] === idx[i - 1]) throw badArgs(`cellIndices[${i}]: duplicate cell index ${idx[i]}`);
        if (idx[i] < idx[i - 1]) throw badArgs(`cellIndices[${i}]: cell indices must be strictly ascending (${idx[i - 1]} then ${idx[i]})`);
      }
      const evals = cellList.map((c, i) => cellToEvals(c, `cells[${i}]`));
      // E: extended evaluations in cell (brp) order, zero where missing.
      const extRbo = new Array<bigint>(FIELD_ELEMENTS_PER_EXT_BLOB).fill(0n);
      const present = new Array<boolean>(CELLS_PER_EXT_BLOB).fill(false);
      idx.forEach((ci, k) => {
        present[ci] = true;
        for (let j = 0; j < FIELD_ELEMENTS_PER_CELL; j++) extRbo[ci * FIELD_ELEMENTS_PER_CELL + j] = evals[k][j];
      });
      const ext = bitReversalPermutation(extRbo);
      // Vanishing polynomial of the missing cells: short poly over 128th roots, strided by 64.
      const roots128 = rootsOfUnity(CELLS_PER_EXT_BLOB);
      let short: bigint[] = [1n];
      for (let ci = 0; ci < CELLS_PER_EXT_BLOB; ci++) {
        if (present[ci]) continue;
        const root = roots128[reverseBits(ci, 7)];
        const next = new Array<bigint>(short.length + 1).fill(0n);
        for (let t = 0; t < short.length; t++) {
          next[t + 1] = add(next[t + 1], short[t]);
          next[t] = sub(next[t], mul(short[t], root));
        }
        short = next;
      }
      const zeroCoeff = new Array<bigint>(FIELD_ELEMENTS_PER_EXT_BLOB).fill(0n);
      short.forEach((c, t) => (zeroCoeff[t * FIELD_ELEMENTS_PER_CELL] = c));
      const zeroEval = fftFr(zeroCoeff);
      const ez = ext.map((e, i) => mul(e, zeroEval[i]));
      const ezCoeff = fftFr(ez, true);
      const shift = PRIMITIVE_ROOT_OF_UNITY;
      const ezCoset = cosetFftFr(ezCoeff, shift);
      const zCoset = cosetFftFr(zeroCoeff, shift);
      const zInv = batchInv(zCoset);
      const quot = ezCoset.map((v, i) => mul(v, zInv[i]));
      const coeffs = cosetFftFr(quot, shift, true).slice(0, FIELD_ELEMENTS_PER_BLOB);
      return computeCellsImpl(coeffs, true);
    },

    verifyCellKzgProofBatch(commitmentsIn, cellIndicesIn, cellsIn, proofsIn) {
      const cl = asList<Uint8Array>(commitmentsIn, 'commitments');
      const il = asList<unknown>(cellIndicesIn, 'cellIndices');
      const cel = asList<Uint8Array>(cellsIn, 'cells');
      const pl = asList<Uint8Array>(proofsIn, 'proofs');
      if (cl.length !== il.length || cl.length !== cel.length || cl.length !== pl.length)
        throw badArgs(`commitments, cellIndices, cells and proofs must have the same length: got ${cl.length}, ${il.length}, ${cel.length}, ${pl.length}`);
      const n = cl.length;
      const cellIdx = il.map((v, i) => toIndex(v, `cellIndices[${i}]`, CELLS_PER_EXT_BLOB));
      const evals = cel.map((c, i) => cellToEvals(c, `cells[${i}]`));
      const commitPts = cl.map((b, i) => bytesToG1(b, `commitments[${i}]`));
      const proofPts = pl.map((b, i) => bytesToG1(b, `proofs[${i}]`));
      if (n === 0) return true;
      // Deduplicate commitments by bytes.
      const uniq: Uint8Array[] = [];
      const uniqPts: G1[] = [];
      const seen = new Map<string, number>();
      const commitmentIndices = cl.map((b, i) => {
        const key = bytesToHex(b);
        let j = seen.get(key);
        if (j === undefined) {
          j = uniq.length;
          seen.set(key, j);
          uniq.push(b);
          uniqPts.push(commitPts[i]);
        }
        return j;
      });
      const r = cellChallenge(uniq, commitmentIndices, cellIdx, cel, pl);
      const rp = challengePowers(r, n);
      // LL = Σ r^k π_k
      const ll = ctx.any(proofPts, rp);
      // RLC = Σ_i w_i C_i
      const weights = new Array<bigint>(uniq.length).fill(0n);
      commitmentIndices.forEach((i, k) => (weights[i] = add(weights[i], rp[k])));
      const rlc = ctx.any(uniqPts, weights);
      // RLI = [Σ_k r^k I_k(τ)]₁, I_k interpolating cell k over its coset h_k·⟨ω₆₄⟩ (brp order).
      const sumInterp = new Array<bigint>(FIELD_ELEMENTS_PER_CELL).fill(0n);
      for (let k = 0; k < n; k++) {
        const h = ROOTS_BRP_8192[FIELD_ELEMENTS_PER_CELL * cellIdx[k]];
        const c = fftFr(bitReversalPermutation(evals[k]), true); // coefficients of I_k(h·X)
        const hInv = inv(h);
        let s = rp[k];
        for (let t = 0; t < FIELD_ELEMENTS_PER_CELL; t++) {
          sumInterp[t] = add(sumInterp[t], mul(c[t], s));
          s = mul(s, hInv);
        }
      }
      const rli = ctx.fixed(MONOMIAL_CELL, sumInterp);
      // RLP = Σ r^k h_k^64 π_k
      const wrp = cellIdx.map((ci, k) => mul(rp[k], pow(ROOTS_BRP_8192[FIELD_ELEMENTS_PER_CELL * ci], BigInt(FIELD_ELEMENTS_PER_CELL))));
      const rlp = ctx.any(proofPts, wrp);
      const rl = rlc.subtract(rli).add(rlp);
      return pairingCheck([
        { g1: ll, g2: G2_TAU_CELL },
        { g1: rl, g2: NEG_G2_ONE },
      ]);
    },

    computeVerifyCellKzgProofBatchChallenge(commitmentsIn, commitmentIndicesIn, cellIndicesIn, cellsIn, proofsIn) {
      const cl = asList<Uint8Array>(commitmentsIn, 'commitments');
      const cil = asList<unknown>(commitmentIndicesIn, 'commitmentIndices');
      const il = asList<unknown>(cellIndicesIn, 'cellIndices');
      const cel = asList<Uint8Array>(cellsIn, 'cells');
      const pl = asList<Uint8Array>(proofsIn, 'proofs');
      if (cil.length !== il.length || il.length !== cel.length || il.length !== pl.length)
        throw badArgs(`commitmentIndices, cellIndices, cells and proofs must have the same length`);
      cl.forEach((b, i) => bytesToG1(b, `commitments[${i}]`));
      const ci = cil.map((v, i) => toIndex(v, `commitmentIndices[${i}]`, Math.max(cl.length, 0)));
      const idx = il.map((v, i) => toIndex(v, `cellIndices[${i}]`, CELLS_PER_EXT_BLOB));
      cel.forEach((c, i) => cellToEvals(c, `cells[${i}]`));
      pl.forEach((b, i) => bytesToG1(b, `proofs[${i}]`));
      return frToBytes(cellChallenge(cl, ci, idx, cel, pl));
    },
  };
  return kzg;
}

export { isBytes };
