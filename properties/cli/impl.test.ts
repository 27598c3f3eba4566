/**
 * The implementation under test is a dependency of the commands, not an environment variable:
 * `--impl <module>[#export]` (what child processes and fuzz workers load) and main()'s
 * `deps.impl` (in process). A broken MSM given either way is caught by gate and replay; a bad
 * module, a missing export or two implementations at once are usage errors (exit 3).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOY } from '../../src/index.js';
import { encodeCase } from '../../src/corpus.js';
import type { MsmImpl } from '../../harness/contract.js';
import { pointOf } from '../../harness/oracle.js';
import { dropLast } from './fixtures/faults.js';
import { DROP_LAST, ROOT, runCli, runCliInProcess, smallGate } from './run-cli.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'stepwise-impl-'));
const cli = (args: string[], impl?: MsmImpl) => runCliInProcess(args, { CI: '1', GITHUB_STEP_SUMMARY: undefined }, impl ? { impl } : {});

/** A corpus file whose last term is not 0: dropping the last point changes the result. */
function corpusFile(): string {
  const ks = [3n, 5n, 7n, 11n];
  const file = path.join(tmp(), 'case.json');
  const c = encodeCase(
    TOY,
    ks.map((k) => pointOf(TOY, k)),
    [2n, 0n, 9n, 4n],
    'none',
    3,
    { logs: ks.map((k) => '0x' + k.toString(16)), note: 'impl test' }
  );
  writeFileSync(file, JSON.stringify(c));
  return file;
}

