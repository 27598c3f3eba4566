/**
 * Ethereum KZG (EIP-4844 blobs, EIP-7594 cells) on the gated MSM engine, with the c-kzg Node
 * binding's function names and byte conventions: Uint8Array in and out, booleans from the
 * verification functions, KzgError (code 'BADARGS') for malformed input.
 *
 * Every MSM goes through MsmContext (msm.ts) → the engine's `msm` with the caller's gates.
 * Pairings, point (de)compression and SHA-256 come from @noble/curves / @noble/hashes. The blob
 * functions are in eip4844.ts, the cell functions in eip7594.ts, what they share in common.ts.
 */
import { badArgs } from './errors.js';
import { bytesToFr, frToBytes } from './field.js';
import { bytesToG1, g1ToBytes } from './g1.js';
import { fk20Table } from './fk20.js';
import { MsmContext } from './msm.js';
import { checkSetupShape, loadPackageSetup, loadTrustedSetupFile, type KzgSetup } from './setup.js';
import type { GatesOption } from '../optimized/index.js';
import { blobToPoly, contextOf, evaluateInEvalForm, polyEvalToCoeff, type KzgContext } from './common.js';
import { blobBatch, blobChallenge, commitPoly, proofAt, verifyAt, verifyBlobBatch } from './eip4844.js';
import { cellBatchChallenge, cellsOf, recoverCoefficients, verifyCellBatch } from './eip7594.js';

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

function resolveSetup(s: KzgOptions['setup']): KzgSetup {
  if (s === undefined) return loadPackageSetup();
  if (s === '') throw badArgs('options.setup must be a trusted_setup.txt path, a loaded setup, or undefined, got an empty path');
  if (typeof s === 'string') return loadTrustedSetupFile(s);
  if (s && typeof s === 'object' && Array.isArray((s as KzgSetup).g1LagrangeBrp)) return checkSetupShape(s);
  throw badArgs('options.setup must be a trusted_setup.txt path, a loaded setup, or undefined');
}

const OPTIONS = ['setup', 'gates', 'precompute', 'threads'];

/** The options object, its keys, options.precompute and options.threads, checked (a KzgError naming the option). */
function checkOptions(options: KzgOptions): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw badArgs(`options must be an object or undefined, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  for (const key of Object.keys(options)) if (!OPTIONS.includes(key)) throw badArgs(`unknown option "${key}": allowed options are ${OPTIONS.join(', ')}`);
  if (options.precompute !== undefined && typeof options.precompute !== 'boolean')
    throw badArgs(`options.precompute must be a boolean or undefined, got ${typeof options.precompute}`);
  const threads = options.threads;
  if (threads !== undefined && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 64))
    throw badArgs(`options.threads must be an integer in [1, 64] or undefined, got ${typeof threads === 'number' ? threads : typeof threads}`);
}

/** The engine context of these gates; a gates option the engine refuses is a KzgError with the engine's message. */
function msmContext(gates: GatesOption | undefined): MsmContext {
  try {
    return new MsmContext(gates);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw badArgs(e.message);
    throw e;
  }
}

/** Every table built now (precompute: true): the Lagrange bases, the FK20 rows, [τ^0..τ^63]₁; returns the ms spent. */
function precompute(k: KzgContext): number {
  const t0 = performance.now();
  k.msm.prepareFixed([k.setup.g1LagrangeBrp, ...fk20Table(k.setup), k.monomialCell]);
  return performance.now() - t0;
}

/**
 * Creates a KZG instance over the given setup (default: mainnet, from the npm package).
 * Variable time: public inputs only. Its MSMs and field code branch on the data (blobs, cells,
 * evaluation points), so timing reveals them: fine for Ethereum's public blobs, not for secrets.
 */
export function createKzg(options: KzgOptions = {}): Kzg {
  checkOptions(options);
  const k = contextOf(resolveSetup(options.setup), msmContext(options.gates));
  const precomputeMs = options.precompute === true ? precompute(k) : 0;
  return {
    setup: k.setup,
    gates: options.gates,
    precomputeMs,
    blobToKzgCommitment: (blob) => g1ToBytes(commitPoly(k, blobToPoly(blob))),
    blobToKzgCommitmentAsync: async (blob) => g1ToBytes(await k.msm.fixedAsync(k.setup.g1LagrangeBrp, blobToPoly(blob), options.threads)),
    computeKzgProof(blob, zBytes) {
      const poly = blobToPoly(blob);
      const [p, y] = proofAt(k, poly, bytesToFr(zBytes, 'z'));
      return [g1ToBytes(p), frToBytes(y)];
    },
    computeBlobKzgProof(blob, commitment) {
      const poly = blobToPoly(blob);
      bytesToG1(commitment, 'commitment');
      return g1ToBytes(proofAt(k, poly, blobChallenge(blob, commitment))[0]);
    },
    verifyKzgProof: (commitment, zBytes, yBytes, proofBytes) =>
      verifyAt(k, bytesToG1(commitment, 'commitment'), bytesToFr(zBytes, 'z'), bytesToFr(yBytes, 'y'), bytesToG1(proofBytes, 'proof')),
    verifyBlobKzgProof(blob, commitment, proofBytes) {
      const poly = blobToPoly(blob);
      const c = bytesToG1(commitment, 'commitment');
      const p = bytesToG1(proofBytes, 'proof');
      const z = blobChallenge(blob, commitment);
      return verifyAt(k, c, z, evaluateInEvalForm(poly, z), p);
    },
    verifyBlobKzgProofBatch: (blobs, commitments, proofs) => verifyBlobBatch(k, blobs, commitments, proofs),
    computeVerifyBlobKzgProofBatchChallenge(blobs, commitments, proofs) {
      const { n, r } = blobBatch(blobs, commitments, proofs);
      if (r === undefined) throw badArgs(`blobs: the batch challenge is defined for 2 or more blobs, got ${n}`);
      return frToBytes(r);
    },
    computeChallenge(blob, commitment) {
      blobToPoly(blob);
      bytesToG1(commitment, 'commitment');
      return frToBytes(blobChallenge(blob, commitment));
    },
    computeCells: (blob) => cellsOf(k, polyEvalToCoeff(blobToPoly(blob)), false)[0],
    computeCellsAndKzgProofs: (blob) => cellsOf(k, polyEvalToCoeff(blobToPoly(blob)), true),
    recoverCellsAndKzgProofs: (cellIndices, cells) => cellsOf(k, recoverCoefficients(cellIndices, cells), true),
    verifyCellKzgProofBatch: (commitments, cellIndices, cells, proofs) => verifyCellBatch(k, commitments, cellIndices, cells, proofs),
    computeVerifyCellKzgProofBatchChallenge: (commitments, commitmentIndices, cellIndices, cells, proofs) =>
      frToBytes(cellBatchChallenge(commitments, commitmentIndices, cellIndices, cells, proofs)),
  };
}
