/**
 * The official-vectors stage, through the vectors runner of vectors/ (loaded when the vectors
 * are configured: the CLI says so when they are not).
 *
 * Status: 'not-configured' (no STEPWISE_VECTORS / --vectors), 'pass' or 'fail'.
 */
import { existsSync } from 'node:fs';
import { UsageError } from './errors.js';
import type { FunctionResult, RunOptions } from '../vectors/kzg-runner.js';
import { mdTable } from '../format.js';

export interface VectorsOutcome {
  status: 'not-configured' | 'pass' | 'fail';
  note: string;
  rows: FunctionResult[];
  ms: number;
}

export interface VectorsOptions {
  /** Folder of the vectors; default env STEPWISE_VECTORS. */
  root?: string;
  /** Gate sets to run the vectors under: label + gates option. */
  gateSets?: { label: string; gates: unknown }[];
  functions?: string[];
  onResult?: (r: FunctionResult) => void;
}

const LAYOUTS =
  'kzg/<function>/kzg-mainnet/<case>/data.yaml (a vectors folder) or <function>/kzg-mainnet/<case>/data.yaml (the tests folder of a c-kzg-4844 clone)';

export function vectorsRootFrom(flag: string | undefined): string | null {
  const v = flag ?? process.env.STEPWISE_VECTORS;
  if (v === undefined || v === '') return null;
  if (!existsSync(v))
    throw new UsageError(
      `vectors folder ${v} does not exist (from ${flag !== undefined ? '--vectors' : 'STEPWISE_VECTORS'}): point it at a folder holding ${LAYOUTS}`
    );
  return v;
}

/** A vectors folder that holds no KZG vectors: a UsageError (checked before the gate runs, too). */
export async function checkVectorsRoot(root: string): Promise<void> {
  const { functionsPresent } = await import('../vectors/kzg-runner.js');
  if (functionsPresent(root).length === 0) throw new UsageError(`no KZG vectors under ${root}: expected ${LAYOUTS}`);
}

export async function runVectors(o: VectorsOptions): Promise<VectorsOutcome> {
  const t0 = performance.now();
  const root = o.root;
  if (!root)
    return { status: 'not-configured', note: 'not configured: set STEPWISE_VECTORS (or --vectors DIR) to the official vectors folder', rows: [], ms: 0 };
  const { FUNCTIONS, runKzgVectors } = await import('../vectors/kzg-runner.js');
  const unknown = o.functions?.filter((f) => !FUNCTIONS.includes(f)) ?? [];
  if (unknown.length || o.functions?.length === 0)
    throw new UsageError(
      `--functions: ${unknown.length ? `unknown function(s) ${unknown.map((f) => `"${f}"`).join(', ')}` : 'empty list'}: allowed: ${FUNCTIONS.join(', ')}`
    );
  await checkVectorsRoot(root);
  const rows = runKzgVectors({ ...o, root } as RunOptions);
  const bad = rows.filter((r) => !passed(r));
  const ms = performance.now() - t0;
  const cases = rows.reduce((a, r) => a + r.total, 0);
  return {
    status: bad.length ? 'fail' : 'pass',
    note: bad.length ? `${bad.length} function × gate set row(s) failed` : `${cases} case runs passed`,
    rows,
    ms,
  };
}

const passed = (r: FunctionResult | undefined) => r !== undefined && r.passed === r.total && r.failures.length === 0;

/** Whether every row of every runtime passed. */
export function vectorsAllPassed(runtimes: { rows: readonly FunctionResult[] }[]): boolean {
  return runtimes.every((rt) => rt.rows.length > 0 && rt.rows.every(passed));
}

/** One row per function, one column per runtime × gate set (named by `header`): ✅ passed/total. */
export function vectorsMatrix(
  runtimes: { name: string; rows: readonly FunctionResult[] }[],
  header = (runtime: string, set: string) => `${runtime} · ${set}`
): string {
  const sets = [...new Set(runtimes.flatMap((r) => r.rows.map((x) => x.gates)))];
  const fns = [...new Set(runtimes.flatMap((r) => r.rows.map((x) => x.fn)))];
  const cols = runtimes.flatMap((rt) => sets.map((s) => ({ rt, s })));
  const cell = (fn: string, { rt, s }: (typeof cols)[number]) => {
    const r = rt.rows.find((x) => x.fn === fn && x.gates === s);
    return r === undefined ? '–' : `${passed(r) ? '✅' : '❌'} ${r.passed}/${r.total}`;
  };
  const rows = fns.map((fn) => [fn, ...cols.map((c) => cell(fn, c))]);
  return mdTable(['function', ...cols.map((c) => header(c.rt.name, c.s))], rows, `l${'r'.repeat(cols.length)}`).join('\n');
}

/** The rows of one runtime, one column per gate set. */
export const vectorsTable = (rows: readonly FunctionResult[]): string => vectorsMatrix([{ name: '', rows }], (_, s) => `gates ${s}`);
