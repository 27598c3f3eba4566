/**
 * The target commands as users run them: the built launcher (`node bin/stepwise-msm.js`, which
 * runs dist/ — `npm test` builds it first), not the TypeScript sources. A `cmd:` target whose
 * program does not exist is a usage error: exit 3 before anything runs, the reason on stderr,
 * nothing on stdout and no corpus file written — on fuzz, gate, conformance and replay alike.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'bin', 'stepwise-msm.js');

function runBuilt(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS' && k !== 'GITHUB_STEP_SUMMARY') env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the built command: a cmd: program that does not exist', () => {
  it('fuzz, gate, conformance and replay --target exit 3 before anything runs, saying why, writing nothing', async () => {
    expect(existsSync(path.join(ROOT, 'dist', 'harness', 'cli', 'run.js')), 'dist/ is missing: run `npm run build` (npm test does)').toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-built-'));
    const corpus = path.join(dir, 'corpus');
    const requests = path.join(dir, 'requests.txt');
    writeFileSync(requests, 'g1 \n');
    const target = 'cmd:./no-such-msm --serve';
    const runs = await Promise.all([
      runBuilt(['fuzz', '--target', target, '--runs', '4', '--corpus', corpus], dir),
      runBuilt(['gate', '--target', target, '--runs', '1', '--skip-bench', '--skip-vectors', '--corpus', corpus], dir),
      runBuilt(['conformance', '--target', target, '--runs', '1'], dir),
      runBuilt(['replay', '--target', target, requests], dir),
    ]);
    for (const r of runs) {
      expect(r.code, r.stdout + r.stderr).toBe(3);
      expect(r.stderr).toMatch(/--target cmd:\.\/no-such-msm --serve: the target cannot run: the command was not found: .*exited with code 127/);
      expect(r.stderr).toMatch(/no-such-msm: not found/);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(corpus)).toBe(false);
  });
});
