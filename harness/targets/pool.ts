/**
 * The point pool of the target cases: N points of one group with known discrete logs, built once
 * per process (per group, size and pool seed) and kept EIP-2537-encoded, so that a case of n
 * points costs n copies of 128 / 256 bytes instead of n scalar multiplications, encodings and
 * (on the expected side) subgroup checks. Cases draw fresh scalars, subsets and orders from it;
 * their expected answer is the discrete-log oracle, (Σ sᵢ·logᵢ mod r)·G.
 *
 *  - size N: the smallest prime ≥ max(minSize, 67), so that i ↦ (a + i·b) mod N (b ≠ 0) is a
 *    permutation: a case of up to N points gets distinct points from two numbers.
 *  - entries 0…3 are G, 2G, 3G, 4G (shrinking a pool index goes towards G); entry 4 + i is
 *    A_{i mod 64} + C_{⌊i / 64⌋}, two short walks A_a = A₀ + a·D_A and C_c = C₀ + c·D_C whose
 *    starts and steps have logs from SHA-256 of the pool seed: every entry is one affine addition
 *    of its own, all of them sharing one batched inversion, and its log is the sum of two.
 *  - every pool is checked when built, from its bytes (checkPool): a wrong entry can never turn
 *    into a wrong expected answer.
 *
 * A point is named by a code: i ≥ 0 is pool entry i, INFINITY (−1) the point at infinity,
 * negated(i) = −2 − i the entry's negation −Pᵢ.
 */
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { pointOf } from '../oracle.js';
import { affineOf, curveOfGroup, encodeCoordinates, encodePoint, flatCoords, NOBLE, P_MOD, POINT_SIZE, R_ORDER, readBig, writeFp } from './eip2537.js';
import type { Group } from './target.js';

export interface PointPool {
  readonly group: Group;
  readonly size: number;
  readonly seed: number;
  /** logs[i]: Pᵢ = logs[i]·G (nonzero). */
  readonly logs: readonly bigint[];
  /** size × POINT_SIZE[group] bytes: the EIP-2537 encodings, entry i at i·POINT_SIZE. */
  readonly bytes: Uint8Array;
}

export const INFINITY = -1;
/** The code of −Pᵢ. */
export const negated = (i: number): number => -2 - i;

const R = R_ORDER;
/** Columns of the table: entry 4 + i is A_{i mod COLS} + C_{⌊i / COLS⌋}. */
const COLS = 64;
const SMALL = 4;

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** The pool size for cases of up to maxN points: the smallest prime ≥ max(maxN, 67). */
export function poolSize(maxN: number): number {
  let n = Math.max(67, maxN);
  while (!isPrime(n)) n++;
  return n;
}

/** k·G by the curve library: the discrete-log oracle's pointOf (harness/oracle.ts). */
export function baseMultiple(group: Group, k: bigint): any {
  return pointOf(curveOfGroup(group), k);
}

/** A log from SHA-256 of the group, the pool seed and a label, mod r (never 0). */
function seededLog(group: Group, seed: number, label: string): bigint {
  const h = sha256(new TextEncoder().encode(`stepwise-msm target pool ${group} ${seed} ${label}`));
  let v = 0n;
  for (const b of h) v = (v << 8n) | BigInt(b);
  return v % R || 1n;
}

/** The two walks of a pool of `size` entries: the logs of A_a = A₀ + a·D_A (COLS of them) and C_c = C₀ + c·D_C, and their points. */
function walks(group: Group, seed: number, size: number): { a: bigint[]; c: bigint[]; A: { x: any; y: any }[]; C: { x: any; y: any }[] } {
  const [a0, da, c0, dc] = ['A0', 'DA', 'C0', 'DC'].map((l) => seededLog(group, seed, l));
  const a = Array.from({ length: COLS }, (_, i) => (a0 + BigInt(i) * da) % R);
  const c = Array.from({ length: Math.ceil((size - SMALL) / COLS) }, (_, i) => (c0 + BigInt(i) * dc) % R);
  return { a, c, A: walk(group, a), C: walk(group, c) };
}

