/**
 * Step 06 — xyzzBuckets: buckets in XYZZ coordinates, filled by mixed (affine + XYZZ) additions.
 *
 * What it does: fills the `accumulate` slot. The job's points are converted to affine once per
 * MSM (one batch inversion over the points whose Z is not already 1; identity points become
 * null and are skipped), cached per job since the slot runs once per window. Each bucket is an
 * XYZZ point (x = X/ZZ, y = Y/ZZZ, ZZ³ = ZZZ²); the first point of a bucket is stored as
 * (x, y, 1, 1) for free, every later one is a mixed addition (8M + 2S instead of the 14
 * multiplications of the complete projective addition). A negative digit adds (x, −y). The
 * mixed addition tests P = Q (→ affine doubling) and P = −Q (→ identity bucket) explicitly
 * (kernels/xyzz.ts). The returned ops (`xyzzOps`) add complete XYZZ + XYZZ (12M + 2S, used by
 * whatever reducer runs) and convert to projective with 3M.
 *
 * Invariant: bucket j holds Σ sign(dᵢ)·Pᵢ over the points i with |dᵢ| = j + 1 in this window
 * (the identity as ZZ = 0 or null), exactly as step 00's accumulator, for signed or unsigned
 * digits, any window, and any points (identity, duplicates, P and −P).
 *
 * Measured effect (2-core shared VM, heavily loaded by other jobs; BLS12-381 G1; points kᵢ·G
 * re-scaled to Z ≠ 1 so the conversion really inverts; uniform scalars; heuristic window, c = 7
 * at n = 256, c = 10 at n = 4096, c = 11 at n = 16384; same run, gates {xyzzBuckets} vs none;
 * mulTotal from the counting field; time = median and minimum of 7 interleaved runs, 3 at
 * n = 16384):
 *
 *   n      mulTotal none → +06            ratio   time ratio (median / min)
 *   256      196 812 →   175 906          0.894   0.99 / 0.59
 *   4096   1 846 722 → 1 536 936          0.832   0.69 / 0.84
 *   16384  6 078 095 → 4 786 731          0.788   0.61 / 0.75   (full table in step 08)
 *
 * The conversion costs one inversion, 3M per distinct Z and 2M per point (nothing for points
 * with Z = 1, e.g. points decoded from bytes; GLV's φ(P) shares P's Z). Times jitter by ±30% on this machine; the count is exact, and a
 * micro-benchmark of the addition alone (2000 additions, 4 runs) put the mixed XYZZ addition at
 * 0.54–0.85× the time of the complete projective one. Default on.
 *
 * Alternatives considered (from operation counts; not implemented): Jacobian buckets with
 * mixed additions (7M + 4S = 11 per addition, against 10 here); projective buckets with a mixed
 * complete RCB addition (11M + 2·mul-by-3b = 13). Not filling the `reduce` slot: a running sum
 * adds XYZZ + XYZZ (12M + 2S = 14), the same count as the projective addition, so step 00's
 * running sum over `xyzzOps` is kept (step 08 is the reduction step).
 */
import { jobAffine } from '../kernels/affine.js';
import { xyzzAddAffine, xyzzOps, XYZZ_COST, type Xyzz } from '../kernels/xyzz.js';
import type { BucketSet, DigitTable, Job, Step } from '../step.js';

export function xyzzAccumulate<F>(job: Job<F>, table: DigitTable, w: number): BucketSet<F> {
  const { F } = job;
  const aff = jobAffine(job);
  const { n, digits } = table;
  const buckets = job.newBuckets(table.bucketCount) as (Xyzz<F> | null)[];
  const base = w * n;
  for (let i = 0; i < n; i++) {
    const d = digits[base + i];
    if (d === 0) continue;
    const p = aff[i];
    if (p === null) continue;
    const j = (d > 0 ? d : -d) - 1;
    const y = d > 0 ? p.y : F.neg(p.y);
    const b = buckets[j];
    buckets[j] = b === null ? { X: p.x, Y: y, ZZ: F.ONE, ZZZ: F.ONE } : xyzzAddAffine(F, b, p.x, y);
  }
  return { ops: xyzzOps(F), buckets };
}

export const xyzzBuckets: Step = {
  id: 'xyzzBuckets',
  step: 6,
  title: 'XYZZ buckets with mixed additions of once-normalized affine points',
  default: true,
  accumulate: xyzzAccumulate,
  // mixed XYZZ additions into the buckets; the reducer then adds XYZZ buckets
  price: (p) => ({ ...p, accAdd: XYZZ_COST.mixedAdd, redAdd: () => XYZZ_COST.add }),
};
