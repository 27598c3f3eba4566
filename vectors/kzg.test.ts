/**
 * The official Ethereum KZG vectors (EIP-4844 + EIP-7594) through createKzg, under default
 * gates and gates 'none' (plus every single gate with STEPWISE_VECTORS_GATES=single).
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
  for (const fn of FUNCTIONS) {
    describe(fn, () => {
      let lf: ReturnType<typeof loadFunction> | undefined;
      const load = () => (lf ??= loadFunction(root, fn));
      for (const s of sets) {
        it(`gates ${s.label}`, () => {
          const r = runLoaded(kzgs.get(s.label)!, load(), s.label);
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
