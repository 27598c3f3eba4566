/**
 * EIP-4844 differential test against native c-kzg (same mainnet setup): commitments, proofs at
 * random z (and z in the domain), blob proofs, and verification — on random, all-zero, all
 * r−1 and sparse blobs. Our proofs verify (ours and c-kzg's verifier); tampered ones fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeWorkerPool } from '../../src/index.js';
import { createKzg } from '../../src/kzg/index.js';
import { rootsOfUnity } from '../../src/kzg/field.js';
import { BLOBS, fieldBytes, hex, nativeKzg, R, randomFr, CKZG_SKIP } from './differential-support.js';

const kzg = createKzg();
// c-kzg is optional (built with a C compiler at npm ci): without it these files are a printed skip
const native = CKZG_SKIP === undefined ? nativeKzg() : ({} as ReturnType<typeof nativeKzg>);

function checkBlob(blob: Uint8Array, z: bigint): void {
  const c = kzg.blobToKzgCommitment(blob);
  expect(hex(c)).toBe(hex(native.blobToKzgCommitment(blob)));
  const zb = fieldBytes(z);
  const [proof, y] = kzg.computeKzgProof(blob, zb);
  const [nProof, nY] = native.computeKzgProof(blob, zb);
  expect(hex(proof)).toBe(hex(nProof));
  expect(hex(y)).toBe(hex(nY));
  expect(kzg.verifyKzgProof(c, zb, y, proof)).toBe(true);
  expect(native.verifyKzgProof(c, zb, y, proof)).toBe(true);
  // tampered: y + 1
  const y1 = fieldBytes((BigInt('0x' + hex(y)) + 1n) % R);
  expect(kzg.verifyKzgProof(c, zb, y1, proof)).toBe(false);
  const bp = kzg.computeBlobKzgProof(blob, c);
  expect(hex(bp)).toBe(hex(native.computeBlobKzgProof(blob, c)));
  expect(kzg.verifyBlobKzgProof(blob, c, bp)).toBe(true);
}

describe.skipIf(CKZG_SKIP !== undefined)('EIP-4844 vs native c-kzg', () => {
  it('special blobs: all zero, all r−1, sparse (z random, z in the domain)', () => {
    checkBlob(BLOBS.zero(), randomFr(1, 1));
    checkBlob(BLOBS.rMinus1(), rootsOfUnity(4096)[17]);
    checkBlob(BLOBS.sparse(5), randomFr(2, 2));
  }, 170_000);

  it('random blobs (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.bigInt({ min: 0n, max: R - 1n }), (seed, z) => {
        checkBlob(BLOBS.random(seed), z);
      }),
      { numRuns: 2 }
    );
  }, 170_000);

  it("blobToKzgCommitmentAsync: the commitment's MSM split over 2 worker threads (the setup's fixed-base table shared with them) gives c-kzg's bytes", async () => {
    const pooled = createKzg({ threads: 2 });
    try {
      for (const blob of [BLOBS.random(21), BLOBS.sparse(22), BLOBS.rMinus1()])
        expect(hex(await pooled.blobToKzgCommitmentAsync(blob))).toBe(hex(native.blobToKzgCommitment(blob)));
    } finally {
      await closeWorkerPool();
    }
  }, 170_000);

  it('batch verification: valid batch true (both), one tampered proof false (both)', () => {
    const blobs = [BLOBS.random(11), BLOBS.sparse(12), BLOBS.zero()];
    const cs = blobs.map((b) => kzg.blobToKzgCommitment(b));
    const ps = blobs.map((b, i) => kzg.computeBlobKzgProof(b, cs[i]));
    expect(kzg.verifyBlobKzgProofBatch(blobs, cs, ps)).toBe(true);
    expect(native.verifyBlobKzgProofBatch(blobs, cs, ps)).toBe(true);
    const bad = [ps[1], ps[0], ps[2]];
    expect(kzg.verifyBlobKzgProofBatch(blobs, cs, bad)).toBe(false);
    expect(native.verifyBlobKzgProofBatch(blobs, cs, bad)).toBe(false);
    expect(kzg.verifyBlobKzgProof(blobs[0], cs[0], ps[1])).toBe(false);
  }, 170_000);
});
