/**
 * The WebAssembly kernels at volume, against BigInt: every field kernel (multiplication,
 * squaring, addition, subtraction, negation, the divstep and Fermat inversions, the Montgomery
 * conversions), Fp2 (multiplication, squaring, addition, subtraction, negation, inversion), batch
 * inversion (Fp and Fp2, zeros among the inputs), the batched affine pair sums (step 07's
 * kernels: P + Q, P = Q, P = −Q, y = 0; G1 and G2) and the fixed-base table builder (lockstep
 * batched doublings, identity and y = 0 bases; G1 and G2).
 *
 * Failure modes aimed at: a carry or a reduction that is wrong once in thousands of inputs (a
 * missed conditional subtraction, a limb that overflows on all-ones inputs), the boundaries of
 * the Montgomery form (0, 1, p − 1, inputs up to 2p − 1 for the multiplication, R, R², limb
 * boundaries 2^30k ± 1, all-ones and one-per-limb patterns), an inversion that fails on long runs
 * of zero or one bits, a batch that mixes up its zeros, a pair sum on the wrong branch, one build
 * of the module (SIMD, scalar) differing from the other.
 *
 * Each check runs a kernel once over whole arrays (the module's bulk exports: no JavaScript ↔
 * wasm round trip per input; inputs and outputs cross as words, converted in bulk): ≥ 10⁵ inputs
 * per kernel per gate run (structured pairs first, then structured × random, then random; a third
 * written to a fresh array, a third over each operand, as the point kernels call them in place),
 * ⌈1/VOLUME_SLICE⌉ of that under npm test. Expected values come from BigInt arithmetic modulo p
 * on the same limbs (inversions and point formulas through inversion-free identities:
 * a·a⁻¹ = 1, (x₃ + x₁ + x₂)(x₂ − x₁)² = (y₂ − y₁)², …), never from the module; the other
 * builds run the same inputs and must give the same bytes. Inputs come from the check's seed.
 */
import type { WasmField } from '../../src/optimized/wasm/backend.js';
import { align, ELEMENT_BYTES as E } from '../../src/optimized/wasm/layout.js';
import { check, suite, type CheckContext, type EngineCheck } from './check.js';
import { batchInvert, builds, fill, hex, inThirds, layout, mismatches, mod, operands, P, R, R2, read, RINV, rng, verdict } from './wasm-kernel-io.js';

const FILE = 'properties/wasm-kernels.test.ts';

/** Inputs per kernel per gate run. */
export const KERNEL_VOLUME = 100_000;

// ---- Fp -------------------------------------------------------------------------------------

const FP_OPS = ['mul', 'sqr', 'add', 'sub', 'neg', 'inv', 'invFermat', 'toMont', 'fromMont'] as const;
type FpOp = (typeof FP_OPS)[number];

const binary = (op: string) => op === 'mul' || op === 'add' || op === 'sub';

/** What each kernel must return for limb values a, b (Montgomery semantics where it applies). */
const FP_EXPECTED: Record<FpOp, (as: readonly bigint[], bs: readonly bigint[]) => bigint[]> = {
  mul: (as, bs) => as.map((a, i) => (a * bs[i] * RINV) % P),
  sqr: (as) => as.map((a) => (a * a * RINV) % P),
  add: (as, bs) => as.map((a, i) => (a + bs[i]) % P),
  sub: (as, bs) => as.map((a, i) => mod(a - bs[i])),
  neg: (as) => as.map((a) => mod(-a)),
  // (a/R)⁻¹·R as limbs = R²·a⁻¹; 0 ↦ 0
  inv: (as) => batchInvert(as).map((v) => (v * R2) % P),
  invFermat: (as) => batchInvert(as).map((v) => (v * R2) % P),
  toMont: (as) => as.map((a) => (a * R) % P),
  fromMont: (as) => as.map((a) => (a * RINV) % P),
};

/** Inputs each kernel accepts: the multiplication family up to 2p − 1 (a·b < p·R), the others canonical values. */
const fpBound = (op: FpOp) => (op === 'mul' || op === 'sqr' || op === 'toMont' || op === 'fromMont' ? 2n * P : P);

