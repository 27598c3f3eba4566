/**
 * A counterexample of `fuzz --cases reach` written to the corpus replays through the same call:
 * the file records the entry point (msm, a prepare() handle, msmAsync), the handle's window, the
 * tuning and the threads, src/corpus.ts decodes and checks them (files without them still load),
 * and `replay FILE` (and properties/corpus.test.ts) run the case through them, not as a plain msm.
 * The CLI's cases with the workers gate on pass threads = 2 (not the host's core count), and the
 * corpus file records it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOY, closeWorkerPool, workerPoolStats } from '../../src/index.js';
import { decodeCase } from '../../src/corpus.js';
import { caseArb, failureToCorpus, runProperty, type Failure, type PropertySpec } from '../../harness/cli/cases.js';
import { reachArbOf } from '../../harness/cli/reach-cases.js';
import type { MsmCall } from '../../harness/contract.js';
import fc from 'fast-check';
import { replayFile } from '../../harness/cli/replay.js';
import { pointOf } from '../../harness/oracle.js';
import type { ReachCase } from '../../harness/arbitraries/reach-case.js';

afterAll(async () => {
  await closeWorkerPool();
});

const ks = [3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n];
/** An msmAsync call on a prepare() handle of window 5, split over 2 pool workers from 2 points on. */
const reachCase = (): ReachCase => ({
  curve: TOY,
  points: ks.map((k) => ({ k, P: pointOf(TOY, k) })),
  scalars: ks.map((k) => k * 31n + 1n),
  gates: { workers: true },
  window: undefined,
  entry: 'async',
  onHandle: true,
  prepareWindow: 5,
  tuning: { minPoints: 2 },
  threads: 2,
  edge: 'workers: entry async',
  scalarClasses: ['small'],
  inputClasses: [],
});
const failure = (c: ReachCase): Failure => ({
  spec: { curve: 'toy', minN: 1, maxN: 64, maxWindow: 16, gates: { kind: 'random' }, check: 'both', cases: 'reach' },
  seed: 1,
  path: '0',
  case: c,
  detail: 'x',
  numShrinks: 0,
  runsToFailure: 1,
});

describe('corpus files of reach cases', () => {
  it('record the entry point, handle window, tuning and threads; replay runs the case through them (msmAsync on the pool here)', async () => {
    const json = JSON.parse(JSON.stringify(failureToCorpus(failure(reachCase()), 'test')));
    expect(json).toMatchObject({ entry: 'async', handleWindow: 5, tuning: { minPoints: 2 }, threads: 2 });
    const d = decodeCase(json);
    expect(d).toMatchObject({ entry: 'async', onHandle: true, prepareWindow: 5, tuning: { minPoints: 2 }, threads: 2 });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'stepwise-corpus-reach-')), 'case.json');
    writeFileSync(file, JSON.stringify(json));
    let out = '';
    const before = workerPoolStats().tasksRun;
    expect(await replayFile(file, undefined, (s) => (out += s))).toBe(0);
    // the split ran on the pool: msmAsync with 2 threads, as the fuzz case did (a plain msm never uses it)
    expect(workerPoolStats().tasksRun - before).toBeGreaterThanOrEqual(2);
    expect(out).toContain('entry async (handle window 5), tuning {"minPoints":2}, threads 2');
    expect(out).toContain('PASS');
  });

  it('a plain-case file loads as before; the new fields are checked', () => {
    const c = reachCase();
    const plain = JSON.parse(JSON.stringify(failureToCorpus({ ...failure(c), spec: { ...failure(c).spec, cases: 'msm' } }, 'test')));
    expect(Object.keys(plain)).not.toContain('entry');
    const d = decodeCase(plain);
    expect([d.entry, d.onHandle, d.prepareWindow, d.tuning]).toEqual([undefined, false, undefined, undefined]);
    const bad = (edit: Record<string, unknown>) => () => decodeCase({ ...plain, ...edit });
    expect(bad({ entry: 'sideways' })).toThrow(/corpus: entry must be one of plain, prepared, async/);
    expect(bad({ entry: 'prepared' })).toThrow(/corpus: entry "prepared" needs handleWindow/);
    expect(bad({ entry: 'plain', handleWindow: 4 })).toThrow(/corpus: handleWindow needs entry/);
    expect(bad({ entry: 'async', handleWindow: 17 })).toThrow(/corpus: handleWindow must be null or an integer in \[1, 16\]/);
    expect(bad({ threads: 0 })).toThrow(/corpus: threads must be an integer in \[1, 64\]/);
    expect(bad({ tuning: { speed: 1 } })).toThrow(/corpus: tuning: options.tuning: unknown key "speed"/);
    expect(decodeCase({ ...plain, entry: 'prepared', handleWindow: null })).toMatchObject({ onHandle: true, prepareWindow: undefined });
  });

  it('replay of a reach-case file refuses --impl (it runs the engine entry points)', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'stepwise-corpus-reach-')), 'case.json');
    writeFileSync(file, JSON.stringify(failureToCorpus(failure(reachCase()), 'test')));
    const impl = () => TOY.ZERO;
    await expect(replayFile(file, undefined, () => {}, impl)).rejects.toThrow(/recorded from a reach case \(entry async\)/);
  });
});

describe("the workers gate's threads in the CLI's cases: fixed (2), recorded, replayed", () => {
  const spec: PropertySpec = { curve: 'toy', minN: 1, maxN: 12, maxWindow: 8, gates: { kind: 'random' }, check: 'both' };

  it('gate/fuzz plain cases call the MSM with threads 2 exactly when the workers gate is on; the corpus file records it and replay passes it', async () => {
    const calls: MsmCall[] = [];
    // wrong on purpose (the identity for any case that is not): the run fails and shrinks
    const spy = (_pts: readonly any[], _ss: readonly bigint[], call: MsmCall) => {
      calls.push(call);
      return TOY.ZERO;
    };
    const out = runProperty(spec, 5, 40, spy);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => (c.gates.workers ? c.threads === 2 : c.threads === undefined))).toBe(true);
    const cases = fc.sample(caseArb({ ...spec, gates: { kind: 'fixed', gates: { workers: true }, label: 'workers' } }), { seed: 3, numRuns: 5 });
    expect(cases.every((c) => c.threads === 2)).toBe(true);
    // a failing case with the workers gate on: its file says threads 2, and replay calls with it
    const f = failure(reachCase());
    const plain = { ...f, spec: { ...spec, cases: 'msm' as const }, case: cases[0]! };
    const json = failureToCorpus(plain, 'test');
    expect(json.threads).toBe(2);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'stepwise-corpus-threads-')), 'case.json');
    writeFileSync(file, JSON.stringify(json));
    const seen: MsmCall[] = [];
    await replayFile(
      file,
      undefined,
      () => {},
      (_pts, _ss, call) => {
        seen.push(call);
        return TOY.ZERO;
      }
    );
    expect(seen.map((c) => c.threads)).toEqual([2]);
    expect(out.ok).toBe(false);
  });

  it('fuzz --cases reach: a case with the workers gate on has explicit threads', () => {
    const cases = fc.sample(reachArbOf({ ...spec, cases: 'reach', gates: { kind: 'fixed', gates: { workers: true }, label: 'workers' } }), {
      seed: 8,
      numRuns: 60,
    });
    expect(cases.every((c) => typeof c.threads === 'number')).toBe(true);
  });
});
