/**
 * `stepwise-msm conformance`: the matrix targets × input classes. Each row is one
 * target on one group, each column one input class of the target layer (TARGET_CLASSES); a cell
 * is the verdict of a small fuzzTarget run restricted to that class and group:
 *
 *   agrees · wrong · rejects valid · accepts invalid · crash · timeout · protocol ·
 *   n/a (the target does not support the group, or takes decoded points so an invalid-input
 *   class cannot be sent to it)
 *
 * A failing cell keeps its shrunk request (protocol line) for the details list. Targets that
 * cannot be opened (blst without a C compiler, a library that fails to load) get a skip row with
 * the reason. The matrix is a report: exit 0, unless --strict and a cell is a failure (exit 1).
 */
import type { Group, Target } from '../targets/target.js';
import { classInfo, runRow, type RowOptions } from './conformance-row.js';
import { EXIT } from './errors.js';
import { makeProgress } from './progress.js';
import { CELL_TEXT, isFailureCell, type Matrix, type MatrixRow } from './conformance-matrix.js';
import { renderMarkdown, writeReport, type StageResult } from '../stages.js';
import { mdCell, mdInline } from '../format.js';

export interface ConformanceOptions extends RowOptions {
  targets: string[];
  groups: Group[] | null;
  cwd: string;
  markdown: string | null;
  html: string | null;
  strict: boolean;
}

export async function runConformance(o: ConformanceOptions, err: (s: string) => void): Promise<Matrix> {
  const started = performance.now();
  const { openChecked } = await import('./target-options.js');
  const { names, invalid } = await classInfo();
  const groups: Group[] = o.groups ?? ['g1', 'g2'];
  const progress = makeProgress({ label: 'conformance', total: o.targets.length * groups.length * names.length, write: err });
  let step = 0;
  const rows: MatrixRow[] = [];
  for (const spec of o.targets) {
    let target: Target;
    try {
      target = await openChecked(spec, o.cwd, o.timeoutMs);
    } catch (e) {
      const reason = (e as Error)?.message ?? String(e);
      progress.log(`skip ${spec}: ${reason}`);
      rows.push({ spec, group: null, skipped: reason, cells: {}, ms: 0 });
      step += groups.length * names.length;
      continue;
    }
    try {
      for (const g of groups) rows.push(await runRow(target, g, o, names, invalid, (s) => progress.update(step++, s)));
    } finally {
      await target.close();
    }
  }
  progress.stop();
  return { classes: names, rows, runs: o.runs, seed: o.seed, maxN: o.maxN, date: new Date().toISOString(), ms: performance.now() - started };
}

const short = (line: string, max = 400) => (line.length <= max ? line : `${line.slice(0, max)}… (${line.length} characters)`);

/** The matrix as the one renderer writes it: title, run line, the matrix and its legend, then the failing cells. */
export function matrixMarkdown(m: Matrix): string {
  const failing = m.rows.flatMap((r) =>
    Object.entries(r.cells)
      .filter(([, c]) => isFailureCell(c))
      .map(([cls, c]) => ({ r, cls, c }))
  );
  const row = (r: MatrixRow) =>
    r.skipped !== null
      ? `| ${mdCell(r.spec)} | – | skipped: ${mdCell(r.skipped.split('\n')[0])} ${m.classes.slice(1).fill('|').join(' ')} |`
      : `| ${mdCell(r.spec)} | ${r.group} | ${m.classes.map((c) => CELL_TEXT[r.cells[c]?.kind ?? 'n/a']).join(' | ')} |`;
  const head = [
    `## stepwise-msm conformance: ${failing.length ? `${failing.length} failing cell(s)` : 'every run cell agrees'}`,
    '',
    `${m.runs} case(s) per cell · seed ${m.seed} · n ≤ ${m.maxN} · ${(m.ms / 1000).toFixed(1)} s · ${m.date}`,
    '',
    `| target | group | ${m.classes.map(mdCell).join(' | ')} |`,
    `|---|---|${m.classes.map(() => '---').join('|')}|`,
    ...m.rows.map(row),
    '',
    'Cells: agrees = every case answered as the reference (valid inputs: the same point; invalid: rejected); wrong = a different point; rejects valid = an error on a valid input; accepts invalid = an answer to an invalid input; crash / timeout = the process died or hung past the per-call limit; protocol = a malformed reply; n/a = the group is not supported, or the target takes decoded points so invalid encodings do not reach it.',
  ];
  const failures = failing.length
    ? [
        '',
        '### Failing cells (shrunk requests)',
        '',
        ...failing.flatMap(({ r, cls, c }) => [
          `- **${mdCell(r.spec)}** ${r.group} · ${cls}: ${CELL_TEXT[c.kind]}: ${mdInline(c.note ?? '')} (fast-check seed ${c.seed}, path \`${c.path}\`)`,
          ...(c.line ? [`  - \`${short(c.line)}\``] : []),
        ]),
      ]
    : [];
  const matrix: StageResult<Matrix> = { id: 'matrix', rows: [], figures: m, failures };
  return `${renderMarkdown(head, [matrix], { table: false })}\n`;
}

export async function conformanceCommand(o: ConformanceOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const m = await runConformance(o, err);
  const md = matrixMarkdown(m);
  out(md);
  if (o.markdown) err(`[conformance] wrote ${writeReport(o.markdown, md)}\n`);
  if (o.html) err(`[conformance] wrote ${writeReport(o.html, (await import('./html-report.js')).renderConformanceHtml(m))}\n`);
  const failing = m.rows.some((r) => Object.values(r.cells).some(isFailureCell));
  return o.strict && failing ? EXIT.CORRECTNESS : EXIT.PASS;
}
