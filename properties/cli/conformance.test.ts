/**
 * `stepwise-msm conformance`: the matrix targets × input classes, run as the user runs it (a
 * child process), on the target layer's cmd: fixtures (properties/targets/fixtures/: correct,
 * drop-top-bit, no-subgroup-check, crash-on-infinity), noble (takes decoded points: the invalid
 * classes are n/a); a named target that cannot run exits 3, one of the default list that cannot be
 * opened is a skip row (rendered from a matrix built in process). Expected cells come from the
 * fixtures' faults: drop-top-bit is wrong on scalar-above-r (every case draws scalars ≥ 2^255);
 * no-subgroup-check accepts the not-in-subgroup class and agrees elsewhere; crash-on-infinity
 * crashes on the infinity class.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixMarkdown } from '../../harness/cli/conformance.js';
// the matrix's columns: the harness's input classes (16 of them: the skip row below counts them)
import { INVALID_CLASSES as INVALID, VALID_CLASSES as VALID } from '../../harness/arbitraries/target-case.js';
import { fixtureCmd as cmd, runCli } from './run-cli.js';

/** The Markdown matrix as row label → class → cell text. */
function parseMatrix(md: string): Map<string, Record<string, string>> {
  const lines = md.split('\n').filter((l) => l.startsWith('| ')); // the |---| separator is left out
  const head = lines[0]
    .split('|')
    .slice(1, -1)
    .map((s) => s.trim());
  const rows = new Map<string, Record<string, string>>();
  for (const l of lines.slice(1)) {
    const cells = l
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((s) => s.trim());
    const rec: Record<string, string> = {};
    head.forEach((h, i) => (rec[h] = cells[i] ?? ''));
    rows.set(`${cells[0]} ${cells[1]}`, rec);
  }
  return rows;
}

describe('conformance', () => {
  it('prints the matrix with the expected cells (Markdown and HTML files too), exit 0; --strict exits 1', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-conformance-'));
    const md = path.join(dir, 'c.md');
    const html = path.join(dir, 'c.html');
    const missing = `module:${path.join(dir, 'missing.mjs')}`;
    const args = ['conformance', '--group', 'g1', '--runs', '4', '--max-n', '3', '--seed', '5'];
    const [r, strict] = await Promise.all([
      runCli([
        ...args,
        '--target',
        cmd('correct'),
        '--target',
        cmd('drop-top-bit'),
        '--target',
        cmd('no-subgroup-check'),
        '--target',
        cmd('crash-on-infinity'),
        '--target',
        'noble',
        '--markdown',
        md,
        '--html',
        html,
      ]),
      runCli([...args, '--target', cmd('no-subgroup-check'), '--strict']),
    ]);
    // a target named on the command line that cannot run: exit 3 before anything runs
    const [noModule, noCommand] = await Promise.all([
      runCli([...args, '--target', cmd('correct'), '--target', missing]),
      runCli([...args, '--target', `cmd:${path.join(dir, 'no-such-msm')} --serve`]),
    ]);
    expect(noModule.code, noModule.stderr).toBe(3);
    expect(noModule.stderr).toMatch(/no module at/);
    expect(noCommand.code, noCommand.stderr).toBe(3);
    expect(noCommand.stderr).toMatch(/the command was not found: .*no-such-msm --serve/);
    expect(noCommand.stdout).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[conformance\] self-check: 12 targets wrong on purpose caught/);
    expect(readFileSync(md, 'utf8')).toBe(r.stdout);
    const m = parseMatrix(r.stdout);
    const row = (label: string) => {
      const x = m.get(label);
      expect(x, `row ${label} in\n${r.stdout}`).toBeDefined();
      return x!;
    };
    const ok = row(`${cmd('correct')} g1`);
    for (const c of [...VALID, ...INVALID]) expect(ok[c], c).toBe('✅ agrees');
    const top = row(`${cmd('drop-top-bit')} g1`);
    expect(top['scalar-above-r']).toBe('❌ wrong');
    for (const c of ['random-points', 'generator', 'infinity', 'duplicates', 'negations', 'scalar-zero-one', ...INVALID]) expect(top[c], c).toBe('✅ agrees');
    const any = row(`${cmd('no-subgroup-check')} g1`);
    expect(any['not-in-subgroup']).toBe('❌ accepts invalid');
    for (const c of [...VALID, ...INVALID.filter((x) => x !== 'not-in-subgroup')]) expect(any[c], c).toBe('✅ agrees');
    expect(row(`${cmd('crash-on-infinity')} g1`).infinity).toBe('💥 crash');
    const noble = row('noble g1');
    for (const c of VALID) expect(noble[c], c).toBe('✅ agrees');
    for (const c of INVALID) expect(noble[c], c).toBe('– n/a');
    expect(r.stdout).toMatch(/### Failing cells \(shrunk requests\)/);
    expect(r.stdout).toMatch(/no-subgroup-check\.mjs\*\* g1 · not-in-subgroup: ❌ accepts invalid: .*\n {2}- `g1 [0-9a-f]{320}`/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<section id="conformance">');
    expect(page).toMatch(/<td class="bad" data-kind="accepts-invalid"/);
    expect(page).toMatch(/<td class="na" data-kind="n\/a"/);

    expect(strict.code, strict.stderr).toBe(1);
  });

  it('a target of the default list that cannot be opened is a skip row with the reason', () => {
    const md = matrixMarkdown({
      classes: [...VALID, ...INVALID],
      rows: [{ spec: 'blst', group: null, skipped: 'the blst target needs a C compiler\nmore', cells: {}, ms: 0 }],
      runs: 1,
      seed: 1,
      maxN: 3,
      date: 'd',
      ms: 0,
    });
    const row = md.split('\n').find((l) => l.startsWith('| blst'));
    expect(row).toMatch(/^\| blst \| – \| skipped: the blst target needs a C compiler (\| ){15}\|$/);
  });
});
