/**
 * Fail fast, never hang: the time limits of properties/setup.ts, checked on a
 * fixture run by a child vitest with small limits. A slow failing property stops shrinking after
 * FC_SHRINK_MS and is reported with its counterexample; a property that cannot finish within its
 * test's time is a failure (not a silent pass with fewer runs); a synchronous endless loop — which
 * vitest's own testTimeout cannot interrupt — is named (file › test) by the watchdog thread,
 * which ends the worker, and the run exits non-zero. All within seconds, not hours.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

describe('time limits of every test file (properties/setup.ts)', () => {
  it('a slow shrink, a too-slow property and a synchronous endless loop each end as a named failure, within seconds', () => {
    const t = Date.now();
    const r = spawnSync(process.execPath, [VITEST, 'run', '--config', 'properties/time-limits/vitest.fixture.config.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FC_SHRINK_MS: '2000', STEPWISE_WATCHDOG_GRACE_MS: '2000', NO_COLOR: '1', FORCE_COLOR: '0', CI: '' },
      timeout: 150_000,
    });
    const ms = Date.now() - t;
    const out = (r.stdout ?? '') + (r.stderr ?? '');
    expect(r.error, out).toBeUndefined();
    expect(r.status, out).not.toBe(0);
    // the shrink was cut and the failure reported with a counterexample and its seed/path
    expect(out).toMatch(/shrinking stopped 2000 ms after the first failure/);
    expect(out).toMatch(/FAIL .*hang\.fixture\.ts > time-limit fixture > slow failing property whose shrinking would take hours/);
    expect(out).toMatch(/Counterexample: /);
    // a passing property cut at its test's limit is a failure
    expect(out).toMatch(/property stopped at its test's time limit \(2000 ms\) after \d+ runs, before reaching numRuns/);
    // the endless loop: the watchdog names the file and the test, and the worker ends
    expect(out).toMatch(
      /\[watchdog\] FAIL properties\/time-limits\/hang\.fixture\.ts > time-limit fixture > synchronous endless loop: ran past twice its own time limit \(at least 2000 ms past it\)/
    );
    expect(out).toMatch(/Worker exited unexpectedly/);
    expect(ms).toBeLessThan(120_000);
  }, 170_000);
});
