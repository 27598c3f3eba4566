/**
 * Ctrl-C during `fuzz`: the launcher, spawned like a user runs it, gets SIGINT after its first
 * progress line; it stops the workers, prints the partial summary (cases run so far) and exits
 * 130. And `--version` prints the package's version.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, TSX, runCli } from './run-cli.js';

describe('fuzz interrupted by Ctrl-C', () => {
  it('SIGINT after the first progress line: partial summary on stdout, exit 130, well before --time', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, CI: '1', STEPWISE_PROGRESS_INTERVAL_MS: '200', GITHUB_STEP_SUMMARY: undefined }))
      if (v !== undefined) env[k] = v;
    delete env.NODE_OPTIONS;
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', TSX, BIN, 'fuzz', '--curve', 'toy', '--time', '60', '--seed', '7', '--workers', '1', '--max-n', '16'], {
      cwd: ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /\[fuzz\] \d+ cases/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(killer);
    expect(sent, stderr).toBe(true);
    expect(code, stderr + stdout).toBe(130);
    expect(Date.now() - t0).toBeLessThan(45_000);
    expect(stderr).toMatch(/interrupted \(Ctrl-C\): stopping after the current cases/);
    expect(stdout).toMatch(/^## stepwise-msm fuzz: ⏹ interrupted \(Ctrl-C\): partial result, no failure so far$/m);
    const row = /\| toy \| random over the gate space \| msm \| 1\.\.16 \| [\d.]+ \| both \| (\d+) \| ([\d.]+) s \|/.exec(stdout);
    expect(row, stdout).not.toBeNull();
    expect(Number(row![1])).toBeGreaterThan(0);
    expect(Number(row![2])).toBeLessThan(45);
  });

  it('--version and -V print the package version', async () => {
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });
});
