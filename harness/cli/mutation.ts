/**
 * `stepwise-msm mutation` (= `npm run mutation`) and `stepwise-msm gate --mutation`: runs the
 * mutation testing of the engine (Stryker; see docs/mutation.md) and reports the mutation score
 * from Stryker's JSON report, also with the mutants triaged as equivalent
 * (mutation/equivalent.json) left out. Slow (tens of minutes on 2 cores), so it only runs on
 * request; CI does not run it.
 *
 * Incremental state: Stryker reads and writes reports/mutation/stryker-incremental.json
 * (stryker.config.mjs). That file holds the per-test coverage of every mutant (tens of MB of
 * JSON, mostly repeated test names), so the committed copy is gzipped,
 * mutation/stryker-incremental.json.gz: it is unpacked before Stryker starts and packed again
 * after a successful run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fmtPct, mdTable } from '../format.js';
import { writeReport } from '../stages.js';

/** Run counts and seed of mutation runs (the same as the `mutation` npm script). */
export const MUTATION_ENV = { FC_RUNS: '0.03', FC_SEED: '20261126' } as const;
export const MUTATION_REPORT = 'reports/mutation/mutation.json';
/** Stryker's incremental file (stryker.config.mjs `incrementalFile`) and its committed, gzipped copy. */
export const INCREMENTAL_WORK = 'reports/mutation/stryker-incremental.json';
export const INCREMENTAL_STATE = 'mutation/stryker-incremental.json.gz';
export const EQUIVALENT_FILE = 'mutation/equivalent.json';

/** Writes `transform` of root/from to root/to (its folder created); false when there is no root/from. */
function copyTransformed(root: string, from: string, to: string, transform: (b: Buffer) => Buffer): boolean {
  if (!existsSync(path.join(root, from))) return false;
  writeReport(path.join(root, to), transform(readFileSync(path.join(root, from))));
  return true;
}

/** Unpacks the committed incremental state for Stryker; false when there is none. */
export const restoreIncremental = (root: string): boolean => copyTransformed(root, INCREMENTAL_STATE, INCREMENTAL_WORK, (b) => gunzipSync(b));

/** Packs Stryker's incremental file into the committed state; false when Stryker wrote none. */
export const saveIncremental = (root: string): boolean => copyTransformed(root, INCREMENTAL_WORK, INCREMENTAL_STATE, (b) => gzipSync(b, { level: 9 }));

/**
 * A triaged surviving mutant (mutation/equivalent.json), left out of the score "without
 * equivalent". kind: 'equivalent' — no observable difference (results, errors, traces, field
 * counts); 'unreachable' — a defensive check or message no input can reach; 'test-hook' —
 * test-only counters or knobs the engine never reads; 'cost-only' — same results, only a cost
 * or a diagnostic (the trace) that no property pins changes.
 */
export interface Equivalent {
  file: string;
  line: number;
  column?: number;
  mutator: string;
  replacement: string;
  kind?: 'equivalent' | 'unreachable' | 'test-hook' | 'cost-only';
  reason: string;
}

export function readEquivalents(root: string): Equivalent[] {
  const f = path.join(root, EQUIVALENT_FILE);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Equivalent[]) : [];
}

/** The triage entry of a surviving mutant, if any (same file, line, column, mutator and replacement). */
export function equivalentOf(equivalents: readonly Equivalent[], file: string, m: Mutant): Equivalent | undefined {
  const replacement = (m.replacement ?? '').replace(/\s+/g, ' ');
  const { line, column } = m.location.start;
  return equivalents.find(
    (e) => e.file === file && e.line === line && (e.column === undefined || e.column === column) && e.mutator === m.mutatorName && e.replacement === replacement
  );
}

export interface MutationOptions {
  /** Repository root (where stryker.config.mjs lives). */
  root: string;
  /** Another Stryker config file, relative to root or absolute (default: stryker.config.mjs). */
  config?: string;
  /** Re-test every mutant instead of the incremental run. */
  force: boolean;
  /** Required mutation score of src/optimized, percent. */
  threshold: number;
}

/** The Stryker command `gate --mutation` runs (STEPWISE_STRYKER_BIN replaces the binary, for tests). */
export function mutationCommand(o: MutationOptions) {
  const bin = process.env.STEPWISE_STRYKER_BIN ?? path.join(o.root, 'node_modules', '.bin', 'stryker');
  const args = ['run'];
  if (o.config !== undefined) args.push(o.config);
  if (o.force) args.push('--force');
  return { cmd: bin, args, env: { ...MUTATION_ENV }, cwd: o.root };
}

export interface Score {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Survived or uncovered mutants triaged as equivalent, unreachable or test-hook (counted in survived/noCoverage too). */
  equivalent: number;
  /** Survived or uncovered mutants triaged as cost-only: they stay in the denominator of both scores. */
  costOnly: number;
  /** Ignored, compile and runtime errors: not part of the score. */
  other: number;
  /** (killed + timeout) / (killed + timeout + survived + noCoverage), percent; null with no valid mutant. */
  score: number | null;
  /** The same with the mutants triaged equivalent / unreachable / test-hook left out (cost-only ones stay in): the score the threshold applies to. */
  scoreWithoutEquivalent: number | null;
}

