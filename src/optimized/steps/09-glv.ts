/**
 * Step 09 — glv: split every scalar in two half-length scalars with the curve endomorphism.
 *
 * What it does: a `transform`. With φ(x, y) = (β·x, y) = λ·P on the order-r group, each
 * scalar k is split as k ≡ k1 + λ·k2 (mod r) with |k1|, |k2| ≤ maxHalf ≈ √r (lattice basis from
 * extended Euclid on (r, λ), Babai rounding: kernels/glv.ts), and the pair (P, k) becomes the two
 * pairs (±P, |k1|) and (±φ(P), |k2|), with φ(X : Y : Z) = (β·X : Y : Z) (one field
 * multiplication through job.F) and a negative half folded into the point (−(X : Y : Z) =
 * (X : −Y : Z)), so job.scalars stay non-negative. A zero half is dropped (on BLS12-381
 * k2 = 0 for every k < r/(2(λ + 1)) ≈ 2^126, e.g. small scalars), so n after the transform is
 * ≤ 2n. job.bits becomes the bit length of the proven bound maxHalf (127 on BLS12-381 G1/G2
 * instead of 255; 5 on the toy curve instead of 11): twice the points, half the windows, so
 * half the doublings in Horner and half the bucket reductions, for the same number of bucket
 * additions (and the window choice sees the larger n).
 *
 * Invariant: Σ k_i·P_i = Σ (|k1_i|·(±P_i) + |k2_i|·(±φ(P_i))) for points of the order-r
 * subgroup, and every new scalar is < 2^job.bits. The transform leaves the job untouched when
 * it cannot help or cannot apply: a curve without `endo`, job.bits already ≤ the half bound
 * (e.g. a previous transform shrank it), or a scalar ≥ r (the split is only defined mod r).
 * Caveat: like every GLV method it relies on φ = λ on the input points, i.e. points in the
 * order-r subgroup; the shared validator checks on-curve only (noble's decoders check the
 * subgroup; the toy curve has cofactor 1).
 *
 * Measured effect (2-core shared VM at load average 9–12 from the other helpers; BLS12-381
 * G1, random scalars, same run; field multiplications (msmInspect count: exact) and paired
 * timing medians, vs. the same gate set without glv):
 *   gate set            n      window (off → on)   mulTotal off → on          ratio   time
 *   only glv            256    7 → 8 (heuristic)   196 616 → 170 036          0.865   0.86 (11 pairs)
 *   only glv            4096   10 → 10             1 847 842 → 1 666 444      0.902   0.92 (4 pairs)
 *   signedDigits (+glv) 256    7 → 8               165 298 → 143 366          0.867   0.77 (11 pairs)
 *   signedDigits (+glv) 4096   10 → 10             1 669 776 → 1 581 156      0.947   ~1.0 (4 pairs, noise)
 *   default (workers    256    6 → 7 (cost model)  86 485 → 73 659            0.852   0.79 (11 pairs)
 *    off) ± glv         4096   10 → 11             761 594 → 718 745          0.944   0.87 (10 pairs)
 * The split itself (4096 scalars, BigInt) takes 8–23 ms against ~2 s per MSM. Default on: it
 * costs one multiplication per point (β·X) and saves 5–15 % of all multiplications.
 *
 * Alternatives considered: keeping zero halves (always 2n pairs: tried first; they cost no
 * bucket addition, but inflate the n the window choice and the small-n path see, so they are
 * dropped); a BLS12-381-specific split through z (λ = z² − 1) instead of the generic lattice
 * basis (rejected: the toy curve, G1 and G2 must share one code path and one proven bound);
 * splitting on the fly inside the recoding (rejected: the split must change the points too,
 * and a transform keeps every later slot unchanged).
 */
import { projNeg, type Proj } from '../kernels/projective.js';
import { glvBasisCached, glvSplit } from '../kernels/glv.js';
import type { Job, Step } from '../step.js';

export function glvTransform(job: Job): void {
  const endo = job.curve.endo;
  if (!endo) return;
  const r = job.curve.order;
  const B = glvBasisCached(r, endo.lambda);
  if (B.halfBits >= job.bits) return;
  const { F, points, scalars } = job;
  const n = points.length;
  for (let i = 0; i < n; i++) if (scalars[i] >= r) return;
  const beta = endo.beta;
  // zero halves (e.g. k2 = 0 whenever k < ~r/(2λ)) are dropped: they would only inflate n
  const P2: Proj<any>[] = [];
  const S2: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const P = points[i];
    const [k1, k2] = glvSplit(scalars[i], B);
    if (k1 !== 0n) {
      P2.push(k1 < 0n ? projNeg(F, P) : P);
      S2.push(k1 < 0n ? -k1 : k1);
    }
    if (k2 !== 0n) {
      const phi = { X: F.mul(beta, P.X), Y: P.Y, Z: P.Z };
      P2.push(k2 < 0n ? projNeg(F, phi) : phi);
      S2.push(k2 < 0n ? -k2 : k2);
    }
  }
  job.points = P2;
  job.scalars = S2;
  job.bits = B.halfBits;
}

export const glv: Step = {
  id: 'glv',
  step: 9,
  title: 'GLV: k = k1 + λ·k2 with half-length k1, k2, via φ(x, y) = (β·x, y)',
  default: true,
  transform: glvTransform,
};
