/**
 * `bench --suite browser`'s report (harness/browser/bench.ts) on a result written by hand: the
 * table, the ratios to kzg-wasm, the goals' verdicts, and its section of docs/speed.md written
 * between its markers (appended once, then replaced in place, the rest of the file untouched).
 * The suite itself runs in Chromium (npm run bench:browser), not in npm test.
 */
import { describe, expect, it } from 'vitest';
import { browserSpeedMarkdown, keepBrowserSpeed, SPEED_END, SPEED_START, withBrowserSpeed } from '../../harness/browser/bench.js';

const result = {
  browser: 'Chromium 156.0',
  date: '2026-01-01',
  rounds: '5 round(s)',
  load: '0.10 0.20 0.30',
  userAgent: 'x',
  wasmBuild: 'simd',
  crossOriginIsolated: true,
  hardwareConcurrency: 2,
  kzgWasmMissing: null,
  precomputeMs: 9000,
  kzgWasmLoadMs: 30000,
  rows: [
    { task: 'G1 MSM n = 4096', ours: 200, kzgWasm: null, noble: 900, notes: 'm' },
    { task: 'blobToKzgCommitment', ours: 250, kzgWasm: 1000, noble: null, notes: 'c' },
    { task: 'computeCellsAndKzgProofs', ours: 2400, kzgWasm: 6000, noble: null, notes: '' },
  ],
};

describe('bench --suite browser: the report', () => {
  it('one row per task, ratios to kzg-wasm, the goals judged', () => {
    const md = browserSpeedMarkdown(result);
    expect(md).toContain('| G1 MSM n = 4096 | 200 | n/a | n/a | 900 | m |');
    expect(md).toContain('| blobToKzgCommitment | 250 | 1000 | 0.25× | n/a | c |');
    expect(md).toContain('| computeCellsAndKzgProofs | 2400 | 6000 | 0.40× | n/a |  |');
    expect(md).toContain('blobToKzgCommitment: 0.25× kzg-wasm, goal ≤ 0.3×: met; computeCellsAndKzgProofs: 0.40× kzg-wasm, goal ≤ 0.3×: not met');
    const missing = browserSpeedMarkdown({ ...result, kzgWasmMissing: 'kzg-wasm is not installed', rows: result.rows.map((r) => ({ ...r, kzgWasm: null })) });
    expect(missing).toContain('blobToKzgCommitment: goal ≤ 0.3× kzg-wasm not judged (kzg-wasm is not installed)');
  });

  it('its section of docs/speed.md: appended with its markers, then replaced in place', () => {
    const doc = '# Speed\n\ntext\n';
    const once = withBrowserSpeed(doc, 'A');
    expect(once).toBe(`# Speed\n\ntext\n\n${SPEED_START}\nA\n${SPEED_END}\n`);
    const twice = withBrowserSpeed(`${once}\n## After\n`, 'B');
    expect(twice).toBe(`# Speed\n\ntext\n\n${SPEED_START}\nB\n${SPEED_END}\n\n## After\n`);
  });

  it('the speed suite rewriting docs/speed.md keeps the browser section', () => {
    const old = withBrowserSpeed('# Speed\n\nold table\n', 'BROWSER');
    expect(keepBrowserSpeed('# Speed\n\nnew table\n', old)).toBe(`# Speed\n\nnew table\n\n${SPEED_START}\nBROWSER\n${SPEED_END}\n`);
    expect(keepBrowserSpeed('# Speed\n\nnew table\n', '# Speed\n')).toBe('# Speed\n\nnew table\n');
  });
});
