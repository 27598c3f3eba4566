/**
 * The library's entries as a user's bundler makes them for a browser (esbuild, platform browser,
 * minified, no plug-in; harness/browser/size.ts): each bundles with no Node built-in, pulls in no
 * harness file and no CLI or test package (fast-check, vega, commander, …), and refers to none of
 * Node's globals; the README's size table (scripts/readme-browser-sizes.ts) is near a new
 * measurement. The check itself is tried on inputs written by hand. No browser needed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ENTRIES, libraryOnlyProblems, measureEntries, type EntrySize } from '../../harness/browser/size.js';
import { readmeSizes } from '../../scripts/readme-browser-sizes.js';
import { childEnv } from '../support/packed.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('the library entries as browser bundles', () => {
  let sizes: EntrySize[] = [];
  let problems: string[] = [];

  beforeAll(async () => {
    // a no-op when dist/ is up to date (npm test has just built it)
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: ROOT, env: childEnv(), encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run build failed\n${built.stdout}\n${built.stderr}`);
    ({ sizes, problems } = await measureEntries(ROOT));
    for (const s of sizes) console.log(`[size] ${s.entry}: ${s.minified} bytes minified, ${s.gzipped} gzipped`);
  }, 180_000);

  it('every entry bundles for the browser with the library and its runtime dependencies only', () => {
    expect(sizes.map((s) => s.entry)).toEqual([...BROWSER_ENTRIES]);
    expect(problems).toEqual([]);
    for (const s of sizes) {
      expect(Object.keys(s.byPackage).sort(), s.entry).toEqual(expect.arrayContaining(['@noble/curves', 'stepwise-msm']));
      expect(
        s.info.inputs.some((f) => f.endsWith('dist/src/optimized/wasm/load.browser.js')),
        `${s.entry} takes the browser loader`
      ).toBe(true);
    }
    const kzg = sizes.find((s) => s.entry === 'stepwise-msm/kzg');
    expect(kzg?.info.inputs.some((f) => f.endsWith('dist/src/kzg/setup-source.browser.js'))).toBe(true);
  });

  it('the check catches a CLI package, a harness file, a Node built-in and a Node global', () => {
    const info = {
      inputs: [
        'dist/src/index.js',
        'node_modules/fast-check/lib/fast-check.js',
        'node_modules/stepwise-msm/dist/harness/oracle.js',
        'dist/harness/x.js',
        'node:fs',
      ],
      inputBytes: {},
      outputs: {},
    };
    const found = libraryOnlyProblems('e', info, 'let a=ArrayBuffer.isView(x);b=Buffer.from(y);process.env.X');
    expect(found).toEqual([
      'e pulls in fast-check (node_modules/fast-check/lib/fast-check.js)',
      'e pulls in a harness file (node_modules/stepwise-msm/dist/harness/oracle.js)',
      'e pulls in a harness file (dist/harness/x.js)',
      'e pulls in a Node built-in (node:fs)',
      "e's code refers to Node's process",
      "e's code refers to Node's Buffer",
    ]);
    expect(
      libraryOnlyProblems('e', { inputs: ['dist/src/index.js', 'node_modules/@noble/curves/esm/x.js'], inputBytes: {}, outputs: {} }, 'ArrayBuffer.isView(a)')
    ).toEqual([]);
  });

  it("the README states each entry's size within 20 % of this measurement (rewrite: npx tsx scripts/readme-browser-sizes.ts)", () => {
    const shown = readmeSizes(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    for (const s of sizes) {
      const r = shown.get(s.entry);
      expect(r, `README has no size for ${s.entry}`).toBeDefined();
      const [min, gz] = r as [number, number];
      expect(
        Math.abs(min * 1024 - s.minified) / s.minified,
        `${s.entry} minified: README ${min} kB, measured ${(s.minified / 1024).toFixed(1)} kB`
      ).toBeLessThan(0.2);
      expect(Math.abs(gz * 1024 - s.gzipped) / s.gzipped, `${s.entry} gzipped: README ${gz} kB, measured ${(s.gzipped / 1024).toFixed(1)} kB`).toBeLessThan(
        0.2
      );
    }
  });
});
