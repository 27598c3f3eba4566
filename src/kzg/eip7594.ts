/**
 * EIP-7594 (cells): a blob's 128 cells of its extended evaluations with their FK20 proofs, the
 * recovery of every cell from at least half of them, and the cell batch verifier with its
 * Fiat–Shamir challenge over deduplicated commitments.
 */
import { badArgs } from './errors.js';
import {
  add,
  batchInv,
  bitReversalPermutation,
  bytesToHex,
  challengePowers,
  concatBytes,
  cosetFftFr,
  fftFr,
  frVectorToBytes,
  inv,
  mul,
  pow,
  PRIMITIVE_ROOT_OF_UNITY,
  reverseBits,
  rootsOfUnity,
  sub,
  u64be,
} from './field.js';
import { bytesToG1, g1ToBytes, pairingCheck, type G1 } from './g1.js';
import { fk20Proofs } from './fk20.js';
import {
  CELLS_PER_EXT_BLOB,
  FIELD_ELEMENTS_PER_BLOB,
  FIELD_ELEMENTS_PER_CELL,
  FIELD_ELEMENTS_PER_EXT_BLOB,
  ROOTS_BRP_8192,
  asList,
  cellToEvals,
  hashToField,
  toIndex,
  type KzgContext,
} from './common.js';

const RANDOM_CHALLENGE_KZG_CELL_BATCH_DOMAIN = new TextEncoder().encode('RCKZGCBATCH__V1_');

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

/** The cells of a polynomial given by its coefficients, and (withProofs) their FK20 proofs. */
export function cellsOf(k: KzgContext, coeffs: readonly bigint[], withProofs: boolean): [Uint8Array[], Uint8Array[]] {
  const cells = evalsToCells(extendedEvals(coeffs));
  if (!withProofs) return [cells, []];
  return [cells, fk20Proofs(coeffs, k.setup, k.msm).map(g1ToBytes)];
}

/** r = H(domain, sizes, commitments, (commitment index, cell index, cell, proof)ₖ). */
export function cellChallenge(
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
  for (let j = 0; j < cellIndices.length; j++) parts.push(u64be(commitmentIndices[j]), u64be(cellIndices[j]), cells[j], proofs[j]);
  return hashToField(concatBytes(parts));
}

/** The checked cell indices (strictly ascending) and evaluations of a recovery's input. */
function recoveryInput(cellIndicesIn: unknown, cellsIn: unknown): { idx: number[]; evals: bigint[][] } {
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
  return { idx, evals: cellList.map((c, i) => cellToEvals(c, `cells[${i}]`)) };
}

/** The coefficients of the vanishing polynomial of the missing cells (a short polynomial over the 128th roots, strided by 64). */
function missingCellsVanishing(present: readonly boolean[]): bigint[] {
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
  return zeroCoeff;
}

/** The blob polynomial's coefficients from at least half of its cells: (E·Z)/Z on a coset, Z vanishing on the missing cells. */
export function recoverCoefficients(cellIndicesIn: unknown, cellsIn: unknown): bigint[] {
  const { idx, evals } = recoveryInput(cellIndicesIn, cellsIn);
  // E: extended evaluations in cell (brp) order, zero where missing.
  const extRbo = new Array<bigint>(FIELD_ELEMENTS_PER_EXT_BLOB).fill(0n);
  const present = new Array<boolean>(CELLS_PER_EXT_BLOB).fill(false);
  idx.forEach((ci, j) => {
    present[ci] = true;
    for (let t = 0; t < FIELD_ELEMENTS_PER_CELL; t++) extRbo[ci * FIELD_ELEMENTS_PER_CELL + t] = evals[j][t];
  });
  const ext = bitReversalPermutation(extRbo);
  const zeroCoeff = missingCellsVanishing(present);
  const zeroEval = fftFr(zeroCoeff);
  const ezCoeff = fftFr(
    ext.map((e, i) => mul(e, zeroEval[i])),
    true
  );
  const shift = PRIMITIVE_ROOT_OF_UNITY;
  const zInv = batchInv(cosetFftFr(zeroCoeff, shift));
  const quot = cosetFftFr(ezCoeff, shift).map((v, i) => mul(v, zInv[i]));
  return cosetFftFr(quot, shift, true).slice(0, FIELD_ELEMENTS_PER_BLOB);
}

