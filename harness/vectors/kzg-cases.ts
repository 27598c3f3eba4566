/**
 * The official KZG vectors' cases as code, with no file access (so the same loaders run in Node —
 * kzg-runner.ts reads the data.yaml files — and in a browser page, which gets the parsed YAML):
 * one typed loader per function turns a case's `input`/`output` into byte arrays and a call on a
 * Kzg instance; `checkCase` runs it. `output: null` means the call must throw KzgError (any other
 * error type, or a return, fails the case).
 */
import { KzgError, type Kzg } from '../../src/kzg/index.js';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const hex = (v: unknown, what: string): Uint8Array => {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]*$/.test(v) || v.length % 2 !== 0) throw new Error(`${what}: expected a 0x hex string`);
  const out = new Uint8Array((v.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(v.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
};
const hexList = (v: unknown, what: string): Uint8Array[] => {
  if (!Array.isArray(v)) throw new Error(`${what}: expected a list`);
  return v.map((x, i) => hex(x, `${what}[${i}]`));
};
const intList = (v: unknown, what: string): number[] => {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) throw new Error(`${what}: expected a list of integers`);
  return v as number[];
};
const bool = (v: unknown, what: string): boolean => {
  if (typeof v !== 'boolean') throw new Error(`${what}: expected a boolean`);
  return v;
};

type Out = Uint8Array | boolean | Uint8Array[] | [Uint8Array, Uint8Array] | [Uint8Array[], Uint8Array[]];

/** A loaded case: how to run it and the expected output (null = must throw KzgError). */
export interface LoadedCase {
  run(kzg: Kzg): Out;
  expected: Out | null;
}

type Loader = (input: Record<string, unknown>, output: unknown) => LoadedCase;

const outOrNull = <T>(output: unknown, conv: (v: unknown) => T): T | null => (output === null ? null : conv(output));

/** One typed loader per function (the folder name under kzg/). */
export const LOADERS: Record<string, Loader> = {
  blob_to_kzg_commitment: (i, o) => {
    const blob = hex(i.blob, 'blob');
    return { run: (k) => k.blobToKzgCommitment(blob), expected: outOrNull(o, (v) => hex(v, 'output')) };
  },
  compute_kzg_proof: (i, o) => {
    const blob = hex(i.blob, 'blob');
    const z = hex(i.z, 'z');
    return {
      run: (k) => k.computeKzgProof(blob, z),
      expected: outOrNull(o, (v) => hexList(v, 'output') as [Uint8Array, Uint8Array]),
    };
  },
  verify_kzg_proof: (i, o) => {
    const [c, z, y, p] = [hex(i.commitment, 'commitment'), hex(i.z, 'z'), hex(i.y, 'y'), hex(i.proof, 'proof')];
    return { run: (k) => k.verifyKzgProof(c, z, y, p), expected: outOrNull(o, (v) => bool(v, 'output')) };
  },
  compute_blob_kzg_proof: (i, o) => {
    const [blob, c] = [hex(i.blob, 'blob'), hex(i.commitment, 'commitment')];
    return { run: (k) => k.computeBlobKzgProof(blob, c), expected: outOrNull(o, (v) => hex(v, 'output')) };
  },
  verify_blob_kzg_proof: (i, o) => {
    const [blob, c, p] = [hex(i.blob, 'blob'), hex(i.commitment, 'commitment'), hex(i.proof, 'proof')];
    return { run: (k) => k.verifyBlobKzgProof(blob, c, p), expected: outOrNull(o, (v) => bool(v, 'output')) };
  },
  verify_blob_kzg_proof_batch: (i, o) => {
    const [b, c, p] = [hexList(i.blobs, 'blobs'), hexList(i.commitments, 'commitments'), hexList(i.proofs, 'proofs')];
    return { run: (k) => k.verifyBlobKzgProofBatch(b, c, p), expected: outOrNull(o, (v) => bool(v, 'output')) };
  },
  compute_challenge: (i, o) => {
    const [blob, c] = [hex(i.blob, 'blob'), hex(i.commitment, 'commitment')];
    return { run: (k) => k.computeChallenge(blob, c), expected: outOrNull(o, (v) => hex(v, 'output')) };
  },
  compute_cells: (i, o) => {
    const blob = hex(i.blob, 'blob');
    return { run: (k) => k.computeCells(blob), expected: outOrNull(o, (v) => hexList(v, 'output')) };
  },
  compute_cells_and_kzg_proofs: (i, o) => {
    const blob = hex(i.blob, 'blob');
    return {
      run: (k) => k.computeCellsAndKzgProofs(blob),
      expected: outOrNull(o, (v) => {
        if (!Array.isArray(v) || v.length !== 2) throw new Error('output: expected [cells, proofs]');
        return [hexList(v[0], 'cells'), hexList(v[1], 'proofs')] as [Uint8Array[], Uint8Array[]];
      }),
    };
  },
  recover_cells_and_kzg_proofs: (i, o) => {
    const [idx, cells] = [intList(i.cell_indices, 'cell_indices'), hexList(i.cells, 'cells')];
    return {
      run: (k) => k.recoverCellsAndKzgProofs(idx, cells),
      expected: outOrNull(o, (v) => {
        if (!Array.isArray(v) || v.length !== 2) throw new Error('output: expected [cells, proofs]');
        return [hexList(v[0], 'cells'), hexList(v[1], 'proofs')] as [Uint8Array[], Uint8Array[]];
      }),
    };
  },
  verify_cell_kzg_proof_batch: (i, o) => {
    const c = hexList(i.commitments, 'commitments');
    const idx = intList(i.cell_indices, 'cell_indices');
    const cells = hexList(i.cells, 'cells');
    const p = hexList(i.proofs, 'proofs');
    return { run: (k) => k.verifyCellKzgProofBatch(c, idx, cells, p), expected: outOrNull(o, (v) => bool(v, 'output')) };
  },
  compute_verify_cell_kzg_proof_batch_challenge: (i, o) => {
    const c = hexList(i.commitments, 'commitments');
    const ci = intList(i.commitment_indices, 'commitment_indices');
    const idx = intList(i.cell_indices, 'cell_indices');
    if (!Array.isArray(i.cosets_evals)) throw new Error('cosets_evals: expected a list');
    const cells = i.cosets_evals.map((ev, k) => concat(hexList(ev, `cosets_evals[${k}]`)));
    const p = hexList(i.proofs, 'proofs');
    return {
      run: (k) => k.computeVerifyCellKzgProofBatchChallenge(c, ci, idx, cells, p),
      expected: outOrNull(o, (v) => hex(v, 'output')),
    };
  },
};

export const FUNCTIONS = Object.keys(LOADERS);

/** A case as stored in its data.yaml, parsed: what the loaders take. */
export interface CaseData {
  input: Record<string, unknown>;
  output: unknown;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}

/** Runs one loaded case; returns undefined on pass, else the reason. */
export function checkCase(kzg: Kzg, c: LoadedCase): string | undefined {
  let got: Out;
  try {
    got = c.run(kzg);
  } catch (e) {
    if (c.expected === null) return e instanceof KzgError ? undefined : `expected KzgError, got ${(e as Error)?.name}: ${(e as Error)?.message}`;
    return `threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
  }
  if (c.expected === null) return 'expected a KzgError, but the call returned';
  return same(got, c.expected) ? undefined : 'output differs from the expected value';
}
