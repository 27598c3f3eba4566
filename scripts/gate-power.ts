/**
 * Gate power: how many of the mutants that `npm test` kills does
 * `stepwise-msm gate` kill?
 *
 * Mutants: the hand-made bug classes (scripts/bug-classes.ts, plus any in
 * mutation/gate-power/classes.json) and a seeded sample of the Stryker mutants of src/optimized
 * that Stryker's run killed (mutation/stryker-incremental.json.gz; its tests are a subset of
 * npm test's), each found again in the current source (stale ones skipped and counted). Each is
 * applied in a scratch `git worktree` of HEAD (reused: apply, run, reset) and run against
 * `gate --skip-bench` (default mode, STEPWISE_VECTORS unset: no vectors, no counts, no time;
 * the KZG soundness stage runs) with a timeout; optionally also against vitest
 * (`--suite-files`: the files that killed it in Stryker's run; `--verify-suite`: the whole
 * suite). Results are appended to a log as they come, so an interrupted run resumes; the report
 * (Markdown + JSON) lists every mutant the gate misses with its reason
 * (mutation/gate-power/reasons.json, else a hint).
 *
 *   npx tsx scripts/gate-power.ts [--sample 100] [--seed 1] [--jobs 1] [--gate-args "--runs 50"]
 *     [--timeout s] [--suite-files | --verify-suite] [--no-classes | --only-classes]
 *     [--out mutation/gate-power/report.md] [--log mutation/gate-power/results.jsonl] [--rev HEAD] [--report-only]
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CLASSES } from './bug-classes.js';
import { classMutant, collectKilled, type Mutant, type Patch, sample, type StrykerState } from './gate-power/mutants.js';
import {
  buildReport,
  classify,
  gateFailures,
  hintFor,
  lookup,
  parseLog,
  type Reason,
  type ResultLine,
  type Row,
  type RunResult,
  vitestFailures,
  discountControl,
} from './gate-power/report.js';
import { applyToScratch, cleanEnv, createScratch, killRunning, removeScratch, resetScratch, run, type Scratch } from './gate-power/scratch.js';

export interface Options {
  sample: number;
  seed: number;
  jobs: number;
  gateArgs: string[];
  timeout?: number;
  suite: 'stryker' | 'files' | 'full';
  suiteTimeout: number;
  classes: boolean;
  stryker: boolean;
  out: string;
  log: string;
  state: string;
  reportOnly: boolean;
  /** The commit under test (default HEAD): scratch copies and the current sources are read from it. */
  rev: string;
  /** Only these mutant ids (e.g. class-table-reuse,stryker-113), for re-runs. */
  only?: string[];
}

const USAGE = `usage: npx tsx scripts/gate-power.ts [--sample 100] [--seed 1] [--jobs 1|2] [--gate-args "<gate options>"]
  [--timeout <s>] [--suite-files | --verify-suite] [--suite-timeout <s>] [--no-classes | --only-classes]
  [--out mutation/gate-power/report.md] [--log mutation/gate-power/results.jsonl] [--state mutation/stryker-incremental.json.gz] [--rev HEAD] [--only id,id] [--report-only]`;