/** The batch's commitments deduplicated by bytes, and each item's index into them. */
function dedupCommitments(cl: readonly Uint8Array[], pts: readonly G1[]): { uniq: Uint8Array[]; uniqPts: G1[]; indices: number[] } {
  const uniq: Uint8Array[] = [];
  const uniqPts: G1[] = [];
  const seen = new Map<string, number>();
  const indices = cl.map((b, i) => {
    const key = bytesToHex(b);
    let j = seen.get(key);
    if (j === undefined) {
      j = uniq.length;
      seen.set(key, j);
      uniq.push(b);
      uniqPts.push(pts[i]);
    }
    return j;
  });
  return { uniq, uniqPts, indices };
}

/** [Σ_k r^k I_k(τ)]₁, I_k interpolating cell k over its coset h_k·⟨ω₆₄⟩ (brp order). */
function interpolationSum(k: KzgContext, cellIdx: readonly number[], evals: readonly bigint[][], rp: readonly bigint[]): G1 {
  const sumInterp = new Array<bigint>(FIELD_ELEMENTS_PER_CELL).fill(0n);
  for (let j = 0; j < cellIdx.length; j++) {
    const h = ROOTS_BRP_8192[FIELD_ELEMENTS_PER_CELL * cellIdx[j]];
    const c = fftFr(bitReversalPermutation(evals[j]), true); // coefficients of I_k(h·X)
    const hInv = inv(h);
    let s = rp[j];
    for (let t = 0; t < FIELD_ELEMENTS_PER_CELL; t++) {
      sumInterp[t] = add(sumInterp[t], mul(c[t], s));
      s = mul(s, hInv);
    }
  }
  return k.msm.fixed(k.monomialCell, sumInterp);
}

/** e(Σ r^k π_k, [τ⁶⁴]₂) = e(RLC − RLI + Σ r^k h_k⁶⁴ π_k, [1]₂), RLC = Σ_i w_i C_i over the distinct commitments. */
export function verifyCellBatch(k: KzgContext, commitmentsIn: unknown, cellIndicesIn: unknown, cellsIn: unknown, proofsIn: unknown): boolean {
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
  const { uniq, uniqPts, indices } = dedupCommitments(cl, commitPts);
  const rp = challengePowers(cellChallenge(uniq, indices, cellIdx, cel, pl), n);
  const ll = k.msm.any(proofPts, rp);
  const weights = new Array<bigint>(uniq.length).fill(0n);
  indices.forEach((i, j) => (weights[i] = add(weights[i], rp[j])));
  const rlc = k.msm.any(uniqPts, weights);
  const rli = interpolationSum(k, cellIdx, evals, rp);
  const wrp = cellIdx.map((ci, j) => mul(rp[j], pow(ROOTS_BRP_8192[FIELD_ELEMENTS_PER_CELL * ci], BigInt(FIELD_ELEMENTS_PER_CELL))));
  const rlp = k.msm.any(proofPts, wrp);
  return pairingCheck([
    { g1: ll, g2: k.g2TauCell },
    { g1: rlc.subtract(rli).add(rlp), g2: k.negG2One },
  ]);
}

/** The challenge of computeVerifyCellKzgProofBatchChallenge, every input checked as the verifier checks it. */
export function cellBatchChallenge(commitmentsIn: unknown, commitmentIndicesIn: unknown, cellIndicesIn: unknown, cellsIn: unknown, proofsIn: unknown): bigint {
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
  return cellChallenge(cl, ci, idx, cel, pl);
}
