/**
 * The reference revision that time is judged against: which one (`--against <git ref>`, or by
 * default the merge base with the default branch), and a temporary `git worktree` of it, ready
 * to load (dependencies, wasm module), removed afterwards — also on failure and on Ctrl-C.
 *
 * Default reference: in a git checkout with a default branch (origin/HEAD, else a local main,
 * else master), the merge base of HEAD with it. On that branch itself (HEAD is the merge base)
 * or outside git there is nothing to judge against: time is reported, not judged.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
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

function git(cwd: string, args: string[]): string | null {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
    return { judged: false, ref: null, sha: null, note: 'not a git checkout: time is reported, not judged' };
  }
  if (explicit !== null) {
    const sha = git(cwd, ['rev-parse', '-q', '--verify', `${explicit}^{commit}`]);
    if (!sha) throw new UsageError(`--against: "${explicit}" is not a commit git knows (give a branch, tag or commit, e.g. main or HEAD~1)`);
    return { judged: true, ref: explicit, sha, note: `against ${explicit} (${sha.slice(0, 12)}), measured in this run on this machine` };
  }
  const head = git(cwd, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  const branch = defaultBranch(cwd);
  if (!head) return { judged: false, ref: null, sha: null, note: 'no commit yet: time is reported, not judged' };
  if (!branch)
    return { judged: false, ref: null, sha: null, note: 'no default branch (origin/HEAD, main or master): time is reported, not judged (use --against <ref>)' };
  const base = git(cwd, ['merge-base', 'HEAD', branch]);
  if (!base)
    return { judged: false, ref: branch, sha: null, note: `HEAD has no merge base with ${branch}: time is reported, not judged (use --against <ref>)` };
  if (base === head)
    return {
      judged: false,
      ref: branch,
      sha: base,
      note: `HEAD is the merge base with ${branch} (on the default branch): time is reported, not judged (use --against <ref> to compare)`,
    };
  return {
    judged: true,
    ref: `merge-base(HEAD, ${branch})`,
    sha: base,
    note: `against the merge base with ${branch} (${base.slice(0, 12)}), measured in this run on this machine`,
  };
}

/** Files that determine build/wasm/msm.wasm (a tree whose files match can reuse our module). */
function wasmSources(root: string): string[] {
  const asm = path.join(root, 'src', 'optimized', 'wasm', 'assembly');
  const files = existsSync(asm)
    ? readdirSync(asm)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join('src', 'optimized', 'wasm', 'assembly', f))
    : [];
  return [
    ...files,
    path.join('scripts', 'gen-wasm-field.ts'),
    path.join('scripts', 'build-wasm.ts'),
    path.join('src', 'optimized', 'wasm', 'backend.ts'),
    path.join('src', 'optimized', 'wasm', 'layout.ts'),
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
  dir: string;
  /** How its dependencies and wasm module were provided (for the log). */
  setup: string[];
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
function track(w: { root: string; dir: string }): void {
  if (live.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', removeAll);
  }
  live.add(w);
}

function untrack(w: { root: string; dir: string }): void {
  live.delete(w);
  removeNow(w.root, w.dir);
  if (live.size === 0) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', removeAll);
  }
}

/**
 * Checks out `sha` into a temporary worktree, makes it loadable (node_modules: a symlink to
 * ours when package-lock.json is identical, else `npm ci`; the wasm module: a copy of ours
 * when its sources are identical, else built there), runs `fn`, and removes the worktree.
 */
export async function withWorktree<T>(root: string, sha: string, fn: (w: Worktree) => Promise<T>, log: (s: string) => void = () => {}): Promise<T> {
  const top = git(root, ['rev-parse', '--show-toplevel']) ?? root;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-ref-'));
  rmSync(dir, { recursive: true, force: true });
  const entry = { root: top, dir };
  track(entry);
  try {
    execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, sha], { cwd: top, stdio: ['ignore', 'ignore', 'pipe'] });
    const setup: string[] = [];
    const lockA = path.join(top, 'package-lock.json');
    const lockB = path.join(dir, 'package-lock.json');
    const nm = path.join(top, 'node_modules');
    if (existsSync(lockA) && existsSync(lockB) && readFileSync(lockA).equals(readFileSync(lockB)) && existsSync(nm)) {
      symlinkSync(realpathSync(nm), path.join(dir, 'node_modules'), 'dir');
      setup.push('node_modules: symlink (package-lock.json identical)');
    } else {
      log(`[against] package-lock.json differs: npm ci in ${dir}`);
      const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`npm ci in the reference worktree failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
      setup.push('node_modules: npm ci (package-lock.json differs)');
    }
    const ours = path.join(top, 'build', 'wasm', 'msm.wasm');
    const theirs = path.join(dir, 'build', 'wasm', 'msm.wasm');
    if (existsSync(ours) && sameFiles(top, dir, wasmSources(top)) && sameFiles(top, dir, wasmSources(dir))) {
      mkdirSync(path.dirname(theirs), { recursive: true });
      copyFileSync(ours, theirs);
      setup.push('wasm: copied (sources identical)');
    } else if (existsSync(path.join(dir, 'scripts', 'build-wasm.ts'))) {
      log('[against] wasm sources differ: building the reference wasm module');
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'build-wasm.ts')], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`building the reference wasm module failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
      setup.push('wasm: built (sources differ)');
    }
    return await fn({ dir, setup });
  } finally {
    untrack(entry);
  }
}
