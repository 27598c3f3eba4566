/**
 * The memory layout of the WebAssembly backend (step 12, wasmField), stated once.
 *
 * Both sides read it from here: the JavaScript glue (backend.ts, msm.ts) imports it, and scripts/gen-wasm-field.ts writes it into the AssemblyScript sources as
 * src/optimized/wasm/assembly/generated/layout.ts (typed constants), which the kernels import.
 * The module also exports DATA, so the glue can tell a module built from another layout.
 *
 * Elements: LIMBS little-endian limbs of LIMB_BITS bits (one u32 each, ELEMENT_BYTES bytes),
 * Montgomery form with R = 2^R_BITS. Integers cross the boundary as WORDS_BYTES-byte blocks
 * of six little-endian u64 words (canonical, < 2^384). An Fp2 element c0 + c1·u is two
 * elements (c0 then c1, FP2_BYTES); a G2 coordinate is one Fp2 element.
 *
 *   [0, SCR)                   AssemblyScript's own data (none with the stub runtime)
 *   [SCR, SCR + 1024)          constants: MOD, ONE, R2, PLAIN1, EXPP, ZERO; IO slots; R3
 *   [ONE2, ONE2 + 256)         the Fp2 constant 1
 *   [TEMP, TEMP + 128·64)      temporaries: T(i) = TEMP + 64·i, i < TEMP_SLOTS (Fp)
 *   [TEMP2, TEMP2 + 96·128)    Fp2 temporaries: T2(i) = TEMP2 + 128·i, i < TEMP2_SLOTS
 *   [DATA, …)                  arrays laid out by the glue (points, digits, buckets, tables);
 *                              the glue grows the memory as it needs
 *
 * Temporary slots by concern (each function keeps to its range, so callers' slots survive); the
 * point kernels are generic over the field (Fp: T(i), Fp2: T2(i), same i): field 0–1, batch
 * inversion 2–4, divsteps 6–9, doublings 10–15, additions 20–27, output 30, pair sums 32–35,
 * windows 40–59, straus walk 60–64, table doublings 70–72; Fp2 arithmetic (Fp slots) 100–115.
 */

/** Limbs per element. */
export const LIMBS = 13;
/** Bits per limb. */
export const LIMB_BITS = 30;
/** Bytes per element (one u32 per limb). */
export const ELEMENT_BYTES = 4 * LIMBS;
/** Montgomery radix R = 2^R_BITS. */
export const R_BITS = LIMBS * LIMB_BITS;
/** Bytes of one Fp2 element (two elements). */
export const FP2_BYTES = 2 * ELEMENT_BYTES;
/** The largest modulus supported is below 2^MAX_MODULUS_BITS (six 64-bit words). */
export const MAX_MODULUS_BITS = 384;
/** Bytes of one integer as six little-endian u64 words. */
export const WORDS_BYTES = 48;
/** Bytes of a projective point as words: X, Y, Z. */
export const PROJ_WORDS_BYTES = 3 * WORDS_BYTES;

/** Start of the constants. */
export const SCR = 65536;
/** The modulus p (plain limbs). */
export const MOD = SCR;
/** R mod p (Montgomery 1). */
export const ONE = SCR + 64;
/** R² mod p (toMont multiplies by it). */
export const R2 = SCR + 128;
/** The integer 1 (fromMont multiplies by it). */
export const PLAIN1 = SCR + 192;
/** p − 2 in plain limbs (the Fermat inversion exponent). */
export const EXPP = SCR + 256;
/** The element 0. */
export const ZERO = SCR + 320;
/** Bytes of one IO slot; IO_SLOTS of them start at IO. */
export const IO_SLOT = 64;
export const IO_SLOTS = 8;
/** Element / word slots the glue uses for single values (IO + k·IO_SLOT, k < IO_SLOTS). */
export const IO = SCR + 384;
/** The IO slot the glue converts through (element ↔ words). */
export const IO_CONVERT = IO + 6 * IO_SLOT;
/** The IO slot holding the words of a conversion. */
export const IO_WORDS = IO + 7 * IO_SLOT;
/** R³ mod p (turns a plain inverse of a·R into a^−1·R). */
export const R3 = SCR + 960;
/** The Fp2 element 1 (ONE, then the element 0). */
export const ONE2 = SCR + 1024;
/** Temporaries: TEMP_SLOTS slots of TEMP_SLOT bytes. */
export const TEMP = SCR + 1280;
export const TEMP_SLOT = 64;
export const TEMP_SLOTS = 128;
/** Fp2 temporaries: TEMP2_SLOTS slots of TEMP2_SLOT bytes. */
export const TEMP2 = TEMP + TEMP_SLOT * TEMP_SLOTS;
export const TEMP2_SLOT = 128;
export const TEMP2_SLOTS = 96;
/** Where the glue's arrays start. */
export const DATA = 2 * 65536;
/** Byte alignment of the glue's arrays. */
export const ALIGN = 64;

/** The constants the generated AssemblyScript layout holds (name → value, all byte counts or addresses). */
export const LAYOUT: Readonly<Record<string, number>> = Object.freeze({
  LIMBS,
  LIMB_BITS,
  ELEMENT_BYTES,
  R_BITS,
  FP2_BYTES,
  WORDS_BYTES,
  PROJ_WORDS_BYTES,
  SCR,
  MOD,
  ONE,
  R2,
  PLAIN1,
  EXPP,
  ZERO,
  IO,
  IO_SLOT,
  R3,
  ONE2,
  TEMP,
  TEMP_SLOT,
  TEMP_SLOTS,
  TEMP2,
  TEMP2_SLOT,
  TEMP2_SLOTS,
  DATA,
});

/** Rounds a byte address up to ALIGN. */
export const align = (x: number): number => (x + ALIGN - 1) & ~(ALIGN - 1);
