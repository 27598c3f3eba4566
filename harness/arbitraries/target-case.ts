/**
 * Target cases: EIP-2537 MSM inputs, as bytes, from the adversarial classes a target is checked
 * on — the rows of the conformance matrix — each with its answer key (the discrete log of the
 * expected sum, or why a correct precompile rejects it).
 *
 * Valid classes (the reply must equal the expected sum):
 *   random-points    1…16 random points of the pool, uniform scalars
 *   generator        points equal to the generator G (and 2G, −G)
 *   infinity         some points are the point at infinity
 *   duplicates       repeated points
 *   negations        P and −P pairs
 *   scalar-zero-one  scalars 0 and 1 mixed with others
 *   scalar-near-r    r − 1, r, r + 1, k·r ± small (unreduced: the input carries them as given)
 *   scalar-above-r   scalars in [r, 2^256), up to 2^256 − 1
 *   booth-carry      window carry patterns (digits 2^(c−1) ± 1, all-ones windows, powers of two),
 *                    reduced or not
 *   size-boundaries  n at the sizes implementations switch at: powers of two and ±1 up to
 *                    maxN (≤ 4097), small-n thresholds (1…9, 15…17, 31…33, …)
 * Invalid classes (the reply must be a rejection): not-on-curve, not-in-subgroup,
 * coordinate-ge-p (a coordinate replaced by itself + p: the same point for a lazy reducer),
 * nonzero-padding, bad-length (a valid input with bytes added or cut), empty (k = 0).
 *
 * Points come from the pool of harness/targets/pool.ts (points with known logs, encoded once per
 * process), named by codes (pool index, infinity, negation): a case costs byte copies, its
 * answer key Σ sᵢ·logᵢ mod r a few bigint products, and the expected point one scalar
 * multiplication (check.ts). Points of the pool are in the subgroup by construction; only the
 * not-in-subgroup class builds a point outside it.
 *
 * Shrinking: every class draws arrays and numbers and maps them to bytes (no chain), so a
 * failure shrinks to few items, pool index 0 (G, then 2G, 3G, 4G) and small scalars. A case
 * prints as its protocol request line `g1 <hex>`. size-boundaries draws n, an affine walk over
 * the pool (distinct points) and a scalar seed (0: all ones) with up to 8 drawn overrides.
 */
import fc from 'fast-check';
import {
  COORD_NAMES,
  curveRhs,
  encodeCoordinates,
  flatCoords,
  ITEM_SIZE,
  NOBLE,
  P_MOD,
  POINT_SIZE,
  R_ORDER,
  requestLine,
  TARGET_MAX_N,
} from '../targets/eip2537.js';
import { INFINITY, logOfCode, negated, pointPool, poolCoords, writePoint, type PointPool } from '../targets/pool.js';
import { prng32 } from '../prng.js';
import type { Group } from '../targets/target.js';
import { scalarArb, scalarOfClass } from './scalars.js';

export const VALID_CLASSES = [
  'random-points',
  'generator',
  'infinity',
  'duplicates',
  'negations',
  'scalar-zero-one',
  'scalar-near-r',
  'scalar-above-r',
  'booth-carry',
  'size-boundaries',
] as const;
export const INVALID_CLASSES = ['not-on-curve', 'not-in-subgroup', 'coordinate-ge-p', 'nonzero-padding', 'bad-length', 'empty'] as const;
export type TargetClass = (typeof VALID_CLASSES)[number] | (typeof INVALID_CLASSES)[number];
/** Every class, valid first: the rows of the conformance matrix. */
export const TARGET_CLASSES: readonly TargetClass[] = Object.freeze([...VALID_CLASSES, ...INVALID_CLASSES]);

export function isValidClass(k: string): boolean {
  return (VALID_CLASSES as readonly string[]).includes(k);
}

