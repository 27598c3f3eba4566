/**
 * The reports' one shape and one renderer. A CI command (gate, gate --target, conformance, the
 * speed suite) is a list of stages; each runs to a StageResult: its rows of the summary table
 * (status, text, time), its figures (the data its caller returns), its JUnit cases, and its
 * Markdown sections — failures (rendered first, stage by stage) and details (after them).
 * `runStages` applies the one bail rule; `renderMarkdown` and `renderJUnit` turn the same results
 * into the summary (stdout and $GITHUB_STEP_SUMMARY, through `publish`) and the JUnit XML.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './cli/errors.js';
import { toJUnit, type JUnitCase } from './cli/junit.js';
import { fmtDuration } from './format.js';

/** pass, fail (exit 1), regression (exit 2), n/a and skipped (configuration), not-run (bail or an earlier outcome). */
export type Status = 'pass' | 'fail' | 'regression' | 'n/a' | 'skipped' | 'not-run';

/** One row of the summary table; `text` is the result cell as written (its marker included). */
export interface Row {
  stage: string;
  status: Status;
  text: string;
  /** Wall time shown in the row (none: an empty cell). */
  ms?: number;
}

export interface StageResult<F = unknown> {
  id: string;
  rows: Row[];
  /** What the stage measured, for its command's result. */
  figures?: F;
  /** The stage's JUnit suite (named by the id); none: the stage has no suite. */
  junit?: { cases: JUnitCase[]; ms: number };
  /** Markdown lines rendered before any stage's details (each section ends with a blank line). */
  failures?: string[];
  details?: string[];
}

export interface Stage<C, F = unknown> {
  id: string;
  /**
   * The row when the configuration leaves the stage out (status skipped or n/a), null for no row
   * at all, undefined when it applies. Checked before the bail rule.
   */
  skip?(ctx: C): Omit<Row, 'stage'> | null | undefined;
  /** Its JUnit suite is written (empty) even when it does not run. */
  junitAlways?: boolean;
  run(ctx: C): Promise<StageResult<F>> | StageResult<F>;
}

/** The cell of a stage that --bail kept from running. */
export const NOT_RUN = 'not run (--bail: an earlier failure)';

export const failed = (r: StageResult): boolean => r.rows.some((x) => x.status === 'fail');

/**
 * Runs the stages in order. The bail rule: with `bail`, once a stage has failed every later
 * stage that applies is not run (its row says so); a stage the configuration leaves out keeps
 * its own row.
 */
export async function runStages<C>(stages: readonly Stage<C, any>[], ctx: C, o: { bail?: boolean } = {}): Promise<StageResult[]> {
  const out: StageResult[] = [];
  for (const s of stages) {
    const empty = s.junitAlways ? { cases: [], ms: 0 } : undefined;
    const skip = s.skip?.(ctx);
    if (skip === null) out.push({ id: s.id, rows: [] });
    else if (skip) out.push({ id: s.id, rows: [{ stage: s.id, ...skip }], junit: empty });
    else if (o.bail && out.some(failed)) out.push({ id: s.id, rows: [{ stage: s.id, status: 'not-run', text: NOT_RUN }], junit: empty });
    else out.push(await s.run(ctx));
  }
  return out;
}

/** 1 when a row failed, else 2 when a row regressed, else 0. */
export function exitCode(results: readonly StageResult[]): 0 | 1 | 2 {
  const rows = results.flatMap((r) => r.rows);
  return rows.some((x) => x.status === 'fail') ? 1 : rows.some((x) => x.status === 'regression') ? 2 : 0;
}

/** The headline verdict of an exit code. */
export const verdictOf = (code: number): string => (code === 0 ? '✅ passed' : code === 1 ? '❌ correctness failure' : '⚠️ performance regression');

/**
 * The Markdown summary: `head` (the title and what precedes the table), the stage table (unless
 * `table` is false), a blank line, every stage's failures, then every stage's details.
 */
export function renderMarkdown(head: readonly string[], results: readonly StageResult[], o: { table?: boolean } = {}): string {
  const L = [...head];
  if (o.table !== false) {
    L.push('| stage | result | time |', '|---|---|---:|');
    for (const r of results) for (const x of r.rows) L.push(`| ${x.stage} | ${x.text} |${x.ms === undefined ? '' : ` ${fmtDuration(x.ms)}`} |`);
    L.push('');
  }
  for (const r of results) L.push(...(r.failures ?? []));
  for (const r of results) L.push(...(r.details ?? []));
  return L.join('\n');
}

/** The JUnit XML of the stages that have a suite; `totalMs` is the whole run's wall time. */
export function renderJUnit(name: string, results: readonly StageResult[], totalMs: number): string {
  const suites = results.flatMap((r) => (r.junit ? [{ name: r.id, cases: r.junit.cases, timeSec: r.junit.ms / 1000 }] : []));
  return toJUnit(name, suites, { timeSec: totalMs / 1000 });
}

/** Writes a report file, its folder created if needed; returns `file` (for the line that names it). A failed write is a UsageError (exit 3). */
export function writeReport(file: string, data: string | Uint8Array): string {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, data);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
  return file;
}

/** Appends the summary to $GITHUB_STEP_SUMMARY (when set) and writes the JUnit file (when asked for). */
export function publish(markdown: string, junit?: { file: string | null; xml: () => string }): void {
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  if (junit?.file) writeReport(junit.file, junit.xml());
}
