/**
 * Writes the README's gate table from the gate registry (GATES), between the markers
 * `<!-- GATES-TABLE -->` and `<!-- /GATES-TABLE -->`, so the table cannot drift from the code:
 * properties/readme.test.ts fails when the committed table differs from `gatesTable()`.
 *
 *   npx tsx scripts/readme-gates.ts          # rewrite README.md in place
 *   npx tsx scripts/readme-gates.ts --check  # exit 1 when README.md's table is stale
 *
 * The row format lives in harness/cli/readme-table.ts (shared with `stepwise-msm new-step`,
 * which adds the new step's row itself).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GATES } from '../src/index.js';
import { END, START, TABLE_HEAD, gateRow, replaceBlock } from '../harness/cli/readme-table.js';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
const STEPS_DIR = fileURLToPath(new URL('../src/optimized/steps/', import.meta.url));
export { END, START };

/** The Markdown table: one row per registered gate, in step order. */
export function gatesTable(): string {
  const files = readdirSync(STEPS_DIR);
  const rows = GATES.map((g) => {
    const prefix = String(g.step).padStart(2, '0') + '-';
    return gateRow(
      g,
      files.find((f) => f.startsWith(prefix) && f.endsWith('.ts'))
    );
  });
  return [...TABLE_HEAD, ...rows].join('\n');
}

/** The README text with the table between the markers replaced by `gatesTable()`. */
export function withGatesTable(readme: string): string {
  return replaceBlock(readme, START, END, gatesTable());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = readFileSync(README, 'utf8');
  if (process.argv.includes('--check')) {
    const ok = withGatesTable(text) === text;
    console.log(ok ? 'README.md gate table is up to date' : 'README.md gate table is stale: run npx tsx scripts/readme-gates.ts');
    process.exitCode = ok ? 0 : 1;
  } else {
    writeFileSync(README, withGatesTable(text));
    console.log('README.md gate table written');
  }
}