/** One mutant of a mutation-testing-report-schema JSON report (the fields our scripts read). */
export interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  killedBy?: string[];
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

interface ReportFile {
  mutants: (Pick<Mutant, 'status'> & Partial<Mutant>)[];
}

/**
 * Score over the files of a mutation-testing-report-schema report whose path starts with
 * `prefix`; survivors matching `equivalents` are also counted, for the score without them.
 */
export function scoreOf(report: { files: Record<string, ReportFile> }, prefix = '', equivalents: readonly Equivalent[] = []): Score {
  const s: Score = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, costOnly: 0, other: 0, score: null, scoreWithoutEquivalent: null };
  for (const [name, f] of Object.entries(report.files)) {
    const file = name.replaceAll('\\', '/');
    if (!file.startsWith(prefix)) continue;
    for (const m of f.mutants) {
      if (m.status === 'Killed') s.killed++;
      else if (m.status === 'Timeout') s.timeout++;
      else if (m.status === 'Survived' || m.status === 'NoCoverage') {
        if (m.status === 'Survived') s.survived++;
        else s.noCoverage++;
        const e = m.location && m.mutatorName ? equivalentOf(equivalents, file, m as Mutant) : undefined;
        if (e?.kind === 'cost-only') s.costOnly++;
        else if (e) s.equivalent++;
      } else s.other++;
    }
  }
  const detected = s.killed + s.timeout;
  const valid = detected + s.survived + s.noCoverage;
  s.score = valid === 0 ? null : (100 * detected) / valid;
  s.scoreWithoutEquivalent = valid - s.equivalent === 0 ? null : (100 * detected) / (valid - s.equivalent);
  return s;
}

const pct = (x: number | null) => fmtPct(x, 2, '–');

export interface MutationResult {
  /** 0 pass, 1 score below the threshold, 3 Stryker failed or wrote no report. */
  code: number;
  markdown: string;
}

/** The threshold applies to the score without equivalent mutants (cost-only survivors count against it). */
export function passes(s: Score, threshold: number): boolean {
  return s.scoreWithoutEquivalent !== null && s.scoreWithoutEquivalent >= threshold;
}

/** Markdown section of the gate summary for a mutation run. */
export function mutationMarkdown(all: Score, optimized: Score, threshold: number, ms: number): string {
  const counts = ['killed', 'timeout', 'survived', 'noCoverage', 'equivalent', 'costOnly', 'other'] as const;
  const row = (name: string, s: Score) => [name, pct(s.scoreWithoutEquivalent), pct(s.score), ...counts.map((k) => s[k])];
  const ok = passes(optimized, threshold);
  return [
    `### mutation testing: ${ok ? '✅' : '❌'} src/optimized ${pct(optimized.scoreWithoutEquivalent)} without equivalent mutants (required ${threshold} %; Stryker's own score ${pct(optimized.score)}), ${(ms / 60_000).toFixed(1)} min`,
    '',
    ...mdTable(
      [
        ...['files', 'score without equivalent', 'Stryker score', 'killed', 'timeout', 'survived', 'no coverage'],
        ...['of which triaged equivalent/unreachable/test-hook', 'of which triaged cost-only', 'ignored/errors'],
      ],
      [row('src/optimized', optimized), row('all mutated files', all)]
    ),
    '',
    `Reports: ${MUTATION_REPORT} (JSON) and reports/mutation/index.html; equivalent mutants: ${EQUIVALENT_FILE}; open survivors: \`npx tsx scripts/mutation-survivors.ts\`.`,
  ].join('\n');
}

/** Runs Stryker, then scores its JSON report. Stryker's own output goes to `err`. */
export async function runMutation(o: MutationOptions, err: (s: string) => void): Promise<MutationResult> {
  const t0 = performance.now();
  const c = mutationCommand(o);
  err(
    `[mutation] ${Object.entries(c.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')} ${c.cmd} ${c.args.join(' ')}\n`
  );
  const report = path.join(o.root, MUTATION_REPORT);
  if (restoreIncremental(o.root)) err(`[mutation] incremental state ${INCREMENTAL_STATE} unpacked to ${INCREMENTAL_WORK}\n`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(c.cmd, c.args, { cwd: c.cwd, env: { ...process.env, ...c.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => err(String(d)));
    child.stderr.on('data', (d) => err(String(d)));
    child.on('error', (e) => {
      err(`[mutation] could not start ${c.cmd}: ${e.message}\n`);
      resolve(null);
    });
    child.on('close', (k) => resolve(k));
  });
  const ms = performance.now() - t0;
  if (code !== 0 || !existsSync(report)) {
    const why = code !== 0 ? `stryker exited with ${code}` : `no report at ${MUTATION_REPORT}`;
    return { code: 3, markdown: `### mutation testing: ❌ ${why}` };
  }
  if (saveIncremental(o.root)) err(`[mutation] incremental state saved to ${INCREMENTAL_STATE} (commit it)\n`);
  const json = JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, ReportFile> };
  const eq = readEquivalents(o.root);
  const all = scoreOf(json, '', eq);
  const optimized = scoreOf(json, 'src/optimized/', eq);
  const ok = passes(optimized, o.threshold);
  return { code: ok ? 0 : 1, markdown: mutationMarkdown(all, optimized, o.threshold, ms) };
}
