/**
 * Merges Stryker JSON reports (mutation-testing-report-schema) of runs over disjoint file sets
 * into one report, e.g. a full run done in groups of files:
 *
 *   npx tsx scripts/mutation-merge.ts out.json g1.json g2.json ...
 *
 * With --kills <report>: a later run of the same mutants (e.g. only the new properties) whose
 * Killed/Timeout results are applied on top (a mutant killed by any test of the suite is
 * killed); mutants are matched by file, location, mutator and replacement.
 * Prints the score table (src/optimized, src/curve, all).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { scoreOf, type Mutant } from '../harness/cli/mutation.js';
import { fmtPct, mdTable } from '../harness/format.js';

interface Report {
  files: Record<string, { mutants: Mutant[] }>;
  testFiles?: Record<string, unknown>;
  [k: string]: unknown;
}

const argv = process.argv.slice(2);
const ki = argv.indexOf('--kills');
const kills = ki >= 0 ? argv.splice(ki, 2)[1] : undefined;
const [out, ...inputs] = argv;
const reports = inputs.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Report);
const merged: Report = { ...reports[0], files: {}, testFiles: {} };
for (const r of reports) {
  for (const [f, v] of Object.entries(r.files)) {
    if (merged.files[f]) throw new Error(`${f} is in more than one report`);
    merged.files[f] = v;
  }
  Object.assign(merged.testFiles!, r.testFiles ?? {});
}
const key = (f: string, m: Mutant) =>
  `${f}:${m.location.start.line}:${m.location.start.column}:${m.location.end.line}:${m.location.end.column}:${m.mutatorName}:${m.replacement}`;
if (kills) {
  const k = JSON.parse(readFileSync(kills, 'utf8')) as Report;
  const killed = new Map<string, Mutant>();
  for (const [f, v] of Object.entries(k.files)) for (const m of v.mutants) if (m.status === 'Killed' || m.status === 'Timeout') killed.set(key(f, m), m);
  let changed = 0;
  for (const [f, v] of Object.entries(merged.files))
    for (const m of v.mutants) {
      const hit = killed.get(key(f, m));
      if (hit && (m.status === 'Survived' || m.status === 'NoCoverage')) {
        m.status = hit.status;
        m.killedBy = hit.killedBy;
        changed++;
      }
    }
  process.stderr.write(`${changed} survivors/uncovered now killed by the later run\n`);
}
writeFileSync(out, JSON.stringify(merged));
const rows = (
  [
    ['src/optimized', 'src/optimized/'],
    ['src/curve/field.ts', 'src/curve/'],
    ['all', ''],
  ] as const
).map(([name, prefix]) => {
  const s = scoreOf(merged as never, prefix);
  return [name, fmtPct(s.score, 2, '–'), s.killed, s.timeout, s.survived, s.noCoverage, s.other];
});
process.stdout.write(`${mdTable(['files', 'score', 'killed', 'timeout', 'survived', 'no coverage', 'ignored/errors'], rows).join('\n')}\n`);