export interface TargetCase {
  group: Group;
  /** The EIP-2537 MSM input bytes. */
  input: Uint8Array;
  klass: TargetClass;
  /** Whether a correct precompile accepts it. */
  valid: boolean;
  /** Items (points) in the input; for bad-length the whole items before the cut. */
  n: number;
  /** Discrete logs of the points (valid classes): Pᵢ = logs[i]·G. */
  logs?: bigint[];
  /** Valid classes: the discrete log of the expected sum, Σ sᵢ·logᵢ mod r. */
  sumLog?: bigint;
  /** Invalid classes: why a correct precompile rejects it (item and rule). */
  reason?: string;
}

export interface TargetCaseOptions {
  group: Group;
  /** Largest number of points (≥ 1). */
  maxN: number;
  /** Smallest number of points of the valid classes (default 1). */
  minN?: number;
  /** Classes to draw (default all). */
  classes?: readonly TargetClass[];
  /** Seed of the point pool (default 0): a campaign passes its own, so campaigns differ in their points too. */
  poolSeed?: number;
}

/** Largest n drawn item by item (the other sizes come from size-boundaries). */
const SMALL_N = 16;
const TWO_256 = 1n << 256n;
const R = R_ORDER;
const MASK64 = (1n << 64n) - 1n;

/** The size boundaries up to maxN: 1…9, then 2^k − 1, 2^k, 2^k + 1 for 2^k ≤ 4096. */
export function sizeBoundaries(maxN: number): number[] {
  const out = new Set<number>([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (let k = 4; k <= 12; k++) for (const d of [-1, 0, 1]) out.add((1 << k) + d);
  return [...out].filter((n) => n <= maxN).sort((a, b) => a - b);
}

/** Scalars that are ≥ r or next to r: r − 1, r, r + 1, 2r ± small, 2^256 − 1 …. */
function nearRArb(): fc.Arbitrary<bigint> {
  const maxMult = (TWO_256 - 1n) / R; // 2
  return fc.oneof(
    fc.constantFrom(R - 1n, R, R + 1n, 2n * R - 1n, 2n * R, 2n * R + 1n, TWO_256 - 1n),
    fc.tuple(fc.bigInt({ min: 1n, max: maxMult }), fc.bigInt({ min: -1000n, max: 1000n })).map(([m, d]) => m * R + d)
  );
}

/**
 * Scalars in [r, 2^256): 2^255 (the top bit alone), 2^256 − 1, or uniform. A failing one first
 * shrinks to 2^255 (cross-shrink to the first arbitrary): a plain bigInt shrink towards r
 * bisects down to 2^255 in ~250 accepted steps, hundreds of target calls that a time-limited
 * shrink cut short on a loaded machine (leaving several points instead of one).
 */
function aboveRArb(): fc.Arbitrary<bigint> {
  return fc.oneof({ withCrossShrink: true }, fc.constant(1n << 255n), fc.constant(TWO_256 - 1n), fc.bigInt({ min: R, max: TWO_256 - 1n }));
}

/** A carry pattern (reduced), optionally lifted by a multiple of r while it stays < 2^256. */
function boothArb(): fc.Arbitrary<bigint> {
  const base = fc.oneof(scalarOfClass(R, 'carryPattern'), scalarOfClass(R, 'allOnesWindows'), scalarOfClass(R, 'powerOfTwo'));
  return fc.tuple(base, fc.nat(2)).map(([s, m]) => (s + BigInt(m) * R < TWO_256 ? s + BigInt(m) * R : s));
}

type Edit = [a: number, b: number];

/** Indexes mod n. */
function apply<T>(xs: T[], edits: readonly Edit[], f: (xs: T[], i: number, j: number) => void): T[] {
  const n = xs.length;
  if (n > 0) for (const [a, b] of edits) f(xs, a % n, b % n);
  return xs;
}

/** Items drawn one by one: point codes (harness/targets/pool.ts) and scalars. */
interface Drawn {
  codes: number[];
  scalars: bigint[];
}

/**
 * minN…min(maxN, 16) (code, scalar) items. The array is drawn one item shorter than minN allows
 * and padded with (0, 1) items (G with scalar 1): fast-check's array shrinker can only remove an
 * item in front of the last one when the array may get shorter than its minimum, so without
 * this a failure caused by the first item alone would stay at two items.
 */
function itemsArb(maxN: number, minN: number, code: fc.Arbitrary<number>, scalar: fc.Arbitrary<bigint>): fc.Arbitrary<Drawn> {
  const min = Math.max(1, minN);
  return fc.array(fc.tuple(code, scalar), { minLength: min - 1, maxLength: Math.max(min, Math.min(maxN, SMALL_N)) }).map((items) => {
    const all: [number, bigint][] = [...items];
    while (all.length < min) all.push([0, 1n]);
    return { codes: all.map((x) => x[0]), scalars: all.map((x) => x[1]) };
  });
}

const editsArb = (min = 1) => fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: min, maxLength: 6 });

