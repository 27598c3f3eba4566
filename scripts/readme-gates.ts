/**
 * Writes the README's gate table from the gate registry (GATES), between the markers
 * `<!-- GATES-TABLE -->` and `<!-- /GATES-TABLE -->`, so the table cannot drift from the code:
 * properties/readme.test.ts fails when the committed table differs from `gatesTable()`.
 *
 *   npx tsx scripts/readme-gates.ts          # rewrite README.md in place
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GATES } from '../src/index.js';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
const STEPS_DIR = fileURLToPath(new URL('../src/optimized/steps/', import.meta.url));
export const START = '<!-- GATES-TABLE -->';
export const END = '<!-- /GATES-TABLE -->';

/** The Markdown table: one row per registered gate, in step order. */
export function gatesTable(): string {
  const files = readdirSync(STEPS_DIR);
  const rows = GATES.map((g) => {
    const prefix = String(g.step).padStart(2, '0') + '-';
    const file = files.find((f) => f.startsWith(prefix) && f.endsWith('.ts'));
    const where = file ? `[\`${file}\`](src/optimized/steps/${file})` : '';
    return `| ${g.step} | \`${g.id}\` | ${g.default ? 'on' : 'off'} | ${g.title.replace(/\|/g, '\\|')} | ${where} |`;
  });
  return ['| step | gate | default | what it does | file |', '|---:|---|---|---|---|', ...rows].join('\n');
}

/** The README text with the table between the markers replaced by `gatesTable()`. */
export function withGatesTable(readme: string): string {
  const a = readme.indexOf(START);
  if (a < 0) throw new Error(`README.md has no ${START} marker`);
  const b = readme.indexOf(END, a);
  const tail = b < 0 ? readme.slice(a + START.length) : readme.slice(b + END.length);
  return readme.slice(0, a) + START + '\n' + gatesTable() + '\n' + END + tail;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(README, withGatesTable(readFileSync(README, 'utf8')));
  console.log('README.md gate table written');
}
