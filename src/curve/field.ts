/**
 * The coordinate-field interface every engine step computes with.
 *
 * The engine never calls a curve library's point arithmetic in its hot loops: it works on
 * coordinates through this small interface (mul, sqr, add, sub, neg, inv, batch inverse), so
 *  - a counting field can be swapped in to count multiplications and inversions per MSM
 *    (counts do not jitter the way timings do on a shared machine), and
 *  - a faster backend (e.g. WebAssembly limbs) can be added later without touching the steps.
 *
 * Elements are opaque to the engine: `bigint` for Fp, `{ c0, c1 }` objects for Fp2 (G2).
 */
import { invert } from '@noble/curves/abstract/modular.js';

export interface Field<F> {
  /** Name used in error messages and reports ("Fp", "Fp2", ...). */
  readonly name: string;
  /** Characteristic of the field. */
  readonly ORDER: bigint;
  readonly ZERO: F;
  readonly ONE: F;
  add(a: F, b: F): F;
  sub(a: F, b: F): F;
  neg(a: F): F;
  mul(a: F, b: F): F;
  sqr(a: F): F;
  /** Multiplicative inverse; throws a RangeError on zero. */
  inv(a: F): F;
  eql(a: F, b: F): boolean;
  isZero(a: F): boolean;
  /** Inverts every element with one field inversion (Montgomery's trick); zeros stay zero. */
  batchInv(values: readonly F[]): F[];
  /** Small integer constant as a field element (used for 3·b and similar). */
  fromSmall(n: number): F;
}

/**
 * Montgomery's trick over any field: 3 multiplications per element and one inversion.
 * Zero entries are skipped and come back as zero, so callers need no special case.
 */
export function batchInvert<F>(F: Field<F>, values: readonly F[]): F[] {
  const n = values.length;
  const out = new Array<F>(n);
  const prefix = new Array<F>(n);
  let acc = F.ONE;
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (F.isZero(v)) continue;
    prefix[i] = acc; // product of the non-zero values before i
    acc = F.mul(acc, v);
    nonZero++;
  }
  let inv = nonZero === 0 ? F.ZERO : F.inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i];
    if (F.isZero(v)) {
      out[i] = F.ZERO;
      continue;
    }
    out[i] = F.mul(inv, prefix[i]);
    inv = F.mul(inv, v);
  }
  return out;
}

/** The BigInt prime field Z/pZ, elements are canonical bigints in [0, p). */
export function primeField(p: bigint, name = 'Fp'): Field<bigint> {
  if (typeof p !== 'bigint' || p < 3n) throw new RangeError(`primeField: expected an odd prime p >= 3, got ${String(p)}`);
  const F: Field<bigint> = {
    name,
    ORDER: p,
    ZERO: 0n,
    ONE: 1n,
    add: (a, b) => {
      const c = a + b;
      return c >= p ? c - p : c;
    },
    sub: (a, b) => {
      const c = a - b;
      return c < 0n ? c + p : c;
    },
    neg: (a) => (a === 0n ? 0n : p - a),
    mul: (a, b) => (a * b) % p,
    sqr: (a) => (a * a) % p,
    inv: (a) => {
      if (a === 0n) throw new RangeError(`${name}.inv: cannot invert zero`);
      return invert(a, p);
    },
    eql: (a, b) => a === b,
    isZero: (a) => a === 0n,
    batchInv: (values) => batchInvert(F, values),
    fromSmall: (n) => ((BigInt(n) % p) + p) % p,
  };
  return F;
}

/** Operation counts of a counting field. Squarings are also reported inside `mulTotal`. */
export interface FieldCounts {
  mul: number;
  sqr: number;
  inv: number;
  add: number;
  /** mul + sqr: the figure the issues' targets are stated in. */
  readonly mulTotal: number;
}

export function newCounts(): FieldCounts {
  return {
    mul: 0,
    sqr: 0,
    inv: 0,
    add: 0,
    get mulTotal() {
      return this.mul + this.sqr;
    },
  };
}

/**
 * Wraps a field so that every operation is counted. `batchInv` is re-derived from the counted
 * mul/inv, so a batch inversion shows up as 3(n−1) multiplications and one inversion.
 */
export function countingField<F>(base: Field<F>, counts: FieldCounts = newCounts()): { field: Field<F>; counts: FieldCounts } {
  const field: Field<F> = {
    name: base.name,
    ORDER: base.ORDER,
    ZERO: base.ZERO,
    ONE: base.ONE,
    add: (a, b) => (counts.add++, base.add(a, b)),
    sub: (a, b) => (counts.add++, base.sub(a, b)),
    neg: (a) => base.neg(a),
    mul: (a, b) => (counts.mul++, base.mul(a, b)),
    sqr: (a) => (counts.sqr++, base.sqr(a)),
    inv: (a) => (counts.inv++, base.inv(a)),
    eql: base.eql,
    isZero: base.isZero,
    batchInv: (values) => batchInvert(field, values),
    fromSmall: base.fromSmall,
  };
  return { field, counts };
}
