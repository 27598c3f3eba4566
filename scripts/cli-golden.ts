/**
 * The command's golden record: a fixed set of quick `stepwise-msm` runs (help texts, gate and
 * gate --target passing and failing, conformance, fuzz, replay, bad usage), each with a fixed seed
 * and small options, run in this process through main(); their exit codes, stdout, stderr (without
 * progress lines), JUnit, $GITHUB_STEP_SUMMARY and written reports, with timings, dates, rates and
 * paths normalized, make one text. properties/cli/golden.test.ts fails when the command's output
 * differs from the committed record (properties/cli/golden/cli.txt).
 *
 * A change of output that is meant (a new option, a renamed column): regenerate the record and
 * say so in the commit message —
 *
 *   npx tsx scripts/cli-golden.ts --update   # rewrite properties/cli/golden/cli.txt
 *   npx tsx scripts/cli-golden.ts            # print the diff against it, exit 1 when it differs
 *   GOLDEN_TIMES=1 npx tsx scripts/cli-golden.ts   # … and each run's time on stderr (keep the record cheap)
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram, main } from '../harness/cli/main.js';
import { SELF_CHECK_FIXTURES, selfCheck, type SelfCheckResult } from '../harness/targets/self-check.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GOLDEN = path.join(ROOT, 'properties', 'cli', 'golden', 'cli.txt');
const DROP_LAST = 'properties/cli/fixtures/drop-last.ts';
const CORPUS_CASE = 'properties/corpus/toy-collisions-all-gates.json';
const WRONG_CMD = `cmd:node ${path.join('properties', 'targets', 'fixtures', 'drop-top-bit.mjs')}`;

/** One run: its name, its arguments ({tmp} is a fresh folder), and the files it writes there that belong to the record. */
export interface GoldenRun {
  name: string;
  command: string;
  args: string[];
  files?: string[];
}

const QUICK_GATE = ['--sets', 'none,default', '--runs', '3', '--g1-runs', '1', '--skip-vectors'];

/** The runs of the record (help texts are added per registered command). */
export const GOLDEN_RUNS: readonly GoldenRun[] = [
  {
    name: 'gate passes (properties, random sets, some engine checks, counts)',
    command: 'gate',
    args: [...QUICK_GATE, '--random-runs', '2', '--checks', 'empty input', '--skip-time', '--junit', '{tmp}/junit.xml'],
    files: ['junit.xml'],
  },
  {
    name: 'gate fails: an MSM that drops its last point (--impl)',
    command: 'gate',
    args: [...QUICK_GATE, '--random-runs', '0', '--skip-bench', '--impl', DROP_LAST, '--corpus', '{tmp}/corpus', '--junit', '{tmp}/junit.xml'],
    files: ['junit.xml'],
  },
  {
    name: 'gate --bail stops at the first failure',
    command: 'gate',
    args: [...QUICK_GATE, '--random-runs', '2', '--skip-bench', '--bail', '--impl', DROP_LAST, '--corpus', '{tmp}/corpus', '--junit', '{tmp}/junit.xml'],
    files: ['junit.xml'],
  },
  {
    name: 'gate --target passes (the engine, one shard)',
    command: 'gate',
    args: [
      '--target',
      'engine',
      '--group',
      'g1',
      '--runs',
      '1',
      '--max-n',
      '3',
      '--shard',
      '0/4',
      '--skip-bench',
      '--skip-vectors',
      '--junit',
      '{tmp}/junit.xml',
    ],
    files: ['junit.xml'],
  },
  {
    name: 'gate --target fails (a program that clears the top scalar bit, one class)',
    command: 'gate',
    args: [
      ...['--target', WRONG_CMD, '--group', 'g1', '--runs', '2', '--max-n', '3', '--shard', '7/16', '--skip-bench', '--skip-vectors'],
      ...['--corpus', '{tmp}/corpus', '--junit', '{tmp}/junit.xml'],
    ],
    files: ['junit.xml'],
  },
  {
    name: 'conformance',
    command: 'conformance',
    args: ['--target', 'engine', '--target', 'noble', '--group', 'g1', '--runs', '1', '--max-n', '3', '--markdown', '{tmp}/conformance.md'],
    files: ['conformance.md'],
  },
  {
    name: 'fuzz fails (--impl)',
    command: 'fuzz',
    args: ['--impl', DROP_LAST, '--curve', 'toy', '--runs', '40', '--seed', '3', '--workers', '1', '--max-n', '12', '--corpus', '{tmp}/corpus'],
  },
  { name: 'replay passes', command: 'replay', args: [CORPUS_CASE] },
  { name: 'replay fails (--impl)', command: 'replay', args: ['--impl', DROP_LAST, 'properties/corpus/g1-near-r-none.json'] },
  { name: 'bad usage: a bad number', command: 'gate', args: ['--runs', 'x'] },
  { name: 'bad usage: a bad choice', command: 'fuzz', args: ['--curve', 'p256'] },
  { name: 'bad usage: a bad target', command: 'fuzz', args: ['--target', 'bogus:x'] },
];

