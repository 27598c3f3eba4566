/**
 * mulberry32: a small seeded 32-bit generator, so that a sample, a pool or a bootstrap is
 * replayable from its printed seed (not for secrets). `prng32` gives unsigned 32-bit integers,
 * `prngUnit` the same sequence as floats in [0, 1).
 */
export function prng32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The sequence of `prng32(seed)` as floats in [0, 1). */
export function prngUnit(seed: number): () => number {
  const next = prng32(seed);
  return () => next() / 2 ** 32;
}

/** The 32-bit FNV-1a hash of a string's UTF-16 code units: a fixed, short digest (seeds, file names). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
