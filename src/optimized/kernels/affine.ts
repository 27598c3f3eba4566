/**
 * Affine kernels shared by the bucket steps (06 xyzzBuckets, 07 batchAffine, 08
 * batchAffineReduction):
 *  - `jobAffine`: the job's points in affine form, converted once per job (one batch inversion)
 *    and cached, since the accumulate slot runs once per window;
 *  - `batchAffineAdd`: many independent affine additions sharing one inversion (Montgomery's
 *    trick), with explicit P = Q (doubling, λ = 3x²/2y) and P = −Q (identity) branches;
 *  - `normalizeBuckets`: any bucket set to affine points (null for empty or identity buckets).
 *
 * Affine points are { x, y } (kernels/xyzz.ts `Aff`) and never the identity; the identity is
 * null. Branch counts for properties are in `affineBranchCounts`.
 */
import type { Field } from '../../curve/index.js';
import type { BucketSet, Job } from '../step.js';
import type { Proj } from './projective.js';
import { isAff, XYZZ_OPS, type Aff } from './xyzz.js';

/** How often the special branches of `batchAffineAdd` ran (for properties). */
export const affineBranchCounts = { double: 0, cancel: 0, batches: 0 };

export function resetAffineBranchCounts(): void {
  affineBranchCounts.double = 0;
  affineBranchCounts.cancel = 0;
  affineBranchCounts.batches = 0;
}

interface AffineCache<F> {
  points: readonly Proj<F>[];
  F: Field<F>;
  aff: (Aff<F> | null)[];
}

const cache = new WeakMap<object, AffineCache<any>>();

/**
 * Prices of the batched affine kernels, in field multiplications (read by the window model):
 * one addition inside a batch ≈ 6 (3M Montgomery share, 1M slope, 1S, 1M); one BigInt field
 * inversion (extended Euclid) ≈ 24, measured on G1's Fp.
 */
export const AFFINE_COST = { batchAdd: 6, inversion: 24 } as const;

/**
 * Projective points to affine with one batch inversion; identity points (Z = 0) become null.
 * Points with Z = 1 (e.g. decoded from bytes) are taken as they are, with no multiplication;
 * equal Z values are inverted once (the GLV step's φ(P) and −P share P's Z): 3M per distinct
 * Z and 2M per point.
 */
export function toAffineAll<F>(F: Field<F>, points: readonly Proj<F>[]): (Aff<F> | null)[] {
  const n = points.length;
  const out = new Array<Aff<F> | null>(n).fill(null);
  const idx: number[] = [];
  const slotOf: number[] = [];
  const zs: F[] = [];
  const slots = new Map<F, number>(); // bigint keys compare by value; object keys by reference
  for (let i = 0; i < n; i++) {
    const p = points[i];
    if (F.isZero(p.Z)) continue;
    if (F.eql(p.Z, F.ONE)) out[i] = { x: p.X, y: p.Y };
    else {
      let k = slots.get(p.Z);
      if (k === undefined) {
        k = zs.length;
        zs.push(p.Z);
        slots.set(p.Z, k);
      }
      idx.push(i);
      slotOf.push(k);
    }
  }
  if (zs.length > 0) {
    const inv = F.batchInv(zs);
    for (let k = 0; k < idx.length; k++) {
      const p = points[idx[k]];
      const zi = inv[slotOf[k]];
      out[idx[k]] = { x: F.mul(p.X, zi), y: F.mul(p.Y, zi) };
    }
  }
  return out;
}

/** The job's current points in affine form, converted on the first call per job and cached. */
export function jobAffine<F>(job: Job<F>): (Aff<F> | null)[] {
  const c = cache.get(job) as AffineCache<F> | undefined;
  if (c !== undefined && c.points === job.points && c.F === job.F) return c.aff;
  const aff = toAffineAll(job.F, job.points);
  cache.set(job, { points: job.points, F: job.F, aff });
  return aff;
}

