/**
 * GLV scalar decomposition, derived generically from the group order r and the eigenvalue λ
 * of the endomorphism (φ(P) = λ·P on the order-r group).
 *
 * The lattice L = {(a, b) ∈ Z² : a + b·λ ≡ 0 (mod r)} has determinant r. The extended Euclidean
 * algorithm on (r, λ) produces remainders r_i = s_i·r + t_i·λ, so every (r_i, −t_i) lies in L;
 * with l the last index where r_l ≥ √r, v1 = (r_{l+1}, −t_{l+1}) and the shorter of
 * (r_l, −t_l), (r_{l+2}, −t_{l+2}) form a short basis (the classical GLV construction).
 *
 * Splitting k: write (k, 0) = β1·v1 + β2·v2 over the rationals, round β1, β2 to the nearest
 * integers c1, c2 (Babai rounding, exact with BigInt), and take (k1, k2) = (k, 0) − c1·v1 − c2·v2.
 * Then k1 + λ·k2 ≡ k (mod r), and since |βi − ci| ≤ 1/2:
 *   |k1| ≤ (|a1| + |a2|) / 2,   |k2| ≤ (|b1| + |b2|) / 2,
 * which is the bound `maxHalf` below (a proof, not an estimate: it holds for every integer k,
 * not only for k < r). For BLS12-381 both bounds are below 2^128; for the toy curve
 * (r = 1867, λ = 1032) the basis is (9, −38), (47, 9) and the halves are at most 28 in size.
 */

export interface GlvBasis {
  readonly r: bigint;
  readonly lambda: bigint;
  /** v1 = (a1, b1), v2 = (a2, b2): a + b·λ ≡ 0 (mod r) for both. */
  readonly a1: bigint;
  readonly b1: bigint;
  readonly a2: bigint;
  readonly b2: bigint;
  /** a1·b2 − a2·b1 = ±r. */
  readonly det: bigint;
  /** Proven bound on |k1| and |k2| (largest of the two per-coordinate bounds). */
  readonly maxHalf: bigint;
  /** Bit length of maxHalf: every |half| < 2^halfBits. */
  readonly halfBits: number;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** ⌊x / d⌋ for d > 0. */
function floorDiv(x: bigint, d: bigint): bigint {
  const q = x / d;
  return x < 0n && q * d !== x ? q - 1n : q;
}

/** x / d rounded to the nearest integer (halves rounded up), for any d ≠ 0. */
export function roundDiv(x: bigint, d: bigint): bigint {
  if (d < 0n) {
    x = -x;
    d = -d;
  }
  return floorDiv(2n * x + d, 2n * d);
}

export function glvBasis(r: bigint, lambda: bigint): GlvBasis {
  if (r < 3n) throw new RangeError(`glvBasis: r must be ≥ 3, got ${r}`);
  const lam = ((lambda % r) + r) % r;
  if (lam < 2n) throw new RangeError(`glvBasis: λ must be a non-trivial eigenvalue mod r, got ${lambda}`);
  // remainders and t-coefficients of the extended Euclidean algorithm on (r, λ)
  const rs: bigint[] = [r, lam];
  const ts: bigint[] = [0n, 1n];
  while (rs[rs.length - 1] !== 0n) {
    const i = rs.length - 1;
    const q = rs[i - 1] / rs[i];
    rs.push(rs[i - 1] - q * rs[i]);
    ts.push(ts[i - 1] - q * ts[i]);
  }
  let l = 0;
  for (let i = 0; i < rs.length; i++) if (rs[i] * rs[i] >= r) l = i;
  const a1 = rs[l + 1];
  const b1 = -ts[l + 1];
  const norm = (a: bigint, b: bigint) => a * a + b * b;
  let a2 = rs[l];
  let b2 = -ts[l];
  if (l + 2 < rs.length && norm(rs[l + 2], ts[l + 2]) < norm(a2, b2)) {
    a2 = rs[l + 2];
    b2 = -ts[l + 2];
  }
  const det = a1 * b2 - a2 * b1;
  if (abs(det) !== r) throw new Error(`glvBasis: basis determinant ${det} is not ±r`);
  const bound1 = (abs(a1) + abs(a2)) / 2n;
  const bound2 = (abs(b1) + abs(b2)) / 2n;
  const maxHalf = bound1 > bound2 ? bound1 : bound2;
  return { r, lambda: lam, a1, b1, a2, b2, det, maxHalf, halfBits: maxHalf.toString(2).length };
}

const cache = new Map<string, GlvBasis>();

/** glvBasis, memoised per (r, λ). */
export function glvBasisCached(r: bigint, lambda: bigint): GlvBasis {
  const key = `${r}:${lambda}`;
  let b = cache.get(key);
  if (!b) {
    b = glvBasis(r, lambda);
    cache.set(key, b);
  }
  return b;
}

/** k = k1 + λ·k2 (mod r), |k1|, |k2| ≤ basis.maxHalf. Either half may be negative. */
export function glvSplit(k: bigint, B: GlvBasis): [bigint, bigint] {
  const c1 = roundDiv(k * B.b2, B.det);
  const c2 = roundDiv(-k * B.b1, B.det);
  return [k - c1 * B.a1 - c2 * B.a2, -c1 * B.b1 - c2 * B.b2];
}
