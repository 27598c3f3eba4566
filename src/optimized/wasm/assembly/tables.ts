// Fixed-base tables (step 10's prepare()) built in the WebAssembly backend: the shifted copies
// 2^(c·j)·P_i of n affine points, every point doubled in lockstep with one shared inversion per
// doubling step (batched affine doubling). Generic over the coordinate field f (E = f.size()).
// @ts-nocheck
import { affineOnSlope } from './batch-affine';
import { batchInvOf } from './inversion';
import { tripleSquare } from './xyzz';

/** (x, y) ← 2·(x, y) in affine, given dInv = (2y)^−1: λ = 3x²·dInv (3M + 2S with the batch share). */
@inline function doubleWith<F>(f: F, x: usize, dInv: usize): void {
  const lam = f.tmp(70), t = f.tmp(71), x3 = f.tmp(72);
  tripleSquare<F>(f, lam, t, x);
  affineOnSlope<F>(f, x, x, x, lam, dInv, t, x3);
}

/**
 * The table of n affine points at aff (flags: one byte each, 0 = the identity) for `rows` rows of
 * width c: entry k = i·rows + j is 2^(c·j)·P_i, affine at out + k·2E with its flag at outFlags + k
 * (0 = the identity). Row j + 1 is row j doubled c times; each doubling step doubles every live
 * point of the row with one inversion for all of them (the denominators 2y go through batchInvOf):
 * 5M + 2S per doubling and the inversion's share. A point with y = 0 doubles to the identity.
 * work: 2·n·E bytes.
 */
export function tableBuildOf<F>(f: F, n: i32, aff: usize, flags: usize, rows: i32, c: i32, out: usize, outFlags: usize, work: usize): void {
  const E = f.size();
  const E2: usize = 2 * E;
  const R = <usize>rows;
  const den = work;
  const pre = work + <usize>n * E;
  for (let i = 0; i < n; i++) {
    const k = <usize>i * R;
    memory.copy(out + k * E2, aff + <usize>i * E2, E2);
    store<u8>(outFlags + k, load<u8>(flags + i));
  }
  for (let j: usize = 1; j < R; j++) {
    for (let i = 0; i < n; i++) {
      const k = <usize>i * R + j;
      memory.copy(out + k * E2, out + (k - 1) * E2, E2);
      store<u8>(outFlags + k, load<u8>(outFlags + k - 1));
    }
    for (let t = 0; t < c; t++) {
      for (let i = 0; i < n; i++) {
        const k = <usize>i * R + j;
        const d = den + <usize>i * E;
        const y = out + k * E2 + E;
        if (load<u8>(outFlags + k) == 0) memory.fill(d, 0, E);
        else f.add(d, y, y);
      }
      batchInvOf<F>(f, den, n, pre);
      for (let i = 0; i < n; i++) {
        const k = <usize>i * R + j;
        if (load<u8>(outFlags + k) == 0) continue;
        const d = den + <usize>i * E;
        if (f.isZero(d)) {
          store<u8>(outFlags + k, 0); // y = 0: 2P is the identity
          continue;
        }
        const x = out + k * E2;
        doubleWith<F>(f, x, d);
      }
    }
  }
}