const KIND_ADD = 0;
const KIND_DOUBLE = 1;
const KIND_CANCEL = 2;

/**
 * out[k] = a[k] + b[k] for k < count (null when the sum is the identity), with one field
 * inversion per chunk of `maxBatch` pairs. The pairs must be independent (out may alias a or b:
 * each pair is read before its result is written). Cost per pair: 3M for the shared inversion,
 * then 2M + 1S (+1S for a doubling).
 */
export function batchAffineAdd<F>(F: Field<F>, a: readonly Aff<F>[], b: readonly Aff<F>[], count: number, out: (Aff<F> | null)[], maxBatch = Infinity): void {
  for (let from = 0; from < count; from += maxBatch) {
    const to = Math.min(count, from + maxBatch);
    const m = to - from;
    const den = new Array<F>(m);
    const kind = new Uint8Array(m);
    for (let k = 0; k < m; k++) {
      const p = a[from + k];
      const q = b[from + k];
      if (!F.eql(p.x, q.x)) den[k] = F.sub(q.x, p.x);
      else if (F.eql(p.y, q.y) && !F.isZero(p.y)) {
        den[k] = F.add(p.y, p.y);
        kind[k] = KIND_DOUBLE;
      } else {
        den[k] = F.ZERO; // batchInv leaves zeros alone
        kind[k] = KIND_CANCEL;
      }
    }
    const inv = F.batchInv(den);
    affineBranchCounts.batches++;
    for (let k = 0; k < m; k++) {
      const p = a[from + k];
      const q = b[from + k];
      const kd = kind[k];
      if (kd === KIND_CANCEL) {
        affineBranchCounts.cancel++;
        out[from + k] = null;
        continue;
      }
      let num: F;
      if (kd === KIND_ADD) num = F.sub(q.y, p.y);
      else {
        affineBranchCounts.double++;
        const xx = F.sqr(p.x);
        num = F.add(F.add(xx, xx), xx);
      }
      const l = F.mul(num, inv[k]);
      const x3 = F.sub(F.sub(F.sqr(l), p.x), q.x);
      const y3 = F.sub(F.mul(l, F.sub(p.x, x3)), p.y);
      out[from + k] = { x: x3, y: y3 };
    }
  }
}

/**
 * The buckets of any set as affine points (null = empty or identity). Affine buckets of the
 * XYZZ family pass through; every other bucket goes through `ops.toProjective`, then one batch
 * inversion normalizes them all.
 */
export function normalizeBuckets<F>(F: Field<F>, set: BucketSet<F>): (Aff<F> | null)[] {
  const { ops, buckets } = set;
  const m = buckets.length;
  const out = new Array<Aff<F> | null>(m).fill(null);
  const xyzzFamily = (ops as unknown as Record<symbol, unknown>)[XYZZ_OPS] === true;
  const idx: number[] = [];
  const ps: Proj<F>[] = [];
  for (let j = 0; j < m; j++) {
    const b = buckets[j];
    if (b === null || b === undefined) continue;
    if (xyzzFamily && isAff(b as Aff<F>)) {
      out[j] = b as Aff<F>;
      continue;
    }
    const p = ops.toProjective(b);
    if (F.isZero(p.Z)) continue;
    idx.push(j);
    ps.push(p);
  }
  const conv = toAffineAll(F, ps);
  for (let k = 0; k < idx.length; k++) out[idx[k]] = conv[k];
  return out;
}

/**
 * Segments of step 08's segmented running sum for m buckets: ⌈2·√m⌉ (chosen by measurement, see
 * step 08's header), or `segments` when > 0 (the per-call knob `options.tuning.segments`),
 * clamped to [1, m]. Shared by step 08 (BigInt) and step 12's wasm reduction.
 */
export function segmentCount(m: number, segments = 0): number {
  const s = segments > 0 ? segments : Math.ceil(2 * Math.sqrt(m));
  return Math.max(1, Math.min(s, m));
}
