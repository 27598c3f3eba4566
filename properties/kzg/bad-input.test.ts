/**
 * Bad input to the KZG functions: every malformed argument throws KzgError (code 'BADARGS')
 * whose message names the argument (and the index, for lists). Covers the encodings that the
 * official vectors do not: compression bit cleared, infinity flag with a payload or the sign
 * bit, x ≥ p, 96-byte uncompressed points, wrong lengths, non-canonical field elements, cell
 * indices ≥ 128, unsorted/duplicate recovery indices, mismatched list lengths, lists with holes.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkerPool } from '../../src/index.js';
import { createKzg, Eip2537Error, eip2537G1Msm, KzgError } from '../../src/kzg/index.js';

const kzg = createKzg({ gates: 'none' });
const R = bls12_381.fields.Fr.ORDER;
const P = bls12_381.fields.Fp.ORDER;
const G = bls12_381.G1.Point.BASE;

const be = (x: bigint, len: number) => Uint8Array.from(Buffer.from(x.toString(16).padStart(2 * len, '0'), 'hex'));
const good = G.multiply(5n).toBytes(true);
const inf = () => {
  const b = new Uint8Array(48);
  b[0] = 0xc0;
  return b;
};
const zeroBlob = new Uint8Array(131072);
const zeroCell = new Uint8Array(2048);
const fr0 = new Uint8Array(32);

function expectKzgError(f: () => unknown, pattern?: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a throw').toBeInstanceOf(KzgError);
  expect((err as KzgError).code).toBe('BADARGS');
  if (pattern) expect((err as Error).message).toMatch(pattern);
}

/** Invalid G1 encodings that the official vectors do not contain. */
function badG1(): [string, Uint8Array][] {
  const noCompression = good.slice();
  noCompression[0] &= 0x7f;
  const infPayload = inf();
  infPayload[47] = 1;
  const infSign = inf();
  infSign[0] = 0xe0;
  const infNoCompression = inf();
  infNoCompression[0] = 0x40;
  const xTooBig = be(P, 48);
  xTooBig[0] |= 0x80;
  const xMax = new Uint8Array(48).fill(0xff);
  xMax[0] = 0x9f;
  return [
    ['compression bit cleared', noCompression],
    ['infinity flag with non-zero payload', infPayload],
    ['infinity flag with the sign bit (0xe0…)', infSign],
    ['infinity flag without the compression bit', infNoCompression],
    ['x = p', xTooBig],
    ['x = 2^381 − 1', xMax],
    ['96-byte uncompressed point', G.multiply(5n).toBytes(false)],
    ['47 bytes', good.slice(0, 47)],
    ['49 bytes', Uint8Array.from([...good, 0])],
    ['empty', new Uint8Array(0)],
  ];
}

describe('KZG bad input: G1 encodings not covered by the vectors', () => {
  for (const [what, bytes] of badG1()) {
    it(`rejects ${what} as commitment and as proof`, () => {
      expectKzgError(() => kzg.verifyKzgProof(bytes, fr0, fr0, inf()), /commitment/);
      expectKzgError(() => kzg.verifyKzgProof(inf(), fr0, fr0, bytes), /proof/);
      expectKzgError(() => kzg.computeChallenge(zeroBlob, bytes), /commitment/);
    });
  }
  it('accepts exactly 0xc0‖0^47 as the identity and a valid compressed point', () => {
    expect(kzg.verifyKzgProof(inf(), fr0, fr0, inf())).toBe(true);
    expect(typeof kzg.verifyKzgProof(good, fr0, fr0, good)).toBe('boolean');
  });
  it('rejects a random x with the compression flag unless it decodes to a subgroup point (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), (b) => {
        b[0] = (b[0] & 0x1f) | 0x80;
        let ok: boolean;
        try {
          const p = bls12_381.G1.Point.fromBytes(b);
          p.assertValidity();
          ok = !p.is0();
        } catch {
          ok = false;
        }
        if (ok) expect(typeof kzg.verifyKzgProof(b, fr0, fr0, inf())).toBe('boolean');
        else expectKzgError(() => kzg.verifyKzgProof(b, fr0, fr0, inf()), /commitment/);
      }),
      { numRuns: 40 }
    );
  });
});