/** Timings, rates, dates and machine paths replaced by placeholders; progress lines dropped. */
export function normalize(text: string, tmp: string): string {
  const relTmp = path.relative(process.cwd(), tmp);
  return text
    .split(relTmp)
    .join('{tmp}')
    .split(tmp)
    .join('{tmp}')
    .split(ROOT)
    .join('{root}')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '{date}')
    .replace(/time="[\d.]+"/g, 'time="{t}"')
    .replace(/\b\d+(\.\d+)?\s?(ms|s|min|h)\b(?![\w-])/g, '{t}')
    .replace(/\b\d+(\.\d+)?\s?cases\/(s|min)\b/g, '{rate}')
    .replace(/\b(\d+) of \d+ catalogue entries\b/g, '$1 of {n} catalogue entries')
    .replace(/(Time of the workers: )\d+(\.\d+)? %/g, '$1{share}')
    .split('\n')
    .filter((l) => !/^\[(fuzz|gate|conformance)\] \d+\/\d+ cases/.test(l))
    .map(timedColumns())
    .join('\n');
}

/** Markdown table columns whose cells are timings or rates (by header). */
const TIMED_COLUMN = /^(elapsed|cases\/min|cases\/s|time|time \(ms\)|ms|rate)$/;

/** A line mapper that blanks the timed columns of every Markdown table it walks through. */
function timedColumns(): (line: string) => string {
  let header: string[] | null = null;
  let timed: number[] = [];
  const cells = (l: string) => l.trim().slice(1, -1).split('|');
  return (line) => {
    if (!line.trim().startsWith('|')) {
      header = null;
      timed = [];
      return line;
    }
    if (header === null) {
      header = cells(line).map((c) => c.trim());
      timed = header.flatMap((h, i) => (TIMED_COLUMN.test(h) ? [i] : []));
      return line;
    }
    if (timed.length === 0 || /^\|[-:| ]+\|$/.test(line.trim())) return line;
    const cs = cells(line);
    for (const i of timed) if (cs[i] !== undefined && cs[i]!.trim() !== '') cs[i] = ' {t} ';
    return `|${cs.join('|')}|`;
  };
}

/**
 * The self-check of gate --target and conformance, run once per point-pool shape for the whole
 * record (the runs share it; its own verdicts are tested in properties/targets/self-check.test.ts).
 */
const selfChecks = new Map<string, Promise<SelfCheckResult>>();
const sharedSelfCheck = (pools: { maxN: number; seed: number }): Promise<SelfCheckResult> => {
  const key = `${pools.maxN} ${pools.seed}`;
  if (!selfChecks.has(key)) selfChecks.set(key, selfCheck(SELF_CHECK_FIXTURES, pools));
  return selfChecks.get(key)!;
};

