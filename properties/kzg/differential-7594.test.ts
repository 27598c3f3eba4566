/**
 * EIP-7594 differential test against native c-kzg (same setup): cells and FK20 cell proofs,
 * recovery from a random half (and from a random larger subset), and batch cell verification
 * (valid → true, tampered cell or proof → false, in both implementations). c-kzg 4.1.0
 * predates the strictly-ascending rule of recoverCellsAndKzgProofs, so that case is decided by
 * the spec (properties/kzg/bad-input.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKzg } from '../../src/kzg/index.js';
import { BLOBS, hex, nativeKzg, CKZG_SKIP } from './differential-support.js';

const kzg = createKzg();
// c-kzg is optional (built with a C compiler at npm ci): without it these files are a printed skip
const native = CKZG_SKIP === undefined ? nativeKzg() : ({} as ReturnType<typeof nativeKzg>);

describe.skipIf(CKZG_SKIP !== undefined)('EIP-7594 vs native c-kzg', () => {
  const blob = BLOBS.random(7594);
  let cells: Uint8Array[] = [];
  let proofs: Uint8Array[] = [];

  it('computeCellsAndKzgProofs (FK20) and computeCells equal c-kzg', () => {
    [cells, proofs] = kzg.computeCellsAndKzgProofs(blob);
    const [nCells, nProofs] = native.computeCellsAndKzgProofs(blob);
    expect(cells.map(hex)).toEqual(nCells.map(hex));
    expect(proofs.map(hex)).toEqual(nProofs.map(hex));
    expect(kzg.computeCells(blob).map(hex)).toEqual(nCells.map(hex));
  }, 170_000);

  it('recovery from a random subset of ≥ 64 cells gives back all cells and proofs (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...Array(128).keys()], { minLength: 64, maxLength: 127 }), (subset) => {
        const idx = subset.slice().sort((a, b) => a - b);
        const [rc, rp] = kzg.recoverCellsAndKzgProofs(
          idx,
          idx.map((i) => cells[i])
        );
        expect(rc.map(hex)).toEqual(cells.map(hex));
        expect(rp.map(hex)).toEqual(proofs.map(hex));
      }),
      { numRuns: 1 }
    );
  }, 170_000);

  it('verifyCellKzgProofBatch: valid subset true, tampered cell/proof false (ours and c-kzg)', () => {
    const commitment = kzg.blobToKzgCommitment(blob);
    const other = BLOBS.sparse(3);
    const [oCells, oProofs] = native.computeCellsAndKzgProofs(other);
    const oCommit = native.blobToKzgCommitment(other);
    const idx = [0, 5, 127, 64, 5];
    const cs = [...idx.map(() => commitment), oCommit, oCommit];
    const ci = [...idx, 9, 100];
    const ce = [...idx.map((i) => cells[i]), oCells[9], oCells[100]];
    const pr = [...idx.map((i) => proofs[i]), oProofs[9], oProofs[100]];
    expect(kzg.verifyCellKzgProofBatch(cs, ci, ce, pr)).toBe(true);
    expect(native.verifyCellKzgProofBatch(cs, ci, ce, pr)).toBe(true);
    const badCell = ce.slice();
    badCell[2] = cells[6];
    expect(kzg.verifyCellKzgProofBatch(cs, ci, badCell, pr)).toBe(false);
    expect(native.verifyCellKzgProofBatch(cs, ci, badCell, pr)).toBe(false);
    const badProof = pr.slice();
    badProof[5] = oProofs[10];
    expect(kzg.verifyCellKzgProofBatch(cs, ci, ce, badProof)).toBe(false);
    expect(native.verifyCellKzgProofBatch(cs, ci, ce, badProof)).toBe(false);
    expect(kzg.verifyCellKzgProofBatch([], [], [], [])).toBe(true);
  }, 170_000);
});

describe.skipIf(CKZG_SKIP !== undefined)('createKzg({ precompute: true }) vs native c-kzg', () => {
  it('builds every table up front (cost in precomputeMs) and gives the same commitment, cells and proofs as c-kzg; a bad option is BADARGS', () => {
    expect(() => createKzg({ precompute: 'yes' as never })).toThrow(/options\.precompute must be a boolean or undefined, got string/);
    expect(createKzg().precomputeMs).toBe(0);
    const pre = createKzg({ precompute: true });
    expect(pre.precomputeMs).toBeGreaterThan(0);
    const blob = BLOBS.random(4844 + 7594);
    const [nCells, nProofs] = native.computeCellsAndKzgProofs(blob);
    const [cells, proofs] = pre.computeCellsAndKzgProofs(blob);
    expect(cells.map(hex)).toEqual(nCells.map(hex));
    expect(proofs.map(hex)).toEqual(nProofs.map(hex));
    expect(hex(pre.blobToKzgCommitment(blob))).toBe(hex(native.blobToKzgCommitment(blob)));
    // cell verification uses the precomputed [τ^0..τ^63]₁ table
    const commitment = native.blobToKzgCommitment(blob);
    const idx = [0, 5, 127];
    expect(
      pre.verifyCellKzgProofBatch(
        idx.map(() => commitment),
        idx,
        idx.map((i) => nCells[i]),
        idx.map((i) => nProofs[i])
      )
    ).toBe(true);
    expect(pre.verifyCellKzgProofBatch([commitment], [1], [nCells[2]], [nProofs[1]])).toBe(false);
  }, 300_000);
});