function checkFp(ctx: CheckContext, op: FpOp, seed: number): void {
  const n = ctx.volume(op === 'invFermat' ? KERNEL_VOLUME / 10 : KERNEL_VOLUME);
  const ins = operands(n, 2, fpBound(op), rng(seed));
  const as = ins.map((d) => d[0]);
  const bs = ins.map((d) => d[1]);
  const [F] = builds();
  const [A, B, O] = layout(F, [n, n, n]).arrs;
  fill(F, A, as);
  fill(F, B, bs);
  const run = (G: WasmField) => inThirds(G, n, E, A, B, O, (m, a, b, o, alias) => G.x.bulkFp(FP_OPS.indexOf(op), m, a, b, o, alias));
  verdict(`Fp ${op}`, F, n, [A.limbs, B.limbs + n * E], [O.limbs, O.limbs + n * E], run, () => {
    const bad = mismatches(F, O, FP_EXPECTED[op](as, bs), A);
    const got = bad.length ? read(F, O) : [];
    return bad.map((i) => `${op}(${hex(as[i])}${binary(op) ? `, ${hex(bs[i])}` : ''}) = ${hex(got[i])}`);
  });
}

// ---- Fp2 --------------------------------------------------------------------------------------

type Fp2 = [bigint, bigint];
function f2mul(a: Fp2, b: Fp2): Fp2 {
  const t0 = a[0] * b[0];
  const t1 = a[1] * b[1];
  return [mod(t0 - t1), mod((a[0] + a[1]) * (b[0] + b[1]) - t0 - t1)];
}
const addP = (x: bigint, y: bigint) => {
  const r = x + y;
  return r >= P ? r - P : r;
};
const subP = (x: bigint, y: bigint) => {
  const r = x - y;
  return r < 0n ? r + P : r;
};
/** Sum and difference of canonical pairs (no division). */
const f2add = (a: Fp2, b: Fp2): Fp2 => [addP(a[0], b[0]), addP(a[1], b[1])];
const f2sub = (a: Fp2, b: Fp2): Fp2 => [subP(a[0], b[0]), subP(a[1], b[1])];
const f2sqr = (a: Fp2) => f2mul(a, a);
/** a·b/R (the Montgomery product of limb values) and a·R. */
const f2mont = (a: Fp2, s: bigint): Fp2 => [(a[0] * s) % P, (a[1] * s) % P];
const ZERO2: Fp2 = [0n, 0n];
const f2hex = (a: Fp2) => `(${hex(a[0])}, ${hex(a[1])})`;

/** Fp2 inverses of many elements with one Fp inversion: (c0 − c1·u)/(c0² + c1²). */
function f2batchInvert(as: readonly Fp2[]): Fp2[] {
  const norms = batchInvert(as.map((a) => (a[0] * a[0] + a[1] * a[1]) % P));
  return as.map((a, i) => [(a[0] * norms[i]) % P, mod(-a[1] * norms[i])]);
}

const FP2_OPS = ['mul', 'sqr', 'add', 'sub', 'neg', 'inv'] as const;
type Fp2Op = (typeof FP2_OPS)[number];

const FP2_EXPECTED: Record<Fp2Op, (as: readonly Fp2[], bs: readonly Fp2[]) => Fp2[]> = {
  mul: (as, bs) => as.map((a, i) => f2mont(f2mul(a, bs[i]), RINV)),
  sqr: (as) => as.map((a) => f2mont(f2sqr(a), RINV)),
  add: (as, bs) => as.map((a, i) => f2add(a, bs[i])),
  sub: (as, bs) => as.map((a, i) => f2sub(a, bs[i])),
  neg: (as) => as.map((a) => f2sub(ZERO2, a)),
  // (a/R)⁻¹·R as limbs = R²·a⁻¹; 0 ↦ 0
  inv: (as) => f2batchInvert(as).map((v) => f2mont(v, R2)),
};

function checkFp2(ctx: CheckContext, op: Fp2Op, seed: number): void {
  const n = ctx.volume(KERNEL_VOLUME);
  // components: structured × structured pairs, then mixed; a real element (c1 = 0) one time in four
  const ins = operands(n, 4, P, rng(seed)).map((d, i) => (i % 4 === 2 ? [d[0], 0n, d[2], d[3]] : d));
  const as: Fp2[] = ins.map((d) => [d[0], d[1]]);
  const bs: Fp2[] = ins.map((d) => [d[2], d[3]]);
  const [F] = builds();
  const [A, B, O] = layout(F, [2 * n, 2 * n, 2 * n]).arrs;
  fill(F, A, as.flat());
  fill(F, B, bs.flat());
  const run = (G: WasmField) => inThirds(G, n, 2 * E, A, B, O, (m, a, b, o, alias) => G.x.bulkFp2(FP2_OPS.indexOf(op), m, a, b, o, alias));
  verdict(`Fp2 ${op}`, F, n, [A.limbs, B.limbs + 2 * n * E], [O.limbs, O.limbs + 2 * n * E], run, () => {
    const bad = mismatches(F, O, FP2_EXPECTED[op](as, bs).flat(), A).map((e) => e >> 1);
    const got = bad.length ? read(F, O) : [];
    return bad.map((i) => `${op}(${f2hex(as[i])}${binary(op) ? `, ${f2hex(bs[i])}` : ''}) = ${f2hex([got[2 * i], got[2 * i + 1]])}`);
  });
}

