/**
 * Deterministic benchmark inputs: points kᵢ·G with known discrete logs kᵢ, and uniform scalars,
 * both from a seeded PRNG, so every run (and every gate set within a run) sees the same MSM.
 *
 * Points are built cheaply: P₀ = k₀·G is one scalar multiplication, then Pᵢ = Pᵢ₋₁ + D with
 * D = d·G (kᵢ = k₀ + i·d mod r) is one addition each; the list is then shuffled together with
 * its logs and normalized to affine (Z = 1) with one batch inversion, the form KZG setup points
 * come in. The logs make the independent answer cheap: Σ sᵢ·Pᵢ = (Σ kᵢ·sᵢ mod r)·G.
 */
import type { AnyCurve } from '../../src/index.js';
import { oracle, progressionPoints } from '../oracle.js';

/** A 32-bit generator (sfc32) seeded through splitmix32; small, fast and reproducible. */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Uniform integer in [0, bound), bound ≤ 2^32. */
  below(bound: number): number;
  /** Uniform bigint in [0, bound), bound ≥ 1. */
  bigBelow(bound: bigint): bigint;
}

export function makeRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  const below = (bound: number) => {
    if (!(bound >= 1 && bound <= 2 ** 32)) throw new RangeError(`rng.below: bound must be in [1, 2^32], got ${bound}`);
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const x = u32();
      if (x < limit) return x % bound;
    }
  };
  const bigBelow = (bound: bigint) => {
    if (bound < 1n) throw new RangeError(`rng.bigBelow: bound must be >= 1, got ${bound}`);
    const bits = bound.toString(2).length;
    const words = Math.ceil(bits / 32);
    const mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      let x = 0n;
      for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(u32());
      x &= mask;
      if (x < bound) return x;
    }
  };
  return { u32, below, bigBelow };
}

export interface BenchInputs<P = any> {
  readonly curve: AnyCurve;
  readonly n: number;
  readonly seed: number;
  /** Affine points (Z = 1), or the identity when kᵢ ≡ 0 (possible on the toy curve). */
  readonly points: readonly P[];
  /** Uniform scalars in [0, r). */
  readonly scalars: readonly bigint[];
  /** Discrete logs: points[i] = logs[i]·G. */
  readonly logs: readonly bigint[];
  /** The independent answer (Σ logs[i]·scalars[i] mod r)·G. */
  readonly expected: P;
}

export const DEFAULT_SEED = 0x5eed;

/** Normalizes projective points to Z = 1 with one batch inversion (the identity stays as is). */
export function toAffine<P extends { X: any; Y: any; Z: any }>(curve: AnyCurve, points: readonly P[]): P[] {
  const F = curve.Fp;
  const zInv = F.batchInv(points.map((p) => p.Z));
  return points.map((p, i) => (F.isZero(p.Z) ? (curve.ZERO as P) : (curve.fromProjective(F.mul(p.X, zInv[i]), F.mul(p.Y, zInv[i]), F.ONE) as P)));
}

function build<P>(curve: AnyCurve, n: number, seed: number): BenchInputs<P> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`inputs: n must be a non-negative integer, got ${n}`);
  const rng = makeRng(seed ^ Math.imul(n, 0x27d4eb2d));
  const r = curve.order;
  const k0 = 1n + rng.bigBelow(r - 1n);
  const d = 1n + rng.bigBelow(r - 1n);
  const { points: projective, logs } = progressionPoints(curve, k0, d, n);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [projective[i], projective[j]] = [projective[j], projective[i]];
    [logs[i], logs[j]] = [logs[j], logs[i]];
  }
  const points = toAffine<any>(curve, projective) as P[];
  const scalars: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) scalars[i] = rng.bigBelow(r);
  return { curve, n, seed, points, scalars, logs, expected: oracle(curve, logs, scalars) as P };
}

const cache = new Map<string, BenchInputs>();

/** Inputs of size n on `curve`, built once per (curve, n, seed) and cached. */
export function benchInputs<P = any>(curve: AnyCurve, n: number, seed: number = DEFAULT_SEED): BenchInputs<P> {
  const key = `${curve.id}/${n}/${seed}`;
  let v = cache.get(key);
  if (!v) cache.set(key, (v = build(curve, n, seed)));
  return v as BenchInputs<P>;
}
