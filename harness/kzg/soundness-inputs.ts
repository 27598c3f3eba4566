/**
 * What the KZG soundness checks (harness/kzg/soundness.ts) are built from: the harness's own Fr
 * arithmetic (independent of the code under test), sparse polynomials whose commitments and
 * proofs are a few multiples of the setup's [τ^j]₁, honest blobs, cells and batches, their
 * one-input mutations, the arbitraries, and the pairing equations a forgery must balance.
 */
import fc from 'fast-check';
import type { Kzg } from '../../src/kzg/index.js';
import { bitReversalPermutation, frToBytes, R, rootsOfUnity } from '../../src/kzg/field.js';
import { g1ToBytes, G1P, pairingCheck, type G1, type G2 } from '../../src/kzg/g1.js';
import { runs as runsOf } from '../config.js';
import { hexOf } from '../format.js';

// ---------- independent Fr arithmetic (the harness's own, not the code under test) ----------

export const md = (a: bigint): bigint => ((a % R) + R) % R;
export const mulm = (a: bigint, b: bigint): bigint => (a * b) % R;
export function powm(b: bigint, e: bigint): bigint {
  let x = 1n;
  b = md(b);
  for (; e > 0n; e >>= 1n, b = (b * b) % R) if (e & 1n) x = (x * b) % R;
  return x;
}
export const invm = (a: bigint): bigint => {
  if (md(a) === 0n) throw new Error('soundness: inverse of zero');
  return powm(a, R - 2n);
};
export const frOf = (b: Uint8Array): bigint => BigInt(`0x${hexOf(b)}`);
export const hex = hexOf;

export function fail(check: string, msg: string): never {
  throw new Error(`[soundness] ${check}: ${msg}`);
}

/** Σ sᵢ·Pᵢ with public scalars (0 allowed). */
function lin(points: readonly G1[], scalars: readonly bigint[]): G1 {
  let acc = G1P.ZERO;
  for (let i = 0; i < points.length; i++) {
    const s = md(scalars[i]);
    if (s !== 0n) acc = acc.add(points[i].multiplyUnsafe(s));
  }
  return acc;
}
export const mulG = (p: G1, s: bigint): G1 => (md(s) === 0n ? G1P.ZERO : p.multiplyUnsafe(md(s)));

// ---------- domains ----------

export const N_BLOB = 4096;
export const CELL = 64;
let domains: { blob: bigint[]; ext: bigint[] } | undefined;
export function dom() {
  domains ??= { blob: bitReversalPermutation(rootsOfUnity(N_BLOB)), ext: bitReversalPermutation(rootsOfUnity(2 * N_BLOB)) };
  return domains;
}

/** A sparse polynomial: [exponent, coefficient] terms, exponents < 4096. */
export type SparsePoly = readonly (readonly [number, bigint])[];

function evalPoly(p: SparsePoly, x: bigint): bigint {
  let acc = 0n;
  for (const [e, c] of p) acc = (acc + c * powm(x, BigInt(e))) % R;
  return acc;
}

/** [p(τ)]₁ from the setup's monomial points. */
function commitSparse(kzg: Kzg, p: SparsePoly): G1 {
  return lin(
    p.map(([e]) => kzg.setup.g1Monomial[e] as G1),
    p.map(([, c]) => c)
  );
}

// ---------- honest items ----------

export interface BlobItem {
  poly: SparsePoly;
  blob: Uint8Array;
  commitment: Uint8Array;
  proof: Uint8Array;
  /** z = computeChallenge(blob, commitment), y = p(z) (computed here from the polynomial). */
  z: bigint;
  y: bigint;
}

/** Blob of the dense low-degree polynomial Σ coeffs[j]·X^j, with its commitment and blob proof. */
export function blobItem(kzg: Kzg, coeffs: readonly bigint[]): BlobItem {
  const poly: SparsePoly = coeffs.map((c, j) => [j, md(c)] as const);
  const { blob: D } = dom();
  const blob = new Uint8Array(N_BLOB * 32);
  for (let i = 0; i < N_BLOB; i++) {
    let v = 0n;
    for (let j = coeffs.length - 1; j >= 0; j--) v = (v * D[i] + md(coeffs[j])) % R;
    blob.set(frToBytes(v), 32 * i);
  }
  const C = commitSparse(kzg, poly);
  const commitment = g1ToBytes(C);
  const z = frOf(kzg.computeChallenge(blob, commitment));
  // q = (p − p(z)) / (X − z) by synthetic division
  const d = coeffs.length - 1;
  const q = new Array<bigint>(Math.max(d, 0)).fill(0n);
  let carry = 0n;
  for (let j = d; j >= 1; j--) {
    carry = (md(coeffs[j]) + carry * z) % R;
    q[j - 1] = carry;
  }
  const proof = g1ToBytes(lin(kzg.setup.g1Monomial.slice(0, q.length) as G1[], q));
  return { poly, blob, commitment, proof, z, y: evalPoly(poly, z) };
}

