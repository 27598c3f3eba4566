/**
 * Scratch checkouts for the journey tests: what a user has after `git clone` and `npm ci`, made
 * cheaply. The project's working tree (tracked and new files, not the ignored ones) is copied into
 * a temporary git repository with one commit on `main`; the build outputs of this checkout
 * (build/wasm, the generated sources, dist/) are copied after the sources, so the copy's build is
 * up to date exactly as `npm ci` (prepare → build) leaves it; node_modules is a folder of links to
 * this checkout's packages (caches the command writes there stay in the copy). Commands run the
 * built launcher (`node bin/stepwise-msm.js`, `npm run …`, `npx stepwise-msm`), never tsx, with
 * an environment free of vitest's loader flags and npm-script variables.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment of a child: no loader flags, no coverage collection, no npm-script context, no step summary. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'NODE_OPTIONS' || k === 'NODE_V8_COVERAGE' || k === 'INIT_CWD' || k === 'GITHUB_STEP_SUMMARY' || k === 'FC_SEED') continue;
    if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|userconfig)$/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time, s. */
  s: number;
}

/** Runs a command (no shell) in `cwd`; never throws for a non-zero exit. */
export function run(cmd: string, args: readonly string[], cwd: string, extra: Record<string, string> = {}, timeoutMs = 300_000): Run {
  const t0 = performance.now();
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, {
    cwd,
    env: childEnv(extra),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 1 << 26,
    shell: process.platform === 'win32',
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`, s: (performance.now() - t0) / 1000 };
}

/** `what` exited 0, or an Error with its output. */
export function ok(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r;
}

export const git = (cwd: string, ...args: string[]) =>
  ok(
    run('git', ['-c', 'user.name=journey', '-c', 'user.email=journey@example.invalid', '-c', 'commit.gpgsign=false', ...args], cwd),
    `git ${args.join(' ')}`
  ).stdout.trim();

/** `npm run build` in this checkout (a no-op when dist/ is up to date, as after the build npm test starts with). */
export function ensureBuilt(): void {
  ok(run(NPM, ['run', '--silent', 'build'], ROOT), 'npm run build');
}

/** The folders named `generated` under dir/rel (ignored build outputs inside the sources). */
function generatedDirs(rel: string): string[] {
  const out: string[] = [];
  const visit = (r: string) => {
    for (const e of readdirSync(path.join(ROOT, r), { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      if (e.name === 'generated') out.push(path.join(r, e.name));
      else visit(path.join(r, e.name));
    }
  };
  visit(rel);
  return out;
}

/** node_modules as a folder of links to this checkout's packages. */
function linkNodeModules(dir: string): void {
  const nm = path.join(dir, 'node_modules');
  mkdirSync(nm);
  for (const e of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (e === '.cache') continue;
    symlinkSync(path.join(ROOT, 'node_modules', e), path.join(nm, e), 'junction');
  }
}

/** A copy of this checkout as a fresh clone after `npm ci`: one commit on main, built. Returns its folder. */
export function scratchRepo(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const files = ok(run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT), 'git ls-files')
    .stdout.split('\0')
    // a node_modules symlink (a worktree sharing a checkout's packages) is not matched by `node_modules/` in .gitignore
    .filter((f) => f !== '' && f !== 'node_modules' && existsSync(path.join(ROOT, f)));
  for (const f of files) cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'the project as cloned');
  // build outputs after the sources: their times are newer, so the copy's build is up to date
  for (const rel of [path.join('build', 'wasm'), ...generatedDirs('src')]) cpSync(path.join(ROOT, rel), path.join(dir, rel), { recursive: true });
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  linkNodeModules(dir);
  return dir;
}

/** The commands a Markdown block of the command's output tells the user to run, e.g. the replay lines: `npx stepwise-msm …` inside backticks. */
export function printedCommands(text: string): string[] {
  return [...text.matchAll(/`(npx stepwise-msm [^`]+)`/g)].map((m) => m[1]!);
}

/** Splits a printed shell command line into arguments (single quotes as the CLI prints them). */
export function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** The text of a file. */
export const read = (file: string) => readFileSync(file, 'utf8');