describe('KZG bad input: field elements, blobs, cells, indices, lengths', () => {
  it('rejects z and y ≥ r or of the wrong length, naming the argument', () => {
    for (const bad of [be(R, 32), be(R + 1n, 32), new Uint8Array(32).fill(0xff), new Uint8Array(31), new Uint8Array(33)]) {
      expectKzgError(() => kzg.verifyKzgProof(inf(), bad, fr0, inf()), /\bz\b/);
      expectKzgError(() => kzg.verifyKzgProof(inf(), fr0, bad, inf()), /\by\b/);
      expectKzgError(() => kzg.computeKzgProof(zeroBlob, bad), /\bz\b/);
    }
  });
  it('rejects a blob with a non-canonical element, naming the element index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4095 }), fc.bigInt({ min: R, max: (1n << 256n) - 1n }), (i, v) => {
        const blob = new Uint8Array(131072);
        blob.set(be(v, 32), 32 * i);
        expectKzgError(() => kzg.blobToKzgCommitment(blob), new RegExp(`blob: field element ${i}\\b`));
      }),
      { numRuns: 30 }
    );
  });
  it('rejects blobs and cells of the wrong length and non-Uint8Array arguments', () => {
    expectKzgError(() => kzg.blobToKzgCommitment(new Uint8Array(131071)), /blob/);
    expectKzgError(() => kzg.blobToKzgCommitment(new Uint8Array(131073)), /blob/);
    expectKzgError(() => kzg.computeCells([] as unknown as Uint8Array), /blob/);
    expectKzgError(() => kzg.verifyCellKzgProofBatch([inf()], [0], [new Uint8Array(2047)], [inf()]), /cells\[0\]/);
    expectKzgError(() => kzg.verifyBlobKzgProofBatch([zeroBlob, new Uint8Array(5)], [inf(), inf()], [inf(), inf()]), /blobs\[1\]/);
  });
  it("bytes are real Uint8Arrays: a Proxy or a prototype-only object is a typed error naming the argument; Buffer and another realm's Uint8Array are bytes", async () => {
    const fakes = [new Proxy(inf(), {}), Object.create(Uint8Array.prototype)];
    for (const fake of fakes) {
      expectKzgError(() => kzg.verifyKzgProof(fake, fr0, fr0, inf()), /commitment/);
      expectKzgError(() => kzg.blobToKzgCommitment(fake), /blob/);
      expect(() => eip2537G1Msm(fake)).toThrow(Eip2537Error);
      expect(() => eip2537G1Msm(fake)).toThrow(/G1MSM input must be a Uint8Array/);
    }
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('new Uint8Array(48)') as Uint8Array;
    foreign[0] = 0xc0;
    expect(kzg.verifyKzgProof(foreign, fr0, fr0, Buffer.from(inf()))).toBe(true);
  });
  it('names the index of a bad commitment or proof in a list', () => {
    const [, bad] = badG1()[0];
    expectKzgError(() => kzg.verifyBlobKzgProofBatch([zeroBlob, zeroBlob], [inf(), bad], [inf(), inf()]), /commitments\[1\]/);
    expectKzgError(() => kzg.verifyBlobKzgProofBatch([zeroBlob, zeroBlob], [inf(), inf()], [bad, inf()]), /proofs\[0\]/);
    expectKzgError(() => kzg.verifyCellKzgProofBatch([inf(), inf()], [0, 1], [zeroCell, zeroCell], [inf(), bad]), /proofs\[1\]/);
  });
  it('rejects cell indices ≥ 128, negative or non-integer, naming the index', () => {
    for (const bad of [128, 1000, -1, 1.5, '3' as unknown as number])
      expectKzgError(() => kzg.verifyCellKzgProofBatch([inf(), inf()], [0, bad], [zeroCell, zeroCell], [inf(), inf()]), /cellIndices\[1\]/);
  });
  it('rejects mismatched list lengths', () => {
    expectKzgError(() => kzg.verifyBlobKzgProofBatch([zeroBlob], [inf(), inf()], [inf()]), /same length/);
    expectKzgError(() => kzg.verifyCellKzgProofBatch([inf()], [0, 1], [zeroCell], [inf()]), /same length/);
    expectKzgError(() => kzg.recoverCellsAndKzgProofs([0, 1], [zeroCell]), /same length/);
  });
  it('recovery: rejects too few cells, duplicates and non-ascending indices (the spec decides: strictly ascending)', () => {
    const idx = Array.from({ length: 64 }, (_, i) => i);
    const cells = idx.map(() => zeroCell);
    expectKzgError(() => kzg.recoverCellsAndKzgProofs(idx.slice(1), cells.slice(1)), /between 64 and 128/);
    const dup = idx.slice();
    dup[5] = 4;
    expectKzgError(() => kzg.recoverCellsAndKzgProofs(dup, cells), /cellIndices\[5\].*duplicate/);
    const swapped = idx.slice();
    [swapped[10], swapped[11]] = [swapped[11], swapped[10]];
    expectKzgError(() => kzg.recoverCellsAndKzgProofs(swapped, cells), /cellIndices\[11\].*ascending/);
    expectKzgError(() => kzg.recoverCellsAndKzgProofs([...idx.slice(0, 63), 128], cells), /cellIndices\[63\]/);
    for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expectKzgError(
        () => kzg.recoverCellsAndKzgProofs([...idx.slice(0, 63), bad], cells),
        new RegExp(`cellIndices\\[63\\] must be an integer in \\[0, 128\\), got ${bad}$`)
      );
  });
  it('rejects a list with a hole (a sparse array), naming the argument and the index, before any element is read', () => {
    const holed = <T>(xs: T[], at: number): T[] => {
      const ys = xs.slice();
      delete ys[at];
      return ys;
    };
    const idx = Array.from({ length: 64 }, (_, i) => i);
    const cells = idx.map(() => zeroCell);
    expectKzgError(() => kzg.recoverCellsAndKzgProofs(holed(idx, 5), cells), /cellIndices\[5\] is missing/);
    expectKzgError(() => kzg.recoverCellsAndKzgProofs(idx, holed(cells, 3)), /cells\[3\] is missing/);
    expectKzgError(() => kzg.verifyBlobKzgProofBatch(holed([zeroBlob, zeroBlob], 1), [inf(), inf()], [inf(), inf()]), /blobs\[1\] is missing/);
    expectKzgError(() => kzg.verifyBlobKzgProofBatch([zeroBlob], [inf()], holed([inf()], 0)), /proofs\[0\] is missing/);
    expectKzgError(() => kzg.verifyCellKzgProofBatch([inf(), inf()], holed([0, 1], 1), [zeroCell, zeroCell], [inf(), inf()]), /cellIndices\[1\] is missing/);
    expectKzgError(() => kzg.verifyCellKzgProofBatch(holed([inf(), inf()], 0), [0, 1], [zeroCell, zeroCell], [inf(), inf()]), /commitments\[0\] is missing/);
  });
  it('verification of a well-formed but wrong proof returns false (no throw)', () => {
    expect(kzg.verifyKzgProof(inf(), fr0, be(1n, 32), inf())).toBe(false);
  });
});