function validArb(klass: Exclude<(typeof VALID_CLASSES)[number], 'size-boundaries'>, pool: PointPool, maxN: number, minN: number): fc.Arbitrary<Drawn> {
  const uniform = fc.bigInt({ min: 0n, max: R - 1n });
  const index = fc.nat({ max: pool.size - 1 });
  /** Items of pool points, then `f` applied to their codes at each drawn pair of indices (mod n). */
  const edited = (min: number, f: (cs: number[], i: number, j: number) => void) =>
    fc.record({ d: itemsArb(maxN, min, index, scalarArb(R)), edits: editsArb() }).map(({ d, edits }) => ({ ...d, codes: apply(d.codes, edits, f) }));
  switch (klass) {
    case 'random-points':
      return itemsArb(maxN, minN, index, uniform);
    case 'generator':
      return itemsArb(maxN, minN, fc.constantFrom(0, 0, 0, 1, negated(0)), scalarArb(R));
    case 'infinity':
      return edited(minN, (cs, i) => (cs[i] = INFINITY));
    case 'duplicates':
      return edited(Math.max(minN, 2), (cs, i, j) => (cs[i] = cs[j]));
    case 'negations':
      return edited(Math.max(minN, 2), (cs, i, j) => {
        // codes of pool entries only here, so cs[j] ≥ 0 or a negation made by an earlier edit
        if (i !== j) cs[i] = cs[j] >= 0 ? negated(cs[j]) : -2 - cs[j];
      });
    case 'scalar-zero-one':
      return itemsArb(maxN, minN, index, fc.oneof(fc.constantFrom(0n, 1n), uniform));
    case 'scalar-near-r':
      return itemsArb(maxN, minN, index, fc.oneof({ arbitrary: nearRArb(), weight: 3 }, { arbitrary: uniform, weight: 1 }));
    case 'scalar-above-r':
      return itemsArb(maxN, minN, index, fc.oneof({ arbitrary: aboveRArb(), weight: 3 }, { arbitrary: uniform, weight: 1 }));
    case 'booth-carry':
      return itemsArb(maxN, minN, index, boothArb());
  }
}

/** Writes a scalar < 2^256 as 32 bytes big-endian. */
function writeScalar(view: DataView, at: number, s: bigint): void {
  view.setBigUint64(at, s >> 192n);
  view.setBigUint64(at + 8, (s >> 128n) & MASK64);
  view.setBigUint64(at + 16, (s >> 64n) & MASK64);
  view.setBigUint64(at + 24, s & MASK64);
}

/** The input of drawn items, with the points' logs and the sum's log. */
function buildDrawn(pool: PointPool, d: Drawn): { input: Uint8Array; logs: bigint[]; sumLog: bigint } {
  const { group } = pool;
  const item = ITEM_SIZE[group];
  const n = d.codes.length;
  const input = new Uint8Array(n * item);
  const view = new DataView(input.buffer);
  const logs: bigint[] = new Array(n);
  let t = 0n;
  for (let i = 0; i < n; i++) {
    writePoint(pool, d.codes[i], input, i * item);
    writeScalar(view, i * item + POINT_SIZE[group], d.scalars[i]);
    logs[i] = logOfCode(pool, d.codes[i]);
    t += d.scalars[i] * logs[i];
  }
  return { input, logs, sumLog: t % R };
}