// ---- batch inversion --------------------------------------------------------------------------

function checkBatchInv(ctx: CheckContext, degree: 1 | 2, seed: number): void {
  const n = ctx.volume(KERNEL_VOLUME);
  const ins = operands(n, degree, P, rng(seed));
  // zeros among the inputs (every 7th, and a run of them)
  const as: Fp2[] = ins.map((d, i) => (i % 7 === 3 || (i >= 100 && i < 110) ? ZERO2 : [d[0], degree === 2 ? d[1] : 0n]));
  const [F] = builds();
  const [A, S, X] = layout(F, [degree * n, degree * n, degree * n]).arrs; // S: the batch's prefix products; X: expected words
  fill(F, A, degree === 2 ? as.flat() : as.map((a) => a[0]));
  const run = (G: WasmField) => G.x.batchInv(degree, A.limbs, n, S.limbs);
  const span: [number, number] = [A.limbs, A.limbs + degree * n * E];
  verdict(`batch inversion (${degree === 1 ? 'Fp' : 'Fp2'})`, F, n, span, span, run, () => {
    const want = degree === 1 ? batchInvert(as.map((a) => a[0])).map((v) => (v * R2) % P) : f2batchInvert(as).flatMap((v) => f2mont(v, R2));
    const bad = mismatches(F, A, want, X).map((e) => Math.floor(e / degree));
    return bad.map((i) => `entry ${i}: inv(${f2hex(as[i])})`);
  });
}

// ---- point kernels: pair sums and the table builder ---------------------------------------------
// Points are affine (x, y) as limb values (Montgomery: value·R); the expected sums are computed in
// BigInt on those, with one batch inversion of the denominators, like the kernels.

/** Field operations on limb values of degree 1 (as (x, 0)) or 2: Montgomery product a·b/R. */
const mm = (a: Fp2, b: Fp2): Fp2 => f2mont(f2mul(a, b), RINV);
const f2eq = (a: Fp2, b: Fp2) => a[0] === b[0] && a[1] === b[1];

/**
 * Affine sums of k pairs (a = (x₁, y₁), b = (x₂, y₂), limb values): null for the identity (P = −Q,
 * or P = Q with y = 0); λ = (y₂ − y₁)/(x₂ − x₁), or 3x₁²/2y₁ when P = Q, the denominators inverted
 * together. Inputs and outputs are limb values (Montgomery); inverses R²·d⁻¹ keep them so.
 */
function affineSums(pairs: readonly { x1: Fp2; y1: Fp2; x2: Fp2; y2: Fp2 }[]): ([Fp2, Fp2] | null)[] {
  const den: Fp2[] = pairs.map(({ x1, y1, x2, y2 }) => (!f2eq(x1, x2) ? f2sub(x2, x1) : f2eq(y1, y2) ? f2add(y1, y1) : ZERO2));
  const inv = f2batchInvert(den).map((v) => f2mont(v, R2));
  return pairs.map(({ x1, y1, x2, y2 }, i) => {
    if (f2eq(den[i], ZERO2)) return null;
    let num: Fp2;
    if (!f2eq(x1, x2)) num = f2sub(y2, y1);
    else {
      const t = mm(x1, x1);
      num = f2add(f2add(t, t), t);
    }
    const lam = mm(num, inv[i]);
    const x3 = f2sub(f2sub(mm(lam, lam), x1), x2);
    const y3 = f2sub(mm(lam, f2sub(x1, x3)), y1);
    return [x3, y3];
  });
}

/** Writes points (limb values) into `a` (x then y, `degree` elements each). */
function pointValues(degree: 1 | 2, pts: readonly [Fp2, Fp2][]): bigint[] {
  return pts.flatMap(([x, y]) => (degree === 2 ? [...x, ...y] : [x[0], y[0]]));
}

type PairKind = 'add' | 'double' | 'cancel' | 'zeroY';

/**
 * Pair sums (step 07's kernels) on k pairs: distinct x (an addition), P = Q (a doubling; y = 0:
 * the identity), P = −Q (the identity). The affine formulas need no curve equation, so the
 * points are arbitrary (x, y); every pair's output overwrites its first input, as the windows do.
 */
