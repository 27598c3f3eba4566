// Loading points into the WebAssembly backend: plain projective words → affine Montgomery
// points with one batch inversion.
// @ts-nocheck
import { fmul, fromWords } from './generated/field';
import { PROJ_WORDS_BYTES } from './generated/layout';
import { copy, E, isZero, toMont } from './field';
import { batchInv } from './inversion';

/**
 * n projective points given as plain 384-bit words (X, Y, Z: 18 u64 = 144 bytes each, from the
 * glue) → affine Montgomery points at aff (2E each) and flags (1 byte each: 0 = identity).
 * Z = 1 needs no inversion; a Z equal to the previous point's (GLV's φ(P) shares P's Z) is
 * inverted once. zs, scratch: n·E bytes each.
 */
export function loadPoints(n: i32, words: usize, aff: usize, flags: usize, zs: usize, scratch: usize): void {
  for (let i = 0; i < n; i++) {
    const w = words + <usize>i * PROJ_WORDS_BYTES;
    const x = aff + <usize>i * 2 * E;
    const y = x + E;
    const z = zs + <usize>i * E;
    fromWords(z, w + 96);
    if (isZero(z)) {
      store<u8>(flags + i, 0);
      continue;
    }
    fromWords(x, w);
    fromWords(y, w + 48);
    toMont(x, x);
    toMont(y, y);
    if (load<u64>(w + 96) == 1 && load<u64>(w + 104) == 0 && load<u64>(w + 112) == 0 && load<u64>(w + 120) == 0 && load<u64>(w + 128) == 0 && load<u64>(w + 136) == 0) {
      store<u8>(flags + i, 2); // Z = 1: already affine
      memory.fill(z, 0, E);
    } else if (i > 0 && memory.compare(w + 96, w - PROJ_WORDS_BYTES + 96, 48) == 0 && load<u8>(flags + i - 1) >= 1) {
      store<u8>(flags + i, load<u8>(flags + i - 1) == 2 ? 2 : 3); // same Z as point i − 1
      memory.fill(z, 0, E);
    } else {
      store<u8>(flags + i, 1);
      toMont(z, z);
    }
  }
  batchInv(zs, n, scratch);
  for (let i = 0; i < n; i++) {
    const f = load<u8>(flags + i);
    if (f == 0 || f == 2) continue;
    const z = zs + <usize>i * E;
    if (f == 3) copy(z, z - E);
    const x = aff + <usize>i * 2 * E;
    fmul(x, x, z);
    fmul(x + E, x + E, z);
  }
  // flags 2/3 → 1 (non-identity) for the accumulators
  for (let i = 0; i < n; i++) if (load<u8>(flags + i) != 0) store<u8>(flags + i, 1);
}