/** r's top 32 bits: a first word below it keeps a drawn scalar below r. */
const R_TOP32 = Number(R >> 224n);

/**
 * n from the size boundaries; points (a + i·b) mod N of the pool (distinct: N is prime, b ≠ 0);
 * scalars from a 32-bit PRNG seeded by the drawn seed (seed 0: all ones), uniform below r, with
 * up to 8 drawn overrides (any class, including ≥ r) at drawn indices.
 */
function sizedArb(pool: PointPool, maxN: number, minN: number): fc.Arbitrary<{ input: Uint8Array; logs: bigint[]; sumLog: bigint }> {
  const sizes = sizeBoundaries(maxN).filter((n) => n >= minN);
  const ns = sizes.length > 0 ? sizes : [Math.max(1, minN)];
  const N = pool.size;
  return fc
    .record({
      n: fc.constantFrom(...ns),
      a: fc.nat(),
      b: fc.nat(),
      seed: fc.nat(),
      overrides: fc.array(fc.tuple(fc.nat(), fc.oneof(scalarArb(R), nearRArb(), aboveRArb())), { maxLength: 8 }),
    })
    .map(({ n, a, b, seed, overrides }) => {
      const step = 1 + (b % (N - 1));
      const next = prng32(seed);
      const codes = Array.from({ length: n }, (_, i) => (a + i * step) % N);
      // eight 32-bit words, big-endian, the first one below r's
      const scalars = codes.map(() => {
        if (seed === 0) return 1n;
        let s = BigInt(next() % R_TOP32);
        for (let w = 1; w < 8; w++) s = (s << 32n) | BigInt(next());
        return s;
      });
      for (const [i, s] of overrides) scalars[i % n] = s;
      return buildDrawn(pool, { codes, scalars });
    });
}

// ---------------------------------------------------------------------------------------------
// Invalid inputs: a valid input (mostly small) with one item corrupted.

/** A point on E (y² = x³ + b over Fp / Fp2) that is not in the prime-order subgroup, from a start x. */
export function nonSubgroupPoint(group: Group, start: bigint): bigint[] {
  const { F, Point } = NOBLE[group];
  for (let x0 = start % P_MOD; ; x0 = (x0 + 1n) % P_MOD) {
    const x = group === 'g1' ? x0 : F.fromBigTuple([x0, 1n]);
    let y: any;
    try {
      y = F.sqrt(curveRhs(group, x));
    } catch {
      continue;
    }
    if (!Point.fromAffine({ x, y }).isTorsionFree()) return flatCoords(group, { x, y });
  }
}

const nonSubgroupCache = new Map<string, bigint[]>();
function nonSubgroupCached(group: Group, start: bigint): bigint[] {
  const key = `${group}:${start}`;
  let v = nonSubgroupCache.get(key);
  if (!v) {
    v = nonSubgroupPoint(group, start);
    if (nonSubgroupCache.size > 256) nonSubgroupCache.clear();
    nonSubgroupCache.set(key, v);
  }
  return v;
}

/** 5…maxN items (a size boundary or any n): distinct pool points in an affine walk, scalars below r from a PRNG. */
function largeDrawnArb(pool: PointPool, maxN: number): fc.Arbitrary<Drawn> {
  const N = pool.size;
  const bounds = sizeBoundaries(maxN).filter((n) => n > 4);
  const n = fc.oneof(...(bounds.length ? [fc.constantFrom(...bounds)] : []), fc.integer({ min: 5, max: maxN }));
  return fc.record({ n, a: fc.nat(), b: fc.nat(), seed: fc.nat() }).map(({ n, a, b, seed }) => {
    const step = 1 + (b % (N - 1));
    const next = prng32(seed);
    const codes = Array.from({ length: n }, (_, i) => (a + i * step) % N);
    return { codes, scalars: codes.map(() => (BigInt(next() % R_TOP32) << 224n) | BigInt(next())) };
  });
}

