// Batched affine arithmetic of the WebAssembly backend: pairwise rounds that share one
// inversion (step 07's accumulation, `windowSumBAOf`) and step 08's segmented running sum
// (`reduceSegmented`), over the pair-sum kernels `pairDenominator` / `pairSum`. Generic over
// the coordinate field f (E = f.size()).
// @ts-nocheck
import { batchInvOf } from './inversion';
import { accMixed, accXyzz, doubleXyzz, tripleSquare, xyzzOut } from './xyzz';

/** The denominator of the affine sum a + b into dk: x_b − x_a, 2·y_a when a = b, 0 when a = −b. */
@inline
export function pairDenominator<F>(f: F, dk: usize, a: usize, b: usize): void {
  const E = f.size();
  if (!f.eq(a, b)) f.sub(dk, b, a);
  else if (f.eq(a + E, b + E)) f.add(dk, a + E, a + E);
  else memory.fill(dk, 0, E); // P = −Q
}

/**
 * o ← a + b on the line through them of slope λ = num·dInv (num is overwritten by λ):
 * x3 = λ² − x_a − x_b, y3 = λ·(x_a − x3) − y_a (1M + 1S after λ). o may be a or b: a's y is
 * read before o + E is written, x3 goes to o last. t, x3: scratch elements.
 */
@inline
export function affineOnSlope<F>(f: F, o: usize, a: usize, xb: usize, num: usize, dInv: usize, t: usize, x3: usize): void {
  const E = f.size();
  f.mul(num, num, dInv);
  f.sqr(x3, num);
  f.sub(x3, x3, a);
  f.sub(x3, x3, xb);
  f.sub(t, a, x3);
  f.mul(t, num, t);
  f.sub(o + E, t, a + E);
  f.copy(o, x3);
}

/** o = a + b (affine), dk the inverted denominator (λ = (y_b − y_a)·dk, or 3x²·dk when a = b); o may be a or b. */
@inline
export function pairSum<F>(f: F, o: usize, a: usize, b: usize, dk: usize): void {
  const E = f.size();
  const lam = f.tmp(32), t = f.tmp(33), x3 = f.tmp(34);
  if (!f.eq(a, b)) {
    f.sub(lam, b + E, a + E);
  } else {
    tripleSquare<F>(f, lam, t, a);
  }
  affineOnSlope<F>(f, o, a, b, lam, dk, t, x3);
}

/**
 * windowSumBAOf's rounds over the bucket-sorted points (bucket j: len[j] points at
 * pool + start[j]·2E): while some bucket holds 2 or more, each such bucket adds its points in
 * disjoint pairs, all the round's pairs sharing one inversion (den, pre: ⌈n/2⌉ elements each);
 * a cancelled pair drops out, an odd point moves on. active: m i32 of scratch.
 */
@inline
function pairRounds<F>(f: F, m: i32, pool: usize, start: usize, len: usize, active: usize, den: usize, pre: usize): void {
  const E = f.size();
  const E2: usize = 2 * E;
  let na = 0;
  for (let j = 0; j < m; j++) if (load<i32>(len + (<usize>j << 2)) >= 2) store<i32>(active + (<usize>(na++) << 2), j);
  while (na > 0) {
    // denominators of every pair of the round
    let k: usize = 0;
    for (let q = 0; q < na; q++) {
      const j = <usize>load<i32>(active + (<usize>q << 2));
      const s = pool + <usize>load<i32>(start + (j << 2)) * E2;
      const half = load<i32>(len + (j << 2)) >> 1;
      for (let u = 0; u < half; u++) {
        const a = s + <usize>(2 * u) * E2;
        const b = a + E2;
        const dk = den + k * E;
        pairDenominator<F>(f, dk, a, b);
        k++;
      }
    }
    batchInvOf<F>(f, den, <i32>k, pre);
    k = 0;
    let nn = 0;
    for (let q = 0; q < na; q++) {
      const j = <usize>load<i32>(active + (<usize>q << 2));
      const s = pool + <usize>load<i32>(start + (j << 2)) * E2;
      const l = load<i32>(len + (j << 2));
      const half = l >> 1;
      let nl = 0;
      for (let u = 0; u < half; u++) {
        const a = s + <usize>(2 * u) * E2;
        const b = a + E2;
        const dk = den + k * E;
        k++;
        if (f.isZero(dk)) continue; // cancelled
        pairSum<F>(f, s + <usize>nl * E2, a, b, dk);
        nl++;
      }
      if (l & 1) {
        memory.copy(s + <usize>nl * E2, s + <usize>(l - 1) * E2, E2);
        nl++;
      }
      store<i32>(len + (j << 2), nl);
      if (nl >= 2) store<i32>(active + (<usize>(nn++) << 2), <i32>j);
    }
    na = nn;
  }
}

