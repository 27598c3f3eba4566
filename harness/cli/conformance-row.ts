/**
 * One row of the conformance matrix: one opened target on one group, a small fuzzTarget run per
 * input class. Kept apart from conformance.ts (which writes files and draws progress) so the same
 * rows run in a browser page (harness/browser/page.ts) as in Node.
 */
import type { TargetClass } from '../arbitraries/target-case.js';
import type { Group, Target } from '../targets/target.js';
import { caseSeed } from './cases.js';
import type { CellKind, MatrixRow } from './conformance-matrix.js';

/** Options of one row's runs (a subset of ConformanceOptions). */
export interface RowOptions {
  runs: number;
  seed: number;
  maxN: number;
  timeoutMs: number;
}

/** The class names (TARGET_CLASSES, valid first) and the invalid-input ones. */
export async function classInfo(): Promise<{ names: string[]; invalid: Set<string> }> {
  const { TARGET_CLASSES, isValidClass } = await import('../arbitraries/target-case.js');
  return { names: [...TARGET_CLASSES], invalid: new Set(TARGET_CLASSES.filter((c) => !isValidClass(c))) };
}

/** One row: the cells of one opened target on one group. */
export async function runRow(
  target: Target,
  group: Group,
  o: RowOptions,
  names: string[],
  invalid: Set<string>,
  tick: (s: string) => void
): Promise<MatrixRow> {
  const { fuzzTarget } = await import('../targets/check.js');
  const t0 = performance.now();
  const row: MatrixRow = { spec: target.spec, group, skipped: null, cells: {}, ms: 0 };
  for (const [k, cls] of names.entries()) {
    tick(`${target.spec} ${group} ${cls}`);
    if (!target.groups.includes(group)) {
      row.cells[cls] = { kind: 'n/a', note: `${target.spec} does not support ${group}`, cases: 0 };
      continue;
    }
    if (invalid.has(cls) && !target.decodesInput) {
      row.cells[cls] = { kind: 'n/a', note: `${target.spec} takes decoded points: invalid encodings cannot reach it`, cases: 0 };
      continue;
    }
    const seed = caseSeed(o.seed, k * 2 + (group === 'g2' ? 1 : 0));
    const res = await fuzzTarget(target, { seed, runs: o.runs, group, classes: [cls as TargetClass], maxN: o.maxN, timeoutMs: o.timeoutMs, poolSeed: o.seed });
    const f = res.failures[0];
    row.cells[cls] = f
      ? { kind: f.verdict.kind as CellKind, note: f.verdict.detail || f.verdict.kind, cases: res.cases, ms: res.ms, line: f.line, seed: f.seed, path: f.path }
      : { kind: 'agrees', note: null, cases: res.cases, ms: res.ms };
  }
  row.ms = performance.now() - t0;
  return row;
}
