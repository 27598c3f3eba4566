/**
 * Journey: another repository installs the command the way docs/targets.md says — the tarball of
 * the built package kept in its tools/ folder, a development dependency
 * (`"stepwise-msm": "file:tools/stepwise-msm-0.1.0.tgz"`, what `npm install --save-dev
 * ./tools/…tgz` records) installed by `npm ci` — and gates its own MSM program through `npx
 * stepwise-msm gate --target 'cmd:…'`: a correct program passes (exit 0, JUnit written), a program
 * that does not exist is refused before anything runs (exit 3, no corpus file).
 *
 * Offline: the project's lock file pins the tarball's dependency tree to this checkout's lock
 * (what the first, online `npm install` would have written), so `npm ci --offline` installs
 * from the npm cache that this checkout's `npm ci` filled. Scripts are not run (the optional
 * native c-kzg binding would compile C; the gate of a cmd: target does not use it).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallTargetGate } from '../cli/run-cli.js';
import { ensureBuilt, NPM, NPX, ok, ROOT, run } from './scratch.js';

const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** The user's MSM program on the line protocol: EIP-2537 requests in, the point or `error …` out (the package's own EIP-2537 functions). */
const MY_MSM = `// my-msm.mjs: an EIP-2537 MSM program speaking stepwise-msm's line protocol
import { createInterface } from 'node:readline';
import { eip2537G1Msm, eip2537G2Msm } from 'stepwise-msm/kzg';

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const [group, hex = ''] = line.split(' ');
  try {
    const out = (group === 'g1' ? eip2537G1Msm : eip2537G2Msm)(Buffer.from(hex, 'hex'));
    process.stdout.write(Buffer.from(out).toString('hex') + '\\n');
  } catch (e) {
    process.stdout.write(\`error \${e.message}\\n\`);
  }
}
`;

let project = '';
const timings: string[] = [];

describe('journey: another repository installs the packed command and gates its MSM program', () => {
  beforeAll(() => {
    const t0 = performance.now();
    ensureBuilt();
    const work = mkdtempSync(path.join(os.tmpdir(), 'stepwise-journey-install-'));
    const packed = JSON.parse(ok(run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT), 'npm pack').stdout)[0] as {
      filename: string;
    };
    project = path.join(work, 'my-msm');
    mkdirSync(path.join(project, 'tools'), { recursive: true });
    copyFileSync(path.join(work, packed.filename), path.join(project, 'tools', packed.filename));
    const spec = `file:tools/${packed.filename}`;
    writeFileSync(
      path.join(project, 'package.json'),
      `${JSON.stringify({ name: 'my-msm', version: '1.0.0', private: true, type: 'module', devDependencies: { [PKG.name]: spec } }, null, 2)}\n`
    );
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
    const self = lock.packages['']!;
    const packages: Record<string, unknown> = {
      '': { name: 'my-msm', version: '1.0.0', devDependencies: { [PKG.name]: spec } },
      [`node_modules/${PKG.name}`]: {
        version: PKG.version,
        resolved: spec,
        dev: true,
        license: self.license,
        dependencies: self.dependencies,
        optionalDependencies: self.optionalDependencies,
        bin: self.bin,
        engines: self.engines,
      },
    };
    for (const [k, v] of Object.entries(lock.packages)) if (k !== '' && v.dev !== true && v.link !== true) packages[k] = { ...v, dev: true };
    writeFileSync(
      path.join(project, 'package-lock.json'),
      `${JSON.stringify({ name: 'my-msm', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`
    );
    writeFileSync(path.join(project, 'my-msm.mjs'), MY_MSM);
    const ci = ok(run(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project), 'npm ci --offline');
    timings.push(`pack + npm ci ${((performance.now() - t0) / 1000).toFixed(1)} s (npm ci ${ci.s.toFixed(1)} s)`);
  }, 300_000);

  it('npx stepwise-msm is the installed command', () => {
    const r = ok(run(NPX, ['stepwise-msm', '--version'], project), 'npx stepwise-msm --version');
    expect(r.stdout.trim()).toBe(PKG.version);
    expect(existsSync(path.join(project, 'node_modules', '.bin', 'stepwise-msm'))).toBe(true);
  });

  it("gate --target 'cmd:node my-msm.mjs': every G1 input class agrees, exit 0, JUnit in reports/", () => {
    const r = run(
      NPX,
      ['stepwise-msm', 'gate', '--target', 'cmd:node my-msm.mjs', ...smallTargetGate(2, 3), '--skip-vectors', '--junit', 'reports/junit.xml'],
      project
    );
    timings.push(`gate --target ${r.s.toFixed(1)} s`);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/## stepwise-msm gate --target cmd:node my-msm\.mjs: ✅ passed \(exit 0\)/);
    expect(r.stdout).toMatch(/\| properties \| ✅ 16 class cells agree \|/);
    expect(readFileSync(path.join(project, 'reports', 'junit.xml'), 'utf8')).toMatch(/<testsuite name="properties" tests="16" failures="0"/);
  }, 300_000);

  it('a cmd: program that does not exist: exit 3 before anything runs, saying so, no corpus file', () => {
    const r = run(
      NPX,
      ['stepwise-msm', 'gate', '--target', 'cmd:./target/release/no-such-msm', '--group', 'g1', '--runs', '2', '--skip-bench', '--skip-vectors'],
      project
    );
    timings.push(`missing cmd ${r.s.toFixed(1)} s`);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(3);
    expect(r.stderr).toMatch(/no-such-msm/);
    expect(r.stderr).toMatch(/not found|No such file/i);
    expect(existsSync(path.join(project, 'reports', 'corpus'))).toBe(false);
    expect(existsSync(path.join(project, 'properties'))).toBe(false);
    console.log(`[journey install] ${timings.join(', ')}`);
  }, 120_000);
});
