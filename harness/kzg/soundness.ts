/**
 * Verifier soundness, attacked: properties for the KZG batch verifiers
 * (verifyBlobKzgProofBatch, verifyCellKzgProofBatch), the single blob verifier, and every
 * Fiat–Shamir challenge (computeChallenge, the blob batch's r, the cell batch's r, and the
 * powers r⁰, r¹, … both batch verifiers combine with).
 *
 *  (a) binding: change one input of a valid batch (one field element of a blob or a cell, one
 *      commitment or proof to another valid point, one index) and the challenge must change,
 *      and the verifier must say false;
 *  (b) forgery: build inputs that balance the verifier's combined pairing equation for the
 *      coefficients an attacker can predict from the challenge function on the honest inputs,
 *      then change exactly the inputs the forgery needs. A verifier whose challenge does not
 *      bind those inputs (or is fixed, or whose powers are not powers) accepts them; the real
 *      verifier must say false. Each forgery is first checked to balance the equation under the
 *      predicted coefficients (a pairing check done here), so a `false` means the challenge
 *      moved, not that the forgery was malformed.
 *
 * Cheap inputs: no 4096-point MSM is needed. Blobs and cells come from sparse polynomials
 * written in monomial form, so their commitments and proofs are a few multiples of the
 * setup's [τ^j]₁ (the setup is public, which is also what makes the forgeries possible):
 *  - blob p(X) = Σ a_j X^j (deg ≤ 3): C = Σ a_j[τ^j]₁, π = [q(τ)]₁ with q = (p − p(z))/(X − z);
 *  - cell proof for p(X) = Σ_j A_j(X)·X^{64j} (deg A_j < 64) on a coset where X^64 = s:
 *    the interpolant is Σ_j A_j(X)·s^j, so π = Σ_j Σ_{t<j} s^{j−1−t}·[A_j(τ)·τ^{64t}]₁.
 *
 * The checks import only src/, fast-check and the run-count config; they throw an Error naming the check, the input
 * and the index on failure, so vitest (properties/kzg/soundness.test.ts) and the gate can run
 * the same list (`runSoundnessStage`).
 */
import fc from 'fast-check';
import { createKzg, type Kzg } from '../../src/kzg/index.js';
import { challengePowers, R } from '../../src/kzg/field.js';
import { g1ToBytes, G1P, type G1 } from '../../src/kzg/g1.js';
import * as S from './soundness-inputs.js';
import type { CellBatch, SoundnessCheck } from './soundness-inputs.js';

/** A check made of one property over the setup's KZG functions (`name` for its failures), `runs` base runs (assertProp). */
function propertyCheck(name: string, attacks: string, runs: number, property: (kzg: Kzg, name: string) => fc.IRawProperty<any, false>): SoundnessCheck {
  return { name, attacks, run: ({ kzg }, opts) => S.assertProp(property(kzg, name), opts, runs) };
}

const challengeBindsBlobAndCommitment = propertyCheck(
  'computeChallenge changes when one blob element or the commitment changes',
  'computeChallenge',
  3,
  (kzg, name) =>
    fc.property(S.blobCoeffsArb, fc.nat({ max: S.N_BLOB - 1 }), S.nonZeroArb, S.nonZeroArb, (coeffs, at, d, k) => {
      const it = S.blobItem(kzg, coeffs);
      const base = S.hex(kzg.computeChallenge(it.blob, it.commitment));
      if (S.hex(kzg.computeChallenge(S.bumpElement(it.blob, at, d), it.commitment)) === base)
        S.fail(name, `blob element ${at} changed by ${d}: same challenge`);
      if (S.hex(kzg.computeChallenge(it.blob, S.bumpPoint(it.commitment, k))) === base) S.fail(name, `commitment changed by ${k}·G: same challenge`);
    })
);

const blobBatchChallengeBinds = propertyCheck(
  'blob batch challenge r changes when one blob element, commitment or proof changes, or two items swap',
  'computeVerifyBlobKzgProofBatchChallenge',
  3,
  (kzg, name) =>
    fc.property(...S.blobChangeArbs, (pair, i, at, d) => {
      const { bl, cl, pl, dup, changed } = S.changedBlobBatch(kzg, pair, i, at, d);
      const base = S.hex(kzg.computeVerifyBlobKzgProofBatchChallenge(bl, cl, pl));
      if (!dup) changed.push(['items 0 and 1 swapped', [bl[1], bl[0]], [cl[1], cl[0]], [pl[1], pl[0]]]);
      for (const [what, b2, c2, p2] of changed) if (S.hex(kzg.computeVerifyBlobKzgProofBatchChallenge(b2, c2, p2)) === base) S.fail(name, `${what}: same r`);
    })
);

