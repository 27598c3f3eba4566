/**
 * Step 01 — smallFastPath: below a threshold n, no buckets — interleaved wNAF Straus.
 *
 * What it does (slot `direct`): when the job has at most SMALL_N_THRESHOLD points (counted after
 * the transforms, so after skipZero / GLV), it computes Σ sᵢ·Pᵢ by Straus' interleaving: each
 * scalar is recoded in width-w NAF (odd digits in ±[1, 2^(w−1) − 1], at most one non-zero digit
 * in any w consecutive ones), each point gets a table of its odd multiples P, 3P, …,
 * (2^(w−1) − 1)P, and one accumulator walks the bit positions from the top: one shared doubling
 * per bit, plus one table addition (or subtraction) per non-zero digit. Cost ≈ bits doublings
 * + Σᵢ (2^(w−2) table additions + bits/(w+1) digit additions), against Pippenger's per-window
 * 2·(2^c − 1) reduction additions, which dominate when n is small. w is picked per call by the
 * same count (w in [2, 8]). All arithmetic is the complete projective kernel over `job.F`.
 * Terms with a zero scalar or an identity point are skipped (they contribute O); an explicit
 * `options.window` declines this path (the caller asked for the bucket method with that window).
 *
 * Invariant: with dᵢ,ⱼ the NAF digits of sᵢ (Σⱼ dᵢ,ⱼ·2^j = sᵢ exactly), acc after bit position
 * t equals Σᵢ (Σ_{j ≥ t} dᵢ,ⱼ·2^(j−t))·Pᵢ, so at t = 0 it is the MSM. Complete formulas make P = ±Q, identity and duplicate points need no special case.
 * Works for any job.bits (a scalar < 2^bits has a NAF of at most bits + 1 digits).
 *
 * Measured effect and threshold (2-core shared VM, BLS12-381 G1, random 255-bit scalars, same
 * run; "Pippenger" = the same gate set without smallFastPath, "Straus" = this path on the same
 * transformed job; ms = best of 5–15 interleaved runs; M = mulTotal of the counting field, inv
 * = inversions; n' = points after the transforms, which is what the threshold reads):
 *
 *   vs {windowCostModel, skipZero} (projective buckets):
 *   | n   | n'  | Pippenger ms (c) | Straus ms | ratio | Pippenger M | Straus M | M ratio |
 *   | 1   | 1   | 7.89 (2)         | 2.03      | 0.26  | 5116        | 2880     | 0.56    |
 *   | 2   | 2   | 5.17 (1)         | 2.63      | 0.51  | 6598        | 3653     | 0.55    |
 *   | 4   | 4   | 15.68 (1)        | 9.13      | 0.58  | 9426        | 5099     | 0.54    |
 *   | 8   | 8   | 34.76 (2)        | 17.54     | 0.50  | 16048       | 7907     | 0.49    |
 *   | 16  | 16  | 93.44 (3)        | 58.24     | 0.62  | 25410       | 13546    | 0.53    |
 *   | 32  | 32  | 84.00 (4)        | 58.45     | 0.70  | 41160       | 24997    | 0.61    |
 *   | 64  | 64  | 128.02 (5)       | 114.64    | 0.90  | 67546       | 47671    | 0.71    |
 *   | 128 | 128 | 249.17 (5)       | 190.17    | 0.76  | 111898      | 92865    | 0.83    |
 *   | 256 | 256 | 356.72 (6)       | 386.83    | 1.08  | 189980      | 183533   | 0.97    |
 *
 *   vs the default gate set without it (windowCostModel, skipZero, signedDigits, xyzzBuckets,
 *   batchAffine, batchAffineReduction, glv; GLV doubles n' and halves bits):
 *   | n   | n'  | Pippenger ms (c) | Straus ms | ratio | Pippenger M (inv) | Straus M | M ratio |
 *   | 1   | 2   | 2.81 (3)         | 1.27      | 0.45  | 2992 (11)         | 1928     | 0.64    |
 *   | 2   | 4   | 9.31 (4)         | 1.94      | 0.21  | 4336 (68)         | 2703     | 0.62    |
 *   | 4   | 8   | 37.53 (4)        | 8.08      | 0.22  | 5750 (107)        | 4360     | 0.76    |
 *   | 8   | 16  | 25.54 (4)        | 9.33      | 0.37  | 7728 (137)        | 7684     | 0.99    |
 *   | 16  | 32  | 37.05 (5)        | 21.71     | 0.59  | 12114 (119)       | 14201    | 1.17    |
 *   | 32  | 64  | 52.63 (5)        | 40.13     | 0.76  | 17381 (140)       | 27273    | 1.57    |
 *   | 64  | 128 | 119.08 (5)       | 155.76    | 1.31  | 27360 (160)       | 53557    | 1.96    |
 *   | 128 | 256 | 128.21 (6)       | 261.43    | 2.04  | 44297 (156)       | 105873   | 2.39    |
 *   | 256 | 512 | 181.77 (8)       | 472.10    | 2.60  | 72554 (160)       | 210519   | 2.90    |
 *
 * Threshold: n' ≤ 64. Against the default gates Straus wins up to n' = 64 (n = 32 input points)
 * and loses from n' = 128 on; the batched-affine buckets need fewer multiplications from n' ≈ 16
 * on, but their inversions (≈ 24M each, not in M) and per-batch overhead make them slower in
 * time until n' ≈ 64. Against projective buckets Straus still wins at n' = 128 (0.76–0.96 over
 * several runs) and loses at 256, so 64 is slightly conservative there. Timings on this shared
 * machine jitter by ±30 % between runs; the M columns do not. Above the threshold the path
 * returns undefined, so at n = 256 and 4096 the gate changes nothing (M identical).
 *
 * Default: on (time ratio 0.2–0.9 for every n' ≤ 64 in both tables).
 *
 * Alternatives considered: unsigned fixed-window Straus (more table entries for the same
 * number of additions); a per-point double-and-add (no shared doublings: n·bits doublings);
 * mixed (affine table) additions — they need a batch inversion of the tables and save ~1M of
 * 14M per addition with the RCB formulas; not worth it at these n.
 */
