/**
 * Trusted setup: the npm package (fast_v1) and c-kzg's trusted_setup.txt give identical setups
 * (the file is $STEPWISE_VECTORS/trusted_setup.txt, or src/trusted_setup.txt of the c-kzg-4844
 * clone whose tests folder STEPWISE_VECTORS names; skipped when there is none);
 * malformed files are rejected with KzgError 'SETUP'; the package's FK20 table equals our own
 * computation (G1 FFTs of the monomial points); our G1 FFT and GLV scalar multiplication agree
 * with naive definitions.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { createKzg, fk20Column, fk20Table, KzgError, loadPackageSetup, loadTrustedSetupFile, parseTrustedSetupTxt } from '../../src/kzg/index.js';
import { rootsOfUnity, bitReversalPermutation, R } from '../../src/kzg/field.js';
import { fftG1, glvMul, G1P, G2P } from '../../src/kzg/g1.js';
import { trustedSetupPath } from '../../harness/vectors/kzg-runner.js';

const pkg = loadPackageSetup();
const root = process.env.STEPWISE_VECTORS;
const txtPath = root ? trustedSetupPath(root) : undefined;

const P_MOD = bls12_381.fields.Fp.ORDER;
/** Compressed hex of an affine (Z = 1) setup point without noble's validation (test speed). */
function compressG1(p: InstanceType<typeof G1P>): string {
  const { x, y } = p.toAffine();
  const b = Buffer.from(x.toString(16).padStart(96, '0'), 'hex');
  b[0] |= 0x80 | (y > (P_MOD - 1n) / 2n ? 0x20 : 0);
  return b.toString('hex');
}
let baseTokens: string[] | undefined;
/** A trusted_setup.txt text built from the package setup, for malformed-file tests. */
function txtFromPackage(edit?: (tok: string[]) => void, sep = '\n'): string {
  baseTokens ??= [
    '4096',
    '65',
    ...pkg.g1Lagrange.map(compressG1),
    ...pkg.g2Monomial.map((p) => Buffer.from(p.toBytes(true)).toString('hex')),
    ...pkg.g1Monomial.map(compressG1),
  ];
  const tok = baseTokens.slice();
  edit?.(tok);
  return tok.join(sep) + '\n';
}

function expectSetupError(f: () => unknown, pattern: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(KzgError);
  expect((err as KzgError).code).toBe('SETUP');
  expect((err as Error).message).toMatch(pattern);
}