describe('--impl and deps.impl: the MSM under test', () => {
  it('replay of a corpus file: the engine passes, the --impl module and the deps.impl function fail (exit 1)', async () => {
    const file = corpusFile();
    const clean = await cli(['replay', file]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/PASS: engine = reference = oracle/);
    const viaModule = await cli(['replay', file, '--impl', path.relative(process.cwd(), DROP_LAST)]);
    expect(viaModule.code, viaModule.stderr).toBe(1);
    // the failure names the module under test
    const name = path.relative(process.cwd(), DROP_LAST);
    expect(viaModule.stdout).toContain(`\n${name} (0x`);
    expect(viaModule.stdout).toMatch(/\nreference +\(0x.*\nFAIL/);
    const viaDeps = await cli(['replay', file], dropLast());
    expect(viaDeps.code, viaDeps.stderr).toBe(1);
    // only when the fault's gate condition holds
    expect((await cli(['replay', file], dropLast('glv'))).code).toBe(0);
  });

  it('gate with --impl <module>: the broken MSM fails every set (exit 1), names the smallest n', async () => {
    const dir = tmp();
    const r = await cli(['gate', '--sets', 'none', ...smallGate(12), '--corpus', dir, '--impl', DROP_LAST]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\| none \| toy n≤40 \| [345] \|/);
  });

  it("gate --impl: counterexamples go to the project's reports/corpus (not properties/corpus, which npm test replays against the engine); the summary's replay commands carry --impl", async () => {
    const project = tmp();
    writeFileSync(path.join(project, 'package.json'), '{"name":"my-msm","private":true}\n');
    const r = await runCli(['gate', '--sets', 'none', ...smallGate(12), '--impl', DROP_LAST], { cwd: project });
    expect(r.code, r.stderr).toBe(1);
    const written = readdirSync(path.join(project, 'reports', 'corpus'));
    expect(written).toHaveLength(1);
    expect(existsSync(path.join(project, 'properties'))).toBe(false);
    expect(r.stdout).toContain(`npx stepwise-msm replay ${path.join('reports', 'corpus', written[0]!)} --impl ${DROP_LAST}`);
    expect(r.stdout).toMatch(new RegExp(`npx stepwise-msm replay --seed \\d+ .* --impl ${escapeRe(DROP_LAST)}\``));
    expect(JSON.parse(readFileSync(path.join(project, 'reports', 'corpus', written[0]!), 'utf8')).note).toContain(`MSM under test --impl ${DROP_LAST}`);
  });

  it('module#export picks a named export; a function that is not an MSM fails the contract (exit 1)', async () => {
    // faults.ts#dropLast is the factory, not an MSM: it returns a function, not a point
    const file = corpusFile();
    const r = await cli(['replay', file, '--impl', `${path.join(ROOT, 'properties/cli/fixtures/faults.ts')}#dropLast`]);
    expect(r.code).toBe(1);
  });

  it('usage errors (exit 3): no such module, no MSM export, a bad export name, two implementations, a function for fuzz', async () => {
    const file = corpusFile();
    const faults = path.join(ROOT, 'properties/cli/fixtures/faults.ts');
    const missing = await cli(['replay', file, '--impl', 'no/such/module.ts']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/error: --impl: no module at .*no\/such\/module\.ts/);
    const noExport = await cli(['replay', file, '--impl', faults]);
    expect(noExport.code).toBe(3);
    expect(noExport.stderr).toMatch(/--impl .*faults\.ts: the module exports no function named msm or default/);
    const badName = await cli(['replay', file, '--impl', `${faults}#1x`]);
    expect(badName.code).toBe(3);
    expect(badName.stderr).toMatch(/"1x" is not an export name/);
    const both = await cli(['replay', file, '--impl', DROP_LAST], dropLast());
    expect(both.code).toBe(3);
    expect(both.stderr).toMatch(/give one, not both/);
    const fuzz = await cli(['fuzz', '--curve', 'toy', '--runs', '1', '--workers', '1', '--corpus', tmp()], dropLast());
    expect(fuzz.code).toBe(3);
    expect(fuzz.stderr).toMatch(/worker threads: .*--impl <module>/);
  });

  it("an MSM's error text cannot restructure the Markdown summary (line breaks and HTML escaped); a thrown non-Error value is named", async () => {
    const dir = tmp();
    const md = path.join(dir, 'markdown-error.mjs');
    writeFileSync(md, "export function msm() { throw new Error('boom\\n\\n# injected\\n<img src=x onerror=alert(1)></details> | cell'); }\n");
    const r = await cli(['gate', '--sets', 'none', ...smallGate(2), '--corpus', dir, '--impl', md]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(/^# injected/m);
    expect(r.stdout).not.toContain('<img');
    expect(r.stdout).toContain('threw Error: boom ⏎  ⏎ # injected ⏎ &lt;img src=x onerror=alert(1)&gt;&lt;/details&gt; \\| cell');
    const nul = path.join(dir, 'throws-null.mjs');
    writeFileSync(nul, 'export function msm() { throw null; }\n');
    const rep = await cli(['replay', corpusFile(), '--impl', nul]);
    expect(rep.code, rep.stderr).toBe(1);
    expect(rep.stdout).toMatch(/throws-null\.mjs threw a non-Error value: null/);
  });

  it('fuzz --impl in which no case finishes within --time checked nothing: exit 3, never a pass', async () => {
    const slow = path.join(tmp(), 'slow.mjs');
    writeFileSync(slow, "export function msm() { const t = Date.now(); while (Date.now() - t < 20000); throw new Error('too late'); }\n");
    const r = await cli(['fuzz', '--impl', slow, '--curve', 'toy', '--time', '0.5', '--workers', '1', '--seed', '3', '--corpus', tmp()]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/## stepwise-msm fuzz: ⚠️ nothing checked: no case finished within --time/);
    expect(r.stdout).not.toMatch(/passed/);
  }, 60_000);

  it('gate --impl: the vectors and KZG soundness stages run the KZG functions on the engine, so they are not applicable (never a ✅ for the MSM under test)', async () => {
    const r = await cli([
      'gate',
      '--sets',
      'none',
      '--runs',
      '2',
      '--g1-runs',
      '0',
      '--random-runs',
      '0',
      '--skip-bench',
      '--skip-checks',
      '--corpus',
      tmp(),
      '--impl',
      DROP_LAST,
    ]);
    expect(r.stdout).toMatch(/\| vectors \| ➖ not applicable: the MSM under test is not the engine \(--impl\) \|/);
    expect(r.stdout).toMatch(/\| kzg soundness \| ➖ not applicable: the MSM under test is not the engine \(--impl\) \|/);
  });

  it('no product code takes a fault from the environment (STEPWISE_CLI_FAULT is gone from src/ and harness/)', () => {
    const files = ['src', 'harness'].flatMap((d) =>
      (readdirSync(path.join(ROOT, d), { recursive: true }) as string[]).filter((f) => /\.(ts|mjs|js)$/.test(f)).map((f) => path.join(ROOT, d, f))
    );
    expect(files.length).toBeGreaterThan(40);
    const offenders = files.filter((f) => /STEPWISE_CLI_FAULT|process\.env\.[A-Z_]*FAULT/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
