/**
 * Lists the surviving (and uncovered) mutants of a Stryker JSON report, by file, with the
 * mutated source text, and checks them against the triage file of equivalent mutants.
 *
 *   npx tsx scripts/mutation-survivors.ts [reports/mutation/mutation.json] [--json]
 *
 * mutation/equivalent.json lists mutants judged equivalent: { file, line, column, mutator,
 * replacement, reason }. A survivor that matches an entry is shown as "equivalent"; entries that match no
 * survivor any more are reported as stale.
 */
import { readFileSync } from 'node:fs';
import { equivalentOf, readEquivalents, type Equivalent, type Mutant } from '../harness/cli/mutation.js';

interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
const equivalents = readEquivalents(process.cwd());
const used = new Set<Equivalent>();
const rows: { file: string; line: number; col: number; mutator: string; original: string; replacement: string; status: string; equivalent?: string }[] = [];
for (const [f, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split('\n');
  for (const m of mutants) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const { start, end } = m.location;
    const original =
      start.line === end.line ? lines[start.line - 1].slice(start.column - 1, end.column - 1) : lines[start.line - 1].slice(start.column - 1) + ' …';
    const replacement = (m.replacement ?? '').replace(/\s+/g, ' ');
    const eq = equivalentOf(equivalents, f, m);
    if (eq) used.add(eq);
    rows.push({
      file: f,
      line: start.line,
      col: start.column,
      mutator: m.mutatorName,
      original: original.replace(/\s+/g, ' ').slice(0, 80),
      replacement: replacement.slice(0, 80),
      status: m.status,
      equivalent: eq?.reason,
    });
  }
}
if (args.includes('--json')) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
else {
  let last = '';
  for (const r of rows) {
    if (r.file !== last) process.stdout.write(`\n## ${(last = r.file)}\n`);
    process.stdout.write(`${r.line}:${r.col} ${r.mutator} ${r.status}${r.equivalent ? ' [equivalent]' : ''}: ${r.original}  →  ${r.replacement}\n`);
  }
  const open = rows.filter((r) => !r.equivalent).length;
  process.stdout.write(`\n${rows.length} survivors/uncovered, ${rows.length - open} triaged as equivalent, ${open} open\n`);
  const stale = equivalents.filter((e) => !used.has(e));
  if (stale.length) process.stdout.write(`stale triage entries (no matching survivor): ${stale.map((e) => `${e.file}:${e.line} ${e.mutator}`).join(', ')}\n`);
}
