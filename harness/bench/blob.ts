/**
 * The KZG rows' blob: 4096 seeded canonical field elements (big-endian, 32 bytes each), and its
 * parse back to scalars. No imports, so that the cold-start child (speed-cold-child.ts) can build
 * its blob before it imports the library it times (hence r written out here: the curve objects
 * that hold it are the library).
 */

/** The BLS12-381 scalar field order r (G1.order). */
export const BLS_R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

export const BLOB_FIELD_ELEMENTS = 4096;

/**
 * A seeded blob of 4096 canonical field elements (a 64-bit LCG, four words per element, reduced
 * mod r); seed 0 is the blob every KZG suite has used.
 */
export function makeBlob(seed = 0): { blob: Uint8Array; frs: bigint[] } {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`makeBlob: seed must be a safe integer, got ${seed}`);
  let s = BigInt(seed) ^ 0x9e3779b97f4a7c15n;
  const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
  const frs = Array.from({ length: BLOB_FIELD_ELEMENTS }, () => ((next() << 192n) | (next() << 128n) | (next() << 64n) | next()) % BLS_R);
  const blob = new Uint8Array(32 * BLOB_FIELD_ELEMENTS);
  frs.forEach((x, i) => {
    for (let k = 31, v = x; k >= 0; k--, v >>= 8n) blob[32 * i + k] = Number(v & 0xffn);
  });
  return { blob, frs };
}

/** The blob's field elements (big-endian words; RangeError naming the index when one is not below r). */
export function blobScalars(blob: Uint8Array): bigint[] {
  if (blob.length !== 32 * BLOB_FIELD_ELEMENTS) throw new RangeError(`blob must be ${32 * BLOB_FIELD_ELEMENTS} bytes, got ${blob.length}`);
  const out = new Array<bigint>(BLOB_FIELD_ELEMENTS);
  for (let i = 0; i < BLOB_FIELD_ELEMENTS; i++) {
    let hex = '0x';
    for (let k = 0; k < 32; k++) hex += blob[32 * i + k].toString(16).padStart(2, '0');
    const x = BigInt(hex);
    if (x >= BLS_R) throw new RangeError(`blob[${i}] is not a canonical field element (must be < r)`);
    out[i] = x;
  }
  return out;
}
