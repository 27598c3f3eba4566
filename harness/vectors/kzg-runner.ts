/**
 * Conformance runner for the official Ethereum KZG reference vectors (EIP-4844 + EIP-7594).
 * The root comes from env STEPWISE_VECTORS and may have either layout:
 *  - `<root>/kzg/<function>/kzg-mainnet/<case>/data.yaml` (a vectors folder such as
 *    ../shared/vectors: kzg/ beside eip2537/ and trusted_setup.txt);
 *  - `<root>/<function>/kzg-mainnet/<case>/data.yaml` (the `tests` folder of a c-kzg-4844 clone).
 *
 * One typed loader per function turns a data.yaml into byte arrays; every case runs against a
 * KZG instance per gate set. `output: null` means the call must throw KzgError (any other
 * error type, or a return, fails the case). A configured root in which a function has no case
 * is a failure of that function.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createKzg, KzgError, type Kzg } from '../../src/kzg/index.js';
import type { GatesOption } from '../../src/optimized/index.js';
import { familyMembers } from '../gate-sets.js';

export const VECTORS_ENV = 'STEPWISE_VECTORS';
/** The two layouts a vectors root may have (see the header). */
export const LAYOUTS_TEXT = 'kzg/<function>/kzg-mainnet/<case>/data.yaml or <function>/kzg-mainnet/<case>/data.yaml';
export const HOW_TO_GET_VECTORS =
  `set ${VECTORS_ENV} to a folder holding ${LAYOUTS_TEXT}: ` +
  `e.g. git clone --depth 1 https://github.com/ethereum/c-kzg-4844 and point ${VECTORS_ENV} at its tests folder`;

/** EIP-2537 vectors: env STEPWISE_EIP2537_VECTORS, else `<STEPWISE_VECTORS>/eip2537`. */
export const EIP2537_ENV = 'STEPWISE_EIP2537_VECTORS';
export const HOW_TO_GET_EIP2537 =
  `the EIP-2537 vectors are not in c-kzg-4844: they are the JSON files of ethereum/EIPs assets/eip-2537 ` +
  `(git clone --depth 1 --filter=blob:none --sparse https://github.com/ethereum/EIPs && git -C EIPs sparse-checkout set assets/eip-2537), ` +
  `found at ${EIP2537_ENV} or else ${VECTORS_ENV}/eip2537`;

export function vectorsRoot(): string | undefined {
  const v = process.env[VECTORS_ENV];
  return v && v.length > 0 ? v : undefined;
}

/** The EIP-2537 folder: STEPWISE_EIP2537_VECTORS, else <vectors root>/eip2537, else undefined. */
export function eip2537Dir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const e = env[EIP2537_ENV];
  if (e) return e;
  const r = env[VECTORS_ENV];
  return r ? join(r, 'eip2537') : undefined;
}

/**
 * c-kzg's trusted_setup.txt for a vectors root: `<root>/trusted_setup.txt` (a vectors folder),
 * else `<root>/../src/trusted_setup.txt` (root = the tests folder of a c-kzg-4844 clone).
 */
export function trustedSetupPath(root: string): string | undefined {
  return [join(root, 'trusted_setup.txt'), join(root, '..', 'src', 'trusted_setup.txt')].find((p) => existsSync(p));
}

/** Where one function's cases are: the first existing of kzg/<fn>/kzg-mainnet and <fn>/kzg-mainnet (the first when neither exists). */
export function functionDir(root: string, fn: string): string {
  const candidates = [join(root, 'kzg', fn, 'kzg-mainnet'), join(root, fn, 'kzg-mainnet')];
  return candidates.find((d) => existsSync(d)) ?? candidates[0];
}

/** The functions of FUNCTIONS that have a folder under `root` (either layout). */
export function functionsPresent(root: string): string[] {
  return FUNCTIONS.filter((fn) => existsSync(functionDir(root, fn)));
}

const hex = (v: unknown, what: string): Uint8Array => {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]*$/.test(v) || v.length % 2 !== 0) throw new Error(`${what}: expected a 0x hex string`);
  return Uint8Array.from(Buffer.from(v.slice(2), 'hex'));
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
    const cells = i.cosets_evals.map((ev, k) => Uint8Array.from(Buffer.concat(hexList(ev, `cosets_evals[${k}]`))));
    const p = hexList(i.proofs, 'proofs');
    return {
      run: (k) => k.computeVerifyCellKzgProofBatchChallenge(c, ci, idx, cells, p),
      expected: outOrNull(o, (v) => hex(v, 'output')),
    };
  },
};

export const FUNCTIONS = Object.keys(LOADERS);

/** Cheap functions first; the compute-heavy ones (FK20, 4096-point MSMs) last. */
export interface CaseFile {
  fn: string;
  name: string;
  path: string;
}

