/**
 * Results and report of the gate-power experiment, as pure functions:
 * classifying a run's exit, the results log (one JSON line per mutant and runner, appended as
 * the run goes, so an interrupted run resumes), kill rates, and the Markdown + JSON report with
 * every mutant the gate misses and its reason.
 */
import type { Collected, Mutant } from './mutants.js';
import { fmtPct, mdTable, median } from '../../harness/format.js';

/** What a runner did with a mutant. `error`: the experiment failed (exit 3, a crash before running, a patch that did not apply) — not a kill. */
export type Outcome = 'killed' | 'timeout' | 'survived' | 'error';

export interface RunResult {
  outcome: Outcome;
  /** Exit code (null when killed by the timeout or a signal). */
  code: number | null;
  seconds: number;
  /** What failed, read off the output (gate: the ❌ lines of its summary; vitest: FAIL lines). */
  failed?: string[];
  /** The end of the output, for errors. */
  tail?: string;
}

/** One line of the results log. */
export interface ResultLine {
  id: string;
  runner: 'gate' | 'suite';
  /** The commit the scratch worktree was made from and the runner's arguments: a result is reused only when both are equal. */
  commit: string;
  args: string[];
  result: RunResult;
  at: string;
}

/**
 * Gate: 0 passed (survived), 1 correctness failure (killed), 2 a performance regression (its
 * counts or time stage; killed, since the gate fails — only reachable when those stages run),
 * 3 usage/configuration (error of the experiment). Vitest: 0 survived, 1 killed, else error.
 * A timeout is its own outcome (counted as detected, as Stryker counts it).
 */
export function classify(runner: 'gate' | 'suite', code: number | null, timedOut: boolean): Outcome {
  if (timedOut) return 'timeout';
  if (code === 0) return 'survived';
  if (code === 1) return 'killed';
  if (runner === 'gate' && code === 2) return 'killed';
  return 'error';
}

/** The ❌ lines of the gate's output (its stage and gate-set failures), at most 8. */
export function gateFailures(out: string): string[] {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  const seen = new Set<string>();
  for (const l of clean.split('\n')) {
    const t = l.trim();
    if (t.includes('❌') || /^\[gate\].*\b(FAIL|failed)\b/.test(t)) seen.add(t.length > 240 ? `${t.slice(0, 240)}…` : t);
  }
  return [...seen].slice(0, 8);
}

/** The failing tests of vitest's output (" FAIL  file > test" lines), at most `max`. */
export function vitestFailures(out: string, max = 50): string[] {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  const seen = new Set<string>();
  for (const m of clean.matchAll(/^ ?FAIL {1,2}(\S+\.test\.ts)(?: > (.*))?$/gm)) seen.add(m[2] ? `${m[1]} > ${m[2].trim()}` : m[1]);
  return [...seen].slice(0, max);
}

/**
 * A suite run is a kill only through tests that pass without the mutant: when every failing test
 * of `r` also fails in the control run (no mutant, same commit; e.g. a test that needs a tool the
 * scratch copy lacks), it is an error of the experiment; otherwise the control's failures are
 * dropped from its list.
 */
export function discountControl(r: RunResult, control: RunResult | undefined): RunResult {
  if (r.outcome !== 'killed' || !control?.failed?.length) return r;
  const known = new Set(control.failed);
  const own = (r.failed ?? []).filter((f) => !known.has(f));
  if ((r.failed ?? []).length > 0 && own.length === 0)
    return { ...r, outcome: 'error', tail: `fails only the tests that fail without the mutant too: ${(r.failed ?? []).join('; ')}` };
  return { ...r, failed: own };
}

/** Parses the results log; a torn last line (an interrupted write) is ignored. */
export function parseLog(text: string): ResultLine[] {
  const out: ResultLine[] = [];
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    try {
      out.push(JSON.parse(l) as ResultLine);
    } catch {
      // an interrupted append: that mutant runs again
    }
  }
  return out;
}

const sameArgs = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The latest logged result of (mutant, runner) for this commit and these arguments; errors are not reused (they run again). */
export function lookup(log: readonly ResultLine[], id: string, runner: 'gate' | 'suite', commit: string, args: readonly string[]): RunResult | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const r = log[i];
    if (r.id === id && r.runner === runner && r.commit === commit && sameArgs(r.args, args) && r.result.outcome !== 'error') return r.result;
  }
  return undefined;
}

/** A reason for a mutant the gate misses: manual (mutation/gate-power/reasons.json) or a hint from where it sits. */
export interface Reason {
  reason: string;
  /** e.g. cost-only, prepared-handles, msmAsync, bad-input, equivalent, threshold, wide-window. */
  kind?: string;
  source: 'manual' | 'hint';
}