/**
 * One window with batched affine accumulation (step 07's pairwise rounds, in wasm): the
 * window's points (x, ±y) are sorted by bucket (counting sort); in each round every bucket with
 * k ≥ 2 pending points adds them in ⌊k/2⌋ disjoint pairs, and all pairs of the round share one
 * inversion (Montgomery's trick): 6M per addition (3M share, 2M + 1S) instead of 10 for the
 * mixed XYZZ addition. P = Q doubles (λ = 3x²/2y), P = −Q cancels (the pair drops out). Then
 * the running sum as in `windowSumOf`, with mixed additions for `running += B_j` (affine
 * buckets). work: see `baWorkBytesOf`. Returns 1 and writes the window sum at out, or 0.
 */
export function windowSumBAOf<F>(f: F, n: i32, digits: usize, aff: usize, flags: usize, m: i32, work: usize, out: usize, segs: i32): i32 {
  const E = f.size();
  const start = work; // (m + 1) i32
  const len = start + ((<usize>m + 1) << 2); // m i32
  const active = len + (<usize>m << 2); // m i32
  const pool = (active + (<usize>m << 2) + 63) & ~63; // n × 2E
  const den = pool + <usize>n * 2 * E; // ⌈n/2⌉ × E
  const pre = den + ((<usize>n + 1) >> 1) * E; // ⌈n/2⌉ × E
  memory.fill(start, 0, (<usize>m + 1) << 2);
  memory.fill(len, 0, <usize>m << 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = load<i32>(digits + (<usize>i << 2));
    if (d == 0 || load<u8>(flags + i) == 0) continue;
    const j = <usize>(d > 0 ? d : -d);
    store<i32>(start + (j << 2), load<i32>(start + (j << 2)) + 1);
    total++;
  }
  if (total == 0) return 0;
  for (let j = 0; j < m; j++) {
    const a = start + (<usize>j << 2);
    store<i32>(a + 4, load<i32>(a + 4) + load<i32>(a));
  }
  const E2: usize = 2 * E;
  for (let i = 0; i < n; i++) {
    const d = load<i32>(digits + (<usize>i << 2));
    if (d == 0 || load<u8>(flags + i) == 0) continue;
    const j = <usize>((d > 0 ? d : -d) - 1);
    const l = load<i32>(len + (j << 2));
    store<i32>(len + (j << 2), l + 1);
    const dst = pool + <usize>(load<i32>(start + (j << 2)) + l) * E2;
    const src = aff + <usize>i * E2;
    f.copy(dst, src);
    if (d > 0) f.copy(dst + E, src + E);
    else f.neg(dst + E, src + E);
  }
  pairRounds<F>(f, m, pool, start, len, active, den, pre);
  if (segs > 0) return reduceSegmented<F>(f, m, pool, start, len, segs, (pre + ((<usize>n + 1) >> 1) * E + 63) & ~63, out);
  // running sum over the affine buckets
  const run = f.tmp(44);
  const sum = f.tmp(48);
  let runOn = false;
  let sumOn = false;
  for (let j = m - 1; j >= 0; j--) {
    if (load<i32>(len + (<usize>j << 2)) == 1) {
      const b = pool + <usize>load<i32>(start + (<usize>j << 2)) * E2;
      runOn = accMixed<F>(f, run, runOn, b, b + E);
    }
    sumOn = accXyzz<F>(f, sum, sumOn, run, runOn);
  }
  return xyzzOut<F>(f, out, sum, sumOn);
}

/** Bytes of the `work` area windowSumBAOf needs for n points and m buckets over elements of E bytes (segmented reduction included). */
export function baWorkBytesOf(E: i32, n: i32, m: i32): i32 {
  return ((3 * m + 1) * 4 + 63) / 64 * 64 + n * 2 * E + ((n + 1) >> 1) * 2 * E + 64 + segWorkBytes(E, m);
}

/** Bytes reduceSegmented needs for at most m segments. */
function segWorkBytes(E: i32, m: i32): i32 {
  return m * (4 * E + 2) + 2 * m * (2 * E + 16) + 256;
}

/**
 * k affine additions out_i = a_i + b_i sharing one inversion (Montgomery's trick); pa, pb, po:
 * k u32 pointers to affine points (x, then y at +E), pf: k u32 pointers to the output's flag
 * byte (set to 1, or 0 when a_i = −b_i). P = Q doubles (λ = 3x²/2y). Outputs are written in
 * order, each after its inputs are read: out_i may be a_i or b_i, and an input of a later pair
 * may be an earlier pair's output only if it is the same pair's input. den, pre: k·E bytes each.
 */
