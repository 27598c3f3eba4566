/**
 * The interleaved wNAF sum of step 01's small-n path (Straus), over the `Field` interface: the
 * baseline's provider of the `straus` slot (step 12 runs the same walk in wasm).
 *
 * Input: k points' tables of `size` odd multiples, flattened (point i's (2m + 1)·P_i at
 * i·size + m, projective, identities allowed), and each point's signed digits (least significant
 * first, at least `top` of them). The tables go to affine with one batch inversion; one XYZZ
 * accumulator walks the bits from the top: one doubling per bit, one mixed addition per non-zero
 * digit (−entry for a negative digit). An identity entry (only for a point of small order
 * outside the prime-order subgroup) comes back null from the conversion and is skipped.
 */
import type { Field } from '../../curve/index.js';
import { toAffineAll } from './affine.js';
import type { Proj } from './projective.js';
import { xyzzAddAffine, xyzzDouble, xyzzIdentity, xyzzToProjective } from './xyzz.js';

export function strausSum<F>(F: Field<F>, entries: readonly Proj<F>[], digits: readonly Int8Array[], size: number, top: number): Proj<F> {
  const aff = toAffineAll(F, entries);
  let acc = xyzzIdentity(F);
  for (let bit = top - 1; bit >= 0; bit--) {
    acc = xyzzDouble(F, acc); // the identity doubles for free
    for (let k = 0; k < digits.length; k++) {
      const d = digits[k][bit];
      if (d === 0) continue;
      const e = aff[k * size + ((d > 0 ? d : -d) >> 1)];
      if (e === null) continue;
      acc = xyzzAddAffine(F, acc, e.x, d > 0 ? e.y : F.neg(e.y));
    }
  }
  return xyzzToProjective(F, acc);
}