/** Where a mutant sits says which of the gate's known blind spots it is likely in; a hint, marked as such in the report. */
export function hintFor(m: Pick<Mutant, 'file' | 'original' | 'replacement'>): Reason | undefined {
  const f = m.file;
  const hint = (kind: string, reason: string): Reason => ({ kind, reason, source: 'hint' });
  if (f.endsWith('steps/02-windowCostModel.ts'))
    return hint('cost-only', 'window model: changes the window choice, not the result (any window gives the right sum)');
  if (f.endsWith('steps/10-fixedBase.ts') || f.endsWith('kernels/fixed-base.ts'))
    return hint('prepared-handles', 'fixed-base tables: reached only through prepare() handles, which the gate never passes');
  if (f.endsWith('steps/11-workers.ts') || f.endsWith('/pool.ts') || f.endsWith('/pool-task.ts'))
    return hint('msmAsync', 'worker pool: reached only by msmAsync or above the split threshold, which the gate never reaches');
  if (/RangeError|TypeError|must be|out of range/.test(m.original))
    return hint('bad-input', 'a bad-input check or its message: the gate runs no bad-input cases');
  return undefined;
}

export interface Row {
  mutant: Mutant;
  gate?: RunResult;
  suite?: RunResult;
  reason?: Reason;
}

export interface Rate {
  /** Mutants with a gate (or suite) result that is not an error. */
  valid: number;
  killed: number;
  timeout: number;
  survived: number;
  errors: number;
  /** (killed + timeout) / valid, percent; null when none is valid. */
  rate: number | null;
}

export function rateOf(results: readonly (RunResult | undefined)[]): Rate {
  const r: Rate = { valid: 0, killed: 0, timeout: 0, survived: 0, errors: 0, rate: null };
  for (const x of results) {
    if (!x) continue;
    if (x.outcome === 'error') r.errors++;
    else {
      r.valid++;
      r[x.outcome]++;
    }
  }
  r.rate = r.valid === 0 ? null : (100 * (r.killed + r.timeout)) / r.valid;
  return r;
}

export interface ReportInput {
  commit: string;
  seed: number;
  sampleSize: number;
  command: string;
  gateArgs: string[];
  timeoutSeconds: number;
  suiteMode: 'stryker' | 'files' | 'full';
  collected: Pick<Collected, 'killed' | 'same' | 'moved' | 'stale' | 'missingFile'>;
  sampled: Row[];
  classes: Row[];
  /** Recorded outcome of the hand-made classes under the property files (mutation/bug-classes.json). */
  classesRecorded?: Record<string, boolean>;
  /** Seconds of the control run (no mutant) of the gate, and its exit. */
  control?: RunResult;
  /** Wall time of this invocation. */
  wallSeconds?: number;
  jobs: number;
}

const pct = (x: number | null) => fmtPct(x, 1, '–');
const cell = (s: string, max = 80) => {
  const one = s.replace(/\s+/g, ' ').trim();
  const cut = one.length > max ? `${one.slice(0, max)}…` : one;
  return `\`${cut.replaceAll('|', '\\|').replaceAll('`', 'ˋ')}\``;
};
const rateLine = (r: Rate) =>
  `${pct(r.rate)} (${r.killed + r.timeout} / ${r.valid}: ${r.killed} killed, ${r.timeout} timed out, ${r.survived} missed${r.errors ? `; ${r.errors} errors left out` : ''})`;

export interface Report {
  markdown: string;
  json: {
    commit: string;
    seed: number;
    sampleSize: number;
    gateArgs: string[];
    collected: ReportInput['collected'];
    gate: { sample: Rate; classes: Rate };
    suite: { mode: ReportInput['suiteMode']; sample: Rate | null; classes: Rate | null };
    secondsPerMutant: { median: number | null; max: number | null };
    estimate100Minutes: number | null;
    rows: {
      id: string;
      kind: string;
      file: string;
      line: number;
      mutator: string;
      original: string;
      replacement: string;
      gate?: RunResult;
      suite?: RunResult;
      reason?: Reason;
    }[];
  };
}

/** The rates and times a report is made of. */
interface Figures {
  gateSample: Rate;
  gateClasses: Rate;
  suiteSample: Rate | null;
  suiteClasses: Rate | null;
  all: Row[];
  med: number | null;
  max: number | null;
  /** Minutes for ≥ 100 mutants + the classes, spread over the jobs. */
  estimate: number | null;
}

