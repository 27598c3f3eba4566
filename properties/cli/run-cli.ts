/**
 * Runs the `stepwise-msm` command in a child process, from the TypeScript sources (the same
 * process entry the installed launcher bin/stepwise-msm.js runs compiled; the compiled launcher
 * itself is run by properties/package.test.ts from an installed tarball).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { main, type CliDeps } from '../../harness/cli/main.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The process entry of the command (harness/cli/run.ts), run through tsx. */
export const BIN = path.join(ROOT, 'harness', 'cli', 'run.ts');
/** tsx's loader, resolved from this checkout (so a child started in a folder without node_modules still finds it). */
export const TSX = import.meta.resolve('tsx');
/** `--impl` module of a deliberately broken MSM (drops the last point when n ≥ 3), for child-process runs. */
export const DROP_LAST = path.join(ROOT, 'properties', 'cli', 'fixtures', 'drop-last.ts');

/** A cmd: target running one of the fixtures: properties/targets/fixtures/<name>.mjs, or properties/cli/fixtures/drop-last.mjs for `drop-last`. */
export const fixtureCmd = (name: string) =>
  `cmd:"${process.execPath}" ${name === 'drop-last' ? path.join(ROOT, 'properties', 'cli', 'fixtures', 'drop-last.mjs') : path.join(ROOT, 'properties', 'targets', 'fixtures', `${name}.mjs`)}`;

/**
 * The options of a small engine gate run (the caller adds `--sets`, `--corpus` and what it tests):
 * `runs` toy-curve runs a set, `g1Runs` G1 oracle runs (default 0), no random gate sets, no vectors
 * stage; no bench stage unless `bench`, no engine-check stage when `checks` is false.
 */
export function smallGate(runs: number, o: { g1Runs?: number; bench?: boolean; checks?: boolean } = {}): string[] {
  const skips = [...(o.checks === false ? ['--skip-checks'] : []), '--skip-vectors', ...(o.bench ? [] : ['--skip-bench'])];
  return ['--runs', String(runs), '--g1-runs', String(o.g1Runs ?? 0), '--random-runs', '0', ...skips];
}

/** The options of a small `gate --target` run: G1 only, `runs` cases a class of at most `maxN` items, no bench stage. */
export function smallTargetGate(runs: number, maxN: number): string[] {
  return ['--group', 'g1', '--runs', String(runs), '--max-n', String(maxN), '--skip-bench'];
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; bin?: string; timeoutMs?: number } = {}
): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, CI: '1', GITHUB_STEP_SUMMARY: undefined, ...opts.env })) if (v !== undefined) env[k] = v;
  // vitest's own loader flags must not leak into the child
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, opts.bin ?? BIN, ...args], { cwd: opts.cwd ?? ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The CLI in this process (the same main() the launcher runs, minus the process start-up), with
 * `env` applied to process.env for the call and restored afterwards (undefined deletes a key),
 * and `deps` (e.g. a broken MSM as the implementation under test) handed to main().
 */
export async function runCliInProcess(args: string[], env: Record<string, string | undefined> = {}, deps: CliDeps = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await main(args, { out: (s) => (stdout += s), err: (s) => (stderr += s) }, deps);
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