/** Parses the command line; a bad value is a RangeError naming the option and the allowed range. */
export function parseOptions(argv: string[]): Options {
  const o: Options = {
    sample: 100,
    seed: 1,
    jobs: 1,
    gateArgs: [],
    suite: 'stryker',
    suiteTimeout: 1800,
    classes: true,
    stryker: true,
    out: 'mutation/gate-power/report.md',
    log: 'mutation/gate-power/results.jsonl',
    state: 'mutation/stryker-incremental.json.gz',
    reportOnly: false,
    rev: 'HEAD',
  };
  const int = (name: string, v: string | undefined, lo: number, hi: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < lo || n > hi)
      throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new RangeError(`${a} needs a value`);
      return v;
    };
    if (a === '--sample') o.sample = int(a, val(), 0, 100_000);
    else if (a === '--seed') o.seed = int(a, val(), 0, 0xffffffff);
    else if (a === '--jobs') o.jobs = int(a, val(), 1, 8);
    else if (a === '--gate-args') o.gateArgs = val().split(/\s+/).filter(Boolean);
    else if (a.startsWith('--gate-args=')) o.gateArgs = a.slice('--gate-args='.length).split(/\s+/).filter(Boolean);
    else if (a === '--timeout') o.timeout = int(a, val(), 1, 86_400);
    else if (a === '--suite-timeout') o.suiteTimeout = int(a, val(), 1, 86_400);
    else if (a === '--suite-files') o.suite = 'files';
    else if (a === '--verify-suite') o.suite = 'full';
    else if (a === '--no-classes') o.classes = false;
    else if (a === '--only-classes') o.stryker = false;
    else if (a === '--out') o.out = val();
    else if (a === '--log') o.log = val();
    else if (a === '--state') o.state = val();
    else if (a === '--report-only') o.reportOnly = true;
    else if (a === '--rev') o.rev = val();
    else if (a === '--only') o.only = val().split(',').filter(Boolean);
    else if (a === '--') o.gateArgs.push(...argv.slice(i + 1)), (i = argv.length);
    else throw new RangeError(`unknown option ${JSON.stringify(a)}\n${USAGE}`);
  }
  if (o.gateArgs.includes('--corpus')) throw new RangeError('--gate-args: --corpus is set by the experiment (a temp folder), leave it out');
  return o;
}

/** Per-mutant timeout without --timeout: a failing gate shrinks its counterexample (≤ 60 s) before --bail stops it, so it may run longer than the control. */
export const defaultTimeout = (controlSeconds: number) => Math.max(300, Math.ceil(4 * controlSeconds));

/** The gate's arguments: default mode without the counts and time stages, stopping at the first failure (--bail: the verdict is the same, the run shorter); --gate-args are appended. */
export const GATE_BASE = ['gate', '--skip-bench', '--bail'];

function readClasses(repo: string): { id: string; title: string; patches: Patch[]; files?: string[] }[] {
  const extra = path.join(repo, 'mutation/gate-power/classes.json');
  const more = existsSync(extra) ? (JSON.parse(readFileSync(extra, 'utf8')) as { id: string; title: string; patches: Patch[]; files?: string[] }[]) : [];
  return [...CLASSES, ...more];
}