function figuresOf(inp: ReportInput): Figures {
  const all = [...inp.sampled, ...inp.classes];
  const secs = all.flatMap((r) => (r.gate ? [r.gate.seconds + (r.suite?.seconds ?? 0)] : []));
  const med = secs.length ? median(secs) : null;
  return {
    gateSample: rateOf(inp.sampled.map((r) => r.gate)),
    gateClasses: rateOf(inp.classes.map((r) => r.gate)),
    suiteSample: inp.suiteMode === 'stryker' ? null : rateOf(inp.sampled.map((r) => r.suite)),
    suiteClasses: inp.suiteMode === 'stryker' ? null : rateOf(inp.classes.map((r) => r.suite)),
    all,
    med,
    max: secs.length ? Math.max(...secs) : null,
    estimate: med === null ? null : ((100 + inp.classes.length) * med) / inp.jobs / 60,
  };
}

function headerSection(inp: ReportInput): string[] {
  const L = [
    '# Gate power: the gate against mutants that `npm test` kills',
    '',
    `Commit \`${inp.commit.slice(0, 12)}\`; sample seed ${inp.seed}; command: \`${inp.command}\`.`,
    '',
    `Gate: \`stepwise-msm ${inp.gateArgs.join(' ')}\` in a scratch worktree of the commit with the mutant applied, \`STEPWISE_VECTORS\` unset (no vectors), per-mutant timeout ${inp.timeoutSeconds} s. ` +
      'Killed = exit 1 (or 2); a timeout is counted apart and as detected; exit 3 or a crash before the run is an error of the experiment, left out of the rates.',
    '',
  ];
  if (inp.control)
    L.push(
      `Control (no mutant): gate exit ${inp.control.code} in ${inp.control.seconds.toFixed(0)} s (${inp.control.outcome === 'survived' ? 'passes, as it must' : 'did NOT pass: results are void'}).`,
      ''
    );
  return L;
}

function mutantsSection(inp: ReportInput): string[] {
  const c = inp.collected;
  const staleTotal = Object.values(c.stale).reduce((a, b) => a + b, 0);
  const staleBy = Object.entries(c.stale)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return [
    '## Mutants',
    '',
    `- Stryker mutants of \`src/optimized\` killed in the committed incremental state (\`mutation/stryker-incremental.json.gz\`; static ones included: each gate run loads the modules afresh): ${c.killed}.`,
    `  Found in the current source: ${c.same + c.moved} (${c.same} at the same place, ${c.moved} on lines that moved); stale, skipped: ${staleTotal}` +
      (staleTotal ? ` (${staleBy})` : '') +
      (c.missingFile ? `; in files that no longer exist: ${c.missingFile}` : '') +
      '.',
    `- Seeded sample (seed ${inp.seed}): ${inp.sampled.length} of them (requested ${inp.sampleSize}); with a gate result: ${inp.sampled.filter((r) => r.gate).length}.`,
    `- Hand-made bug classes (\`scripts/bug-classes.ts\` and \`mutation/gate-power/classes.json\`): ${inp.classes.length}; with a gate result: ${inp.classes.filter((r) => r.gate).length}.`,
    '',
  ];
}

function killRatesSection(inp: ReportInput, f: Figures): string[] {
  let suiteRow: string[];
  if (inp.suiteMode === 'stryker') {
    const rec = inp.classesRecorded ?? {};
    const known = inp.classes.map((r) => r.mutant.id.replace(/^class-/, '')).filter((i) => i in rec);
    const caught = known.filter((i) => rec[i]).length;
    suiteRow = [
      'npm test',
      "100 % by selection (not re-run): every sampled mutant was killed in Stryker's run, whose tests (`vitest.mutation.config.ts`) are a subset of `npm test`'s files, at 0.03× the run counts with a fixed seed",
      known.length ? `${caught} / ${known.length} caught in the recorded run (\`mutation/bug-classes.json\`)` : '–',
    ];
  } else {
    const which = inp.suiteMode === 'full' ? 'whole vitest suite' : "the files that killed it in Stryker's run";
    suiteRow = [`npm test (${which})`, rateLine(f.suiteSample as Rate), rateLine(f.suiteClasses as Rate)];
  }
  const wall = inp.wallSeconds !== undefined ? `; this invocation ${(inp.wallSeconds / 60).toFixed(1)} min with --jobs ${inp.jobs}` : '';
  const est = f.estimate === null ? '.' : `; estimate for 100 mutants + the classes at --jobs ${inp.jobs}: ${f.estimate.toFixed(0)} min.`;
  const secs = (x: number | null) => (x === null ? '–' : `${x.toFixed(0)} s`);
  return [
    '## Kill rates',
    '',
    ...mdTable(['runner', 'Stryker sample', 'hand-made classes'], [['gate', rateLine(f.gateSample), rateLine(f.gateClasses)], suiteRow]),
    '',
    `Time per mutant (gate${inp.suiteMode === 'stryker' ? '' : ' + suite'}): median ${secs(f.med)}, max ${secs(f.max)}${wall}${est}`,
    '',
  ];
}

