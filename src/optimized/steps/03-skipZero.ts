/**
 * Step 03 — skipZero: drop zero scalars and identity points before bucketing.
 *
 * What it does: one pass over (points, scalars) keeps only the pairs with s ≠ 0 and P ≠ O
 * (P = O tested as Z = 0 through `job.F.isZero`) in new compacted arrays (built only when
 * something is dropped). Later slots then never see a term that contributes nothing: no digits are recoded for it, no
 * bucket addition is spent on it, and `trace.n` / `job.points.length` (which the window
 * choice and the small-n direct path read) count only the terms that matter.
 *
 * Invariant: Σ sᵢ·Pᵢ is unchanged, because every dropped term is 0·P or s·O, both O; the job
 * stays an ordinary MSM instance (same bits; scalars still non-negative and < 2^bits). When
 * every term is dropped the engine sees n = 0 and returns the identity.
 *
 * Measured effect (2-core shared VM, BLS12-381 G1, same run; "without" = the same gate set
 * without skipZero; ms = best of 11 (n = 256) or 3 (n = 4096) interleaved runs; M = mulTotal of
 * the counting field, window in brackets; "half" input = every 4th scalar zero and every 4th
 * point (other offset) the identity):
 *
 *   | context | n    | input | ms without | ms with | ratio | M without (c) | M with (c)    | M ratio |
 *   | none    | 256  | dense | 360        | 361     | 1.00  | 197022 (7)    | 197022 (7)    | 1.000   |
 *   | none    | 256  | half  | 250        | 197     | 0.79  | 163982 (7)    | 114324 (6)    | 0.697   |
 *   | none    | 4096 | dense | 4201       | 3467    | 0.83  | 1848192 (10)  | 1848192 (10)  | 1.000   |
 *   | none    | 4096 | half  | 6723       | 3070    | 0.46  | 1476072 (10)  | 1028412 (9)   | 0.697   |
 *   | default | 256  | dense | 163        | 156     | 0.95  | 72433 (8)     | 72433 (8)     | 1.000   |
 *   | default | 256  | half  | 129        | 146     | 1.13  | 44068 (7)     | 44293 (6)     | 1.005   |
 *   | default | 4096 | dense | 2135       | 2224    | 1.04  | 718624 (11)   | 718624 (11)   | 1.000   |
 *   | default | 4096 | half  | 1177       | 1205    | 1.02  | 402501 (11)   | 391744 (10)   | 0.973   |
 *
 * Two more runs (ABBA order, min of 8 / 4): none half 0.79 / 0.75 (256) and 0.82 / 0.80 (4096);
 * default half 0.98 / 1.04 (256) and 0.85 / 0.97 (4096); default dense 4096 0.92 / 0.98.
 *
 * On dense input M is identical (the pass costs a compare and an isZero per term); timing
 * differences there are this machine's noise (identical-work pairs range 0.6–1.2). With
 * projective buckets, identity points otherwise cost a full 14M addition each and inflate n in
 * the window choice: −30 % M at n = 256 and 4096. The default set's affine/XYZZ buckets
 * already skip identity points (their conversion to affine marks them), so there the gain
 * comes only through n (the window): −3 % M at n = 4096, +0.5 % at n = 256 (window 6 instead of 7).
 *
 * Default: on — the pass itself costs no multiplication, and it saves bucket additions whenever the input
 * has zero terms (KZG blobs are often padded with zero field elements).
 *
 * Alternatives considered: skipping zero digits per window is already what every accumulator
 * does (a digit 0 adds nothing); filtering here additionally removes the terms from recoding
 * and from n. Filtering identity points by comparing with curve.ZERO (a noble call) was
 * rejected: engine code goes through job.F only.
 */
import type { Step } from '../step.js';

export const skipZero: Step = {
  id: 'skipZero',
  step: 3,
  title: 'Drop zero scalars and identity points before bucketing',
  default: true,
  transform(job) {
    const { F, points, scalars } = job;
    const n = points.length;
    // New arrays rather than compaction in place: an earlier transform may have handed the
    // job arrays it shares with something else.
    const keptPoints: typeof points = [];
    const keptScalars: bigint[] = [];
    for (let i = 0; i < n; i++) {
      const s = scalars[i];
      const p = points[i];
      if (s === 0n || F.isZero(p.Z)) continue;
      keptPoints.push(p);
      keptScalars.push(s);
    }
    if (keptPoints.length === n) return;
    job.points = keptPoints;
    job.scalars = keptScalars;
  },
};
