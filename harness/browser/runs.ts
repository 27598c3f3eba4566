/**
 * The same checks in Node and in a browser page, side by side: the official KZG vectors (a sample
 * of each function, parsed once here and sent to the page), the conformance matrix of engine
 * targets (and noble), and the Node × browser tables the CLI prints (`vectors --browser`,
 * `conformance --browser`) and the browser test asserts.
 */
import { CELL_TEXT, isFailureCell, type MatrixRow } from '../cli/conformance-matrix.js';
import { mdTable } from '../format.js';
import { FUNCTIONS } from '../vectors/kzg-cases.js';
import { listCases, readCaseData, type VectorGateSet } from '../vectors/kzg-runner.js';
import type { VectorCase, VectorsRequest } from './page.js';

// ---------------------------------------------------------------------------------------------
// vectors

/**
 * Cases of each function, read from `root`: all of them when `perFunction` is undefined, else the
 * first `perFunction` in name order that compute something (output not null), then, with room for
 * two or more, the first that must be rejected (output null) in place of the last. Only the files
 * needed are parsed (a data.yaml holds whole blobs). Deterministic: the same files, the same sample.
 */
export function sampleVectorCases(root: string, perFunction?: number, functions: readonly string[] = FUNCTIONS): VectorCase[] {
  const out: VectorCase[] = [];
  for (const fn of functions) {
    const read = (f: { name: string; path: string }): VectorCase => ({ fn, name: f.name, ...readCaseData(f.path) });
    const files = listCases(root, fn);
    if (perFunction === undefined) {
      out.push(...files.map(read));
      continue;
    }
    const valid: VectorCase[] = [];
    let invalid: VectorCase | undefined;
    const wantInvalid = perFunction >= 2;
    for (const f of files) {
      if (valid.length >= perFunction - (wantInvalid ? 1 : 0) && (!wantInvalid || invalid !== undefined)) break;
      const c = read(f);
      if (c.output === null) invalid ??= c;
      else if (valid.length < perFunction) valid.push(c);
    }
    const picked = wantInvalid && invalid !== undefined ? [...valid.slice(0, perFunction - 1), invalid] : valid.slice(0, perFunction);
    out.push(...picked.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return out;
}

/**
 * The page's vectors request for the cases under the gate sets: what the page runs, and what this
 * process runs through the page's own code (page.ts runs in Node as well), so both runtimes run the same lines.
 */
export function vectorsRequest(cases: readonly VectorCase[], gateSets: readonly VectorGateSet[]): VectorsRequest {
  return { cases: [...cases], gateSets: gateSets.map((g) => ({ label: g.label, gates: g.gates as never })) };
}

export { vectorsAllPassed, vectorsMatrix } from '../cli/vectors.js';

// ---------------------------------------------------------------------------------------------
// conformance

const icon = (kind: string | undefined) => (kind === undefined ? '?' : (CELL_TEXT[kind as keyof typeof CELL_TEXT]?.split(' ')[0] ?? kind));

/**
 * One row per target × group, one column per input class; a cell shows each runtime's verdict
 * (✅ agrees, ❌ a failure, – n/a), in the order of `runtimes`.
 */
export function conformanceMatrix(classes: readonly string[], runtimes: { name: string; rows: readonly MatrixRow[] }[]): string {
  const first = runtimes[0]?.rows ?? [];
  const rows = first.map((row) => {
    const same = runtimes.map((rt) => rt.rows.find((r) => r.spec === row.spec && r.group === row.group));
    return [row.spec, String(row.group), ...classes.map((c) => same.map((r) => icon(r?.cells[c]?.kind)).join(' / '))];
  });
  return [`Cells: ${runtimes.map((r) => r.name).join(' / ')} (✅ agrees, ❌ a failure, – n/a)`, '', ...mdTable(['target', 'group', ...classes], rows)].join(
    '\n'
  );
}

/** Failing cells of every runtime, one line each. */
export function conformanceFailures(runtimes: { name: string; rows: readonly MatrixRow[] }[]): string[] {
  const out: string[] = [];
  for (const rt of runtimes)
    for (const r of rt.rows)
      for (const [cls, c] of Object.entries(r.cells))
        if (isFailureCell(c)) out.push(`${rt.name}: ${r.spec} ${r.group} · ${cls}: ${c.kind}: ${c.note ?? ''}${c.line ? ` (${c.line.slice(0, 120)}…)` : ''}`);
  return out;
}