function byFileSection(inp: ReportInput): string[] {
  const byFile = new Map<string, Row[]>();
  for (const r of inp.sampled) byFile.set(r.mutant.file, [...(byFile.get(r.mutant.file) ?? []), r]);
  if (byFile.size === 0) return [];
  const rows = [...byFile].sort().map(([file, rs]) => [file, rs.length, rateLine(rateOf(rs.map((r) => r.gate)))]);
  return ['### Gate kill rate by file (sample)', '', ...mdTable(['file', 'sampled', 'gate kill rate'], rows, 'lrl'), ''];
}

function missesSection(all: readonly Row[]): string[] {
  const misses = all.filter((r) => r.gate?.outcome === 'survived');
  if (misses.length === 0) return [`## Every mutant the gate misses (0)`, '', 'None.', ''];
  const rows = misses.map(({ mutant: m, reason: given }) => {
    const reason = given ?? hintFor(m);
    const why = reason ? `${reason.kind ? `${reason.kind}: ` : ''}${reason.reason}${reason.source === 'hint' ? ' (*hint*)' : ''}` : 'not triaged';
    return [m.id, `${m.file}:${m.line}`, m.mutator, `${cell(m.original, 60)} → ${cell(m.replacement, 60)}`, why];
  });
  return [
    `## Every mutant the gate misses (${misses.length})`,
    '',
    'Reason: from `mutation/gate-power/reasons.json` (manual, keyed by id) when given; otherwise a hint from where the mutant sits, marked *hint*; “not triaged” otherwise.',
    '',
    ...mdTable(['id', 'file:line', 'mutator', 'original → replacement', 'reason'], rows),
    '',
  ];
}

function errorsSection(inp: ReportInput, all: readonly Row[]): string[] {
  const L: string[] = [];
  const errs = all.filter((r) => r.gate?.outcome === 'error' || r.suite?.outcome === 'error');
  if (errs.length) {
    const rows = errs.map((r) => {
      const [runner, res] = r.gate?.outcome === 'error' ? ['gate', r.gate] : ['suite', r.suite!];
      return [r.mutant.id, runner, String(res.code), cell(res.tail ?? '', 160)];
    });
    L.push(`## Errors of the experiment (${errs.length}, left out of the rates)`, '', ...mdTable(['id', 'runner', 'exit', 'end of output'], rows), '');
  }
  if (inp.suiteMode !== 'stryker') {
    const gateOnly = all.filter((r) => r.suite?.outcome === 'survived' && (r.gate?.outcome === 'killed' || r.gate?.outcome === 'timeout'));
    if (gateOnly.length) L.push(`Killed by the gate but not by the suite run: ${gateOnly.map((r) => r.mutant.id).join(', ')}.`, '');
  }
  return L;
}

function allResultsSection(all: readonly Row[]): string[] {
  const rows = all.flatMap(({ mutant: m, gate: g }) => {
    if (!g) return [];
    const failed = (g.failed ?? [])
      .slice(0, 2)
      .map((x) => cell(x, 70))
      .join('<br>');
    return [[m.id, `${m.file}:${m.line}`, m.mutator, `${g.outcome} (${g.code})`, g.seconds.toFixed(0), failed]];
  });
  return ['## All results', '', ...mdTable(['id', 'file:line', 'mutator', 'gate', 's', 'what failed'], rows, 'llllrl'), ''];
}

/** The report over the rows that have a gate result (an interrupted run reports what it has). */
export function buildReport(inp: ReportInput): Report {
  const f = figuresOf(inp);
  const markdown = [
    ...headerSection(inp),
    ...mutantsSection(inp),
    ...killRatesSection(inp, f),
    ...byFileSection(inp),
    ...missesSection(f.all),
    ...errorsSection(inp, f.all),
    ...allResultsSection(f.all),
  ].join('\n');
  return {
    markdown,
    json: {
      commit: inp.commit,
      seed: inp.seed,
      sampleSize: inp.sampleSize,
      gateArgs: inp.gateArgs,
      collected: inp.collected,
      gate: { sample: f.gateSample, classes: f.gateClasses },
      suite: { mode: inp.suiteMode, sample: f.suiteSample, classes: f.suiteClasses },
      secondsPerMutant: { median: f.med, max: f.max },
      estimate100Minutes: f.estimate,
      rows: f.all.map((r) => ({
        id: r.mutant.id,
        kind: r.mutant.kind,
        file: r.mutant.file,
        line: r.mutant.line,
        mutator: r.mutant.mutator,
        original: r.mutant.original,
        replacement: r.mutant.replacement,
        gate: r.gate,
        suite: r.suite,
        reason: r.reason ?? hintFor(r.mutant),
      })),
    },
  };
}
