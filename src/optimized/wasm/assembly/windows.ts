// Windows of the bucket method in the WebAssembly backend: one whole window per call with
// mixed XYZZ bucket additions and the XYZZ running sum (`windowSumOf`), and step 01's
// interleaved wNAF walk (`strausSumOf`), and the window combination (`hornerSumOf`). Generic over
// the coordinate field f (E = f.size()).
// @ts-nocheck
import { accMixed, accXyzz, doubleXyzz, xyzzOut } from './xyzz';

/**
 * One window of the bucket method, entirely in wasm memory: every point i with digit d ≠ 0
 * (digits: n × i32; signed or unsigned) is added to bucket |d| − 1 (−P for d < 0) by mixed
 * XYZZ additions, then Σ_j (j+1)·B_j by a running sum of XYZZ additions. Writes the window sum
 * as plain projective words at out and returns 1, or returns 0 for the identity.
 * buckets: m × 4E bytes; used: m bytes.
 */
export function windowSumOf<F>(f: F, n: i32, digits: usize, aff: usize, flags: usize, buckets: usize, used: usize, m: i32, out: usize): i32 {
  const E = f.size();
  memory.fill(used, 0, <usize>m);
  const ny = f.tmp(40);
  const B4: usize = 4 * E;
  for (let i = 0; i < n; i++) {
    const d = load<i32>(digits + (<usize>i << 2));
    if (d == 0 || load<u8>(flags + i) == 0) continue;
    const j = <usize>((d > 0 ? d : -d) - 1);
    const x = aff + <usize>i * 2 * E;
    let y = x + E;
    if (d < 0) {
      f.neg(ny, y);
      y = ny;
    }
    store<u8>(used + j, <u8>accMixed<F>(f, buckets + j * B4, load<u8>(used + j) != 0, x, y));
  }
  // running sum from the top bucket down
  const run = f.tmp(44); // 4 slots: f.tmp(44..47)
  const sum = f.tmp(48); // f.tmp(48..51)
  let runOn = false;
  let sumOn = false;
  for (let j = m - 1; j >= 0; j--) {
    if (load<u8>(used + j)) runOn = accXyzz<F>(f, run, runOn, buckets + <usize>j * B4, true);
    sumOn = accXyzz<F>(f, sum, sumOn, run, runOn);
  }
  return xyzzOut<F>(f, out, sum, sumOn);
}

/**
 * Step 01's interleaved wNAF sum (the `straus` slot) in wasm: k points with `size` odd multiples
 * each, affine at aff (entry j = i·size + m is (2m + 1)·P_i at aff + j·2E; flags: one byte per
 * entry, 0 = identity), digits k × top signed bytes (point i's digit at bit b: digits + i·top + b).
 * From the top bit down: acc ← 2·acc, then acc ← acc ± entry(i, (|d| − 1)/2) for every non-zero
 * digit d, by mixed XYZZ additions (P = Q and P = −Q handled by addMixed; a doubling that lands
 * on the identity, ZZ = 0, clears the flag). Writes the sum as plain projective words at out
 * and returns 1, or returns 0 for the identity.
 */
export function strausSumOf<F>(f: F, k: i32, top: i32, size: i32, digits: usize, aff: usize, flags: usize, out: usize): i32 {
  const E = f.size();
  const acc = f.tmp(60); // f.tmp(60..63)
  const ny = f.tmp(64);
  let on = false;
  for (let b = top - 1; b >= 0; b--) {
    if (on) {
      doubleXyzz<F>(f, acc);
      on = !f.isZero(acc + 2 * E);
    }
    for (let i = 0; i < k; i++) {
      const d = <i32>load<i8>(digits + <usize>i * <usize>top + <usize>b);
      if (d == 0) continue;
      const j = <usize>i * <usize>size + <usize>((d > 0 ? d : -d) >> 1);
      if (load<u8>(flags + j) == 0) continue;
      const x = aff + j * 2 * E;
      let y = x + E;
      if (d < 0) {
        f.neg(ny, y);
        y = ny;
      }
      on = accMixed<F>(f, acc, on, x, y);
      if (on && f.isZero(acc + 2 * E)) on = false;
    }
  }
  return xyzzOut<F>(f, out, acc, on);
}

/**
 * The window combination (Horner) over k window sums, affine at aff (flags: one byte each, 0 =
 * identity), window k − 1 the highest: acc ← 2^c·acc + W_w from the top down, in XYZZ (no
 * doubling while acc is the identity; a doubling or an addition that lands on it clears acc).
 * Writes the sum as plain projective words at out and returns 1, or returns 0 for the identity.
 */
export function hornerSumOf<F>(f: F, k: i32, c: i32, aff: usize, flags: usize, out: usize): i32 {
  const E = f.size();
  const acc = f.tmp(60); // f.tmp(60..63)
  let on = false;
  for (let w = k - 1; w >= 0; w--) {
    for (let t = 0; t < c && on; t++) {
      doubleXyzz<F>(f, acc);
      on = !f.isZero(acc + 2 * E);
    }
    if (load<u8>(flags + w) == 0) continue;
    const x = aff + <usize>w * 2 * E;
    on = accMixed<F>(f, acc, on, x, x + E);
    if (on && f.isZero(acc + 2 * E)) on = false;
  }
  return xyzzOut<F>(f, out, acc, on);
}
