// Windows of the bucket method in the WebAssembly backend: one whole window per call with
// mixed XYZZ bucket additions and the XYZZ running sum (`windowSum`), and step 01's
// interleaved wNAF walk (`strausSum`).
// @ts-nocheck
import { ONE } from './generated/layout';
import { copy, E, fneg, isZero, T } from './field';
import { accMixed, addMixed, addXyzz, doubleXyzz, xyzzToWords } from './xyzz';

/**
 * One window of the bucket method, entirely in wasm memory: every point i with digit d ≠ 0
 * (digits: n × i32; signed or unsigned) is added to bucket |d| − 1 (−P for d < 0) by mixed
 * XYZZ additions, then Σ_j (j+1)·B_j by a running sum of XYZZ additions. Writes the window sum
 * as plain projective words at out and returns 1, or returns 0 for the identity.
 * buckets: m × 4E bytes; used: m bytes.
 */
export function windowSum(n: i32, digits: usize, aff: usize, flags: usize, buckets: usize, used: usize, m: i32, out: usize): i32 {
  memory.fill(used, 0, <usize>m);
  const ny = T(40);
  const B4: usize = 4 * E;
  for (let i = 0; i < n; i++) {
    const d = load<i32>(digits + (<usize>i << 2));
    if (d == 0 || load<u8>(flags + i) == 0) continue;
    const j = <usize>((d > 0 ? d : -d) - 1);
    const x = aff + <usize>i * 2 * E;
    let y = x + E;
    if (d < 0) {
      fneg(ny, y);
      y = ny;
    }
    const b = buckets + j * B4;
    if (load<u8>(used + j) == 0) {
      copy(b, x);
      copy(b + E, y);
      copy(b + 2 * E, ONE);
      copy(b + 3 * E, ONE);
      store<u8>(used + j, 1);
    } else if (addMixed(b, x, y) == 0) store<u8>(used + j, 0);
  }
  // running sum from the top bucket down
  const run = T(44); // 4 slots: T(44..47)
  const sum = T(48); // T(48..51)
  let runOn = false;
  let sumOn = false;
  for (let j = m - 1; j >= 0; j--) {
    if (load<u8>(used + j)) {
      const b = buckets + <usize>j * B4;
      if (!runOn) {
        memory.copy(run, b, B4);
        runOn = true;
      } else runOn = addXyzz(run, b) != 0;
    }
    if (runOn) {
      if (!sumOn) {
        memory.copy(sum, run, B4);
        sumOn = true;
      } else sumOn = addXyzz(sum, run) != 0;
    }
  }
  if (!sumOn) return 0;
  xyzzToWords(out, sum);
  return 1;
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
export function strausSum(k: i32, top: i32, size: i32, digits: usize, aff: usize, flags: usize, out: usize): i32 {
  const acc = T(60); // T(60..63)
  const ny = T(64);
  let on = false;
  for (let b = top - 1; b >= 0; b--) {
    if (on) {
      doubleXyzz(acc);
      on = !isZero(acc + 2 * E);
    }
    for (let i = 0; i < k; i++) {
      const d = <i32>load<i8>(digits + <usize>i * <usize>top + <usize>b);
      if (d == 0) continue;
      const j = <usize>i * <usize>size + <usize>((d > 0 ? d : -d) >> 1);
      if (load<u8>(flags + j) == 0) continue;
      const x = aff + j * 2 * E;
      let y = x + E;
      if (d < 0) {
        fneg(ny, y);
        y = ny;
      }
      on = accMixed(acc, on, x, y);
      if (on && isZero(acc + 2 * E)) on = false;
    }
  }
  if (!on) return 0;
  xyzzToWords(out, acc);
  return 1;
}
