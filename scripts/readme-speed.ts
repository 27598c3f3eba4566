/**
 * Copies the headline speed table of docs/speed.md (the first table of its "Times" section, which
 * `npm run bench:speed` generates) into the README, between `<!-- SPEED-TABLE -->` and
 * `<!-- /SPEED-TABLE -->`; properties/readme.test.ts fails when the copy is stale.
 *
 *   npx tsx scripts/readme-speed.ts          # rewrite README.md in place
 *   npx tsx scripts/readme-speed.ts --check  # exit 1 when README.md's copy is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceBlock } from '../harness/cli/readme-table.js';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
export const SPEED_DOC = fileURLToPath(new URL('../docs/speed.md', import.meta.url));
export const SPEED_START = '<!-- SPEED-TABLE -->';
export const SPEED_END = '<!-- /SPEED-TABLE -->';

/** The first Markdown table under the first heading that starts with "Times" (throws when there is none). */
export function headlineTable(speedDoc: string): string {
  const lines = speedDoc.split('\n');
  const at = lines.findIndex((l) => /^#+\s+Times\b/.test(l));
  if (at < 0) throw new Error('docs/speed.md has no "Times" section');
  const first = lines.findIndex((l, i) => i > at && l.startsWith('|'));
  if (first < 0) throw new Error('docs/speed.md has no table in its "Times" section');
  let last = first;
  while (last + 1 < lines.length && lines[last + 1]!.startsWith('|')) last++;
  return lines.slice(first, last + 1).join('\n');
}

/** The README text with the headline table of `speedDoc` between the markers. */
export function withSpeedTable(readme: string, speedDoc: string): string {
  return replaceBlock(readme, SPEED_START, SPEED_END, headlineTable(speedDoc));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = readFileSync(README, 'utf8');
  const next = withSpeedTable(text, readFileSync(SPEED_DOC, 'utf8'));
  if (process.argv.includes('--check')) {
    console.log(next === text ? 'README.md speed table is up to date' : 'README.md speed table is stale: run npx tsx scripts/readme-speed.ts');
    process.exitCode = next === text ? 0 : 1;
  } else {
    writeFileSync(README, next);
    console.log('README.md speed table written');
  }
}