function checkPairSums(ctx: CheckContext, degree: 1 | 2, seed: number): void {
  const k = ctx.volume(KERNEL_VOLUME);
  const next = rng(seed);
  const per = 2 * degree; // elements per point
  const ins = operands(k, 2 * per, P, next);
  const el = (d: bigint[], j: number): Fp2 => [d[j * degree], degree === 2 ? d[j * degree + 1] : 0n];
  const kinds: PairKind[] = ins.map((_, i) => (i % 10 === 1 ? 'double' : i % 10 === 2 ? 'cancel' : i % 50 === 3 ? 'zeroY' : 'add'));
  const pairs = ins.map((d, i) => {
    const x1 = el(d, 0);
    const y1 = kinds[i] === 'zeroY' ? ZERO2 : el(d, 1);
    if (kinds[i] === 'double' || kinds[i] === 'zeroY') return { x1, y1, x2: x1, y2: y1 };
    if (kinds[i] === 'cancel') return { x1, y1, x2: x1, y2: f2sub(ZERO2, y1) };
    return { x1, y1, x2: el(d, 2), y2: el(d, 3) };
  });
  const [F] = builds();
  const extra = align(k) + 16 * k + 2 * k * degree * E + 256;
  const { arrs, end } = layout(F, [k * per, k * per, k * per], extra);
  const [A, B, X] = arrs;
  const flags = end;
  const ptr = align(flags + k);
  const den = align(ptr + 16 * k);
  const pre = den + k * degree * E;
  const firsts: [Fp2, Fp2][] = pairs.map((q) => [q.x1, q.y1]);
  const seconds: [Fp2, Fp2][] = pairs.map((q) => [q.x2, q.y2]);
  fill(F, A, pointValues(degree, firsts));
  fill(F, B, pointValues(degree, seconds));
  const PT = per * E;
  const u32 = F.uint32;
  for (let i = 0; i < k; i++) {
    u32[(ptr >>> 2) + i] = A.limbs + i * PT;
    u32[(ptr >>> 2) + k + i] = B.limbs + i * PT;
    u32[(ptr >>> 2) + 2 * k + i] = A.limbs + i * PT; // the output overwrites the first input
    u32[(ptr >>> 2) + 3 * k + i] = flags + i;
  }
  const run = (G: WasmField) => G.x.pairSums(degree, k, ptr, ptr + 4 * k, ptr + 8 * k, ptr + 12 * k, den, pre);
  // the output: the sums (over A) and their flags
  verdict(`pair sums (${degree === 1 ? 'G1' : 'G2'})`, F, k, [A.limbs, den], [A.limbs, ptr], run, () => {
    const sums = affineSums(pairs);
    // an identity output leaves the first input in place: the expected bytes are the input's there
    const outs = sums.map((s, i) => s ?? firsts[i]);
    const want = pointValues(degree, outs);
    const bad = new Set(mismatches(F, A, want, X).map((e) => Math.floor(e / per)));
    for (let i = 0; i < k && bad.size < 3; i++) if (F.bytes[flags + i] !== (sums[i] === null ? 0 : 1)) bad.add(i);
    return [...bad].map(
      (i) =>
        `${kinds[i]} pair ${i}: (${f2hex(pairs[i].x1)}, ${f2hex(pairs[i].y1)}) + (${f2hex(pairs[i].x2)}, ${f2hex(pairs[i].y2)}), flag ${F.bytes[flags + i]}`
    );
  });
}

/**
 * The table builder at width 1 (row j + 1 = row j doubled once) on ≈ 10⁵ doublings (bases ×
 * (rows − 1)), against the same lockstep doublings in BigInt; identity bases stay the identity and
 * a base with y = 0 doubles to the identity (its later rows: flag 0).
 */