async function runOne(args: string[], tmp: string, files: readonly string[]): Promise<string> {
  const summary = path.join(tmp, 'step-summary.md');
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  for (const k of ['STEPWISE_VECTORS', 'STEPWISE_EIP2537_VECTORS', 'FC_RUNS', 'FC_SEED', 'NO_COLOR', 'FORCE_COLOR']) delete process.env[k];
  process.env.CI = '1';
  process.env.GITHUB_STEP_SUMMARY = summary;
  const ttys = [process.stdout, process.stderr].map((s) => [s, Object.getOwnPropertyDescriptor(s, 'isTTY')] as const);
  for (const [s] of ttys) Object.defineProperty(s, 'isTTY', { value: false, configurable: true });
  let code: number;
  try {
    code = await main(args, { out: (s) => (stdout += s), err: (s) => (stderr += s) }, { selfCheck: sharedSelfCheck });
  } finally {
    for (const [s, d] of ttys) {
      if (d) Object.defineProperty(s, 'isTTY', d);
      else delete (s as { isTTY?: boolean }).isTTY;
    }
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  const parts = [`exit ${code}`, '--- stdout', stdout.trimEnd(), '--- stderr', stderr.trimEnd()];
  const written = readdirSync(tmp);
  if (written.includes('step-summary.md')) parts.push('--- $GITHUB_STEP_SUMMARY', readFileSync(summary, 'utf8').trimEnd());
  for (const f of files) parts.push(`--- ${f}`, written.includes(f) ? readFileSync(path.join(tmp, f), 'utf8').trimEnd() : '(not written)');
  return normalize(parts.join('\n'), tmp);
}

/** The record as text: every help text, then every run. */
export async function goldenRecord(): Promise<string> {
  const base = mkdtempSync(path.join(tmpdir(), 'stepwise-golden-'));
  const out: string[] = [];
  try {
    const commands = buildProgram({ out: () => {}, err: () => {} }, () => {}).commands.map((c) => c.name());
    const runs: { title: string; args: string[]; files: readonly string[] }[] = [
      { title: 'stepwise-msm --help', args: ['--help'], files: [] },
      ...commands.map((c) => ({ title: `stepwise-msm ${c} --help`, args: [c, '--help'], files: [] as string[] })),
      ...GOLDEN_RUNS.map((r) => ({ title: `${r.name}: stepwise-msm ${r.command} ${r.args.join(' ')}`, args: [r.command, ...r.args], files: r.files ?? [] })),
    ];
    for (const [i, r] of runs.entries()) {
      const tmp = path.join(base, String(i));
      mkdirSync(tmp);
      const args = r.args.map((a) => a.replaceAll('{tmp}', tmp));
      const t0 = performance.now();
      out.push(`=== ${r.title}`, await runOne(args, tmp, r.files), '');
      if (process.env.GOLDEN_TIMES) process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s  ${r.title.slice(0, 80)}\n`);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  return out.join('\n');
}

/** The lines of `a` and `b` that differ, as a short unified-style listing (first `max` differences). */
export function lineDiff(a: string, b: string, max = 40): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length) && out.length < 2 * max; i++) {
    if (x[i] === y[i]) continue;
    out.push(`${i + 1}- ${x[i] ?? '(none)'}`, `${i + 1}+ ${y[i] ?? '(none)'}`);
  }
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.chdir(ROOT);
  const text = await goldenRecord();
  if (process.argv.includes('--update')) {
    mkdirSync(path.dirname(GOLDEN), { recursive: true });
    writeFileSync(GOLDEN, text);
    console.log(`${path.relative(ROOT, GOLDEN)} written`);
  } else {
    let old = '';
    try {
      old = readFileSync(GOLDEN, 'utf8');
    } catch {
      // no record yet
    }
    console.log(old === text ? 'the command output equals the golden record' : lineDiff(old, text));
    process.exitCode = old === text ? 0 : 1;
  }
}
