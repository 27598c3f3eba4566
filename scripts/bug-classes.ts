/**
 * Kill-rate experiment for the classic MSM bug classes (scripts/bug-classes.json; results in
 * docs/mutation.md).
 *
 * For each class: a temporary git worktree of HEAD (`/tmp/bugs-<id>`, node_modules linked to
 * this checkout's), one small hand-written source patch (exact text replacements, each of which
 * must match exactly once), then the named property files run with the main vitest config,
 * `FC_SEED` fixed and the default run counts (FC_RUNS unset: what CI runs). The output is parsed
 * for the failing tests and fast-check's "Property failed after N tests"; the worktree is
 * removed afterwards.
 *
 *   npx tsx scripts/bug-classes.ts [--seed 42] [--only id,id] [--json out.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPatch, type Patch } from './gate-power/mutants.js';

export interface BugClass {
  id: string;
  title: string;
  /** Where the patch goes, for the table. */
  location: string;
  patches: Patch[];
  /** Property files run against the patched engine. */
  files: string[];
  /** Only the tests whose full name matches (vitest -t), to keep each class to a minute or so. */
  filter?: string;
}

/** The classes: one patch each (two for table-reuse), the property files that should catch it and the tests among them. */
export const CLASSES: BugClass[] = JSON.parse(readFileSync(new URL('./bug-classes.json', import.meta.url), 'utf8'));

const union = (xs: string[]) => [...new Set(xs)];

/** No patch: the files and tests the classes name must pass on HEAD with the same seed (run it first: `--only control`). */
export const CONTROL: BugClass = {
  id: 'control',
  title: 'no patch (control)',
  location: '-',
  patches: [],
  files: union(CLASSES.flatMap((c) => c.files)),
  filter: union(CLASSES.flatMap((c) => (c.filter ? c.filter.split('|') : []))).join('|'),
};

export interface Failure {
  file: string;
  test: string;
  /** fast-check's "failed after N tests" (N counts the failing run), null for a non-property test. */
  runs: number | null;
  shrunk: number | null;
}

export interface Outcome {
  id: string;
  caught: boolean;
  failures: Failure[];
  seconds: number;
  error?: string;
}

/** The failing tests and their run counts, read off vitest's default reporter output. */
export function parseVitest(out: string): Failure[] {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  const fails: Failure[] = [];
  // Each failure section starts with " FAIL  <file> > <describe> > <test>" and holds the error.
  const sections = clean.split(/^ ?FAIL {1,2}/m).slice(1);
  for (const s of sections) {
    const head = s.split('\n')[0].trim();
    const m = head.match(/^(\S+\.test\.ts) > (.*)$/);
    if (!m) continue;
    const pf = s.match(/Property failed after (\d+) tests/);
    const sh = s.match(/Shrunk (\d+) time/);
    fails.push({ file: m[1], test: m[2].trim(), runs: pf ? Number(pf[1]) : null, shrunk: sh ? Number(sh[1]) : null });
  }
  return fails;
}

function applyPatches(dir: string, patches: Patch[]): void {
  for (const p of patches) {
    const f = path.join(dir, p.file);
    writeFileSync(f, applyPatch(readFileSync(f, 'utf8'), p));
  }
}

export function runClass(repo: string, c: BugClass, seed: number): Outcome {
  const dir = `/tmp/bugs-${c.id}`;
  const t0 = Date.now();
  if (existsSync(dir)) {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
    rmSync(dir, { recursive: true, force: true });
  }
  execFileSync('git', ['worktree', 'add', '--detach', dir, 'HEAD'], { cwd: repo, stdio: 'ignore' });
  try {
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
    // step 12 (wasmField) needs its build output, which is not in git
    if (existsSync(path.join(dir, 'scripts', 'build-wasm.ts')))
      execFileSync(path.join(repo, 'node_modules/.bin/tsx'), ['scripts/build-wasm.ts'], { cwd: dir, stdio: 'ignore' });
    applyPatches(dir, c.patches);
    const env: NodeJS.ProcessEnv = { ...process.env, FC_SEED: String(seed) };
    delete env.FC_RUNS;
    const r = spawnSync(path.join(repo, 'node_modules/.bin/vitest'), ['run', ...c.files, ...(c.filter ? ['-t', c.filter] : [])], {
      cwd: dir,
      env,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    const failures = parseVitest(out);
    const caught = r.status !== 0;
    return { id: c.id, caught, failures, seconds: Math.round((Date.now() - t0) / 1000), error: caught && failures.length === 0 ? out.slice(-2000) : undefined };
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(arg('--seed') ?? 42);
  const only = arg('--only')?.split(',');
  const jsonOut = arg('--json');
  const repo = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const results: Outcome[] = [];
  for (const c of [CONTROL, ...CLASSES]) {
    if (only ? !only.includes(c.id) : c === CONTROL) continue;
    process.stderr.write(`[bug-classes] ${c.id}: ${c.files.join(', ')} (FC_SEED=${seed}) ...\n`);
    const o = runClass(repo, c, seed);
    results.push(o);
    const first = o.failures.map((f) => `${f.file} > ${f.test}: ${f.runs === null ? 'failed' : `after ${f.runs} run(s)`}`).join('\n    ');
    process.stderr.write(`  ${o.caught ? 'CAUGHT' : 'NOT CAUGHT'} in ${o.seconds} s\n    ${first}\n`);
    if (o.error) process.stderr.write(`  (no parsable failure)\n${o.error}\n`);
  }
  if (jsonOut)
    writeFileSync(jsonOut, JSON.stringify({ seed, commit: execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(), results }, null, 2) + '\n');
  const missed = results.filter((r) => !r.caught).map((r) => r.id);
  if (missed.length) process.stderr.write(`[bug-classes] not caught: ${missed.join(', ')}\n`);
  process.exitCode = missed.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main(process.argv.slice(2));