const cellBatchChallengeBinds = propertyCheck(
  'cell batch challenge r changes when one commitment, commitment index, cell index, cell element or proof changes',
  'computeVerifyCellKzgProofBatchChallenge',
  3,
  (kzg, name) =>
    fc.property(
      fc.uniqueArray(fc.nat({ max: 127 }), { minLength: 3, maxLength: 3 }),
      fc.tuple(S.frArb, S.nonZeroArb, S.frArb, S.nonZeroArb),
      fc.nat({ max: 2 }),
      fc.nat({ max: S.CELL - 1 }),
      S.nonZeroArb,
      (idx, ab, k, at, d) => {
        const A = S.cellBlob(kzg, [ab[0]], [ab[1]]);
        const B = S.cellBlob(kzg, [ab[2]], [ab[3]]);
        const commitments = [A.commitment, B.commitment];
        const ci = [0, 1, 0];
        const cells = idx.map((c, j) => S.cellOf(kzg, j === 1 ? B : A, c));
        const cl = cells.map((c) => c.cell);
        const pl = cells.map((c) => c.proof);
        const base = S.hex(kzg.computeVerifyCellKzgProofBatchChallenge(commitments, ci, idx, cl, pl));
        const other = (idx[k] + 1 + Number(d % 127n)) % 128;
        const cases: [string, () => Uint8Array][] = [
          [
            `commitments[${k % 2}] + ${d}·G`,
            () => kzg.computeVerifyCellKzgProofBatchChallenge(S.replaceAt(commitments, k % 2, S.bumpPoint(commitments[k % 2], d)), ci, idx, cl, pl),
          ],
          [`commitmentIndices[${k}] flipped`, () => kzg.computeVerifyCellKzgProofBatchChallenge(commitments, S.replaceAt(ci, k, 1 - ci[k]), idx, cl, pl)],
          [`cellIndices[${k}] ${idx[k]} → ${other}`, () => kzg.computeVerifyCellKzgProofBatchChallenge(commitments, ci, S.replaceAt(idx, k, other), cl, pl)],
          [
            `cells[${k}] element ${at} + ${d}`,
            () => kzg.computeVerifyCellKzgProofBatchChallenge(commitments, ci, idx, S.replaceAt(cl, k, S.bumpElement(cl[k], at, d)), pl),
          ],
          [`proofs[${k}] + ${d}·G`, () => kzg.computeVerifyCellKzgProofBatchChallenge(commitments, ci, idx, cl, S.replaceAt(pl, k, S.bumpPoint(pl[k], d)))],
        ];
        for (const [what, f] of cases) if (S.hex(f()) === base) S.fail(name, `${what}: same r`);
      }
    )
);

const powersArePowers = propertyCheck('challengePowers(r, n) is [r⁰, r¹, …, r^(n−1)]', 'challengePowers', 50, (_kzg, name) =>
  fc.property(fc.oneof(S.frArb, fc.constantFrom(0n, 1n, 2n, R - 1n)), fc.nat({ max: 20 }), (r, n) => {
    const got = challengePowers(r, n);
    if (got.length !== n) S.fail(name, `length ${got.length}, want ${n}`);
    for (let i = 0; i < n; i++)
      if (got[i] !== S.powm(r, BigInt(i))) S.fail(name, `r=${r}: coefficient ${i} is ${got[i]}, want r^${i} = ${S.powm(r, BigInt(i))}`);
  })
);

