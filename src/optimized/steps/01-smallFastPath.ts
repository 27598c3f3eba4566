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
 * Invariant: acc after processing bit position t equals Σᵢ ⌊sᵢ / 2^t⌉_NAF·Pᵢ, i.e. the partial
 * sum of the NAF digits above t; NAF digits of sᵢ sum (weighted) to sᵢ exactly, so at t = 0 acc
 * is the MSM. Complete formulas make P = ±Q, identity and duplicate points need no special case.
 * Works for any job.bits (a scalar < 2^bits has a NAF of at most bits + 1 digits).
 *
 * Measured effect and threshold (2-core shared VM, same run, G1 random scalars, gates
 * {smallFastPath} vs none, i.e. vs. the baseline heuristic window; ms median of repeated calls,
 * mulTotal from the counting field): see THRESHOLD TABLE below.
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
