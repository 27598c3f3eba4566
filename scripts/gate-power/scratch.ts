/**
 * Scratch copies for the gate-power experiment: a detached `git worktree` of the commit under test (HEAD by default) in a temp
 * folder (node_modules linked to this checkout's, the wasm build copied), reused across mutants
 * (apply, run, `git checkout -- .` + `git clean`), and a child process with a timeout that
 * kills its whole process group.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMutant, applyPatch, type Mutant } from './mutants.js';

export interface Scratch {
  dir: string;
  /** Counterexamples the gate writes go here, not into the scratch tree. */
  corpus: string;
}

export function createScratch(repo: string, label: string, commit = 'HEAD'): Scratch {
  const base = mkdtempSync(path.join(os.tmpdir(), `gate-power-${label}-`));
  const dir = path.join(base, 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: repo, stdio: 'ignore' });
  symlinkSync(realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'));
  // step 12 (wasmField) needs its build output, which is not in git
  const wasm = path.join(repo, 'build', 'wasm');
  if (existsSync(wasm)) cpSync(wasm, path.join(dir, 'build', 'wasm'), { recursive: true });
  else execFileSync(path.join(repo, 'node_modules/.bin/tsx'), ['scripts/build-wasm.ts'], { cwd: dir, stdio: 'ignore' });
  return { dir, corpus: path.join(base, 'corpus') };
}

/** Back to HEAD: tracked files restored, new untracked files removed (node_modules and build are ignored, so they stay). */
export function resetScratch(s: Scratch): void {
  execFileSync('git', ['checkout', '--', '.'], { cwd: s.dir, stdio: 'ignore' });
  execFileSync('git', ['clean', '-fdq', '-e', 'node_modules', '-e', 'build'], { cwd: s.dir, stdio: 'ignore' });
  rmSync(s.corpus, { recursive: true, force: true });
}

export function removeScratch(repo: string, s: Scratch): void {
  spawnSync('git', ['worktree', 'remove', '--force', s.dir], { cwd: repo, stdio: 'ignore' });
  rmSync(path.dirname(s.dir), { recursive: true, force: true });
}

/** Writes the mutant into the scratch tree (throws when its text is not there any more). */
export function applyToScratch(s: Scratch, m: Mutant): void {
  if (m.kind === 'stryker') {
    const f = path.join(s.dir, m.file);
    writeFileSync(f, applyMutant(readFileSync(f, 'utf8'), m));
    return;
  }
  for (const p of m.patches) {
    const f = path.join(s.dir, p.file);
    writeFileSync(f, applyPatch(readFileSync(f, 'utf8'), p));
  }
}

export interface Spawned {
  code: number | null;
  timedOut: boolean;
  seconds: number;
  out: string;
}

const running = new Set<number>();

/** SIGKILL to the process group of every command still running (on Ctrl-C: they run detached, so they would outlive us). */
export function killRunning(): void {
  for (const pid of running)
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  running.clear();
}

/** Runs a command in its own process group; at the timeout the whole group gets SIGKILL. */
export function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Spawned> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) running.add(child.pid);
    let out = '';
    const keep = (d: Buffer) => {
      out += String(d);
      // keep the tail only (a gate prints its whole summary at the end)
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    const done = (code: number | null) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code, timedOut, seconds: (performance.now() - t0) / 1000, out });
    };
    child.on('error', (e) => {
      out += `\n${e.message}`;
      done(null);
    });
    child.on('close', (code) => done(code));
  });
}

/** The environment of a run: no vectors, no job summary, no loader flags of a parent vitest, not CI. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['STEPWISE_VECTORS', 'GITHUB_STEP_SUMMARY', 'NODE_OPTIONS', 'CI', 'FC_RUNS']) delete env[k];
  return env;
}