/** Affine points k₀·G + i·d·G for i < n: two scalar multiplications, n additions, one batched normalization. */
function walk(group: Group, logs: readonly bigint[]): { x: any; y: any }[] {
  const { Point } = NOBLE[group];
  const start = baseMultiple(group, logs[0]);
  const step = logs.length > 1 ? baseMultiple(group, logs[1] - logs[0]) : Point.ZERO;
  const pts: any[] = [start];
  for (let i = 1; i < logs.length; i++) pts.push(pts[i - 1].add(step));
  return normalizeZ(Point, pts).map((p: any) => p.toAffine());
}

/** A pool that could not be built or failed its check: a bug of stepwise-msm, never a verdict on a target. */
export class PoolError extends Error {
  override name = 'PoolError';
}

const pools = new Map<string, PointPool>();

/** The pool of `group` with at least `minSize` entries for `seed` (built on first use, then cached). */
export function pointPool(group: Group, minSize: number, seed = 0): PointPool {
  if (group !== 'g1' && group !== 'g2') throw new RangeError(`pointPool: group must be 'g1' or 'g2', got ${JSON.stringify(group)}`);
  if (!Number.isSafeInteger(minSize) || minSize < 1 || minSize > 1 << 20)
    throw new RangeError(`pointPool: minSize must be an integer in [1, 2^20], got ${minSize}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`pointPool: seed must be an integer, got ${seed}`);
  const size = poolSize(minSize);
  const key = `${group}:${size}:${seed}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = buildPool(group, size, seed);
    checkPool(pool);
    pools.set(key, pool);
  }
  return pool;
}

function buildPool(group: Group, size: number, seed: number): PointPool {
  const { F } = NOBLE[group];
  const wl = walks(group, seed, size);
  const { A, C } = wl;
  const logs: bigint[] = new Array(size);
  const ps = POINT_SIZE[group];
  const bytes = new Uint8Array(size * ps);
  for (let i = 0; i < SMALL; i++) {
    logs[i] = BigInt(i + 1);
    bytes.set(encodePoint(group, baseMultiple(group, logs[i])), i * ps);
  }
  // entry 4 + i = A_a + C_c, affine: λ = (y_C − y_A)/(x_C − x_A), x = λ² − x_A − x_C, y = λ(x_A − x) − y_A
  const pairs = Array.from({ length: size - SMALL }, (_, i) => ({ a: A[i % COLS], c: C[Math.floor(i / COLS)] }));
  const dx = pairs.map(({ a, c }, i) => {
    const d = F.sub(c.x, a.x);
    if (F.is0(d)) throw new PoolError(`pointPool: entry ${SMALL + i} would add ±P to P (seed ${seed})`);
    return d;
  });
  const inv = F.invertBatch(dx);
  for (const [i, { a, c }] of pairs.entries()) {
    const lambda = F.mul(F.sub(c.y, a.y), inv[i]);
    const x = F.sub(F.sub(F.sqr(lambda), a.x), c.x);
    const y = F.sub(F.mul(lambda, F.sub(a.x, x)), a.y);
    logs[SMALL + i] = (wl.a[i % COLS] + wl.c[Math.floor(i / COLS)]) % R;
    if (logs[SMALL + i] === 0n) throw new PoolError(`pointPool: entry ${SMALL + i} is the identity (seed ${seed})`);
    bytes.set(encodeCoordinates(flatCoords(group, { x, y })), (SMALL + i) * ps);
  }
  return { group, size, seed, logs, bytes };
}

/**
 * Checks every entry from its bytes alone: entries 0…3 are G…4G, and each later entry Q is
 * A + C for the walk points whose logs add up to its log (the walks recomputed, their first and
 * last points checked by scalar multiplication), checked on the affine coordinates without an
 * inversion: with λ·(x_C − x_A) = y_C − y_A, Q = A + C iff (x_Q + x_A + x_C)·(x_C − x_A)² =
 * (y_C − y_A)² and (y_Q + y_A)·(x_C − x_A) = (y_C − y_A)·(x_A − x_Q). So every entry's bytes are
 * its log times G, and a wrong entry can never become a wrong expected answer.
 */
