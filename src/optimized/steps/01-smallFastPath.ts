/**
 * Step 01 — smallFastPath: below a threshold n, no buckets — interleaved wNAF Straus.
 *
 * What it does (slot `direct`): when the job has at most SMALL_N_THRESHOLD points (counted after
 * the transforms, so after skipZero / GLV), it computes Σ sᵢ·Pᵢ by Straus' interleaving: each
 * scalar is recoded in width-w NAF (odd digits in ±[1, 2^(w−1) − 1], at most one non-zero digit
 * in any w consecutive ones), each point gets a table of its odd multiples P, 3P, …,
 * (2^(w−1) − 1)P (complete projective formulas, then all tables to affine with one batch
 * inversion), and one XYZZ accumulator walks the bit positions from the top: one shared doubling
 * per bit, plus one mixed addition (or subtraction) per non-zero digit. Cost ≈ 9·bits for the
 * doublings + Σᵢ (table + 10·bits/(w + 1)), against Pippenger's per-window reduction of
 * 2·(2^c − 1) additions, which dominates when n is small. w in [2, 8] minimises the per-point
 * estimate (w = 5 for 255-bit scalars, 4 for GLV halves, 2 on the toy curve). All arithmetic
 * goes through `job.F`. Terms with a zero scalar or an identity point are skipped (they
 * contribute O); an explicit `options.window` declines this path (the caller asked for the
 * bucket method with that window).
 *
 * Invariant: with dᵢ,ⱼ the NAF digits of sᵢ (Σⱼ dᵢ,ⱼ·2^j = sᵢ exactly), acc after bit position
 * t equals Σᵢ (Σ_{j ≥ t} dᵢ,ⱼ·2^(j−t))·Pᵢ, so at t = 0 it is the MSM. Table entry k of point i
 * is (2k + 1)·Pᵢ (complete formulas, so duplicate points and small orders need no care); the
 * accumulator's mixed addition handles acc = O, acc = T (doubling) and acc = −T (identity)
 * explicitly, which the toy curve, where collisions are common, exercises. Works for any
 * job.bits (a scalar < 2^bits has a NAF of at most bits + 1 digits).
 *
 * Measured effect and threshold (2-core shared VM, BLS12-381 G1, random 255-bit scalars, same
 * run; "Pippenger" = the same gate set without smallFastPath, "Straus" = this path on the same
 * transformed job; ms = best of 5–15 interleaved runs; M = mulTotal of the counting field (the
 * Straus path adds one inversion), inv = inversions; n' = points after the transforms, which
 * is what the threshold reads):
 *
 *   vs {windowCostModel, skipZero} (projective buckets):
 *   | n   | n'  | Pippenger ms (c) | Straus ms | ratio | Pippenger M | Straus M | M ratio |
 *   | 1   | 1   | 3.01 (2)         | 1.81      | 0.60  | 5116        | 2766     | 0.54    |
 *   | 2   | 2   | 4.06 (1)         | 2.27      | 0.56  | 6598        | 3399     | 0.52    |
 *   | 4   | 4   | 6.55 (1)         | 3.02      | 0.46  | 9426        | 4573     | 0.49    |
 *   | 8   | 8   | 11.30 (2)        | 4.80      | 0.42  | 16048       | 6861     | 0.43    |
 *   | 16  | 16  | 16.40 (3)        | 7.31      | 0.45  | 25410       | 11456    | 0.45    |
 *   | 32  | 32  | 29.69 (4)        | 14.26     | 0.48  | 41160       | 20767    | 0.50    |
 *   | 64  | 64  | 43.30 (5)        | 27.66     | 0.64  | 67546       | 39221    | 0.58    |
 *   | 128 | 128 | 72.05 (5)        | 52.36     | 0.73  | 111898      | 76019    | 0.68    |
 *   | 256 | 256 | 154.35 (6)       | 147.74    | 0.96  | 189980      | 149815   | 0.79    |
 *
 *   vs the default gate set without it (windowCostModel, skipZero, signedDigits, xyzzBuckets,
 *   batchAffine, batchAffineReduction, glv; GLV doubles n' and halves bits):
 *   | n   | n'  | Pippenger ms (c) | Straus ms | ratio | Pippenger M (inv) | Straus M | M ratio |
 *   | 1   | 2   | 5.10 (3)         | 2.21      | 0.43  | 2992 (11)         | 1771     | 0.59    |
 *   | 2   | 4   | 12.28 (4)        | 2.89      | 0.24  | 4333 (68)         | 2402     | 0.55    |
 *   | 4   | 8   | 18.10 (4)        | 4.13      | 0.23  | 5741 (107)        | 3711     | 0.65    |
 *   | 8   | 16  | 23.20 (4)        | 7.07      | 0.30  | 7707 (137)        | 6361     | 0.83    |
 *   | 16  | 32  | 14.90 (5)        | 7.44      | 0.50  | 12069 (119)       | 11505    | 0.95    |
 *   | 32  | 64  | 19.45 (5)        | 14.22     | 0.73  | 17288 (140)       | 21923    | 1.27    |
 *   | 64  | 128 | 27.34 (5)        | 28.09     | 1.03  | 27171 (160)       | 42700    | 1.57    |
 *   | 128 | 256 | 39.43 (6)        | 57.29     | 1.45  | 43916 (156)       | 84374    | 1.92    |
 *   | 256 | 512 | 58.09 (8)        | 117.67    | 2.03  | 71789 (160)       | 167457   | 2.33    |
 *
 *   vs XYZZ buckets without batched affine ({windowCostModel, skipZero, signedDigits,
 *   xyzzBuckets}, with and without glv), time ratio (M ratio):
 *     n' = 32: 0.78 (0.69) | 0.80 (0.77);  n' = 64: 0.99 (0.81) | 1.04 (0.91);
 *     n' = 128: 0.98 (0.94) | 1.15 (1.05);  n' = 256: 1.28 (1.11) | 1.52 (1.23).
 *
 * Threshold: n' ≤ 64. Against the default gates Straus wins up to n' = 64 (n = 32 input points)
 * and breaks even at n' = 128; the batched-affine buckets need fewer multiplications from
 * n' ≈ 32 on, but their inversions (≈ 24M each, not in M) and per-batch overhead keep them
 * slower in time until n' ≈ 128. Against XYZZ buckets the crossover is n' ≈ 64 as well. Only
 * with projective buckets would a higher threshold pay (0.73 at n' = 128, 0.96 at 256); one
 * threshold for all gate sets keeps the rule simple and never loses more than break-even.
 * Above the threshold the path returns undefined, so at n = 256 and 4096 the gate changes
 * nothing (M identical; ABBA time ratios 1.13, 1.00 at 256 and 0.94, 0.98 at 4096: noise,
 * whose identical-work pairs range 0.6–1.2).
 *
 * Default: on (time ratio 0.23–0.73 for every n' ≤ 64 in the tables above).
 *
 * Alternatives considered: the same Straus with a projective accumulator and projective tables
 * (complete formulas, no inversion): 1.04–1.26× the M of this variant (n = 1…128) and
 * 1.03–1.22× its time (n = 4…64, with and without GLV), so the affine tables and the XYZZ
 * accumulator were kept; unsigned fixed-window Straus (more table entries for the same number
 * of additions); a per-point double-and-add (no shared doublings: n·bits doublings).
 */
