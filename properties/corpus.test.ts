/**
 * Replays every corpus file (properties/corpus/*.json: counterexamples found by fuzzing or by
 * hand) under its recorded gates and window (and threads; a reach case through its recorded entry
 * point, handle and tuning), and also under 'none', 'default' and 'all'.
 * Each must equal the reference (and the discrete-log oracle when logs are recorded).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { msm, referenceMsm, resolveGates } from '../src/index.js';
import { decodeCase } from '../src/corpus.js';
import { oracle } from '../harness/oracle.js';
import { show } from '../harness/show.js';
import { callReachCase, closeWorkerPool, reachCaseOfCorpus } from '../harness/arbitraries/reach-case.js';
import { callExtras } from '../harness/cli/replay.js';

const dir = join(import.meta.dirname, 'corpus');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

afterAll(async () => {
  await closeWorkerPool();
});

describe('corpus replay', () => {
  it('the corpus is not empty', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(f, async () => {
      const c = decodeCase(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const want = show(c.curve, referenceMsm(c.points, c.scalars, c.curve));
      if (c.logs) expect(show(c.curve, oracle(c.curve, c.logs, c.scalars))).toBe(want);
      for (const gates of [c.gates, 'none', 'default', 'all'] as const) {
        const got =
          c.entry !== undefined
            ? await callReachCase(reachCaseOfCorpus(c, { ...resolveGates(gates) }))
            : msm(c.points, c.scalars, { gates, window: c.window, curve: c.curve, ...callExtras(c) });
        expect(show(c.curve, got), `gates=${JSON.stringify(gates)}`).toBe(want);
      }
    });
  }
});

describe('corpus format: a file that does not hold one well-formed case is refused, naming what is wrong', () => {
  const good = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
  const edit = (f: (c: any) => void) => {
    const c = structuredClone(good);
    f(c);
    return () => decodeCase(c);
  };
  it('the unedited file decodes', () => expect(decodeCase(structuredClone(good)).points.length).toBe(good.points.length));
  it('lengths, scalar range and form, window, (0, 0)', () => {
    expect(edit((c) => c.scalars.pop())).toThrow(/corpus: \d+ points but \d+ scalars/);
    expect(edit((c) => (c.logs = ['0x1']))).toThrow(/points but 1 logs/);
    expect(edit((c) => (c.scalars[0] = '0x' + (1n << 255n).toString(16)))).toThrow(/corpus: scalars\[0\] must be in \[0, 0x/);
    expect(edit((c) => (c.scalars[0] = '-1'))).toThrow(/scalars\[0\] must be in/);
    expect(edit((c) => (c.scalars[0] = 12345))).toThrow(/scalars\[0\] must be an integer written as a string/);
    expect(edit((c) => (c.window = 99))).toThrow(/window must be null or an integer in \[1, 16\], got 99/);
    expect(edit((c) => (c.window = '5'))).toThrow(/got "5"/);
    expect(edit((c) => (c.points[0] = { x: '0x0', y: '0x0' }))).toThrow(/points\[0\] is not on/);
  });
});
