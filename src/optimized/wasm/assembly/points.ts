// Loading points into the WebAssembly backend: plain projective words → affine Montgomery
// points with one batch inversion. Generic over the coordinate field f (Fp1 for G1, Fp2 for G2).
// @ts-nocheck
import { batchInvOf } from './inversion';

/** Whether the `bytes` bytes of words at w are the integer 1 (an Fp2 one: c0 = 1, c1 = 0). */
@inline function wordsAreOne(w: usize, bytes: usize): bool {
  if (load<u64>(w) != 1) return false;
  for (let k: usize = 8; k < bytes; k += 8) if (load<u64>(w + k) != 0) return false;
  return true;
}

/**
 * n projective points given as plain 384-bit words (X, Y, Z: 3·W bytes each, W = f.wordsBytes(),
 * from the glue) → affine Montgomery points at aff (2E each, E = f.size()) and flags (1 byte
 * each: 0 = identity). Z = 1 needs no inversion; a Z equal to the previous point's (GLV's φ(P)
 * shares P's Z) is inverted once. zs, scratch: n·E bytes each.
 */
export function loadPointsOf<F>(f: F, n: i32, words: usize, aff: usize, flags: usize, zs: usize, scratch: usize): void {
  const E = f.size();
  const W = f.wordsBytes();
  const PW: usize = 3 * W;
  for (let i = 0; i < n; i++) {
    const w = words + <usize>i * PW;
    const x = aff + <usize>i * 2 * E;
    const y = x + E;
    const z = zs + <usize>i * E;
    f.fromWords(z, w + 2 * W);
    if (f.isZero(z)) {
      store<u8>(flags + i, 0);
      continue;
    }
    f.fromWords(x, w);
    f.fromWords(y, w + W);
    f.toMont(x, x);
    f.toMont(y, y);
    if (wordsAreOne(w + 2 * W, W)) {
      store<u8>(flags + i, 2); // Z = 1: already affine
      memory.fill(z, 0, E);
    } else if (i > 0 && memory.compare(w + 2 * W, w - PW + 2 * W, W) == 0 && load<u8>(flags + i - 1) >= 1) {
      store<u8>(flags + i, load<u8>(flags + i - 1) == 2 ? 2 : 3); // same Z as point i − 1
      memory.fill(z, 0, E);
    } else {
      store<u8>(flags + i, 1);
      f.toMont(z, z);
    }
  }
  batchInvOf<F>(f, zs, n, scratch);
  for (let i = 0; i < n; i++) {
    const fl = load<u8>(flags + i);
    if (fl == 0 || fl == 2) continue;
    const z = zs + <usize>i * E;
    if (fl == 3) f.copy(z, z - E);
    const x = aff + <usize>i * 2 * E;
    f.mul(x, x, z);
    f.mul(x + E, x + E, z);
  }
  // flags 2/3 → 1 (non-identity) for the accumulators
  for (let i = 0; i < n; i++) if (load<u8>(flags + i) != 0) store<u8>(flags + i, 1);
}