function checkTableBuild(ctx: CheckContext, degree: 1 | 2, seed: number): void {
  const rows = 26;
  const n = Math.max(4, Math.ceil(ctx.volume(KERNEL_VOLUME) / (rows - 1)));
  const per = 2 * degree;
  const PT = per * E;
  const ins = operands(n, per, P, rng(seed));
  const live0 = ins.map((_, i) => i % 37 !== 5);
  const bases: [Fp2, Fp2][] = ins.map((d, i) => [[d[0], degree === 2 ? d[1] : 0n], i % 41 === 7 ? ZERO2 : [d[degree], degree === 2 ? d[degree + 1] : 0n]]);
  const [F] = builds();
  const { arrs, end } = layout(F, [n * per, n * rows * per], align(n) + align(n * rows) + n * PT + 256);
  const [A, O] = arrs;
  const flags = end;
  const outFlags = align(flags + n);
  const work = align(outFlags + n * rows);
  fill(F, A, pointValues(degree, bases));
  for (let i = 0; i < n; i++) F.bytes[flags + i] = live0[i] ? 1 : 0;
  const run = (G: WasmField) => G.x.tableBuild(degree, n, A.limbs, flags, rows, 1, O.limbs, outFlags, work);
  // the output: the entries and their flags
  verdict(`table build (${degree === 1 ? 'G1' : 'G2'})`, F, n * (rows - 1), [A.limbs, outFlags], [O.limbs, work], run, () => {
    // the same rows in BigInt: each step doubles every live point, the denominators inverted together
    const table: [Fp2, Fp2][] = new Array(n * rows);
    const live = live0.slice();
    let cur = bases.slice();
    for (let j = 0; j < rows; j++) {
      if (j > 0) {
        const sums = affineSums(cur.map(([x, y]) => ({ x1: x, y1: y, x2: x, y2: y })));
        cur = cur.map((pt, i) => {
          if (!live[i]) return pt;
          const s = sums[i];
          if (s === null) live[i] = false;
          return s ?? pt;
        });
      }
      for (let i = 0; i < n; i++) table[i * rows + j] = cur[i];
      for (let i = 0; i < n; i++) if (!live[i]) table[i * rows + j] = [ZERO2, ZERO2];
    }
    // an identity entry's coordinates are whatever the kernel left: compare the live entries and every flag
    const got = read(F, O);
    const bad: string[] = [];
    for (let i = 0; i < n && bad.length < 3; i++) {
      let on = live0[i];
      for (let j = 0; j < rows; j++) {
        const at = i * rows + j;
        const flag = F.bytes[outFlags + at];
        const want = table[at];
        if (j > 0 && on && f2eq(table[at - 1][1], ZERO2)) on = false;
        const off = at * per;
        const gx: Fp2 = [got[off], degree === 2 ? got[off + 1] : 0n];
        const gy: Fp2 = [got[off + degree], degree === 2 ? got[off + degree + 1] : 0n];
        if (flag !== (on ? 1 : 0) || (on && !(f2eq(gx, want[0]) && f2eq(gy, want[1])))) {
          bad.push(`base ${i} row ${j}: got (${f2hex(gx)}, ${f2hex(gy)}) flag ${flag}, want (${f2hex(want[0])}, ${f2hex(want[1])}) flag ${on ? 1 : 0}`);
          break;
        }
      }
    }
    return bad;
  });
}

export const CHECKS: EngineCheck[] = [
  ...suite(
    FILE,
    'wasm kernels at volume: Fp (BLS12-381 base field) against BigInt',
    FP_OPS.map((op, k) => [
      `${op}: ${op === 'invFermat' ? '10⁴' : '10⁵'} structured and random inputs in one call${fpBound(op) === P ? '' : ' (inputs up to 2p − 1)'}; every build`,
      (ctx: CheckContext) => checkFp(ctx, op, ctx.seed(k)),
    ])
  ),

  ...suite(
    FILE,
    'wasm kernels at volume: Fp2 = Fp[u]/(u² + 1) against BigInt',
    FP2_OPS.map((op, k) => [`${op}: 10⁵ structured and random inputs in one call; every build`, (ctx: CheckContext) => checkFp2(ctx, op, ctx.seed(100 + k))])
  ),

  ...suite(FILE, 'wasm kernels at volume: batch inversion (one inversion for the array; zeros stay zero)', [
    check('Fp: 10⁵ elements, one in seven zero, in one call; every build', (ctx) => checkBatchInv(ctx, 1, ctx.seed(200))),
    check('Fp2: 10⁵ elements, one in seven zero, in one call; every build', (ctx) => checkBatchInv(ctx, 2, ctx.seed(201))),
  ]),

  ...suite(FILE, 'wasm kernels at volume: batched affine pair sums (P + Q, P = Q, P = −Q, y = 0) sharing one inversion', [
    check('Fp (G1): 10⁵ pairs in one call; every build', (ctx) => checkPairSums(ctx, 1, ctx.seed(300))),
    check('Fp2 (G2): 10⁵ pairs in one call; every build', (ctx) => checkPairSums(ctx, 2, ctx.seed(301))),
  ]),

  ...suite(FILE, 'wasm kernels at volume: the fixed-base table builder (lockstep batched doublings)', [
    check('Fp (G1): ≈ 10⁵ doublings (width 1, 26 rows), identity and y = 0 bases, in one call; every build', (ctx) => checkTableBuild(ctx, 1, ctx.seed(400))),
    check('Fp2 (G2): ≈ 10⁵ doublings (width 1, 26 rows), identity and y = 0 bases, in one call; every build', (ctx) => checkTableBuild(ctx, 2, ctx.seed(401))),
  ]),
];
