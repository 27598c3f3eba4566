/**
 * The reference revision that time is judged against: which one (`--against <git ref>`, or by
 * default the merge base with the default branch), and a temporary `git worktree` of it, ready
 * to load (dependencies, wasm module and, for the built command, its dist/), removed afterwards
 * — also on failure and on Ctrl-C.
 *
 * The reference is loaded the way the head is: from its TypeScript sources when the harness runs
 * from its sources (tsx: tests, `npx tsx harness/cli/run.ts`), from its own build when the
 * harness runs built (`npx stepwise-msm`, `npm run gate`). Its dist/ is, in that order: taken
 * from the cache (node_modules/.cache/stepwise-msm/reference-dist/<commit>, the few newest
 * kept), copied from the head's up-to-date build when every build input is identical, or built
 * there by its own `scripts/build.ts --engine-only`; a revision without a build script is loaded
 * from its sources through tsx.
 *
 * Default reference: in a git checkout with a default branch (origin/HEAD, else a local main,
 * else master), the merge base of HEAD with it. On that branch itself (HEAD is the merge base)
 * or outside git there is nothing to judge against: time is reported, not judged.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../cli/errors.js';

export interface Reference {
  /** Whether time is judged (a reference exists and differs from HEAD's branch point). */
  judged: boolean;
  /** The ref as given or found (e.g. "HEAD", "main"), or null. */
  ref: string | null;
  /** Full commit id of the reference, or null. */
  sha: string | null;
  /** One sentence for the summary: what time is compared against, or why not. */
  note: string;
}

/** A reference that is not judged against: time is reported only. */
const notJudged = (note: string, ref: string | null = null, sha: string | null = null): Reference => ({ judged: false, ref, sha, note });

/** Runs a command in `cwd` with its output captured; `tail(k)`: its last k lines of output (stderr, else stdout), for an error message. */
function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ...r, tail: (k: number) => (r.stderr || r.stdout).trim().split('\n').slice(-k).join(' ') };
}

