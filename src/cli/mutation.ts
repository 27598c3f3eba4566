/**
 * `stepwise-msm gate --mutation`: runs the mutation testing of the engine (Stryker, the same
 * command as `npm run mutation`; see docs/mutation.md) after the other gate stages and reports
 * the mutation score from Stryker's JSON report. Slow (tens of minutes on 2 cores), so it only
 * runs on request; CI does not run it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Run counts and seed of mutation runs (the same as the `mutation` npm script). */
export const MUTATION_ENV = { FC_RUNS: '0.03', FC_SEED: '20261126' } as const;
export const MUTATION_REPORT = 'reports/mutation/mutation.json';

export interface MutationOptions {
  /** Repository root (where stryker.config.mjs lives). */
  root: string;
  /** Another Stryker config file, relative to root (default: stryker.config.mjs). */
  config?: string;
  /** Re-test every mutant instead of the incremental run. */
  force: boolean;
  /** Required mutation score of src/optimized, percent. */
  threshold: number;
}

export interface MutationCommand {
  cmd: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** The Stryker command `gate --mutation` runs (STEPWISE_STRYKER_BIN replaces the binary, for tests). */
export function mutationCommand(o: MutationOptions): MutationCommand {
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
  /** Ignored, compile and runtime errors: not part of the score. */
  other: number;
  /** (killed + timeout) / (killed + timeout + survived + noCoverage), percent; null with no valid mutant. */
  score: number | null;
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
  mutants: { status: string }[];
}

/** Score over the files of a mutation-testing-report-schema report whose path starts with `prefix`. */
export function scoreOf(report: { files: Record<string, ReportFile> }, prefix = ''): Score {
  const s: Score = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0, score: null };
  for (const [file, f] of Object.entries(report.files)) {
    if (!file.replaceAll('\\', '/').startsWith(prefix)) continue;
    for (const m of f.mutants) {
      if (m.status === 'Killed') s.killed++;
      else if (m.status === 'Timeout') s.timeout++;
      else if (m.status === 'Survived') s.survived++;
      else if (m.status === 'NoCoverage') s.noCoverage++;
      else s.other++;
    }
  }
  const detected = s.killed + s.timeout;
  const valid = detected + s.survived + s.noCoverage;
  s.score = valid === 0 ? null : (100 * detected) / valid;
  return s;
}

const pct = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)} %`);

export interface MutationResult {
  /** 0 pass, 1 score below the threshold, 3 Stryker failed or wrote no report. */
  code: number;
  markdown: string;
  optimized: Score | null;
  all: Score | null;
  ms: number;
}

/** Markdown section of the gate summary for a mutation run. */
export function mutationMarkdown(all: Score, optimized: Score, threshold: number, ms: number): string {
  const row = (name: string, s: Score) => `| ${name} | ${pct(s.score)} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.other} |`;
  const ok = optimized.score !== null && optimized.score >= threshold;
  return [
    `### mutation testing: ${ok ? '✅' : '❌'} src/optimized ${pct(optimized.score)} (required ${threshold} %), ${(ms / 60_000).toFixed(1)} min`,
    '',
    '| files | score | killed | timeout | survived | no coverage | ignored/errors |',
    '|---|---|---|---|---|---|---|',
    row('src/optimized', optimized),
    row('all mutated files', all),
    '',
    `Reports: ${MUTATION_REPORT} (JSON) and reports/mutation/index.html; equivalent mutants: mutation/equivalent.md.`,
  ].join('\n');
}

/** Runs Stryker, then scores its JSON report. Stryker's own output goes to `err`. */
export async function runMutation(o: MutationOptions, err: (s: string) => void): Promise<MutationResult> {
  const t0 = performance.now();
  const c = mutationCommand(o);
  err(`[mutation] ${Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ')} ${c.cmd} ${c.args.join(' ')}\n`);
  const report = path.join(o.root, MUTATION_REPORT);
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
    return { code: 3, markdown: `### mutation testing: ❌ ${why}`, optimized: null, all: null, ms };
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, ReportFile> };
  const all = scoreOf(json);
  const optimized = scoreOf(json, 'src/optimized/');
  const ok = optimized.score !== null && optimized.score >= o.threshold;
  return { code: ok ? 0 : 1, markdown: mutationMarkdown(all, optimized, o.threshold, ms), optimized, all, ms };
}