describe('trusted setup sources', () => {
  it.skipIf(!txtPath || !existsSync(txtPath))('package setup equals trusted_setup.txt (Lagrange, G2, monomial; bit-reversed Lagrange)', () => {
    const file = loadTrustedSetupFile(txtPath!);
    expect(file.g1Lagrange.length).toBe(4096);
    expect(file.g2Monomial.length).toBe(65);
    expect(file.g1Monomial.length).toBe(4096);
    for (let i = 0; i < 4096; i++) {
      expect(file.g1Lagrange[i].equals(pkg.g1Lagrange[i])).toBe(true);
      expect(file.g1Monomial[i].equals(pkg.g1Monomial[i])).toBe(true);
      expect(file.g1LagrangeBrp[i].equals(pkg.g1LagrangeBrp[i])).toBe(true);
    }
    for (let i = 0; i < 65; i++) expect(file.g2Monomial[i].equals(pkg.g2Monomial[i])).toBe(true);
    // Cached: a second load is the same object.
    expect(loadTrustedSetupFile(txtPath!)).toBe(file);
  });

  it('setup facts: generators, Σ Lagrange = G, bit reversal', () => {
    expect(pkg.g1Monomial[0].equals(G1P.BASE)).toBe(true);
    expect(pkg.g2Monomial[0].equals(G2P.BASE)).toBe(true);
    let sum = G1P.ZERO;
    for (const p of pkg.g1Lagrange) sum = sum.add(p);
    expect(sum.equals(G1P.BASE)).toBe(true);
    expect(pkg.g1LagrangeBrp[1].equals(pkg.g1Lagrange[2048])).toBe(true);
  });

  it('rejects malformed trusted_setup.txt files with a clear SETUP error', () => {
    expectSetupError(() => parseTrustedSetupTxt(''), /missing the two counts/);
    expectSetupError(() => parseTrustedSetupTxt(txtFromPackage((t) => (t[0] = '4095'))), /expected 4096 G1 points/);
    expectSetupError(() => parseTrustedSetupTxt(txtFromPackage((t) => (t[1] = '64'))), /expected 65 G2 points/);
    expectSetupError(() => parseTrustedSetupTxt(txtFromPackage((t) => t.pop())), /tokens/);
    expectSetupError(() => parseTrustedSetupTxt(txtFromPackage((t) => (t[2] = 'zz' + t[2].slice(2)))), /G1 Lagrange point 0: expected 96 hex/);
    expectSetupError(() => parseTrustedSetupTxt(txtFromPackage((t) => (t[3] = t[3].slice(0, 94)))), /G1 Lagrange point 1: expected 96 hex/);
    expectSetupError(() => parseTrustedSetupTxt(txtFromPackage((t) => (t[4] = 'c1' + t[4].slice(2)))), /G1 Lagrange point 2: not a valid point/);
    expectSetupError(() => loadTrustedSetupFile('/nonexistent/trusted_setup.txt'), /cannot read/);
    expectSetupError(() => parseTrustedSetupTxt(123 as never), /the text must be a string, got number/);
  });

  it('a setup file is read again on every load: the same text is the same setup, a changed file is parsed (and checked) again', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kzg-setup-'));
    try {
      const file = path.join(dir, 'trusted_setup.txt');
      writeFileSync(file, txtFromPackage());
      const first = loadTrustedSetupFile(file);
      expect(loadTrustedSetupFile(file)).toBe(first);
      writeFileSync(
        file,
        txtFromPackage((t) => (t[3] = 'c1' + t[3].slice(2)))
      );
      expectSetupError(() => loadTrustedSetupFile(file), /G1 Lagrange point 1: not a valid point/);
      expectSetupError(() => createKzg({ setup: file }), /G1 Lagrange point 1: not a valid point/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('createKzg({ setup: object }): a loaded setup is taken, one whose point lists are short or of the wrong points is a SETUP error', () => {
    const setup = loadPackageSetup();
    expect(createKzg({ setup }).setup).toBe(setup);
    expectSetupError(() => createKzg({ setup: { g1LagrangeBrp: [] } as never }), /options.setup.g1Lagrange must be an array of 4096 points, got undefined/);
    expectSetupError(() => createKzg({ setup: { ...setup, g1LagrangeBrp: [] } }), /options.setup.g1LagrangeBrp must be an array of 4096 points, got length 0/);
    expectSetupError(
      () => createKzg({ setup: { ...setup, g2Monomial: setup.g1Monomial.slice(0, 65) } as never }),
      /options.setup.g2Monomial\[0\] must be a G2 point/
    );
    const rows = Array.from({ length: 128 }, () => new Array(64).fill(G1P.BASE));
    expectSetupError(
      () => createKzg({ setup: { ...setup, fk20: [[1, 2]] } as never }),
      /options.setup.fk20 must be 128 rows of 64 G1 points or undefined, got 1 rows/
    );
    expectSetupError(
      () => createKzg({ setup: { ...setup, fk20: rows.map((r, i) => (i === 7 ? r.slice(1) : r)) } }),
      /options.setup.fk20\[7\] must be an array of 64 G1 points/
    );
    expectSetupError(
      () => createKzg({ setup: { ...setup, fk20: rows.map((r, i) => (i === 9 ? [...r.slice(1), 5] : r)) } as never }),
      /options.setup.fk20\[9\]\[63\] must be a G1 point/
    );
    expectSetupError(() => createKzg({ setup: { ...setup, g1Lagrange: setup.g1Monomial, g1LagrangeBrp: setup.g1Monomial } }), /monomial form/);
  });

  it('a frozen setup object works: the FK20 table is kept beside it, not written on it', () => {
    const setup = Object.freeze({ ...loadPackageSetup() });
    const [cells, proofs] = createKzg({ setup }).computeCellsAndKzgProofs(new Uint8Array(131072));
    expect([cells.length, proofs.length]).toEqual([128, 128]);
    expect(setup.fk20).toBeUndefined();
  });

  it('rejects a file whose Lagrange section is really monomial, whatever the whitespace', () => {
    for (const sep of ['\n', ' ', '\r\n\t  '])
      expectSetupError(
        () =>
          parseTrustedSetupTxt(
            txtFromPackage((t) => {
              for (let i = 0; i < 4096; i++) t[2 + i] = t[2 + 4096 + 65 + i];
            }, sep)
          ),
        /monomial form/
      );
  });
});

describe('FK20 table and G1 FFT', () => {
  it('package FK20 table columns equal our G1-FFT computation (columns 0, 1, 63)', () => {
    const table = fk20Table(pkg);
    for (const o of [0, 1, 63]) {
      const col = fk20Column(pkg, o);
      for (let pos = 0; pos < 128; pos++) expect(col[pos].equals(table[pos][o])).toBe(true);
    }
  }, 170_000);

  it('glvMul equals noble multiplyUnsafe (property, incl. 0, 1, r−1, λ-boundary)', () => {
    const P = G1P.BASE.multiply(0x1234567n);
    const lambda = 0xd201000000010000n ** 2n - 1n;
    for (const k of [0n, 1n, 2n, R - 1n, lambda - 1n, lambda, lambda + 1n, lambda * lambda]) expect(glvMul(P, k).equals(P.multiplyUnsafe(k % R))).toBe(true);
    expect(glvMul(G1P.ZERO, 5n).is0()).toBe(true);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: R - 1n }), fc.bigInt({ min: 1n, max: 1n << 64n }), (k, m) => {
        const Q = G1P.BASE.multiply(m);
        expect(glvMul(Q, k).equals(Q.multiplyUnsafe(k))).toBe(true);
      }),
      { numRuns: 15 }
    );
  });

  it('fftG1 equals the naive DFT and inverts (n = 8, with identity inputs)', () => {
    const pts = Array.from({ length: 8 }, (_, i) => (i === 3 ? G1P.ZERO : G1P.BASE.multiply(BigInt(i * i + 3))));
    const w = rootsOfUnity(8);
    const f = fftG1(pts);
    for (let k = 0; k < 8; k++) {
      let acc = G1P.ZERO;
      for (let j = 0; j < 8; j++) acc = acc.add(pts[j].multiplyUnsafe(w[(j * k) % 8]));
      expect(acc.equals(f[k])).toBe(true);
    }
    const back = fftG1(f, true);
    back.forEach((q, i) => expect(q.equals(pts[i])).toBe(true));
    expect(bitReversalPermutation([0, 1, 2, 3, 4, 5, 6, 7])).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
  });
});

describe('G1 encoding', () => {
  it('g1ToBytes equals noble compressed toBytes (both y signs, identity in any projective form)', async () => {
    const { g1ToBytes } = await import('../../src/kzg/g1.js');
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: R - 1n }), (k) => {
        const p = G1P.BASE.multiply(k);
        expect(Buffer.from(g1ToBytes(p)).toString('hex')).toBe(Buffer.from(p.toBytes(true)).toString('hex'));
        expect(Buffer.from(g1ToBytes(p.negate())).toString('hex')).toBe(Buffer.from(p.negate().toBytes(true)).toString('hex'));
      }),
      { numRuns: 20 }
    );
    const z = G1P.BASE.subtract(G1P.BASE);
    expect(Buffer.from(g1ToBytes(z)).toString('hex')).toBe('c0' + '00'.repeat(47));
  });
});