function git(cwd: string, args: string[]): string | null {
  const r = run('git', args, cwd);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The default branch's ref: origin/HEAD's target, else a local main, else master; null if none. */
export function defaultBranch(cwd: string): string | null {
  const remote = git(cwd, ['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD']);
  if (remote) return remote;
  for (const b of ['main', 'master']) if (git(cwd, ['rev-parse', '-q', '--verify', `refs/heads/${b}^{commit}`])) return b;
  return null;
}

/**
 * Resolves the reference. `explicit`: a git ref (any commit-ish); `null`: the default (merge base
 * with the default branch). Throws UsageError for a ref git does not know.
 */
export function resolveReference(cwd: string, explicit: string | null): Reference {
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (top === null) {
    if (explicit !== null) throw new UsageError(`--against ${explicit}: ${cwd} is not in a git checkout, so there is no revision to compare with`);
    return notJudged('not a git checkout: time is reported, not judged');
  }
  if (explicit !== null) {
    const sha = git(cwd, ['rev-parse', '-q', '--verify', `${explicit}^{commit}`]);
    if (!sha) throw new UsageError(`--against: "${explicit}" is not a commit git knows (give a branch, tag or commit, e.g. main or HEAD~1)`);
    return { judged: true, ref: explicit, sha, note: `against ${explicit} (${sha.slice(0, 12)}), measured in this run on this machine` };
  }
  const head = git(cwd, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  const branch = defaultBranch(cwd);
  if (!head) return notJudged('no commit yet: time is reported, not judged');
  if (!branch) return notJudged('no default branch (origin/HEAD, main or master): time is reported, not judged (use --against <ref>)');
  const base = git(cwd, ['merge-base', 'HEAD', branch]);
  if (!base) return notJudged(`HEAD has no merge base with ${branch}: time is reported, not judged (use --against <ref>)`, branch);
  if (base === head)
    return notJudged(
      `HEAD is the merge base with ${branch} (on the default branch): time is reported, not judged (use --against <ref> to compare)`,
      branch,
      base
    );
  return {
    judged: true,
    ref: `merge-base(HEAD, ${branch})`,
    sha: base,
    note: `against the merge base with ${branch} (${base.slice(0, 12)}), measured in this run on this machine`,
  };
}

/** Files that determine build/wasm/ (a tree whose files match can reuse our modules): everything under src/optimized/wasm but generated files, and the wasm build scripts. */
function wasmSources(root: string): string[] {
  return [
    ...filesUnder(root, path.join('src', 'optimized', 'wasm')),
    path.join('scripts', 'gen-wasm-field.ts'),
    path.join('scripts', 'build-wasm.ts'),
    path.join('scripts', 'embed-wasm.ts'),
  ].sort();
}

function sameFiles(a: string, b: string, rels: readonly string[]): boolean {
  for (const r of rels) {
    const x = path.join(a, r);
    const y = path.join(b, r);
    if (existsSync(x) !== existsSync(y)) return false;
    if (existsSync(x) && !readFileSync(x).equals(readFileSync(y))) return false;
  }
  return true;
}

export interface Worktree {
  /** The worktree (the repository's top level). */
  dir: string;
  /** The project inside it (dir itself unless the project is a subfolder of its repository). */
  project: string;
  /** How to load its engine: its built dist/src/index.js, or its TypeScript sources. */
  load: 'built' | 'sources';
  /** How its dependencies, wasm module and build were provided (for the log). */
  setup: string[];
}

export interface WorktreeOptions {
  /** Provide the reference's dist/ (the harness runs built); default false (sources). */
  built?: boolean;
  /** Where built reference trees are kept between runs (default <project>/node_modules/.cache/stepwise-msm/reference-dist; null: no cache). */
  cacheDir?: string | null;
}

/** Built reference trees kept in the cache (the newest by use). */
export const REFERENCE_CACHE_KEEP = 4;

/** What decides a tree's dist/src: its sources, the build scripts, the TypeScript settings and package.json. */
const ENGINE_BUILD_FILES = ['scripts/build.ts', 'scripts/build-wasm.ts', 'scripts/gen-wasm-field.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Walks the folders under dir/rel (paths relative to dir): `file` for each file outside folders named generated, `generated` for each such folder. */
function walk(dir: string, rel: string, on: { file?: (r: string) => void; generated?: (r: string) => void }): void {
  const p = path.join(dir, rel);
  if (!existsSync(p)) return;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (!e.isDirectory()) on.file?.(r);
    else if (e.name === 'generated') on.generated?.(r);
    else walk(dir, r, on);
  }
}

/** Files under dir/rel (relative to dir, sorted), skipping generated folders. */
function filesUnder(dir: string, rel: string): string[] {
  const out: string[] = [];
  walk(dir, rel, { file: (r) => out.push(r) });
  return out.sort();
}

/** Newest modification time of the files under dir/rel (skipping generated folders). */
function newestUnder(dir: string, rels: readonly string[]): number {
  let newest = 0;
  for (const r of rels) {
    const p = path.join(dir, r);
    if (!existsSync(p)) continue;
    newest = Math.max(newest, statSync(p).mtimeMs);
    if (statSync(p).isDirectory()) for (const f of filesUnder(dir, r)) newest = Math.max(newest, statSync(path.join(dir, f)).mtimeMs);
  }
  return newest;
}

/** Whether the head's dist/src is an up-to-date build of exactly the reference's engine inputs (so a copy of it is the reference's build). */
function headBuildMatches(head: string, ref: string): boolean {
  const stamp = path.join(head, 'dist', '.stamp');
  if (!existsSync(stamp) || !existsSync(path.join(head, 'dist', 'src', 'index.js'))) return false;
  if (statSync(stamp).mtimeMs < newestUnder(head, ['src', ...ENGINE_BUILD_FILES])) return false;
  const a = filesUnder(head, 'src');
  const b = filesUnder(ref, 'src');
  return a.length === b.length && a.every((f, i) => f === b[i]) && sameFiles(head, ref, [...a, ...ENGINE_BUILD_FILES]);
}

/** Copies a cached built tree into `to` (true), or false when there is none or it is incomplete. */
function fromCache(cacheDir: string, sha: string, to: string): boolean {
  const entry = path.join(cacheDir, sha);
  if (!existsSync(path.join(entry, 'complete')) || !existsSync(path.join(entry, 'dist', 'src', 'index.js'))) return false;
  try {
    cpSync(path.join(entry, 'dist'), path.join(to, 'dist'), { recursive: true });
    writeFileSync(path.join(entry, 'complete'), `${new Date().toISOString()}\n`); // marks its last use
    return true;
  } catch {
    rmSync(path.join(to, 'dist'), { recursive: true, force: true });
    return false;
  }
}

/** Stores `from`/dist in the cache under `sha` (atomically: written aside, then renamed), keeping the REFERENCE_CACHE_KEEP newest. */
function toCache(cacheDir: string, sha: string, from: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = mkdtempSync(path.join(cacheDir, `.${sha.slice(0, 12)}-`));
    cpSync(path.join(from, 'dist'), path.join(tmp, 'dist'), { recursive: true });
    writeFileSync(path.join(tmp, 'complete'), `${new Date().toISOString()}\n`);
    rmSync(path.join(cacheDir, sha), { recursive: true, force: true });
    renameSync(tmp, path.join(cacheDir, sha));
    const entries = readdirSync(cacheDir)
      .filter((e) => /^[0-9a-f]{40,64}$/.test(e) && existsSync(path.join(cacheDir, e, 'complete')))
      .map((e) => ({ e, t: statSync(path.join(cacheDir, e, 'complete')).mtimeMs }))
      .sort((x, y) => y.t - x.t);
    for (const { e } of entries.slice(REFERENCE_CACHE_KEEP)) rmSync(path.join(cacheDir, e), { recursive: true, force: true });
  } catch {
    // a cache is an optimization: a failure to write it changes nothing else
  }
}

/**
 * Gives the reference project `ref` (commit `sha`) a dist/ to load: from the cache, a copy of
 * the head's identical build, or its own build script (`--engine-only`); the setup line, and
 * how to load it ('sources' when the revision has no build script).
 */
function provideBuild(head: string, ref: string, sha: string, cacheDir: string | null, log: (s: string) => void): { line: string; load: 'built' | 'sources' } {
  if (cacheDir !== null && fromCache(cacheDir, sha, ref)) return { line: `dist: from the cache (${path.join(cacheDir, sha.slice(0, 12))}…)`, load: 'built' };
  if (headBuildMatches(head, ref)) {
    cpSync(path.join(head, 'dist', 'src'), path.join(ref, 'dist', 'src'), { recursive: true });
    // kept for the next runs: the working tree moves on, the reference revision does not
    if (cacheDir !== null) toCache(cacheDir, sha, ref);
    return { line: "dist: copied (its engine's build inputs are identical to the working tree's, whose build is up to date)", load: 'built' };
  }
  if (!existsSync(path.join(ref, 'scripts', 'build.ts')))
    return { line: 'no build script in that revision: loaded from its TypeScript sources (tsx)', load: 'sources' };
  log('[against] building the reference (its scripts/build.ts --engine-only)');
  const t0 = performance.now();
  const r = run(process.execPath, ['--import', 'tsx', path.join('scripts', 'build.ts'), '--engine-only'], ref);
  if (r.status !== 0 || !existsSync(path.join(ref, 'dist', 'src', 'index.js'))) throw new Error(`building the reference revision failed: ${r.tail(5)}`);
  if (cacheDir !== null) toCache(cacheDir, sha, ref);
  return { line: `dist: built (its scripts/build.ts --engine-only, ${((performance.now() - t0) / 1000).toFixed(1)} s)`, load: 'built' };
}

const live = new Set<{ root: string; dir: string }>();

function removeNow(root: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  spawnSync('git', ['worktree', 'prune'], { cwd: root, stdio: 'ignore' });
}

function removeAll(): void {
  for (const w of live) removeNow(w.root, w.dir);
  live.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  removeAll();
  process.stderr.write(`\n[against] ${sig}: reference worktree removed\n`);
  process.exit(sig === 'SIGINT' ? 130 : 143);
}

/** Signal and exit hooks are installed while a worktree exists, and removed with the last one. */
const HOOKS = [
  ['SIGINT', onSignal],
  ['SIGTERM', onSignal],
  ['exit', removeAll],
] as const;

function track(w: { root: string; dir: string }): void {
  if (live.size === 0) for (const [event, hook] of HOOKS) process.on(event, hook);
  live.add(w);
}

function untrack(w: { root: string; dir: string }): void {
  live.delete(w);
  removeNow(w.root, w.dir);
  if (live.size === 0) for (const [event, hook] of HOOKS) process.off(event, hook);
}

/**
 * Checks out `sha` into a temporary worktree, makes it loadable (node_modules: a symlink to
 * ours when package-lock.json is identical, else `npm ci`; the wasm module: a copy of ours
 * when its sources are identical, else built there; with `built`, its dist/: see provideBuild),
 * runs `fn`, and removes the worktree. `root`: the project (a folder of the repository).
 */
export async function withWorktree<T>(
  root: string,
  sha: string,
  fn: (w: Worktree) => Promise<T>,
  log: (s: string) => void = () => {},
  options: WorktreeOptions = {}
): Promise<T> {
  const top = git(root, ['rev-parse', '--show-toplevel']) ?? root;
  const rel = path.relative(realpathSync(top), realpathSync(root));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-ref-'));
  rmSync(dir, { recursive: true, force: true });
  const entry = { root: top, dir };
  track(entry);
  try {
    execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, sha], { cwd: top, stdio: ['ignore', 'ignore', 'pipe'] });
    const project = path.join(dir, rel);
    const setup: string[] = [];
    const nm = path.join(root, 'node_modules');
    if (existsSync(path.join(root, 'package-lock.json')) && sameFiles(root, project, ['package-lock.json']) && existsSync(nm)) {
      symlinkSync(realpathSync(nm), path.join(project, 'node_modules'), 'dir');
      setup.push('node_modules: symlink (package-lock.json identical)');
    } else {
      log(`[against] package-lock.json differs: npm ci in ${dir}`);
      const r = run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], project);
      if (r.status !== 0) throw new Error(`npm ci in the reference worktree failed: ${r.tail(3)}`);
      setup.push('node_modules: npm ci (package-lock.json differs)');
    }
    const ours = path.join(root, 'build', 'wasm');
    if (existsSync(path.join(ours, 'msm.wasm')) && sameFiles(root, project, wasmSources(root)) && sameFiles(root, project, wasmSources(project))) {
      cpSync(ours, path.join(project, 'build', 'wasm'), { recursive: true });
      // with the generated files (kernels, embedded modules), the reference's own build finds its modules up to date
      walk(root, path.join('src', 'optimized', 'wasm'), { generated: (gen) => cpSync(path.join(root, gen), path.join(project, gen), { recursive: true }) });
      setup.push('wasm: copied (sources identical)');
    } else if (existsSync(path.join(project, 'scripts', 'build-wasm.ts'))) {
      log('[against] wasm sources differ: building the reference wasm module');
      const r = run(process.execPath, ['--import', 'tsx', path.join('scripts', 'build-wasm.ts')], project);
      if (r.status !== 0) throw new Error(`building the reference wasm module failed: ${r.tail(3)}`);
      setup.push('wasm: built (sources differ)');
    }
    let load: 'built' | 'sources' = 'sources';
    if (options.built) {
      const cacheDir = options.cacheDir === undefined ? path.join(root, 'node_modules', '.cache', 'stepwise-msm', 'reference-dist') : options.cacheDir;
      const b = provideBuild(root, project, sha, cacheDir, log);
      setup.push(b.line);
      load = b.load;
    }
    return await fn({ dir, project, load, setup });
  } finally {
    untrack(entry);
  }
}