import { projAdd, projDouble, type Proj } from '../kernels/projective.js';
import { toAffineAll } from '../kernels/affine.js';
import { xyzzAddAffine, xyzzDouble, xyzzIdentity, xyzzToProjective } from '../kernels/xyzz.js';
import type { Job, Step } from '../step.js';

/** Largest n (after transforms) answered by the direct path. See the table in the header. */
export const SMALL_N_THRESHOLD = 64;

/**
 * Width-w NAF of s (s ≥ 0), least significant digit first, into out[0 .. len). Returns the
 * number of digits written (index of the top non-zero digit + 1).
 */
export function wnafDigits(s: bigint, w: number, out: Int8Array): number {
  const full = 1 << w;
  const half = full >> 1;
  const mask = BigInt(full - 1);
  let len = 0;
  let i = 0;
  while (s > 0n) {
    if (s & 1n) {
      let d = Number(s & mask);
      if (d >= half) d -= full;
      out[i] = d;
      s -= BigInt(d);
      len = i + 1;
    } else out[i] = 0;
    s >>= 1n;
    i++;
  }
  return len;
}

/**
 * Estimated multiplications per point for width w and `bits`-bit scalars: the projective table
 * (2P: 9, then 14 per odd multiple), its share of the affine conversion (≈ 5 per entry) and
 * bits/(w + 1) mixed XYZZ additions (10 each).
 */
