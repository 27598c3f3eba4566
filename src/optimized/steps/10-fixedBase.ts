/**
 * Step 10 — fixedBase: precomputed tables for bases reused across calls (`prepare(points)`).
 *
 * What it does: `prepare(points, {curve?, window?})` (prepare.ts) builds, once, a BGMW-style table of the
 * shifted copies 2^(c·j)·Pᵢ (j < rows = ⌈(bits + 1)/c⌉), normalised to Z = 1, with the
 * engine's projective kernels (kernels/fixed-base.ts), and returns a frozen, opaque handle
 * { curve, points, window, rows, tableBytes, buildMs } that `msm` / `msmInspect` / `msmAsync`
 * accept in place of the points array. With this gate on, a call on a handle is answered by
 * this step's `direct` hook: each scalar is recoded into `rows` signed base-2^c digits, and the
 * whole MSM becomes ONE window over n·rows table entries — one bucket set of 2^(c−1) buckets,
 * one reduction, no Horner doublings. The accumulation and reduction of that window are done
 * by the providers the other gates select for the `accumulate` and `reduce` slots (step 00's
 * projective buckets, or any later bucket representation), on a sub-job whose points are the
 * table; so this step composes with the bucket steps instead of replacing them.
 * The window c is chosen at prepare time for the handle's n (kernels/fixed-base.ts cost model:
 * n·rows·(1 − 2^−c) additions + 2^c for the reduction), e.g. c = 13, rows = 20 at n = 4096.
 *
 * Precedence: direct hooks are tried from the highest step down, so on a handle this step
 * answers before smallFastPath (step 01): the table is already paid for, and with the cost
 * model's c even n = 1 costs ~rows + 2^c additions and no doublings. It declines (normal
 * pipeline on handle.points) when options.window is given and differs from the handle's window
 * (options.window is always honoured), and of course for plain point arrays. With the gate
 * off, a handle is just its points (the normal pipeline runs on handle.points).
 *
 * Invariant: Σ_j 2^(c·j)·d_{i,j} = sᵢ for every i (signed recoding with zero final carry,
 * checked), and table[i·rows + j] = 2^(c·j)·Pᵢ; so Σ_{i,j} d_{i,j}·table[i·rows + j] = Σ sᵢ·Pᵢ.
 * The table lives in a WeakMap keyed by the handle object (only `prepare` can register one),
 * so a call can only ever read the tables of the handle it was given; the direct hook reads the
 * call's original scalars (job.call.prepared), never the transformed job, so it is immune to
 * transforms (GLV, skipZero) that ran before it. Identity bases get all-zero digits (no
 * accumulator ever sees the identity from this path); zero scalars give zero digits.
 * Field counts of a call exclude the one-off table build (done on the plain field).
 *
 * Measured effect (BLS12-381 G1, random points and scalars, 2-core shared VM under heavy load
 * from other jobs (load average 10–15), same run, on/off alternated, best of 5 (n = 4096) or 7
 * (n = 256); "off" = the same gates without fixedBase, on the same handle; mulTotal from the
 * counting field, exact):
 *
 *   n     base gates  c   rows  mulTotal off → on          ms off → on (best)   ms ratio
 *   256   default     10  26     69 984 →  44 120  (0.630)   241 → 121            0.50
 *   256   none        10  26    196 574 → 100 142  (0.509)   571 → 274            0.48
 *   4096  default     13  20    718 524 → 522 850  (0.728)   1812 → 1642          0.91 (0.82 in an earlier run)
 *   4096  none        13  20  1 847 282 → 1 203 874 (0.652)  5283 → 3642          0.69 (1.03 in an earlier run)
 *
 * The multiplication counts are the reliable figure (timings on this VM varied up to 2× between
 * runs); the gain is largest at small n, where Pippenger's per-window reductions and the 255
 * Horner doublings weigh most, and smaller against the default gates, whose GLV already halves
 * the windows. Table for 4096 G1 points: c = 13, 20 rows, 81 920 entries, tableBytes =
 * 11 796 480 (11.3 MiB of coordinates, 3 × 48 bytes per entry; the JS heap holds more), build
 * 27–34 s (1.06 M projective doublings + one batch inversion; at n = 256: 0.96 MB, 1.0 s).
 * Default: on — it only acts on calls that pass a handle, and on those it cut the
 * multiplications by 23–49 % in every configuration measured.
 *
 * Alternatives considered: Pippenger on precomputed shifted copies with several windows (still
 * one reduction per window: more work than one bucket set); unsigned digits (twice the buckets
 * for the same c); GLV-derived rows φ(P) = (β·x, y) to halve the build's doublings (build time
 * only, not per-call cost; left out for simplicity).
 */
import { preparedTables } from '../kernels/fixed-base.js';
import type { Proj } from '../kernels/projective.js';
import type { DigitTable, Job, Step } from '../step.js';

/**
 * Signed base-2^c digits, `rows` per scalar, of the table layout: digit of scalar i in row j at
 * i·rows + j, in [−2^(c−1), 2^(c−1)]. Bases that are the identity get zero digits.
 */
export function fixedBaseDigits(scalars: readonly bigint[], rows: number, c: number, isIdentity: Uint8Array): DigitTable {
  const n = scalars.length;
  const digits = new Int32Array(n * rows);
  const half = 1 << (c - 1);
  const full = 1 << c;
  const mask = BigInt(full - 1);
  const cb = BigInt(c);
  for (let i = 0; i < n; i++) {
    let s = scalars[i];
    if (s === 0n || isIdentity[i]) continue;
    let carry = 0;
    const base = i * rows;
    for (let j = 0; j < rows; j++) {
      let v = Number(s & mask) + carry;
      s >>= cb;
      if (v > half) {
        v -= full;
        carry = 1;
      } else carry = 0;
      digits[base + j] = v;
    }
    if (s !== 0n || carry !== 0) throw new RangeError(`fixedBase: scalar ${i} does not fit the table's ${rows} rows of ${c} bits`);
  }
  return { n: n * rows, windows: 1, bucketCount: half, signed: true, digits };
}

/** This step answers a call made on a `prepare` handle of the job's curve, unless options.window asks for another window. */
function claims(job: Job): boolean {
  const call = job.call.prepared;
  if (call === undefined) return false;
  if (call.handle.curve !== job.curve) return false;
  return job.explicitWindow === undefined || job.explicitWindow === call.handle.window;
}

function fixedBaseDirect(job: Job): Proj<any> | undefined {
  const call = job.call.prepared;
  if (call === undefined || !claims(job)) return undefined;
  const h = call.handle;
  const { table, isIdentity } = preparedTables(h);
  const digits = fixedBaseDigits(call.scalars, h.rows, h.window, isIdentity);
  // The table entries are the points of a one-window sub-job; the slots' providers do the rest.
  const sub: Job = { ...job, points: table as Proj<any>[], scalars: [], bits: h.window + 1, window: h.window };
  return job.pipeline.oneWindow(sub, digits, 'fixedBase');
}

export const fixedBase: Step = {
  id: 'fixedBase',
  step: 10,
  title: 'Fixed-base tables from prepare(): one signed bucket set over precomputed 2^(c·j)·P, no doublings',
  default: true,
  direct: fixedBaseDirect,
  claims,
};
