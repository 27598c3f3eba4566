/**
 * The official KZG vectors' cases as code, with no file access (so the same loaders run in Node —
 * kzg-runner.ts reads the data.yaml files — and in a browser page, which gets the parsed YAML):
 * one typed loader per function turns a case's `input`/`output` into byte arrays and a call on a
 * Kzg instance; `checkCase` runs it. `output: null` means the call must throw KzgError (any other
 * error type, or a return, fails the case).
 */
import { KzgError, type Kzg } from '../../src/kzg/index.js';
import { thrownText } from '../format.js';

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
const cellsAndProofs = (v: unknown): [Uint8Array[], Uint8Array[]] => {
  if (!Array.isArray(v) || v.length !== 2) throw new Error('output: expected [cells, proofs]');
  return [hexList(v[0], 'cells'), hexList(v[1], 'proofs')];
};

type Out = Uint8Array | boolean | Uint8Array[] | [Uint8Array, Uint8Array] | [Uint8Array[], Uint8Array[]];

/** A loaded case: how to run it and the expected output (null = must throw KzgError). */
export interface LoadedCase {
  run(kzg: Kzg): Out;
  expected: Out | null;
}

type Loader = (input: Record<string, unknown>, output: unknown) => LoadedCase;

/** How each input key of a case is read (the key names the value in errors). */
const INPUTS: Record<string, (v: unknown, what: string) => unknown> = {
  blob: hex,
  z: hex,
  y: hex,
  commitment: hex,
  proof: hex,
  blobs: hexList,
  commitments: hexList,
  proofs: hexList,
  cells: hexList,
  cell_indices: intList,
  commitment_indices: intList,
  cosets_evals: (v, what) => {
    if (!Array.isArray(v)) throw new Error(`${what}: expected a list`);
    return v.map((ev, k) => concat(hexList(ev, `${what}[${k}]`)));
  },
};

/** The loader of one function: the Kzg method, its input keys in call order, how the output is read (null: must throw). */
const call =
  (method: keyof Kzg, keys: readonly string[], out: (v: unknown, what: string) => Out): Loader =>
  (input, output) => {
    const args = keys.map((key) => INPUTS[key](input[key], key));
    return { run: (k) => (k[method] as (...a: unknown[]) => Out)(...args), expected: output === null ? null : out(output, 'output') };
  };

/** One typed loader per function (the folder name under kzg/). */
export const LOADERS: Record<string, Loader> = {
  blob_to_kzg_commitment: call('blobToKzgCommitment', ['blob'], hex),
  compute_kzg_proof: call('computeKzgProof', ['blob', 'z'], hexList),
  verify_kzg_proof: call('verifyKzgProof', ['commitment', 'z', 'y', 'proof'], bool),
  compute_blob_kzg_proof: call('computeBlobKzgProof', ['blob', 'commitment'], hex),
  verify_blob_kzg_proof: call('verifyBlobKzgProof', ['blob', 'commitment', 'proof'], bool),
  verify_blob_kzg_proof_batch: call('verifyBlobKzgProofBatch', ['blobs', 'commitments', 'proofs'], bool),
  compute_challenge: call('computeChallenge', ['blob', 'commitment'], hex),
  compute_cells: call('computeCells', ['blob'], hexList),
  compute_cells_and_kzg_proofs: call('computeCellsAndKzgProofs', ['blob'], cellsAndProofs),
  recover_cells_and_kzg_proofs: call('recoverCellsAndKzgProofs', ['cell_indices', 'cells'], cellsAndProofs),
  verify_cell_kzg_proof_batch: call('verifyCellKzgProofBatch', ['commitments', 'cell_indices', 'cells', 'proofs'], bool),
  compute_verify_cell_kzg_proof_batch_challenge: call(
    'computeVerifyCellKzgProofBatchChallenge',
    ['commitments', 'commitment_indices', 'cell_indices', 'cosets_evals', 'proofs'],
    hex
  ),
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
    if (c.expected === null) return e instanceof KzgError ? undefined : `expected KzgError, got ${thrownText(e)}`;
    return `threw ${thrownText(e)}`;
  }
  if (c.expected === null) return 'expected a KzgError, but the call returned';
  return same(got, c.expected) ? undefined : 'output differs from the expected value';
}