const blobBatchVerdictBinds = propertyCheck(
  'verifyBlobKzgProofBatch: valid batch true; one blob element, commitment or proof changed → false',
  'verifyBlobKzgProofBatch',
  2,
  (kzg, name) =>
    fc.property(...S.blobChangeArbs, (pair, i, at, d) => {
      const { bl, cl, pl, changed } = S.changedBlobBatch(kzg, pair, i, at, d);
      if (kzg.verifyBlobKzgProofBatch(bl, cl, pl) !== true) S.fail(name, 'honest batch rejected');
      if (kzg.verifyBlobKzgProof(bl[i], cl[i], pl[i]) !== true) S.fail(name, `honest item ${i} rejected by verifyBlobKzgProof`);
      for (const [what, b2, c2, p2] of changed) {
        const v = kzg.verifyBlobKzgProofBatch(b2, c2, p2);
        if (v !== false) S.fail(name, `${what}: verdict ${v}, want false`);
      }
    })
);

const blobBatchForgery = propertyCheck(
  'verifyBlobKzgProofBatch rejects proofs shifted to balance the equation under a predicted r',
  'verifyBlobKzgProofBatch',
  2,
  (kzg, name) => {
    const tau = kzg.setup.g1Monomial[1] as G1;
    return fc.property(S.blobPairArb, S.nonZeroArb, ([a, b, dup], u) => {
      const { items, bl, cl, pl } = S.blobBatch(kzg, a, b, dup);
      const r = S.frOf(kzg.computeVerifyBlobKzgProofBatchChallenge(bl, cl, pl));
      // Tᵢ = [τ − zᵢ]₁; π₀' = π₀ + u·c₁·T₁, π₁' = π₁ − u·c₀·T₀ leaves Σ cᵢ·(τ − zᵢ)·Δᵢ = 0.
      const T = items.map((x) => tau.subtract(S.mulG(G1P.BASE, x.z)));
      for (const { label, c } of S.predictedCoefficients(r, 2)) {
        const P0 = G1P.fromBytes(pl[0]).add(S.mulG(T[1], S.mulm(u, c[1])));
        const P1 = G1P.fromBytes(pl[1]).subtract(S.mulG(T[0], S.mulm(u, c[0])));
        const forged = [g1ToBytes(P0), g1ToBytes(P1)];
        const eq = items.map((x, i) => ({ C: G1P.fromBytes(x.commitment), z: x.z, y: x.y, P: i === 0 ? P0 : P1 }));
        if (!S.blobEquationHolds(kzg, eq, c)) S.fail(name, `internal: the forgery does not balance under ${label}`);
        const v = kzg.verifyBlobKzgProofBatch(bl, cl, forged);
        if (v !== false) S.fail(name, `proofs forged for ${label} (u=${u}${dup ? ', duplicated item' : ''}) accepted`);
      }
    });
  }
);

const blobChallengeForgery = propertyCheck(
  'verifyBlobKzgProof(Batch) rejects a commitment/proof pair, or a blob, changed so the equation holds at the old z',
  'computeChallenge',
  2,
  (kzg, name) => {
    const tau = kzg.setup.g1Monomial[1] as G1;
    const { blob: D } = S.dom();
    return fc.property(S.blobPairArb, S.nonZeroArb, fc.nat({ max: S.N_BLOB - 1 }), fc.nat({ max: S.N_BLOB - 2 }), ([a, b], u, j, k0) => {
      const [it, other] = S.twoBlobs(kzg, a, b, false);
      // (1) C' = C + u·[τ − z]₁, π' = π + u·G: balances at the old z (z must bind C).
      const T = tau.subtract(S.mulG(G1P.BASE, it.z));
      const C2 = G1P.fromBytes(it.commitment).add(S.mulG(T, u));
      const P2 = G1P.fromBytes(it.proof).add(S.mulG(G1P.BASE, u));
      if (!S.blobEquationHolds(kzg, [{ C: C2, z: it.z, y: it.y, P: P2 }], [1n])) S.fail(name, 'internal: commitment forgery does not balance');
      const c2 = g1ToBytes(C2);
      const p2 = g1ToBytes(P2);
      if (kzg.verifyBlobKzgProof(it.blob, c2, p2) !== false) S.fail(name, `commitment and proof shifted by u=${u} along [τ − z]: accepted`);
      if (kzg.verifyBlobKzgProofBatch([it.blob, other.blob], [c2, other.commitment], [p2, other.proof]) !== false)
        S.fail(name, `batch: item 0's commitment and proof shifted by u=${u}: accepted`);
      // (2) blob' = blob + u·e_j + d·e_k with d·L_k(z) = −u·L_j(z): p'(z) = p(z) (z must bind the blob).
      const k = k0 >= j ? k0 + 1 : k0;
      // L_i(z) ∝ ω_i / (z − ω_i) (common factor (zⁿ − 1)/n cancels)
      const Lj = S.mulm(D[j], S.invm(it.z - D[j]));
      const Lk = S.mulm(D[k], S.invm(it.z - D[k]));
      const d = S.md(-S.mulm(S.mulm(u, Lj), S.invm(Lk)));
      const blob2 = S.bumpElement(S.bumpElement(it.blob, j, u), k, d);
      if (kzg.verifyBlobKzgProof(blob2, it.commitment, it.proof) !== false) S.fail(name, `blob elements ${j}, ${k} changed keeping p(z): accepted`);
      if (kzg.verifyBlobKzgProofBatch([blob2, other.blob], [it.commitment, other.commitment], [it.proof, other.proof]) !== false)
        S.fail(name, `batch: blob 0 elements ${j}, ${k} changed keeping p(z): accepted`);
    });
  }
);