export interface CellBlob {
  poly: SparsePoly;
  commitment: Uint8Array;
  C: G1;
}

/** p(X) = Σ_j (a_j + b_j·X)·X^{64j}, j = 0..terms−1 (a, b given), and its commitment. */
export function cellBlob(kzg: Kzg, a: readonly bigint[], b: readonly bigint[]): CellBlob {
  const poly: [number, bigint][] = [];
  for (let j = 0; j < a.length; j++) poly.push([CELL * j, md(a[j])], [CELL * j + 1, md(b[j])]);
  const C = commitSparse(kzg, poly);
  return { poly, C, commitment: g1ToBytes(C) };
}

/** Cell `k` of the extended blob of p (64 evaluations, cell order) and its proof. */
export function cellOf(kzg: Kzg, p: CellBlob, k: number): { cell: Uint8Array; proof: Uint8Array } {
  const { ext } = dom();
  const cell = new Uint8Array(CELL * 32);
  for (let j = 0; j < CELL; j++) cell.set(frToBytes(evalPoly(p.poly, ext[CELL * k + j])), 32 * j);
  const s = powm(ext[CELL * k], BigInt(CELL));
  // quotient: term c·X^{64j+e} contributes Σ_{t<j} c·s^{j−1−t}·X^{64t+e}
  const q = new Map<number, bigint>();
  for (const [exp, c] of p.poly) {
    const j = Math.floor(exp / CELL);
    const e = exp % CELL;
    for (let t = 0; t < j; t++) q.set(CELL * t + e, ((q.get(CELL * t + e) ?? 0n) + c * powm(s, BigInt(j - 1 - t))) % R);
  }
  const proof = g1ToBytes(commitSparse(kzg, [...q.entries()]));
  return { cell, proof };
}

export interface CellBatch {
  commitments: Uint8Array[];
  cellIndices: number[];
  cells: Uint8Array[];
  proofs: Uint8Array[];
}

// ---------- mutations (one input, to another valid value) ----------

/** Adds `delta` (≠ 0 mod r) to field element `at` of a blob or cell. */
export function bumpElement(bytes: Uint8Array, at: number, delta: bigint): Uint8Array {
  const out = bytes.slice();
  const v = frOf(bytes.subarray(32 * at, 32 * at + 32));
  out.set(frToBytes(md(v + delta)), 32 * at);
  return out;
}
/** Another valid G1 point: P + k·G (k ≠ 0 mod r). */
export function bumpPoint(bytes: Uint8Array, k: bigint): Uint8Array {
  const p = bytes[0] === 0xc0 ? G1P.ZERO : G1P.fromBytes(bytes);
  return g1ToBytes(p.add(mulG(G1P.BASE, k)));
}
export const replaceAt = <T>(xs: readonly T[], i: number, v: T): T[] => xs.map((x, j) => (j === i ? v : x));

// ---------- arbitraries ----------

export const frArb = fc.bigInt({ min: 0n, max: R - 1n });
export const nonZeroArb = fc.bigInt({ min: 1n, max: R - 1n });
/** A blob polynomial of degree 1..3 with a non-zero leading coefficient. */
export const blobCoeffsArb = fc.tuple(fc.array(frArb, { minLength: 1, maxLength: 3 }), nonZeroArb).map(([low, lead]) => [...low, lead]);

export interface SoundnessContext {
  kzg: Kzg;
}

export interface SoundnessRunOptions {
  numRuns?: number;
  seed?: number;
  /** Bound on one check's time, shrinking included; an interrupted check is a failure. */
  timeLimitMs?: number;
}

export interface SoundnessCheck {
  readonly name: string;
  /** Which function it attacks. */
  readonly attacks: string;
  run(ctx: SoundnessContext, opts?: SoundnessRunOptions): void;
}