describe('blobToKzgCommitmentAsync (its MSM on the worker pool): the bytes and the errors of blobToKzgCommitment', () => {
  // the plain wasm path (no fixed-base table to build): cheap; the table path is compared with c-kzg in differential-4844
  const k = createKzg({ gates: { fixedBase: false }, threads: 2 });
  afterAll(() => closeWorkerPool());

  it('a blob of random canonical elements and the zero blob: the same commitment', async () => {
    const blob = new Uint8Array(131072);
    let x = 0x9e3779b9;
    for (let i = 0; i < blob.length; i++) blob[i] = i % 32 === 0 ? 0 : (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
    for (const b of [blob, zeroBlob])
      expect(Buffer.from(await k.blobToKzgCommitmentAsync(b)).toString('hex')).toBe(Buffer.from(k.blobToKzgCommitment(b)).toString('hex'));
  }, 120_000);

  it('bad blobs and options: the same KzgError, as a rejection', async () => {
    const nonCanonical = zeroBlob.slice();
    nonCanonical.set(be(R, 32), 32 * 7);
    for (const b of [zeroBlob.slice(1), nonCanonical, 'blob' as unknown as Uint8Array]) {
      let sync: unknown;
      try {
        k.blobToKzgCommitment(b);
      } catch (e) {
        sync = e;
      }
      expect(sync).toBeInstanceOf(KzgError);
      await expect(k.blobToKzgCommitmentAsync(b)).rejects.toThrow((sync as Error).message);
      await expect(k.blobToKzgCommitmentAsync(b)).rejects.toBeInstanceOf(KzgError);
    }
    expectKzgError(() => createKzg({ threads: 0 }), /options.threads must be an integer in \[1, 64\] or undefined, got 0/);
    expectKzgError(() => createKzg(null as never), /^options must be an object or undefined, got null$/);
    expectKzgError(() => createKzg({ gate: 'none' } as never), /^unknown option "gate": allowed options are setup, gates, precompute, threads$/);
    expectKzgError(() => createKzg({ gates: 'bogus' as never }), /unknown preset "bogus"/);
    expectKzgError(() => createKzg({ gates: { glv: 1 } as never }), /glv/);
    expectKzgError(() => createKzg({ setup: '' }), /options.setup must be .* got an empty path/);
  });
});
