/**
 * Step 01 — smallFastPath: below a threshold n, no buckets — interleaved wNAF Straus.
 *
 * What (slot `direct`, its bit walk in slot `straus`): with at most SMALL_N_THRESHOLD points,
 * counted after the transforms (skipZero, GLV), each scalar is recoded in width-w NAF (w in
 * [2, 8] minimising `costPerPoint`: table + affine share + 10·bits/(w + 1); 5 for 255-bit
 * scalars, 4 for GLV halves, 2 on the toy curve), each point gets a table of its odd multiples P, 3P, …, (2^(w−1) − 1)P (complete projective
 * formulas, then all tables to affine with one batch inversion), and one XYZZ accumulator walks the
 * bits from the top: one shared doubling per bit, one mixed addition per non-zero digit. Terms with
 * a zero scalar or an identity point are skipped; an explicit `options.window` declines (the caller
 * asked for the bucket method); above the threshold it returns undefined. Tables: `job.F`; the walk:
 * the `straus` slot (baseline: `job.F`; step 12: wasm).
 * Invariant: with d_{i,j} the NAF digits of s_i (Σ_j d_{i,j}·2^j = s_i exactly), acc after bit t
 * equals Σ_i (Σ_{j≥t} d_{i,j}·2^(j−t))·P_i; table entry k of point i is (2k + 1)·P_i; the mixed
 * addition handles acc = O, acc = T (doubling) and acc = −T (identity) explicitly; any job.bits.
 * Default: on, threshold n' ≤ 64 — one rule for every gate set that never loses past break-even.
 * References: Straus, "Addition chains of vectors", 1964; wNAF interleaving: Möller, "Algorithms
 * for multi-exponentiation", SAC 2001.
 * Rejected: projective tables and accumulator (more multiplications and time); unsigned
 * fixed-window Straus (more table entries per addition); per-point double-and-add (n·bits doublings).
 */
import { projAdd, projDouble, type Proj } from '../kernels/projective.js';
import { reach, type Job, type Step } from '../step.js';

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
 * formulas) here, then the `straus` slot's walk: the baseline's converts them to affine with one
 * batch inversion and runs an XYZZ accumulator with mixed additions (8M + 2S instead of
 * 12M + 2·(×3b)) over the Field interface (kernels/straus.ts); step 12's runs the same walk in
 * wasm. The mixed addition's P = Q / P = −Q / identity branches are explicit, and a table entry
 * that is the identity (possible only for a point of small order outside the prime-order
 * subgroup) is skipped. Any n, any bits. `width` (2..8) overrides the chosen NAF width
 * (properties use it to drive every table size on the toy curve, whose 11-bit scalars would
 * otherwise always pick w = 2).
 */
export function strausMsm<F>(job: Job<F>, width?: number): Proj<F> {
  const w = width ?? strausWidth(job.bits);
  checkWidth(w);
  const { tables, digits, top } = strausTables(job, w);
  const size = 1 << (w - 2);
  const flat: Proj<F>[] = [];
  for (const t of tables) for (const e of t) flat.push(e);
  const walk = job.pipeline.slot('straus');
  job.trace.slots.straus = walk.id;
  return walk.run(job, flat, digits, size, top);
}

export const smallFastPath: Step<'smallFastPath'> = {
  id: 'smallFastPath',
  step: 1,
  title: 'Small n: interleaved wNAF Straus instead of buckets',
  default: true,
  direct(job) {
    if (job.explicitWindow !== undefined) return undefined;
    if (job.points.length > SMALL_N_THRESHOLD) return undefined;
    return strausMsm(job);
  },
  // acts with n' ≤ SMALL_N_THRESHOLD and no explicit window, on msm and msmAsync alike
  reach: reach({
    entries: ['plain', 'async'],
    windows: ['auto'],
    thresholds: [{ name: 'SMALL_N_THRESHOLD', at: SMALL_N_THRESHOLD, side: 'atOrBelow' }],
    sizes: [1, 2],
    scalars: ['fullSize', 'small', 'nearOrder'],
    inputs: ['zeroScalars', 'identity', 'duplicates', 'opposite'],
  }),
};