type InvalidDrawn = Omit<TargetCase, 'group' | 'klass' | 'valid'>;

function invalidArb(klass: (typeof INVALID_CLASSES)[number], pool: PointPool, maxN: number): fc.Arbitrary<InvalidDrawn> {
  const { group } = pool;
  if (klass === 'empty') return fc.constant({ input: new Uint8Array(0), n: 0, reason: 'empty input (k = 0)' });
  const item = ITEM_SIZE[group];
  const psize = POINT_SIZE[group];
  const coords = group === 'g1' ? 2 : 4;
  // mostly 1…4 items (they shrink well); a quarter at any size up to maxN, its boundaries included,
  // so that a check skipped on large inputs only is caught too (the corrupted item anywhere)
  const small = itemsArb(Math.min(maxN, 4), 1, fc.nat({ max: pool.size - 1 }), scalarArb(R));
  const items = maxN > 4 ? fc.oneof({ arbitrary: small, weight: 3 }, { arbitrary: largeDrawnArb(pool, maxN), weight: 1 }) : small;
  const base = fc.record({ d: items, at: fc.nat() });
  // the drawn items' input (fresh bytes: the caller corrupts them), their count and the item `a` picks
  const build = (d: Drawn, a: number) => ({ input: buildDrawn(pool, d).input, n: d.codes.length, i: a % d.codes.length });
  const lengthReason = (len: number) => `input length ${len} is not a multiple of the ${group.toUpperCase()} item size ${item}`;
  switch (klass) {
    case 'not-on-curve':
      // (x, y + 1): y² ≠ (y + 1)² since 2y + 1 ≠ 0 for a point of the subgroup (y = (p − 1)/2 would need x³ + 4 = 1/4)
      return fc.record({ b: base, which: fc.nat(coords - 1) }).map(({ b: { d, at: a }, which }) => {
        const { input, n, i } = build(d, a);
        const c = poolCoords(pool, d.codes[i]);
        // change the last coordinate (y, or y.c1 for G2) by one
        const j = group === 'g1' ? 1 : 2 + (which % 2);
        c[j] = (c[j] + 1n) % P_MOD;
        input.set(encodeCoordinates(c), i * item);
        return { input, n, reason: `item ${i}: point is not on the curve (${COORD_NAMES[group][j]} + 1)` };
      });
    case 'not-in-subgroup':
      return fc.record({ b: base, x: fc.bigInt({ min: 0n, max: 64n }) }).map(({ b: { d, at: a }, x }) => {
        const { input, n, i } = build(d, a);
        input.set(encodeCoordinates(nonSubgroupCached(group, x)), i * item);
        return { input, n, reason: `item ${i}: point is on the curve but not in the prime-order subgroup` };
      });
    case 'coordinate-ge-p':
      return fc.record({ b: base, which: fc.nat(coords - 1), plainFFs: fc.boolean() }).map(({ b: { d, at: a }, which, plainFFs }) => {
        const { input, n, i } = build(d, a);
        const c = poolCoords(pool, d.codes[i]);
        // c + p encodes the same residue (a reducing decoder accepts it); 2^384 − 1 is just too big
        c[which] = plainFFs ? (1n << 384n) - 1n : c[which] + P_MOD;
        input.set(encodeCoordinates(c), i * item);
        return { input, n, reason: `item ${i}: ${COORD_NAMES[group][which]} is not < p (${plainFFs ? '2^384 − 1' : 'coordinate + p'})` };
      });
    case 'nonzero-padding':
      return fc
        .record({ b: base, field: fc.nat(coords - 1), byte: fc.nat(15), value: fc.integer({ min: 1, max: 255 }) })
        .map(({ b: { d, at: a }, field, byte, value }) => {
          const { input, n, i } = build(d, a);
          input[i * item + field * 64 + byte] = value;
          return { input, n, reason: `item ${i}: ${COORD_NAMES[group][field]}: nonzero padding byte at offset ${byte}` };
        });
    case 'bad-length':
      return fc.record({ b: base, delta: fc.integer({ min: 1, max: item - 1 }), cut: fc.boolean() }).map(({ b: { d }, delta, cut }) => {
        const { input: full } = buildDrawn(pool, d);
        if (cut) return { input: full.slice(0, full.length - delta), n: d.codes.length - 1, reason: lengthReason(full.length - delta) };
        const input = new Uint8Array(full.length + delta);
        input.set(full);
        // the extra bytes look like the start of another item (a point's padding is zero)
        input.fill(1, full.length + Math.min(delta, psize));
        return { input, n: d.codes.length, reason: lengthReason(input.length) };
      });
  }
}

