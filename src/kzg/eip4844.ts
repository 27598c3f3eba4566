/**
 * EIP-4844 (blobs): the Fiat–Shamir challenge of a blob, KZG proofs at a point, their
 * verification by one pairing check, and the blob batch verifier with its random linear
 * combination. Every MSM goes through the instance's MsmContext.
 */
import { badArgs } from './errors.js';
import { add, batchInv, challengePowers, concatBytes, frToBytes, mul, sub, u64be } from './field.js';
import { bytesToG1, G2P, pairingCheck, type G1 } from './g1.js';
import { FIELD_ELEMENTS_PER_BLOB, ROOT_INDEX_4096, ROOTS_BRP_4096, asList, blobToPoly, evaluateInEvalForm, hashToField, type KzgContext } from './common.js';

const enc = new TextEncoder();
const FIAT_SHAMIR_PROTOCOL_DOMAIN = enc.encode('FSBLOBVERIFY_V1_');
const RANDOM_CHALLENGE_KZG_BATCH_DOMAIN = enc.encode('RCKZGBATCH___V1_');

/** [p(τ)]₁ for a blob polynomial in evaluation form: the MSM over the Lagrange setup points. */
export const commitPoly = (k: KzgContext, poly: readonly bigint[]): G1 => k.msm.fixed(k.setup.g1LagrangeBrp, poly);

/** z = H(domain, degree, blob, commitment), the point a blob proof opens at. */
export const blobChallenge = (blob: Uint8Array, commitmentBytes: Uint8Array): bigint =>
  hashToField(concatBytes([FIAT_SHAMIR_PROTOCOL_DOMAIN, new Uint8Array(8), u64be(FIELD_ELEMENTS_PER_BLOB), blob, commitmentBytes]));

/** [proof, y] for the blob polynomial at z: the quotient (p − y)/(X − z) in evaluation form, committed. */
export function proofAt(k: KzgContext, poly: readonly bigint[], z: bigint): [G1, bigint] {
  const y = evaluateInEvalForm(poly, z);
  const n = FIELD_ELEMENTS_PER_BLOB;
  const q = new Array<bigint>(n);
  const m = ROOT_INDEX_4096.get(z);
  const denoms: bigint[] = [];
  for (let i = 0; i < n; i++) if (i !== m) denoms.push(sub(ROOTS_BRP_4096[i], z));
  const invs = batchInv(denoms);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (i === m) continue;
    q[i] = mul(sub(poly[i], y), invs[j++]);
  }
  if (m !== undefined) {
    // q(z) for z = ω_m in the domain: Σ_{i≠m} (f_i − y)·ω_i / (z·(z − ω_i))
    const d2: bigint[] = [];
    for (let i = 0; i < n; i++) if (i !== m) d2.push(mul(z, sub(z, ROOTS_BRP_4096[i])));
    const inv2 = batchInv(d2);
    let acc = 0n;
    j = 0;
    for (let i = 0; i < n; i++) {
      if (i === m) continue;
      acc = add(acc, mul(mul(sub(poly[i], y), ROOTS_BRP_4096[i]), inv2[j++]));
    }
    q[m] = acc;
  }
  return [commitPoly(k, q), y];
}

/** e(C − [y]₁, [1]₂) = e(π, [τ − z]₂) */
export function verifyAt(k: KzgContext, c: G1, z: bigint, y: bigint, proof: G1): boolean {
  const cMinusY = c.subtract(k.g1One.multiplyUnsafe(y === 0n ? 0n : y));
  const tauMinusZ = k.g2Tau.subtract(z === 0n ? G2P.ZERO : k.g2One.multiplyUnsafe(z));
  return pairingCheck([
    { g1: cMinusY, g2: k.negG2One },
    { g1: proof, g2: tauMinusZ },
  ]);
}

/**
 * The decoded inputs of a blob batch and its Fiat–Shamir values: zᵢ = challenge(blobᵢ, Cᵢ),
 * yᵢ = pᵢ(zᵢ) and, for n ≥ 2, r = H(domain, n, (Cᵢ, zᵢ, yᵢ, πᵢ)ᵢ). One code path for the
 * verifier and computeVerifyBlobKzgProofBatchChallenge, so the soundness properties attack
 * the challenge the verifier really uses.
 */
export function blobBatch(blobs: unknown, commitments: unknown, proofs: unknown) {
  const bl = asList<Uint8Array>(blobs, 'blobs');
  const cl = asList<Uint8Array>(commitments, 'commitments');
  const pl = asList<Uint8Array>(proofs, 'proofs');
  if (bl.length !== cl.length || bl.length !== pl.length)
    throw badArgs(`blobs, commitments and proofs must have the same length: got ${bl.length}, ${cl.length}, ${pl.length}`);
  const polys = bl.map((b, i) => blobToPoly(b, `blobs[${i}]`));
  const cs = cl.map((b, i) => bytesToG1(b, `commitments[${i}]`));
  const ps = pl.map((b, i) => bytesToG1(b, `proofs[${i}]`));
  const n = bl.length;
  const zs = bl.map((b, i) => blobChallenge(b, cl[i]));
  const ys = polys.map((p, i) => evaluateInEvalForm(p, zs[i]));
  let r: bigint | undefined;
  if (n >= 2) {
    const data: Uint8Array[] = [RANDOM_CHALLENGE_KZG_BATCH_DOMAIN, u64be(FIELD_ELEMENTS_PER_BLOB), u64be(n)];
    for (let i = 0; i < n; i++) data.push(cl[i], frToBytes(zs[i]), frToBytes(ys[i]), pl[i]);
    r = hashToField(concatBytes(data));
  }
  return { n, cs, ps, zs, ys, r };
}

/** e(Σ rⁱπᵢ, −[τ]₂) · e(Σ rⁱCᵢ + Σ rⁱzᵢπᵢ − [Σ rⁱyᵢ]₁, [1]₂) = 1 (one item: the single verifier). */
export function verifyBlobBatch(k: KzgContext, blobs: unknown, commitments: unknown, proofs: unknown): boolean {
  const { n, cs, ps, zs, ys, r } = blobBatch(blobs, commitments, proofs);
  if (n === 0) return true;
  if (n === 1) return verifyAt(k, cs[0], zs[0], ys[0], ps[0]);
  const rp = challengePowers(r!, n);
  const proofLin = k.msm.any(ps, rp);
  const right = k.msm.any([...cs, ...ps], [...rp, ...rp.map((x, i) => mul(x, zs[i]))]);
  let ySum = 0n;
  for (let i = 0; i < n; i++) ySum = add(ySum, mul(rp[i], ys[i]));
  const rhs = ySum === 0n ? right : right.subtract(k.g1One.multiplyUnsafe(ySum));
  return pairingCheck([
    { g1: proofLin, g2: k.negG2Tau },
    { g1: rhs, g2: k.g2One },
  ]);
}