/** `base` runs scaled by FC_RUNS (harness/config.ts), unless the caller gives numRuns. */
export function assertProp(prop: fc.IRawProperty<any, false>, opts: SoundnessRunOptions | undefined, base: number): void {
  fc.assert(prop, {
    numRuns: opts?.numRuns ?? runsOf(base),
    ...(opts?.seed !== undefined ? { seed: opts.seed } : {}),
    interruptAfterTimeLimit: opts?.timeLimitMs ?? 120_000,
    markInterruptAsFailure: true,
  });
}

// ---------- the pairing equations the verifiers combine (to check a forgery balances) ----------

/** e(Σ cᵢ·πᵢ, a)·e(Σ cᵢ·Qᵢ, b) = 1 ? — a batch verifier's combined equation: each item's proof πᵢ and the rest of its term Qᵢ. */
function combinedHolds(items: readonly { P: G1; Q: G1 }[], coeffs: readonly bigint[], a: G2, b: G2): boolean {
  const sum = (pick: (t: { P: G1; Q: G1 }) => G1) => lin(items.map(pick), coeffs);
  return pairingCheck([
    { g1: sum((t) => t.P), g2: a },
    { g1: sum((t) => t.Q), g2: b },
  ]);
}

/** Σ cᵢ·(Cᵢ − yᵢ·G − (τ − zᵢ)·πᵢ) = 0 ? — the blob batch equation for given coefficients. */
export function blobEquationHolds(kzg: Kzg, items: readonly { C: G1; z: bigint; y: bigint; P: G1 }[], coeffs: readonly bigint[]): boolean {
  const g2 = kzg.setup.g2Monomial as readonly G2[];
  const terms = items.map((it) => ({ P: it.P, Q: it.C.add(mulG(it.P, it.z)).subtract(mulG(G1P.BASE, it.y)) }));
  return combinedHolds(terms, coeffs, g2[1].negate(), g2[0]);
}

/** Σ c_k·((τ⁶⁴ − s_k)·π_k − C_k + I_k(τ)) = 0 ? — the cell batch equation, I_k given as [I_k(τ)]₁. */
export function cellEquationHolds(kzg: Kzg, items: readonly { C: G1; s: bigint; I: G1; P: G1 }[], coeffs: readonly bigint[]): boolean {
  const g2 = kzg.setup.g2Monomial as readonly G2[];
  const terms = items.map((it) => ({ P: it.P, Q: it.C.subtract(it.I).add(mulG(it.P, it.s)) }));
  return combinedHolds(terms, coeffs, g2[CELL], g2[0].negate());
}

/** [I(τ)]₁ for the interpolant of a cell's 64 evaluations over its coset (via its own inverse DFT). */
export function interpolantCommitment(kzg: Kzg, cell: Uint8Array, k: number): G1 {
  // Coset points x_j = ext[64k + j]; I(X) = Σ_t c_t X^t with c = V⁻¹·v. V is a scaled DFT matrix:
  // x_j = h·w^{e_j} for h = x_0 and w a primitive 64th root, so c_t = h^{-t}·(1/64)·Σ_j v_j·w^{−t·e_j}.
  const { ext } = dom();
  const h = ext[CELL * k];
  const hInv = invm(h);
  const vals = Array.from({ length: CELL }, (_, j) => frOf(cell.subarray(32 * j, 32 * j + 32)));
  // exponent e_j of x_j/h in powers of w
  const wPow = rootsOfUnity(CELL);
  const expOf = new Map<bigint, number>(wPow.map((x, e) => [x, e]));
  const es = vals.map((_, j) => {
    const e = expOf.get(mulm(ext[CELL * k + j], hInv));
    if (e === undefined) throw new Error('soundness: cell point outside its coset');
    return e;
  });
  const n64 = invm(BigInt(CELL));
  const coeffs: bigint[] = [];
  for (let t = 0; t < CELL; t++) {
    let acc = 0n;
    for (let j = 0; j < CELL; j++) acc = (acc + vals[j] * wPow[(CELL - ((t * es[j]) % CELL)) % CELL]) % R;
    coeffs.push(mulm(mulm(acc, n64), powm(hInv, BigInt(t))));
  }
  return lin(kzg.setup.g1Monomial.slice(0, CELL) as G1[], coeffs);
}

// ---------- batches the checks attack ----------

/** Coefficient vectors an attacker may predict: the spec's powers of r, and all ones (powers stuck at r⁰). */
export function predictedCoefficients(r: bigint, n: number): { label: string; c: bigint[] }[] {
  const powers: bigint[] = [];
  for (let i = 0, x = 1n; i < n; i++, x = mulm(x, r)) powers.push(x);
  return [
    { label: 'powers of the challenge function r', c: powers },
    { label: 'all ones (r⁰ for every item)', c: new Array<bigint>(n).fill(1n) },
  ];
}

