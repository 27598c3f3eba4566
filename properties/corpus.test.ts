/**
 * Replays every corpus file (properties/corpus/*.json: counterexamples found by fuzzing or by
 * hand) under its recorded gates and window, and also under 'none', 'default' and 'all'.
 * Each must equal the reference (and the discrete-log oracle when logs are recorded).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { msm, referenceMsm } from '../src/index.js';
import { decodeCase } from '../src/corpus.js';
import { oracle } from '../harness/oracle.js';
import { show } from '../harness/show.js';

const dir = join(import.meta.dirname, 'corpus');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('corpus replay', () => {
  it('the corpus is not empty', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(f, () => {
      const c = decodeCase(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const want = show(c.curve, referenceMsm(c.points, c.scalars, c.curve));
      if (c.logs) expect(show(c.curve, oracle(c.curve, c.logs, c.scalars))).toBe(want);
      for (const gates of [c.gates, 'none', 'default', 'all'] as const) {
        expect(show(c.curve, msm(c.points, c.scalars, { gates, window: c.window, curve: c.curve })), `gates=${JSON.stringify(gates)}`).toBe(want);
      }
    });
  }
});
