/**
 * Measures the library's entries as browser bundles (esbuild, minified, no plug-in:
 * harness/browser/size.ts; from the built dist/, so run `npm run build` first) and writes their
 * sizes into the README's "In the browser" section, between `<!-- BROWSER-SIZES -->` and
 * `<!-- /BROWSER-SIZES -->`. properties/browser/size.test.ts fails when a figure is far from a
 * new measurement.
 *
 *   npx tsx scripts/readme-browser-sizes.ts   # rewrite README.md in place
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureEntries, sizeTable } from '../harness/browser/size.js';
import { replaceBlock } from '../harness/cli/readme-table.js';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
export const SIZES_START = '<!-- BROWSER-SIZES -->';
export const SIZES_END = '<!-- /BROWSER-SIZES -->';

/** The entries' sizes as the README shows them: entry → [minified kB, gzipped kB]. */
export function readmeSizes(readme: string): Map<string, [number, number]> {
  const a = readme.indexOf(SIZES_START);
  const b = readme.indexOf(SIZES_END);
  const out = new Map<string, [number, number]>();
  if (a < 0 || b < a) return out;
  for (const line of readme.slice(a, b).split('\n')) {
    const m = /^\| `([^`]+)` \| ([\d.]+) kB \| ([\d.]+) kB \|/.exec(line);
    if (m) out.set(m[1] as string, [Number(m[2]), Number(m[3])]);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { sizes, problems } = await measureEntries(root);
  if (problems.length) {
    console.error(`the entries pull in more than the library:\n${problems.join('\n')}`);
    process.exit(1);
  }
  const table = sizeTable(sizes);
  writeFileSync(README, replaceBlock(readFileSync(README, 'utf8'), SIZES_START, SIZES_END, table));
  console.log(`README.md browser sizes written:\n${table}`);
}