export function checkPool(pool: PointPool): void {
  const { F } = NOBLE[pool.group];
  const fail = (i: number, why: string) => {
    throw new PoolError(`pointPool: the ${pool.group} pool (size ${pool.size}, seed ${pool.seed}) fails its check at entry ${i}: ${why}`);
  };
  // the walks again, their ends checked by scalar multiplication (a wrong step carries to the end)
  const wl = walks(pool.group, pool.seed, pool.size);
  const { A, C } = wl;
  for (const [name, pts, ks] of [
    ['A', A, wl.a],
    ['C', C, wl.c],
  ] as const)
    for (const j of [0, ks.length - 1]) {
      const want = baseMultiple(pool.group, ks[j]).toAffine();
      if (!F.eql(pts[j].x, want.x) || !F.eql(pts[j].y, want.y)) fail(SMALL, `walk ${name} point ${j} is not its log times G`);
    }
  for (let i = 0; i < pool.size; i++) {
    const Q = affineOf(pool.group, poolCoords(pool, i));
    if (i < SMALL) {
      const want = baseMultiple(pool.group, BigInt(i + 1)).toAffine();
      if (pool.logs[i] !== BigInt(i + 1) || !F.eql(Q.x, want.x) || !F.eql(Q.y, want.y)) fail(i, `not ${i + 1}·G`);
      continue;
    }
    const col = (i - SMALL) % COLS;
    const row = Math.floor((i - SMALL) / COLS);
    const a = A[col];
    const c = C[row];
    if (pool.logs[i] !== (wl.a[col] + wl.c[row]) % R) fail(i, 'its log is not the sum of its row and column logs');
    const dx = F.sub(c.x, a.x);
    const dy = F.sub(c.y, a.y);
    const ok = !F.is0(dx) && F.eql(F.mul(F.add(F.add(Q.x, a.x), c.x), F.sqr(dx)), F.sqr(dy)) && F.eql(F.mul(F.add(Q.y, a.y), dx), F.mul(dy, F.sub(a.x, Q.x)));
    if (!ok) fail(i, 'its point is not the sum of its row and column points');
  }
}

/** The affine coordinates of entry i, flattened (x, y or x.c0, x.c1, y.c0, y.c1), read from its bytes. */
export function poolCoords(pool: PointPool, i: number): bigint[] {
  const ps = POINT_SIZE[pool.group];
  return Array.from({ length: ps / 64 }, (_, j) => readBig(pool.bytes, i * ps + 64 * j + 16, 48));
}

/** The discrete log of the point a code names. */
export function logOfCode(pool: PointPool, code: number): bigint {
  if (code === INFINITY) return 0n;
  if (code >= 0) return pool.logs[code];
  return R - pool.logs[-2 - code];
}

/** Writes the encoding of the point a code names at out[at…] (infinity: zeros; the 16-byte paddings stay as they are, zero). */
export function writePoint(pool: PointPool, code: number, out: Uint8Array, at: number): void {
  const ps = POINT_SIZE[pool.group];
  if (code === INFINITY) {
    out.fill(0, at, at + ps);
    return;
  }
  if (code >= 0) {
    out.set(pool.bytes.subarray(code * ps, code * ps + ps), at);
    return;
  }
  // −P: y ↦ p − y (each Fp2 component of y; y ≠ 0 for a point of odd order)
  const i = -2 - code;
  out.set(pool.bytes.subarray(i * ps, i * ps + ps), at);
  for (let j = ps / 2; j < ps; j += 64) {
    const y = readBig(out, at + j + 16, 48);
    writeFp(out, at + j, y === 0n ? 0n : P_MOD - y);
  }
}