function readReasons(repo: string): Record<string, Omit<Reason, 'source'>> {
  const f = path.join(repo, 'mutation/gate-power/reasons.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Record<string, Omit<Reason, 'source'>>) : {};
}

function recordedClasses(repo: string): Record<string, boolean> {
  const f = path.join(repo, 'mutation/bug-classes.json');
  if (!existsSync(f)) return {};
  const j = JSON.parse(readFileSync(f, 'utf8')) as { results: { id: string; caught: boolean }[] };
  return Object.fromEntries(j.results.map((r) => [r.id, r.caught]));
}

/** The vitest files of a mutant for --suite-files (a folder stands for its *.test.ts files). */
function suiteFiles(repo: string, m: Mutant): string[] {
  const files = (m.killedByFiles ?? []).flatMap((f) =>
    f.endsWith('.test.ts')
      ? [f]
      : readdirSync(path.join(repo, f))
          .filter((x) => x.endsWith('.test.ts'))
          .map((x) => `${f}/${x}`)
  );
  return [...new Set(files)].sort();
}

/** Runs one side (the gate, or vitest on test files) in a scratch worktree and classifies its exit. */
async function runSide(s: Scratch, runner: 'gate' | 'suite', cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutS: number): Promise<RunResult> {
  const r = await run(cmd, args, { cwd: s.dir, env, timeoutMs: timeoutS * 1000 });
  const outcome = classify(runner, r.code, r.timedOut);
  return {
    outcome,
    code: r.code,
    seconds: r.seconds,
    failed: outcome === 'killed' ? (runner === 'gate' ? gateFailures(r.out) : vitestFailures(r.out)) : undefined,
    tail: outcome === 'error' || outcome === 'timeout' ? r.out.slice(-1500) : undefined,
  };
}

const runGate = (s: Scratch, args: string[], timeoutS: number) =>
  runSide(s, 'gate', process.execPath, ['--import', 'tsx', 'harness/cli/run.ts', ...args, '--corpus', s.corpus], cleanEnv(), timeoutS);

const runSuite = (s: Scratch, files: string[], seed: number, timeoutS: number) =>
  runSide(s, 'suite', path.join(s.dir, 'node_modules/.bin/vitest'), ['run', ...files], cleanEnv({ FC_SEED: String(seed) }), timeoutS);

/** One invocation: the commit, the mutants, the result log and how to run and record the gate and the suite. */
interface Experiment {
  o: Options;
  repo: string;
  commit: string;
  say: (s: string) => void;
  collected: ReturnType<typeof collectKilled>;
  picked: Mutant[];
  classes: Mutant[];
  log: ResultLine[];
  gateArgs: string[];
  suiteArgsOf: (m: Mutant) => string[];
  record: (id: string, runner: 'gate' | 'suite', args: string[], result: RunResult) => void;
}

/** 1. The commit under test, the mutants (the sample and the hand-made classes) and the result log so far. */
function setUp(o: Options): Experiment {
  const repo = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const commit = execFileSync('git', ['rev-parse', '--verify', `${o.rev}^{commit}`], { cwd: repo, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'harness'], { cwd: repo, encoding: 'utf8' }).trim();
  const say = (s: string) => process.stderr.write(`[gate-power] ${s}\n`);
  if (dirty && o.rev === 'HEAD') say(`warning: uncommitted changes in src/ or harness/ are NOT tested (the scratch copies are of HEAD ${commit.slice(0, 12)})`);
  const readCur = (f: string) => {
    try {
      return execFileSync('git', ['show', `${commit}:${f}`], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    } catch {
      return undefined;
    }
  };
  const state = JSON.parse(gunzipSync(readFileSync(path.join(repo, o.state))).toString('utf8')) as StrykerState;
  const collected = collectKilled(state, readCur, { exists: (f) => existsSync(path.join(repo, f)) });
  const picked = o.stryker ? sample(collected.mutants, o.sample, o.seed) : [];
  const classes = o.classes ? readClasses(repo).map((c) => classMutant(c, readCur)) : [];
  const stale = Object.values(collected.stale).reduce((x, y) => x + y, 0);
  say(
    `commit ${commit.slice(0, 12)}; Stryker-killed mutants of src/optimized: ${collected.killed}, found ${collected.same} + moved ${collected.moved}, stale ${stale}; ` +
      `sample ${picked.length} (seed ${o.seed}); hand-made classes ${classes.length}`
  );
  if (picked.length < o.sample && o.stryker) say(`warning: only ${picked.length} mutants to sample from (asked for ${o.sample})`);
  const logPath = path.resolve(repo, o.log);
  mkdirSync(path.dirname(logPath), { recursive: true });
  const log: ResultLine[] = existsSync(logPath) ? parseLog(readFileSync(logPath, 'utf8')) : [];
  return {
    o,
    repo,
    commit,
    say,
    collected,
    picked,
    classes,
    log,
    gateArgs: [...GATE_BASE, ...o.gateArgs],
    suiteArgsOf: (m) => (o.suite === 'full' ? ['vitest', 'run', `FC_SEED=${o.seed}`] : ['vitest', 'run', `FC_SEED=${o.seed}`, ...suiteFiles(repo, m)]),
    record: (id, runner, args, result) => {
      const line: ResultLine = { id, runner, commit, args, result, at: new Date().toISOString() };
      log.push(line);
      appendFileSync(logPath, `${JSON.stringify(line)}\n`);
    },
  };
}

const SUITE_CONTROL = (seed: number) => ['vitest', 'run', `FC_SEED=${seed}`];

/**
 * 2a. The control runs without a mutant: the gate must pass (else every mutant would look killed:
 * undefined is returned) and, for --verify-suite, the whole suite (a test that fails there too is no kill).
 */
async function controls(x: Experiment, s: Scratch): Promise<{ control: RunResult; suiteControl: RunResult | undefined } | undefined> {
  const { o, say } = x;
  let control = lookup(x.log, 'control', 'gate', x.commit, x.gateArgs);
  if (!control) {
    say(`control: gate without a mutant (${x.gateArgs.join(' ')}) ...`);
    control = await runGate(s, x.gateArgs, o.timeout ?? 1800);
    say(`control: exit ${control.code} in ${control.seconds.toFixed(0)} s`);
    if (control.outcome !== 'survived') {
      say(`the gate fails without a mutant: every mutant would count as killed. End of its output:\n${control.tail ?? (control.failed ?? []).join('\n')}`);
      return undefined;
    }
    x.record('control', 'gate', x.gateArgs, control);
  }
  let suiteControl = o.suite === 'full' ? lookup(x.log, 'control', 'suite', x.commit, SUITE_CONTROL(o.seed)) : undefined;
  if (o.suite === 'full' && !suiteControl) {
    say('control: the whole vitest suite without a mutant ...');
    suiteControl = await runSuite(s, [], o.seed, o.suiteTimeout);
    x.record('control', 'suite', SUITE_CONTROL(o.seed), suiteControl);
    const failing = suiteControl.failed?.length ? `; failing without a mutant (not counted as kills): ${suiteControl.failed.join('; ')}` : '';
    say(`control: suite ${suiteControl.outcome} in ${suiteControl.seconds.toFixed(0)} s${failing}`);
  }
  return { control, suiteControl };
}

/** 2b. One mutant in a scratch worktree: the gate, then (unless the suite side is Stryker's) the suite; each result logged. */
async function runMutant(x: Experiment, s: Scratch, m: Mutant, timeoutS: number, suiteControl: RunResult | undefined): Promise<string | undefined> {
  const { o } = x;
  resetScratch(s);
  let gate = lookup(x.log, m.id, 'gate', x.commit, x.gateArgs);
  let suite = o.suite === 'stryker' ? undefined : lookup(x.log, m.id, 'suite', x.commit, x.suiteArgsOf(m));
  try {
    applyToScratch(s, m);
  } catch (e) {
    x.record(m.id, 'gate', x.gateArgs, { outcome: 'error', code: null, seconds: 0, tail: (e as Error).message });
    x.say(`${m.id}: ${(e as Error).message}`);
    return undefined;
  }
  if (!gate) {
    gate = await runGate(s, x.gateArgs, timeoutS);
    x.record(m.id, 'gate', x.gateArgs, gate);
  }
  if (o.suite !== 'stryker' && !suite) {
    const files = o.suite === 'full' ? [] : suiteFiles(x.repo, m);
    // no file would run the whole suite: say so instead
    suite =
      o.suite === 'files' && files.length === 0
        ? { outcome: 'error', code: null, seconds: 0, tail: 'no test file of the mutant is known (--suite-files)' }
        : await runSuite(s, files, o.seed, o.suiteTimeout);
    if (o.suite === 'full') suite = discountControl(suite, suiteControl);
    x.record(m.id, 'suite', x.suiteArgsOf(m), suite);
  }
  return (
    `${m.id} ${m.file}:${m.line} ${m.mutator}: gate ${gate.outcome} (exit ${gate.code}, ${gate.seconds.toFixed(0)} s)` +
    (suite ? `; suite ${suite.outcome} (${suite.seconds.toFixed(0)} s)` : '')
  );
}

/** 2. Every pending mutant on --jobs scratch worktrees (removed at the end and on Ctrl-C); false when the control gate fails. */
async function runPending(x: Experiment, todo: readonly Mutant[]): Promise<boolean> {
  const { o, say } = x;
  const pending = todo.filter(
    (m) => !lookup(x.log, m.id, 'gate', x.commit, x.gateArgs) || (o.suite !== 'stryker' && !lookup(x.log, m.id, 'suite', x.commit, x.suiteArgsOf(m)))
  );
  say(`${todo.length - pending.length} already in ${path.relative(x.repo, path.resolve(x.repo, o.log))} (resumed), ${pending.length} to run, --jobs ${o.jobs}`);
  const suiteDone = o.suite !== 'full' || lookup(x.log, 'control', 'suite', x.commit, SUITE_CONTROL(o.seed));
  if (pending.length === 0 && suiteDone) return true;
  const scratches: Scratch[] = [];
  let stopping = false;
  const cleanup = () => {
    for (const s of scratches) removeScratch(x.repo, s);
    scratches.length = 0;
  };
  const onSignal = () => {
    stopping = true;
    say('interrupted: stopping the runs, removing the scratch worktrees (results so far are in the log; run again to resume)');
    killRunning();
    cleanup();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (let j = 0; j < Math.max(1, Math.min(o.jobs, pending.length)); j++) scratches.push(createScratch(x.repo, String(j), x.commit));
    const c = await controls(x, scratches[0]);
    if (!c) return false;
    const timeoutS = o.timeout ?? defaultTimeout(c.control.seconds);
    say(
      `per-mutant timeout ${timeoutS} s${o.timeout ? '' : ' (max(300 s, 4 × the control run): a failing gate shrinks its counterexample before --bail stops it)'}`
    );
    let next = 0;
    let done = 0;
    const worker = async (s: Scratch) => {
      while (!stopping && next < pending.length) {
        const line = await runMutant(x, s, pending[next++], timeoutS, c.suiteControl);
        if (line !== undefined) say(`[${++done}/${pending.length}] ${line}`);
      }
      resetScratch(s);
    };
    await Promise.all(scratches.map(worker));
    return true;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanup();
  }
}

/** 3. The report over what the log holds for this commit and these arguments (Markdown and JSON). */
function writeReport(x: Experiment, argv: readonly string[], wallSeconds: number | undefined): void {
  const { o } = x;
  const reasons = readReasons(x.repo);
  const control = lookup(x.log, 'control', 'gate', x.commit, x.gateArgs);
  const suiteControl = o.suite === 'full' ? lookup(x.log, 'control', 'suite', x.commit, SUITE_CONTROL(o.seed)) : undefined;
  const rowOf = (m: Mutant): Row => {
    const gate = lookup(x.log, m.id, 'gate', x.commit, x.gateArgs) ?? errorOf(x.log, m.id, x.commit, x.gateArgs);
    const logged = o.suite === 'stryker' ? undefined : lookup(x.log, m.id, 'suite', x.commit, x.suiteArgsOf(m));
    const suite = logged && o.suite === 'full' ? discountControl(logged, suiteControl) : logged;
    const manual = reasons[m.id];
    return { mutant: m, gate, suite, reason: manual ? { ...manual, source: 'manual' } : hintFor(m) };
  };
  const report = buildReport({
    commit: x.commit,
    seed: o.seed,
    sampleSize: o.sample,
    command: `npx tsx scripts/gate-power.ts ${argv.filter((a) => a !== '--report-only').join(' ')}`.trim(),
    gateArgs: x.gateArgs,
    timeoutSeconds: o.timeout ?? (control ? defaultTimeout(control.seconds) : 0),
    suiteMode: o.suite,
    collected: x.collected,
    sampled: x.picked.map(rowOf),
    classes: x.classes.map(rowOf),
    classesRecorded: recordedClasses(x.repo),
    control,
    wallSeconds,
    jobs: o.jobs,
  });
  const out = path.resolve(x.repo, o.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, report.markdown);
  writeFileSync(out.replace(/\.md$/, '') + '.json', `${JSON.stringify(report.json, null, 2)}\n`);
  const g = report.json.gate;
  x.say(
    `gate kill rate: sample ${g.sample.rate?.toFixed(1) ?? '–'} % (${g.sample.killed + g.sample.timeout}/${g.sample.valid}), ` +
      `classes ${g.classes.rate?.toFixed(1) ?? '–'} % (${g.classes.killed + g.classes.timeout}/${g.classes.valid}); report ${path.relative(x.repo, out)} (+ .json)`
  );
}

export async function main(argv: string[]): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 3;
  }
  const t0 = performance.now();
  const x = setUp(o);
  const todo = [...x.classes, ...x.picked].filter((m) => !o.only || o.only.includes(m.id));
  if (o.only) for (const id of o.only) if (!todo.some((m) => m.id === id)) x.say(`warning: --only ${id}: no such mutant in this sample or the classes`);
  if (!o.reportOnly && !(await runPending(x, todo))) return 3;
  writeReport(x, argv, o.reportOnly ? undefined : (performance.now() - t0) / 1000);
  return 0;
}

/** The latest logged error of a mutant (errors are retried, so lookup skips them; the report still shows one that stays). */
function errorOf(log: readonly ResultLine[], id: string, commit: string, args: readonly string[]): RunResult | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const r = log[i];
    if (r.id === id && r.runner === 'gate' && r.commit === commit && r.args.join(' ') === args.join(' ')) return r.result;
  }
  return undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname))
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`[gate-power] ${(e as Error).stack ?? e}\n`);
      process.exitCode = 3;
    }
  );