function costPerPoint(w: number, bits: number): number {
  const size = 1 << (w - 2);
  const table = w > 2 ? 9 + 14 * (size - 1) : 0;
  return table + 5 * size + (10 * bits) / (w + 1);
}

/** The NAF width with the fewest estimated multiplications per point. */
export function strausWidth(bits: number): number {
  let best = 2;
  for (let w = 3; w <= 8; w++) if (costPerPoint(w, bits) < costPerPoint(best, bits)) best = w;
  return best;
}

/** Per-point wNAF digits and projective odd-multiple tables of the non-trivial terms. */
function strausTables<F>(job: Job<F>, w: number): { tables: Proj<F>[][]; digits: Int8Array[]; top: number } {
  const { F, b3, points, scalars } = job;
  const n = points.length;
  const maxLen = job.bits + 1;
  const size = 1 << (w - 2);
  const tables: Proj<F>[][] = [];
  const digits: Int8Array[] = [];
  let top = 0;
  for (let i = 0; i < n; i++) {
    const s = scalars[i];
    const P = points[i];
    if (s === 0n || F.isZero(P.Z)) continue;
    const d = new Int8Array(maxLen + 1);
    const len = wnafDigits(s, w, d);
    const t: Proj<F>[] = [P];
    if (size > 1) {
      const P2 = projDouble(F, b3, P);
      for (let k = 1; k < size; k++) t.push(projAdd(F, b3, t[k - 1], P2));
    }
    tables.push(t);
    digits.push(d);
    if (len > top) top = len;
  }
  return { tables, digits, top };
}

function checkWidth(w: number): void {
  if (!Number.isInteger(w) || w < 2 || w > 8) throw new RangeError(`strausMsm: width must be an integer in [2, 8], got ${w}`);
}

/**
 * Σ sᵢ·Pᵢ by interleaved wNAF (Straus), the variant this step runs: projective tables (complete
 * formulas) converted to affine with one batch inversion, then an XYZZ accumulator with mixed
 * additions (8M + 2S instead of 12M + 2·(×3b)); the mixed addition's P = Q / P = −Q / identity
 * branches are explicit in kernels/xyzz.ts, and a table entry that is the identity (possible
 * only for a point of small order outside the prime-order subgroup) comes back null and is
 * skipped. Any n, any bits. `width` (2..8) overrides the chosen NAF width (properties use it
 * to drive every table size on the toy curve, whose 11-bit scalars would otherwise always pick
 * w = 2).
 */
export function strausMsm<F>(job: Job<F>, width?: number): Proj<F> {
  const { F } = job;
  const w = width ?? strausWidth(job.bits);
  checkWidth(w);
  const { tables, digits, top } = strausTables(job, w);
  const size = 1 << (w - 2);
  const flat: Proj<F>[] = [];
  for (const t of tables) for (const e of t) flat.push(e);
  const aff = toAffineAll(F, flat);
  let acc = xyzzIdentity(F);
  for (let bit = top - 1; bit >= 0; bit--) {
    acc = xyzzDouble(F, acc); // the identity doubles for free
    for (let k = 0; k < tables.length; k++) {
      const d = digits[k][bit];
      if (d === 0) continue;
      const e = aff[k * size + ((d > 0 ? d : -d) >> 1)];
      if (e === null) continue;
      acc = xyzzAddAffine(F, acc, e.x, d > 0 ? e.y : F.neg(e.y));
    }
  }
  return xyzzToProjective(F, acc);
}

export const smallFastPath: Step = {
  id: 'smallFastPath',
  step: 1,
  title: 'Small n: interleaved wNAF Straus instead of buckets',
  default: true,
  direct(job) {
    if (job.explicitWindow !== undefined) return undefined;
    if (job.points.length > SMALL_N_THRESHOLD) return undefined;
    return strausMsm(job);
  },
};
