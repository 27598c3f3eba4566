/**
 * The command's output, exit codes, JUnit and step summary on a fixed set of quick runs with fixed
 * seeds (scripts/cli-golden.ts), timings and paths aside, equal the committed record
 * properties/cli/golden/cli.txt. A change of output that is meant: `npx tsx scripts/cli-golden.ts
 * --update`, said in the commit message.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN, goldenRecord, lineDiff, normalize } from '../../scripts/cli-golden.js';

describe('the command against its golden record', () => {
  it('normalize hides timings, rates, dates and machine paths, and only those', () => {
    const t = normalize('took 1.5 s (12 ms) at 2026-01-02T03:04:05.678Z in /x/tmp/a/j.xml; time="0.123"; 42 cases/min; n = 256 · 3 runs', '/x/tmp/a');
    expect(t).toBe('took {t} ({t}) at {date} in {tmp}/j.xml; time="{t}"; {rate}; n = 256 · 3 runs');
    const table = ['| curve | cases | elapsed | cases/min |', '|---|---:|---:|---:|', '| toy | 6 | 3.5 | 132 |', '', '| a | b |', '| 1.5 | 2 |'].join('\n');
    expect(normalize(table, '/x')).toBe(
      ['| curve | cases | elapsed | cases/min |', '|---|---:|---:|---:|', '| toy | 6 | {t} | {t} |', '', '| a | b |', '| 1.5 | 2 |'].join('\n')
    );
  });

  it('quick runs of every command print, exit and report as recorded (update: npx tsx scripts/cli-golden.ts --update)', async () => {
    const expected = readFileSync(GOLDEN, 'utf8');
    const actual = await goldenRecord();
    if (actual !== expected) expect.fail(`the command's output differs from ${GOLDEN}:\n${lineDiff(expected, actual)}`);
  }, 240_000);
});
