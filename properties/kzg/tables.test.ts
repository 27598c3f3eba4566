/**
 * When the KZG layer builds the fixed-base tables of its setup (src/kzg/msm.ts): a base array's
 * table is built on its PREPARE_ON_USE-th use (the first calls run the plain path, so a process
 * that commits once never pays for a table), and every later call reads it; the plain and the
 * table path give the same bytes. Expected commitments come from the plain engine MSM over the
 * setup's Lagrange points (gates without fixedBase), not from the KZG code under test.
 */
import { describe, expect, it } from 'vitest';
import { createKzg } from '../../src/kzg/index.js';
import { PREPARE_ON_USE } from '../../src/kzg/msm.js';
import { g1ToBytes } from '../../src/kzg/g1.js';
import { msm } from '../../src/index.js';
import { wasmTableStats } from '../../src/optimized/wasm/tables.js';
import { BLOBS, hex, R } from './differential-support.js';

function polyOf(blob: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < 4096; i++) out.push(BigInt('0x' + hex(blob.subarray(32 * i, 32 * i + 32))) % R);
  return out;
}

describe('KZG fixed-base tables: built on a base array’s second use', () => {
  it('the first commitment runs without a table, the second builds it (in wasm), the third reuses it; all equal the plain MSM', () => {
    expect(PREPARE_ON_USE).toBe(2);
    const kzg = createKzg();
    const blobs = [BLOBS.random(1), BLOBS.sparse(2), BLOBS.random(3)];
    const want = blobs.map((b) => hex(g1ToBytes(msm(kzg.setup.g1LagrangeBrp, polyOf(b), { gates: { fixedBase: false } }))));
    const builds = [wasmTableStats.builds];
    const got = blobs.map((b) => {
      const c = hex(kzg.blobToKzgCommitment(b));
      builds.push(wasmTableStats.builds);
      return c;
    });
    expect(got).toEqual(want);
    expect(builds.map((b) => b - builds[0])).toEqual([0, 0, 1, 1]);
  }, 120_000);

  it('gates without fixedBase build no table, on any use', () => {
    const none = createKzg({ gates: { fixedBase: false } });
    const b0 = wasmTableStats.builds;
    const blob = BLOBS.sparse(5);
    const c1 = hex(none.blobToKzgCommitment(blob));
    expect(hex(none.blobToKzgCommitment(blob))).toBe(c1);
    expect(wasmTableStats.builds).toBe(b0);
  }, 120_000);
});