import { projAdd, projDouble, projIdentity, projNeg, type Proj } from '../kernels/projective.js';
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

/** Estimated additions per point for width w and `bits`-bit scalars (table + digits). */
function addsPerPoint(w: number, bits: number): number {
  const table = (1 << (w - 2)) - 1 + (w > 2 ? 1 : 0); // odd multiples (+ the doubling 2P)
  return table + bits / (w + 1);
}

/** The NAF width with the fewest estimated additions per point. */
export function strausWidth(bits: number): number {
  let best = 2;
  for (let w = 3; w <= 8; w++) if (addsPerPoint(w, bits) < addsPerPoint(best, bits)) best = w;
  return best;
}

/**
 * Σ sᵢ·Pᵢ by interleaved wNAF (Straus). Any n, any bits; complete projective arithmetic.
 * `width` (2..8) overrides the chosen NAF width (properties use it to drive every table size
 * on the toy curve, whose 11-bit scalars would otherwise always pick w = 2).
 */
export function strausMsm<F>(job: Job<F>, width?: number): Proj<F> {
  const { F, b3, points, scalars } = job;
  const n = points.length;
  const w = width ?? strausWidth(job.bits);
  if (!Number.isInteger(w) || w < 2 || w > 8) throw new RangeError(`strausMsm: width must be an integer in [2, 8], got ${w}`);
  const maxLen = job.bits + 1;
  const tables: Proj<F>[][] = [];
  const digits: Int8Array[] = [];
  const lens: number[] = [];
  let top = 0;
  for (let i = 0; i < n; i++) {
    const s = scalars[i];
    const P = points[i];
    if (s === 0n || F.isZero(P.Z)) continue;
    const d = new Int8Array(maxLen + 1);
    const len = wnafDigits(s, w, d);
    const size = 1 << (w - 2);
    const t: Proj<F>[] = [P];
    if (size > 1) {
      const P2 = projDouble(F, b3, P);
      for (let k = 1; k < size; k++) t.push(projAdd(F, b3, t[k - 1], P2));
    }
    tables.push(t);
    digits.push(d);
    lens.push(len);
    if (len > top) top = len;
  }
  let acc = projIdentity(F);
  let started = false;
  for (let bit = top - 1; bit >= 0; bit--) {
    if (started) acc = projDouble(F, b3, acc);
    for (let k = 0; k < tables.length; k++) {
      const d = digits[k][bit];
      if (d === 0) continue;
      const q = d > 0 ? tables[k][(d - 1) >> 1] : projNeg(F, tables[k][(-d - 1) >> 1]);
      acc = started ? projAdd(F, b3, acc, q) : q;
      started = true;
    }
  }
  return acc;
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