export const blobPairArb = fc.tuple(blobCoeffsArb, blobCoeffsArb, fc.boolean());

export function twoBlobs(kzg: Kzg, a: bigint[], b: bigint[], dup: boolean): BlobItem[] {
  const x = blobItem(kzg, a);
  return [x, dup ? x : blobItem(kzg, b)];
}

/** A two-item blob batch as the batch functions take it: blobs, commitments, proofs. */
interface BlobBatch {
  items: BlobItem[];
  bl: Uint8Array[];
  cl: Uint8Array[];
  pl: Uint8Array[];
}

export function blobBatch(kzg: Kzg, a: bigint[], b: bigint[], dup: boolean): BlobBatch {
  const items = twoBlobs(kzg, a, b, dup);
  return { items, bl: items.map((x) => x.blob), cl: items.map((x) => x.commitment), pl: items.map((x) => x.proof) };
}

/** What a binding check draws: a blob pair (blobPairArb), the item i, the blob element and the delta of the change (changedBlobBatch). */
export const blobChangeArbs = [blobPairArb, fc.nat({ max: 1 }), fc.nat({ max: N_BLOB - 1 }), nonZeroArb] as const;

/** The batch, and the batch with one input of item i changed: blob element `at` + d, commitment + d·G, proof + d·G. */
export function changedBlobBatch(kzg: Kzg, [a, b, dup]: [bigint[], bigint[], boolean], i: number, at: number, d: bigint) {
  const { bl, cl, pl } = blobBatch(kzg, a, b, dup);
  const changed: [string, Uint8Array[], Uint8Array[], Uint8Array[]][] = [
    [`blobs[${i}] element ${at} + ${d}`, replaceAt(bl, i, bumpElement(bl[i], at, d)), cl, pl],
    [`commitments[${i}] + ${d}·G`, bl, replaceAt(cl, i, bumpPoint(cl[i], d)), pl],
    [`proofs[${i}] + ${d}·G`, bl, cl, replaceAt(pl, i, bumpPoint(pl[i], d))],
  ];
  return { bl, cl, pl, dup, changed };
}

interface CellCase {
  A: CellBlob;
  B: CellBlob;
  batch: CellBatch;
  /** Which blob (0 = A, 1 = B) each item belongs to. */
  owner: number[];
}

export const cellCaseArb = fc.record({
  idx: fc.array(fc.nat({ max: 127 }), { minLength: 3, maxLength: 4 }),
  // the X⁶⁵ coefficients (ab[3], ab[7]) are non-zero: every cell's proof and coset matter
  ab: fc.tuple(frArb, frArb, frArb, nonZeroArb, frArb, frArb, frArb, nonZeroArb).map((t) => [...t]),
  owner: fc.array(fc.nat({ max: 1 }), { minLength: 4, maxLength: 4 }),
});

export function cellCase(kzg: Kzg, c: { idx: number[]; ab: bigint[]; owner: number[] }): CellCase {
  const A = cellBlob(kzg, c.ab.slice(0, 2), c.ab.slice(2, 4));
  const B = cellBlob(kzg, c.ab.slice(4, 6), c.ab.slice(6, 8));
  // items 0 and 1 always belong to different blobs, so the commitment forgery has two to shift
  const owner = c.idx.map((_, k) => (k === 0 ? 0 : k === 1 ? 1 : c.owner[k]));
  const made = c.idx.map((ci, k) => cellOf(kzg, owner[k] === 0 ? A : B, ci));
  return {
    A,
    B,
    owner,
    batch: {
      commitments: owner.map((o) => (o === 0 ? A : B).commitment),
      cellIndices: c.idx,
      cells: made.map((m) => m.cell),
      proofs: made.map((m) => m.proof),
    },
  };
}

/** r the cell verifier uses, via the spec's challenge function (commitments deduplicated by bytes). */
export function cellR(kzg: Kzg, b: CellBatch): bigint {
  const uniq: Uint8Array[] = [];
  const ci = b.commitments.map((c) => {
    let j = uniq.findIndex((u) => hex(u) === hex(c));
    if (j < 0) j = uniq.push(c) - 1;
    return j;
  });
  return frOf(kzg.computeVerifyCellKzgProofBatchChallenge(uniq, ci, b.cellIndices, b.cells, b.proofs));
}