const cellVerdictBinds = propertyCheck(
  'verifyCellKzgProofBatch: valid batch true; one commitment, cell index, cell element or proof changed → false',
  'verifyCellKzgProofBatch',
  2,
  (kzg, name) =>
    fc.property(S.cellCaseArb, fc.nat({ max: 3 }), fc.nat({ max: S.CELL - 1 }), S.nonZeroArb, (c, k0, at, d) => {
      const { batch: b } = S.cellCase(kzg, c);
      const k = k0 % b.cellIndices.length;
      const v = (x: Partial<CellBatch>) =>
        kzg.verifyCellKzgProofBatch(x.commitments ?? b.commitments, x.cellIndices ?? b.cellIndices, x.cells ?? b.cells, x.proofs ?? b.proofs);
      if (v({}) !== true) S.fail(name, `honest batch rejected (cell indices ${b.cellIndices.join(',')})`);
      const other = (b.cellIndices[k] + 1 + Number(d % 127n)) % 128;
      const cases: [string, Partial<CellBatch>][] = [
        [`commitments[${k}] + ${d}·G`, { commitments: S.replaceAt(b.commitments, k, S.bumpPoint(b.commitments[k], d)) }],
        [`cellIndices[${k}] ${b.cellIndices[k]} → ${other}`, { cellIndices: S.replaceAt(b.cellIndices, k, other) }],
        [`cells[${k}] element ${at} + ${d}`, { cells: S.replaceAt(b.cells, k, S.bumpElement(b.cells[k], at, d)) }],
        [`proofs[${k}] + ${d}·G`, { proofs: S.replaceAt(b.proofs, k, S.bumpPoint(b.proofs[k], d)) }],
      ];
      for (const [what, x] of cases) {
        const got = v(x);
        if (got !== false) S.fail(name, `${what}: verdict ${got}, want false`);
      }
    })
);

