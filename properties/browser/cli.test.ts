/**
 * `vectors --browser` and `conformance --browser`: the Node × browser tables on rows written by
 * hand and the usage errors (exit 3 before anything runs). The command's run in Chromium is in
 * chromium.test.ts, on that file's browser session (one Chromium for both).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserTargets } from '../../harness/browser/commands.js';
import { conformanceMatrix, vectorsMatrix } from '../../harness/browser/runs.js';
import type { MatrixRow } from '../../harness/cli/conformance-matrix.js';
import { main } from '../../harness/cli/main.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('the Node × browser tables', () => {
  it('vectors: one row per function, one column per runtime and gate set', () => {
    const row = (fn: string, gates: string, passed: number, total: number) => ({
      fn,
      gates,
      passed,
      total,
      failures: passed === total ? [] : [{ name: 'c', reason: 'r' }],
      ms: 1,
    });
    expect(
      vectorsMatrix([
        { name: 'Node', rows: [row('a', 'default', 2, 2), row('b', 'default', 1, 1)] },
        { name: 'Chromium', rows: [row('a', 'default', 1, 2)] },
      ])
    ).toBe(['| function | Node · default | Chromium · default |', '|---|---:|---:|', '| a | ✅ 2/2 | ❌ 1/2 |', '| b | ✅ 1/1 | – |'].join('\n'));
  });

  it("conformance: one row per target and group, each cell the runtimes' verdicts in order", () => {
    const row = (kinds: string[]): MatrixRow => ({
      spec: 'engine',
      group: 'g1',
      skipped: null,
      cells: Object.fromEntries(kinds.map((k, i) => [`c${i}`, { kind: k as 'agrees', note: null, cases: 1 }])),
      ms: 1,
    });
    expect(
      conformanceMatrix(
        ['c0', 'c1', 'c2'],
        [
          { name: 'Node', rows: [row(['agrees', 'n/a', 'wrong'])] },
          { name: 'Chromium', rows: [row(['agrees', 'n/a', 'agrees'])] },
        ]
      )
    ).toBe(
      [
        'Cells: Node / Chromium (✅ agrees, ❌ a failure, – n/a)',
        '',
        '| target | group | c0 | c1 | c2 |',
        '|---|---|---|---|---|',
        '| engine | g1 | ✅ / ✅ | – / – | ❌ / ✅ |',
      ].join('\n')
    );
  });

  it('the page runs engine targets (with their gates) and noble, nothing else', () => {
    expect(browserTargets(['engine:none', 'noble'])).toEqual([
      { spec: 'engine:none', gates: expect.objectContaining({ wasmField: false, glv: false }) },
      { spec: 'noble', gates: null },
    ]);
    expect(() => browserTargets(['mcl-wasm'])).toThrow('--browser: --target mcl-wasm cannot run in a page (the page runs engine[:<gates>] and noble)');
  });
});

describe('usage errors exit 3 before anything runs', () => {
  it('vectors --sample without --browser', async () => {
    const r = await cli(['vectors', '--sample', '2', '--vectors', ROOT]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('--sample applies to --browser runs only');
  });

  it('conformance --browser with a target that cannot run in a page, or with report files', async () => {
    const a = await cli(['conformance', '--browser', '--target', 'cmd:./nothing']);
    expect(a.code).toBe(3);
    expect(a.err).toContain('cannot run in a page');
    const b = await cli(['conformance', '--browser', '--markdown', 'x.md']);
    expect(b.code).toBe(3);
    expect(b.err).toContain('--browser prints its Node × browser matrix only');
  });
});
