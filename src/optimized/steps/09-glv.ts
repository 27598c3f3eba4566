/**
 * Step 09 — glv: split every scalar in two half-length scalars with the curve endomorphism.
 *
 * What (slot `transform`): with φ(x, y) = (β·x, y) = λ·P on the order-r group, each scalar k is split
 * as k ≡ k1 + λ·k2 (mod r) with |k1|, |k2| ≤ maxHalf ≈ √r (lattice basis from extended Euclid on
 * (r, λ), Babai rounding: kernels/glv.ts); (P, k) becomes (±P, |k1|) and (±φ(P), |k2|), with
 * φ(X : Y : Z) = (β·X : Y : Z) (one multiplication through job.F) and a negative half folded into
 * the point, so job.scalars stay non-negative. A zero half is dropped (so at most 2n pairs);
 * job.bits becomes the bit length of the proven bound maxHalf (127 on BLS12-381 G1/G2 instead of
 * 255; 5 on the toy curve instead of 11): twice the points, half the windows.
 * Invariant: Σ k_i·P_i = Σ (|k1_i|·(±P_i) + |k2_i|·(±φ(P_i))) for points of the order-r subgroup,
 * and every new scalar is < 2^job.bits. The job is left untouched for a curve without `endo`, when
 * job.bits is already ≤ the half bound, or when a scalar is ≥ r (the split is only defined mod r).
 * Caveat: like every GLV method it relies on φ = λ on the input points (the order-r subgroup); the
 * shared validator checks on-curve only (noble's decoders check the subgroup; the toy curve has
 * cofactor 1).
 * Default: on — one multiplication per point halves the doublings and the bucket reductions.
 * References: Gallant–Lambert–Vanstone, "Faster point multiplication on elliptic curves with
 * efficient endomorphisms", CRYPTO 2001.
 * Rejected: keeping zero halves (they inflate the n the window choice and the small-n path see); a
 * BLS12-381-specific split through z (G1, G2 and the toy curve share one path and one proven
 * bound); splitting inside the recoding (the split must change the points too).
 */
import { projNeg, type Proj } from '../kernels/projective.js';
import { glvBasisCached, glvSplit } from '../kernels/glv.js';
import { MAX_WINDOW, reach, type Job, type Step } from '../step.js';

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

export const glv: Step<'glv'> = {
  id: 'glv',
  step: 9,
  title: 'GLV: k = k1 + λ·k2 with half-length k1, k2, via φ(x, y) = (β·x, y)',
  default: true,
  transform: glvTransform,
  // full-size scalars (two halves), small ones (a zero half dropped), r − k (negative halves)
  reach: reach({
    entries: ['plain', 'async'],
    windows: ['auto', 4, MAX_WINDOW],
    wideG1: true,
    scalars: ['fullSize', 'small', 'nearOrder'],
    inputs: ['identity', 'opposite'],
  }),
};
