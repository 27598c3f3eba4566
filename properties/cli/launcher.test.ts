/**
 * The launcher (bin/stepwise-msm.js) in a checkout of the sources refuses to run a build older
 * than the sources (exit 3, naming the changed file and the command to run), so a step added or
 * edited since the last build is never left out of the gate silently; an installed package
 * (no sources beside dist/) and STEPWISE_STALE_BUILD=ok run as they are. On a stand-in tree:
 * the launcher copied, a dist/ whose run.js only says it ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

const INPUTS = ['src', 'harness', 'bin', 'scripts/build.ts', 'package.json'];

/** A tree with the launcher and a dist/ built at `builtAt` (seconds since the epoch); `sources`: with src/ and scripts/build.ts. */
function tree(sources: boolean, stamp: string = `2026-01-01T00:00:00.000Z\n${INPUTS.join('\n')}\n`): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-launcher-'));
  const file = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  mkdirSync(path.join(dir, 'bin'));
  copyFileSync(path.join(ROOT, 'bin', 'stepwise-msm.js'), path.join(dir, 'bin', 'stepwise-msm.js'));
  file('package.json', '{"type":"module"}\n');
  if (sources) {
    file('src/optimized/steps/13-lazyThing.ts', 'export {};\n');
    file('src/optimized/wasm/assembly/generated/field.ts', 'export {};\n');
    file('harness/cli/run.ts', 'export {};\n');
    file('scripts/build.ts', 'export {};\n');
  }
  file('dist/harness/cli/run.js', "process.stdout.write('ran ' + process.argv.slice(2).join(' ') + '\\n');\n");
  file('dist/.stamp', stamp);
  // every input older than the stamp
  const old = new Date(Date.now() - 3600_000);
  for (const rel of [
    'package.json',
    'bin',
    'bin/stepwise-msm.js',
    ...(sources ? ['src/optimized/steps/13-lazyThing.ts', 'harness/cli/run.ts', 'scripts/build.ts'] : []),
  ])
    utimesSync(path.join(dir, rel), old, old);
  if (sources) for (const d of ['src/optimized/steps', 'src/optimized', 'src', 'harness/cli', 'harness']) utimesSync(path.join(dir, d), old, old);
  return dir;
}

const launch = (dir: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(dir, 'bin', 'stepwise-msm.js'), 'gate', '--sets', 'single'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', STEPWISE_STALE_BUILD: '', ...env },
  });

describe('bin/stepwise-msm.js: a stale build in a checkout', () => {
  it('a fresh build runs; a source newer than the stamp is refused with exit 3, the file and `npm run build`', () => {
    const dir = tree(true);
    const fresh = launch(dir);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).toBe('ran gate --sets single\n');
    // generated folders are build outputs, not inputs
    const future = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'src/optimized/wasm/assembly/generated/field.ts'), future, future);
    expect(launch(dir).status).toBe(0);

    utimesSync(path.join(dir, 'src/optimized/steps/13-lazyThing.ts'), future, future);
    const stale = launch(dir);
    expect(stale.status).toBe(3);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toContain(
      `dist/ is older than the sources (${path.join('src', 'optimized', 'steps', '13-lazyThing.ts')} changed after the last build)`
    );
    expect(stale.stderr).toContain('Run `npm run build`');
    // the escape hatch runs the old build
    expect(launch(dir, { STEPWISE_STALE_BUILD: 'ok' }).stdout).toBe('ran gate --sets single\n');
  });

  it('a stamp without its input list (an older build script) is stale; an installed package (no sources) is never checked', () => {
    const old = launch(tree(true, '2026-01-01T00:00:00.000Z\n'));
    expect(old.status).toBe(3);
    expect(old.stderr).toContain('built by an older build script');
    const installed = tree(false);
    utimesSync(path.join(installed, 'package.json'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(launch(installed).stdout).toBe('ran gate --sets single\n');
  });
});
