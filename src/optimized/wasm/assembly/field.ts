// Field helpers of the WebAssembly backend over the generated Montgomery kernels
// (./generated/field.ts): set-up, copies, comparisons, negation, conversions, Fermat inversion.
// Elements: LIMBS little-endian 30-bit limbs (ELEMENT_BYTES bytes), Montgomery form with
// R = 2^390, modulus set at run time (`init`), so one module serves BLS12-381 Fp and the toy
// curve alike (one instance per modulus). Layout: ../layout.ts (generated into ./generated/layout.ts).
// @ts-nocheck
import { fmul, fsqr, fsub, loadModulus, MULS } from './generated/field';
import { ELEMENT_BYTES, EXPP, MOD, ONE, ONE2, PLAIN1, R2, TEMP, TEMP2, ZERO } from './generated/layout';

export const E: usize = ELEMENT_BYTES;
let EXPBITS: i32 = 0;

/** Temporary slot i (64 bytes; ranges by concern in ../layout.ts). */
@inline export function T(i: usize): usize {
  return TEMP + (i << 6);
}

/** Fp2 temporary slot i (128 bytes). */
@inline export function T2(i: usize): usize {
  return TEMP2 + (i << 7);
}

export function init(pinv: u32, expBits: i32): void {
  loadModulus(MOD, pinv);
  EXPBITS = expBits;
  memory.copy(ONE2, ONE, E);
  memory.fill(ONE2 + E, 0, E);
}

/** Multiplications (squarings included) done so far, as a float (exact below 2^53). */
export function mulCount(): f64 {
  return MULS as f64;
}

@inline export function copy(o: usize, a: usize): void {
  memory.copy(o, a, E);
}

export function isZero(a: usize): bool {
  let acc: u32 = 0;
  for (let i: usize = 0; i < E; i += 4) acc |= load<u32>(a + i);
  return acc == 0;
}

export function eq(a: usize, b: usize): bool {
  let acc: u32 = 0;
  for (let i: usize = 0; i < E; i += 4) acc |= load<u32>(a + i) ^ load<u32>(b + i);
  return acc == 0;
}

export function fneg(o: usize, a: usize): void {
  fsub(o, ZERO, a);
}

export function toMont(o: usize, a: usize): void {
  fmul(o, a, R2);
}

export function fromMont(o: usize, a: usize): void {
  fmul(o, a, PLAIN1);
}

/** o = a^(p−2) = a^−1 (Fermat; a fixed sequence of squarings and multiplications); 0 ↦ 0. */
export function finvFermat(o: usize, a: usize): void {
  const acc = T(0);
  const base = T(1);
  copy(base, a);
  copy(acc, ONE);
  for (let bit = EXPBITS - 1; bit >= 0; bit--) {
    fsqr(acc, acc);
    const limb = load<u32>(EXPP + ((<usize>(bit / 30)) << 2));
    if ((limb >> (<u32>(bit % 30))) & 1) fmul(acc, acc, base);
  }
  copy(o, acc);
}

/** c ← a·b repeated `count` times (benchmark of the multiplication alone, no call overhead per mul). */
export function mulChain(a: usize, b: usize, count: i32): void {
  for (let i = 0; i < count; i++) fmul(a, a, b);
}
