/**
 * Step 03 — skipZero: drop zero scalars and identity points before bucketing.
 *
 * What (slot `transform`): one pass over (points, scalars) keeps only the pairs with s ≠ 0 and
 * P ≠ O (P = O tested as Z = 0 through `job.F.isZero`), in new compacted arrays built only when
 * something is dropped. Later slots never see a term that contributes nothing: no digits are
 * recoded for it, no bucket addition is spent on it, and `trace.n` / `job.points.length` (which the
 * window choice and the small-n direct path read) count only the terms that matter.
 * Invariant: Σ s_i·P_i is unchanged, because every dropped term is 0·P or s·O, both O; the job stays
 * an ordinary MSM instance (same bits; scalars non-negative and < 2^bits). When every term is
 * dropped the engine sees n = 0 and returns the identity.
 * Default: on — the pass costs no multiplication and saves bucket work whenever the input has zero
 * terms (KZG blobs are often padded with zero field elements).
 * Rejected: relying on zero digits alone (every accumulator skips them, but the terms still cost
 * recoding and inflate n); testing identity against curve.ZERO (engine code goes through job.F only).
 */
import { reach, type Step } from '../step.js';

export const skipZero: Step<'skipZero'> = {
  id: 'skipZero',
  step: 3,
  title: 'Drop zero scalars and identity points before bucketing',
  default: true,
  reach: reach({
    entries: ['plain', 'prepared', 'async'],
    windows: ['auto', 1, 4],
    inputs: ['zeroScalars', 'identity'],
    scalars: ['fullSize', 'small'],
  }),
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
