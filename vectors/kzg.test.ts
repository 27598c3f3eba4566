/**
 * The official Ethereum KZG vectors (EIP-4844 + EIP-7594) through createKzg: every case under the
 * default gates, a sample of each function under gates 'none' (plus every single gate with
 * STEPWISE_VECTORS_GATES=single; every case under every set with STEPWISE_VECTORS_FULL=1).
 * Vectors come from env STEPWISE_VECTORS (see vectors/kzg-runner.ts); without it the suite is
 * skipped with instructions, except under CI, where that is a failure.
 */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKzg } from '../src/kzg/index.js';
import { FUNCTIONS, gateSetsFromEnv, HOW_TO_GET_VECTORS, loadFunction, runKzgVectors, runLoaded, vectorsRoot } from '../harness/vectors/kzg-runner.js';

const root = vectorsRoot();

describe('KZG reference vectors', () => {
  if (!root) {
    if (process.env.CI) {
      it('vectors are configured (required under CI)', () => {
        throw new Error(`STEPWISE_VECTORS is not set: ${HOW_TO_GET_VECTORS}`);
      });
    } else {
      console.warn(`[vectors] skipping the KZG reference vectors: ${HOW_TO_GET_VECTORS}`);
      it.skip(`KZG reference vectors (${HOW_TO_GET_VECTORS})`, () => {});
    }
    return;
  }
  const sets = gateSetsFromEnv();
  const kzgs = new Map(sets.map((s) => [s.label, createKzg({ gates: s.gates })]));
  // Every case under the default gates; the other sets (the baseline 'none', single gates) on a
  // sample of each function: its first SAMPLE cases that compute something and the first that must
  // be rejected — the baseline is the slowest engine and the gate sets are the properties' job.
  // STEPWISE_VECTORS_FULL=1 (or `stepwise-msm vectors`) runs every case under every set.
  const full = process.env.STEPWISE_VECTORS_FULL === '1';
  const SAMPLE = 3;
  const casesFor = (lf: ReturnType<typeof loadFunction>, label: string): ReturnType<typeof loadFunction> => {
    if (full || label === 'default') return lf;
    const computing = lf.cases.filter((k) => k.c === undefined || k.c.expected !== null).slice(0, SAMPLE);
    const rejected = lf.cases.find((k) => k.c !== undefined && k.c.expected === null);
    return { ...lf, cases: rejected ? [...computing, rejected] : computing };
  };
  for (const fn of FUNCTIONS) {
    describe(fn, () => {
      let lf: ReturnType<typeof loadFunction> | undefined;
      const load = () => (lf ??= loadFunction(root, fn));
      for (const s of sets) {
        it(`gates ${s.label}${full || s.label === 'default' ? '' : ` (a sample: ${SAMPLE} computing cases and a rejected one)`}`, () => {
          const r = runLoaded(kzgs.get(s.label)!, casesFor(load(), s.label), s.label);
          expect(r.failures).toEqual([]);
          expect(r.total).toBeGreaterThan(0);
          expect(r.passed).toBe(r.total);
        });
      }
    });
  }
});

describe('KZG vector runner', () => {
  it('a configured folder with no case for a function fails that function', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kzg-empty-'));
    mkdirSync(join(dir, 'kzg', 'compute_challenge', 'kzg-mainnet'), { recursive: true });
    const res = runKzgVectors({ root: dir, functions: ['compute_challenge', 'compute_cells'], gateSets: [{ label: 'none', gates: 'none' }] });
    expect(res).toHaveLength(2);
    for (const r of res) {
      expect(r.total).toBe(0);
      expect(r.failures.length).toBeGreaterThan(0);
    }
  });
  it('runKzgVectors without a root throws with instructions', () => {
    const saved = process.env.STEPWISE_VECTORS;
    delete process.env.STEPWISE_VECTORS;
    try {
      expect(() => runKzgVectors({ functions: ['compute_challenge'] })).toThrow(/c-kzg-4844/);
    } finally {
      if (saved !== undefined) process.env.STEPWISE_VECTORS = saved;
    }
  });
});
