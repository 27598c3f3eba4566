/**
 * The discrete-log oracle, the one independent answer of the harness: for points Pᵢ = kᵢ·G with
 * known logs kᵢ, Σ sᵢ·Pᵢ = (Σ kᵢ·sᵢ mod r)·G — one scalar multiplication by the curve library,
 * no MSM code involved. Also the construction of points with known logs: one at a time
 * (`pointOf`), or n of them cheaply as an arithmetic progression of logs (`progressionPoints`:
 * two scalar multiplications, then one addition per point).
 *
 * Used by the contract (harness/contract.ts), the arbitraries, the step properties, the bench
 * runner and the CLI; nothing else in the project computes this.
 */
import type { AnyCurve } from '../src/index.js';

function checkBigint(what: string, v: unknown): asserts v is bigint {
  if (typeof v !== 'bigint') throw new TypeError(`${what} must be a bigint, got ${v === null ? 'null' : typeof v}`);
}

/** Multiplications by G of a curve before a private 8-bit window table pays for its build. */
const TABLE_AFTER = 400;
const bases = new WeakMap<AnyCurve, { uses: number; table: any }>();

/**
 * k·G for any integer k, reduced mod r (the curve API's multiply rejects 0 and multiples of r).
 * Variable time (test data has no secrets): the curve library's multiplyUnsafe, on its own G at
 * first and, after TABLE_AFTER calls in this process, on a private copy of G with an 8-bit window
 * table — about half the additions of the constant-time multiply, whose cost dominated the
 * generation of cases.
 */
export function pointOf(curve: AnyCurve, k: bigint): any {
  checkBigint('pointOf: k', k);
  const e = ((k % curve.order) + curve.order) % curve.order;
  if (e === 0n) return curve.ZERO;
  let b = bases.get(curve);
  if (!b) {
    b = { uses: 0, table: undefined };
    bases.set(curve, b);
  }
  const G = curve.BASE as any;
  if (b.table === undefined && ++b.uses > TABLE_AFTER) b.table = G.multiply(1n).precompute(8, false);
  return (b.table ?? G).multiplyUnsafe(e);
}

/** (Σ logs[i]·scalars[i] mod r)·G: what Σ scalars[i]·(logs[i]·G) must equal. */
export function oracle(curve: AnyCurve, logs: readonly bigint[], scalars: readonly bigint[]): any {
  if (logs.length !== scalars.length)
    throw new RangeError(`oracle: logs and scalars must have the same length, got ${logs.length} logs and ${scalars.length} scalars`);
  let e = 0n;
  for (let i = 0; i < logs.length; i++) {
    checkBigint(`oracle: logs[${i}]`, logs[i]);
    checkBigint(`oracle: scalars[${i}]`, scalars[i]);
    e = (e + logs[i] * scalars[i]) % curve.order;
  }
  return pointOf(curve, e);
}

/** The oracle of points with known logs (`{ k, P }`, harness/arbitraries/points.ts). */
export function oracleOf(curve: AnyCurve, points: readonly { k: bigint }[], scalars: readonly bigint[]): any {
  return oracle(
    curve,
    points.map((p) => p.k),
    scalars
  );
}

/**
 * n points with known logs kᵢ = k0 + i·d mod r, built as P₀ = k0·G, Pᵢ = Pᵢ₋₁ + d·G: two scalar
 * multiplications and n additions (projective; the identity where kᵢ ≡ 0).
 */
export function progressionPoints(curve: AnyCurve, k0: bigint, d: bigint, n: number): { points: any[]; logs: bigint[] } {
  checkBigint('progressionPoints: k0', k0);
  checkBigint('progressionPoints: d', d);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`progressionPoints: n must be an integer in [0, 2^53), got ${n}`);
  const r = curve.order;
  const D = pointOf(curve, d);
  const points: any[] = new Array(n);
  const logs: bigint[] = new Array(n);
  let P = pointOf(curve, k0);
  let k = ((k0 % r) + r) % r;
  const step = ((d % r) + r) % r;
  for (let i = 0; i < n; i++) {
    points[i] = P;
    logs[i] = k;
    P = P.add(D);
    k = (k + step) % r;
  }
  return { points, logs };
}