// ---------------------------------------------------------------------------------------------

function withLine(c: TargetCase): TargetCase {
  Object.defineProperty(c, fc.toStringMethod, { value: () => requestLine(c.group, c.input), enumerable: false });
  return c;
}

function checkOptions(o: TargetCaseOptions): void {
  if (o.group !== 'g1' && o.group !== 'g2') throw new RangeError(`targetCaseArb: group must be 'g1' or 'g2', got ${JSON.stringify(o.group)}`);
  if (!Number.isSafeInteger(o.maxN) || o.maxN < 1 || o.maxN > TARGET_MAX_N)
    throw new RangeError(`targetCaseArb: maxN must be an integer in [1, ${TARGET_MAX_N}], got ${o.maxN}`);
  const minN = o.minN ?? 1;
  if (!Number.isSafeInteger(minN) || minN < 1 || minN > o.maxN)
    throw new RangeError(`targetCaseArb: minN must be an integer in [1, maxN = ${o.maxN}], got ${minN}`);
  for (const [i, k] of (o.classes ?? []).entries())
    if (!TARGET_CLASSES.includes(k))
      throw new RangeError(`targetCaseArb: classes[${i}] = ${JSON.stringify(k)} is not a class: allowed ${TARGET_CLASSES.join(', ')}`);
  if (o.classes && o.classes.length === 0) throw new RangeError('targetCaseArb: classes must not be empty');
  if (o.poolSeed !== undefined && !Number.isSafeInteger(o.poolSeed)) throw new RangeError(`targetCaseArb: poolSeed must be an integer, got ${o.poolSeed}`);
}

/** Cases of one class. */
export function targetCaseOfClass(klass: TargetClass, o: Omit<TargetCaseOptions, 'classes'>): fc.Arbitrary<TargetCase> {
  checkOptions({ ...o, classes: [klass] });
  const { group, maxN } = o;
  const minN = o.minN ?? 1;
  const pool = pointPool(group, maxN, o.poolSeed ?? 0);
  if (klass === 'size-boundaries') return sizedArb(pool, maxN, minN).map((b) => withLine({ group, klass, valid: true, n: b.logs.length, ...b }));
  if (isValidClass(klass))
    return validArb(klass as Exclude<(typeof VALID_CLASSES)[number], 'size-boundaries'>, pool, maxN, minN).map((d) =>
      withLine({ group, klass, valid: true, n: d.codes.length, ...buildDrawn(pool, d) })
    );
  return invalidArb(klass as (typeof INVALID_CLASSES)[number], pool, maxN).map((c) => withLine({ group, klass, valid: false, ...c }));
}

/** Cases from every given class (default all), equally weighted. */
export function targetCaseArb(o: TargetCaseOptions): fc.Arbitrary<TargetCase> {
  checkOptions(o);
  const classes = o.classes ?? TARGET_CLASSES;
  const { classes: _omit, ...rest } = o;
  return fc.oneof(...classes.map((k) => targetCaseOfClass(k, rest)));
}
