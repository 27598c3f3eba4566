/**
 * Conformance runner for the official Ethereum KZG reference vectors (EIP-4844 + EIP-7594).
 * The root comes from env STEPWISE_VECTORS and may have either layout:
 *  - `<root>/kzg/<function>/kzg-mainnet/<case>/data.yaml` (a vectors folder such as
 *    ../shared/vectors: kzg/ beside eip2537/ and trusted_setup.txt);
 *  - `<root>/<function>/kzg-mainnet/<case>/data.yaml` (the `tests` folder of a c-kzg-4844 clone).
 *
 * One typed loader per function (kzg-cases.ts) turns a data.yaml into byte arrays; every case
 * runs against a KZG instance per gate set. `output: null` means the call must throw KzgError
 * (any other error type, or a return, fails the case). A configured root in which a function has
 * no case is a failure of that function.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createKzg, type Kzg } from '../../src/kzg/index.js';
import type { GatesOption } from '../../src/optimized/index.js';
import { familyMembers } from '../gate-sets.js';
import { checkCase, FUNCTIONS, LOADERS, type CaseData, type LoadedCase } from './kzg-cases.js';

export { FUNCTIONS };

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

/** One case's data.yaml. */
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

/** A case's data.yaml, parsed: its input and output. */
export function readCaseData(file: string): CaseData {
  const doc = parse(readFileSync(file, 'utf8')) as { input?: Record<string, unknown>; output?: unknown };
  if (!doc || typeof doc !== 'object' || !doc.input || !('output' in doc)) throw new Error(`${file}: expected input and output keys`);
  return { input: doc.input, output: doc.output };
}

function loadCase(c: CaseFile): LoadedCase {
  const { input, output } = readCaseData(c.path);
  return LOADERS[c.fn](input, output);
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

/** Loads (parses) every case of one function once, for running under several gate sets. */
export function loadFunction(root: string, fn: string): { fn: string; dir: string; cases: { f: CaseFile; c?: LoadedCase; loadError?: string }[] } {
  const cases = listCases(root, fn).map((f) => {
    try {
      return { f, c: loadCase(f) };
    } catch (e) {
      return { f, loadError: (e as Error).message };
    }
  });
  return { fn, dir: functionDir(root, fn), cases };
}

/** Runs a loaded function's cases on one KZG instance. No case at all is a failure. */
export function runLoaded(kzg: Kzg, lf: ReturnType<typeof loadFunction>, label: string): FunctionResult {
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