/** Lists the case files of one function (kzg/<fn>/kzg-mainnet/<case>/data.yaml or <fn>/kzg-mainnet/<case>/data.yaml). */
export function listCases(root: string, fn: string): CaseFile[] {
  const dir = functionDir(root, fn);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'data.yaml')))
    .map((d) => ({ fn, name: d.name, path: join(dir, d.name, 'data.yaml') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function loadCase(c: CaseFile): LoadedCase {
  const doc = parse(readFileSync(c.path, 'utf8')) as { input?: Record<string, unknown>; output?: unknown };
  if (!doc || typeof doc !== 'object' || !doc.input || !('output' in doc)) throw new Error(`${c.path}: expected input and output keys`);
  return LOADERS[c.fn](doc.input, doc.output);
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

export interface VectorGateSet {
  label: string;
  gates: GatesOption | undefined;
}

export const VECTOR_SETS = ['default', 'none', 'single', 'all'] as const;
export type VectorSetName = (typeof VECTOR_SETS)[number];

/**
 * The gate sets the vectors run under, from the catalogue (harness/gate-sets.ts): default (the
 * engine's own default, gates undefined), none, all, and single = one gate on at a time, labelled
 * by `singleLabel` (the bare gate id unless the caller wants the catalogue's "only X").
 */
export function vectorGateSets(names: readonly VectorSetName[], singleLabel: (id: string) => string = (id) => id): VectorGateSet[] {
  const sets: VectorGateSet[] = [];
  for (const name of names) {
    if (name === 'default') sets.push({ label: 'default', gates: undefined });
    else if (name === 'none' || name === 'all') sets.push({ label: name, gates: name });
    else for (const m of familyMembers('single')) sets.push({ label: singleLabel((m.id as { gate: string }).gate), gates: m.gates });
  }
  return sets;
}

/** Gate sets to run: default and none, plus each single gate when STEPWISE_VECTORS_GATES=single (and all with =all). */
export function gateSetsFromEnv(env: string | undefined = process.env.STEPWISE_VECTORS_GATES): VectorGateSet[] {
  return vectorGateSets(env === 'all' ? ['default', 'none', 'single', 'all'] : env === 'single' ? ['default', 'none', 'single'] : ['default', 'none']);
}

export interface FunctionResult {
  fn: string;
  gates: string;
  total: number;
  passed: number;
  failures: { name: string; reason: string }[];
  ms: number;
}

export interface RunOptions {
  root?: string;
  gateSets?: VectorGateSet[];
  functions?: string[];
  /** Called after each function × gate set. */
  onResult?: (r: FunctionResult) => void;
}

export interface LoadedFunction {
  fn: string;
  dir: string;
  cases: { f: CaseFile; c?: LoadedCase; loadError?: string }[];
}

/** Loads (parses) every case of one function once, for running under several gate sets. */
export function loadFunction(root: string, fn: string): LoadedFunction {
  const files = listCases(root, fn);
  const cases = files.map((f) => {
    try {
      return { f, c: loadCase(f) };
    } catch (e) {
      return { f, loadError: (e as Error).message };
    }
  });
  return { fn, dir: functionDir(root, fn), cases };
}

/** Runs a loaded function's cases on one KZG instance. No case at all is a failure. */
export function runLoaded(kzg: Kzg, lf: LoadedFunction, label: string): FunctionResult {
  const t0 = performance.now();
  const r: FunctionResult = { fn: lf.fn, gates: label, total: lf.cases.length, passed: 0, failures: [], ms: 0 };
  if (lf.cases.length === 0) r.failures.push({ name: '(none)', reason: `no case found under ${lf.dir} (layouts: ${LAYOUTS_TEXT})` });
  for (const { f, c, loadError } of lf.cases) {
    const why = c ? checkCase(kzg, c) : `cannot load: ${loadError}`;
    if (why === undefined) r.passed++;
    else r.failures.push({ name: f.name, reason: why });
  }
  r.ms = performance.now() - t0;
  return r;
}

/**
 * Runs every case of every function under every gate set; returns per-function pass counts
 * (the CLI prints them with vectorsTable, harness/cli/vectors.ts). Throws when no root is configured. A function
 * with no case counts as a failure (its `failures` is non-empty).
 */
export function runKzgVectors(opts: RunOptions = {}): FunctionResult[] {
  const root = opts.root ?? vectorsRoot();
  if (!root) throw new Error(`no KZG vectors configured: ${HOW_TO_GET_VECTORS}`);
  const sets = opts.gateSets ?? gateSetsFromEnv();
  const fns = opts.functions ?? FUNCTIONS;
  const kzgs = sets.map((s) => ({ label: s.label, kzg: createKzg({ gates: s.gates }) }));
  const results: FunctionResult[] = [];
  for (const fn of fns) {
    const lf = loadFunction(root, fn);
    for (const { label, kzg } of kzgs) {
      const r = runLoaded(kzg, lf, label);
      results.push(r);
      opts.onResult?.(r);
    }
  }
  return results;
}
