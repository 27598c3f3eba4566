/**
 * The official Ethereum KZG vectors (EIP-4844 + EIP-7594) with the WebAssembly backend on
 * (default gates + wasmField, step 12), as vectors/kzg.test.ts runs them with default and none.
 * Skipped without STEPWISE_VECTORS (a failure under CI), like the main vectors suite.
 *
 * In `npm test` only blob_to_kzg_commitment runs, with fixedBase off (its one-off table build
 * is BigInt and takes most of a minute; without it each case is one plain 4096-point G1 MSM in
 * wasm), to keep the suite's time; STEPWISE_VECTORS_WASM=all (`npm run vectors:wasm`) runs every
 * function with default + wasmField, fixed-base tables and FK20 included.
 */
import { describe, expect, it } from 'vitest';
import { createKzg } from '../src/kzg/index.js';
import { FUNCTIONS, HOW_TO_GET_VECTORS, loadFunction, runLoaded, vectorsRoot } from '../harness/vectors/kzg-runner.js';

const root = vectorsRoot();

describe('KZG reference vectors, gates default + wasmField (npm test: − fixedBase)', () => {
  if (!root) {
    if (process.env.CI) {
      it('vectors are configured (required under CI)', () => {
        throw new Error(`STEPWISE_VECTORS is not set: ${HOW_TO_GET_VECTORS}`);
      });
    } else it.skip(`KZG reference vectors (${HOW_TO_GET_VECTORS})`, () => {});
    return;
  }
  const all = process.env.STEPWISE_VECTORS_WASM === 'all';
  const kzg = createKzg({ gates: all ? { wasmField: true } : { wasmField: true, fixedBase: false } });
  const fns = all ? FUNCTIONS : FUNCTIONS.filter((f) => f === 'blob_to_kzg_commitment');
  for (const fn of fns) {
    it(fn, () => {
      const r = runLoaded(kzg, loadFunction(root, fn), 'default+wasmField');
      expect(r.failures).toEqual([]);
      expect(r.total).toBeGreaterThan(0);
      expect(r.passed).toBe(r.total);
    });
  }
});