export function batchAddPairs<F>(f: F, k: i32, pa: usize, pb: usize, po: usize, pf: usize, den: usize, pre: usize): void {
  const E = f.size();
  for (let i = 0; i < k; i++) {
    const a = <usize>load<u32>(pa + (<usize>i << 2));
    const b = <usize>load<u32>(pb + (<usize>i << 2));
    const dk = den + <usize>i * E;
    pairDenominator<F>(f, dk, a, b);
  }
  batchInvOf<F>(f, den, k, pre);
  for (let i = 0; i < k; i++) {
    const a = <usize>load<u32>(pa + (<usize>i << 2));
    const b = <usize>load<u32>(pb + (<usize>i << 2));
    const o = <usize>load<u32>(po + (<usize>i << 2));
    const fl = <usize>load<u32>(pf + (<usize>i << 2));
    const dk = den + <usize>i * E;
    if (f.isZero(dk)) {
      store<u8>(fl, 0);
      continue;
    }
    pairSum<F>(f, o, a, b, dk);
    store<u8>(fl, 1);
  }
}

/**
 * Step 08's segmented running sum over affine buckets (bucket j: the point at pool + start[j]·2E
 * when len[j] = 1, else empty), in wasm: S segments of L = ⌈m/S⌉ buckets run side by side; at
 * each step every segment does sum_s += running_s and running_s += B_{sL+t−1}, all 2S affine
 * additions of the step sharing one inversion; then Σ_s sum_s + L·Σ_{s≥1} s·R_s in XYZZ. Writes
 * the window sum at out and returns 1, or returns 0 for the identity. work: segWorkBytes(E, m).
 */
function reduceSegmented<F>(f: F, m: i32, pool: usize, start: usize, len: usize, segs: i32, work: usize, out: usize): i32 {
  const E = f.size();
  const S = segs < m ? segs : m;
  const L = (m + S - 1) / S;
  const E2: usize = 2 * E;
  const run = work; // S × 2E
  const sm = run + <usize>S * E2; // S × 2E
  const rf = sm + <usize>S * E2; // S bytes
  const sf = rf + <usize>S; // S bytes
  const pa = (sf + <usize>S + 3) & ~3; // 2S u32 each
  const pb = pa + (<usize>S << 3);
  const po = pb + (<usize>S << 3);
  const pf = po + (<usize>S << 3);
  const den = pf + (<usize>S << 3); // 2S × E
  const pre = den + <usize>(2 * S) * E; // 2S × E
  memory.fill(rf, 0, <usize>(2 * S));
  for (let t = L; t >= 0; t--) {
    let k: usize = 0;
    for (let s = 0; s < S; s++) {
      const r = run + <usize>s * E2;
      const sp = sm + <usize>s * E2;
      if (load<u8>(rf + s) && t < L) {
        if (!load<u8>(sf + s)) {
          memory.copy(sp, r, E2);
          store<u8>(sf + s, 1);
        } else {
          store<u32>(pa + (k << 2), <u32>sp);
          store<u32>(pb + (k << 2), <u32>r);
          store<u32>(po + (k << 2), <u32>sp);
          store<u32>(pf + (k << 2), <u32>(sf + s));
          k++;
        }
      }
      if (t > 0) {
        const j = s * L + t - 1;
        if (j < m && load<i32>(len + (<usize>j << 2)) == 1) {
          const b = pool + <usize>load<i32>(start + (<usize>j << 2)) * E2;
          if (!load<u8>(rf + s)) {
            memory.copy(r, b, E2);
            store<u8>(rf + s, 1);
          } else {
            store<u32>(pa + (k << 2), <u32>r);
            store<u32>(pb + (k << 2), <u32>b);
            store<u32>(po + (k << 2), <u32>r);
            store<u32>(pf + (k << 2), <u32>(rf + s));
            k++;
          }
        }
      }
    }
    if (k > 0) batchAddPairs<F>(f, <i32>k, pa, pb, po, pf, den, pre);
  }
  // tail: Σ_s sum_s + L·Σ_{s≥1} s·R_s
  const total = f.tmp(44); // f.tmp(44..47)
  const racc = f.tmp(48); // f.tmp(48..51)
  const acc = f.tmp(52); // f.tmp(52..55)
  const mult = f.tmp(56); // f.tmp(56..59)
  let totalOn = false;
  for (let s = 0; s < S; s++) if (load<u8>(sf + s)) totalOn = accMixed<F>(f, total, totalOn, sm + <usize>s * E2, sm + <usize>s * E2 + E);
  let rOn = false;
  let aOn = false;
  for (let s = S - 1; s >= 1; s--) {
    if (load<u8>(rf + s)) rOn = accMixed<F>(f, racc, rOn, run + <usize>s * E2, run + <usize>s * E2 + E);
    aOn = accXyzz<F>(f, acc, aOn, racc, rOn);
  }
  let mOn = false;
  for (let bit = 31 - clz<i32>(L); bit >= 0; bit--) {
    if (mOn) doubleXyzz<F>(f, mult);
    if ((L >>> bit) & 1) mOn = accXyzz<F>(f, mult, mOn, acc, aOn);
  }
  totalOn = accXyzz<F>(f, total, totalOn, mult, mOn);
  return xyzzOut<F>(f, out, total, totalOn);
}