const cellForgery = propertyCheck(
  'verifyCellKzgProofBatch rejects proofs, cells or commitments shifted to balance the equation under a predicted r',
  'verifyCellKzgProofBatch',
  2,
  (kzg, name) => {
    const tau64 = kzg.setup.g1Monomial[S.CELL] as G1;
    const { ext } = S.dom();
    return fc.property(S.cellCaseArb, S.nonZeroArb, (c, u) => {
      const cc = S.cellCase(kzg, c);
      const b = cc.batch;
      const n = b.cellIndices.length;
      const r = S.cellR(kzg, b);
      const s = b.cellIndices.map((ci) => S.powm(ext[S.CELL * ci], BigInt(S.CELL)));
      const I0 = b.cells.map((cell, k) => S.interpolantCommitment(kzg, cell, b.cellIndices[k]));
      for (const what of ['proofs', 'cells', 'commitments'] as const)
        for (const { label, c: coef } of S.predictedCoefficients(r, n)) {
          const P = b.proofs.map((p) => (p[0] === 0xc0 ? G1P.ZERO : G1P.fromBytes(p)));
          const C = b.commitments.map((x) => G1P.fromBytes(x));
          const cells = b.cells.slice();
          const I = I0.slice();
          if (what === 'proofs') {
            // π₀ += u·c₁·[τ⁶⁴ − s₁]₁, π₁ −= u·c₀·[τ⁶⁴ − s₀]₁
            P[0] = P[0].add(S.mulG(tau64.subtract(S.mulG(G1P.BASE, s[1])), S.mulm(u, coef[1])));
            P[1] = P[1].subtract(S.mulG(tau64.subtract(S.mulG(G1P.BASE, s[0])), S.mulm(u, coef[0])));
          } else if (what === 'cells') {
            // every evaluation of cell 0 + u·c₁, of cell 1 − u·c₀: I₀ += u·c₁, I₁ −= u·c₀ (constants)
            const d0 = S.mulm(u, coef[1]);
            const d1 = S.md(-S.mulm(u, coef[0]));
            for (let j = 0; j < S.CELL; j++) {
              cells[0] = S.bumpElement(cells[0], j, d0);
              cells[1] = S.bumpElement(cells[1], j, d1);
            }
            I[0] = I[0].add(S.mulG(G1P.BASE, d0));
            I[1] = I[1].add(S.mulG(G1P.BASE, d1));
          } else {
            // commitment of blob A += u·w_B·G, of blob B −= u·w_A·G, w_X = Σ of the coefficients of X's items
            let wA = 0n;
            let wB = 0n;
            cc.owner.forEach((o, k) => (o === 0 ? (wA = (wA + coef[k]) % R) : (wB = (wB + coef[k]) % R)));
            const CA = cc.A.C.add(S.mulG(G1P.BASE, S.mulm(u, wB)));
            const CB = cc.B.C.subtract(S.mulG(G1P.BASE, S.mulm(u, wA)));
            cc.owner.forEach((o, k) => (C[k] = o === 0 ? CA : CB));
          }
          const eq = C.map((Ck, k) => ({ C: Ck, s: s[k], I: I[k], P: P[k] }));
          if (!S.cellEquationHolds(kzg, eq, coef)) S.fail(name, `internal: the ${what} forgery does not balance under ${label}`);
          const got = kzg.verifyCellKzgProofBatch(C.map(g1ToBytes), b.cellIndices, cells, P.map(g1ToBytes));
          if (got !== false) S.fail(name, `${what} forged for ${label} (u=${u}, cell indices ${b.cellIndices.join(',')}) accepted`);
        }
    });
  }
);

/** Every soundness check, in the order the vitest file and the gate run them. */
export const SOUNDNESS_CHECKS: readonly SoundnessCheck[] = [
  powersArePowers,
  challengeBindsBlobAndCommitment,
  blobBatchChallengeBinds,
  cellBatchChallengeBinds,
  blobBatchVerdictBinds,
  cellVerdictBinds,
  blobChallengeForgery,
  blobBatchForgery,
  cellForgery,
];

export interface SoundnessStageResult {
  ok: boolean;
  ms: number;
  passed: number;
  failures: { name: string; message: string }[];
}

/**
 * The gate's KZG soundness stage: every check on the mainnet setup, default gates, seeded from
 * the gate's --seed; failures are collected (one line each), never thrown.
 */
export function runSoundnessStage(seed: number, log: (s: string) => void): SoundnessStageResult {
  const t0 = Date.now();
  const kzg = createKzg();
  const failures: { name: string; message: string }[] = [];
  SOUNDNESS_CHECKS.forEach((c, i) => {
    const t = Date.now();
    try {
      c.run({ kzg }, { seed: (seed + i * 7919) | 0 });
      log(`[gate] kzg soundness ✓ ${c.attacks}: ${c.name} (${Date.now() - t} ms)\n`);
    } catch (e) {
      const err = e as Error & { cause?: unknown };
      const texts = [err.cause instanceof Error ? err.cause.message : '', err.message ?? String(e)];
      const line = texts.flatMap((t) => t.split('\n')).find((l) => l.includes('[soundness]'));
      const seedLine = (err.message ?? '').split('\n').find((l) => l.includes('seed'));
      const message = `${line ?? String(e).split('\n')[0]}${seedLine ? ` (${seedLine.trim()})` : ''}`;
      failures.push({ name: `${c.attacks}: ${c.name}`, message });
      log(`[gate] kzg soundness ✗ ${c.attacks}: ${message}\n`);
    }
  });
  return { ok: failures.length === 0, ms: Date.now() - t0, passed: SOUNDNESS_CHECKS.length - failures.length, failures };
}
