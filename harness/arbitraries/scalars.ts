/**
 * Scalars drawn from classes that break MSM code, for a curve of order r:
 * 0, 1, 2, r−1, r−small, small u8/u16/u32/u64, 2^k and 2^k ± 1, all-ones windows and
 * window-boundary carry patterns (digits at 2^(c−1), runs of 2^c − 1), and uniform values.
 * Every value is in [0, r).
 */
import fc from 'fast-check';

export type ScalarClass = 'zero' | 'one' | 'rMinusSmall' | 'small' | 'powerOfTwo' | 'allOnesWindows' | 'carryPattern' | 'uniform';

export const SCALAR_CLASSES: readonly ScalarClass[] = ['zero', 'one', 'rMinusSmall', 'small', 'powerOfTwo', 'allOnesWindows', 'carryPattern', 'uniform'];

const bitLen = (r: bigint) => r.toString(2).length;

/** Scalars of one class. */
export function scalarOfClass(r: bigint, cls: ScalarClass): fc.Arbitrary<bigint> {
  const bits = bitLen(r);
  const classes: Record<ScalarClass, () => fc.Arbitrary<bigint>> = {
    zero: () => fc.constant(0n),
    one: () => fc.constantFrom(1n, 2n),
    rMinusSmall: () => fc.bigInt({ min: 1n, max: 1000n < r ? 1000n : r - 1n }).map((k) => r - k),
    small: () =>
      fc
        .oneof(
          fc.bigInt({ min: 0n, max: 0xffn }),
          fc.bigInt({ min: 0n, max: 0xffffn }),
          fc.bigInt({ min: 0n, max: 0xffffffffn }),
          fc.bigInt({ min: 0n, max: 0xffffffffffffffffn })
        )
        .map((s) => s % r),
    powerOfTwo: () => fc.tuple(fc.integer({ min: 0, max: bits - 1 }), fc.constantFrom(-1n, 0n, 1n)).map(([k, d]) => ((1n << BigInt(k)) + d + r) % r),
    // m whole windows of width c set to all ones, optionally shifted up by whole windows
    allOnesWindows: () =>
      fc
        .tuple(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: bits }), fc.integer({ min: 0, max: bits }))
        .map(([c, m, shift]) => (((1n << BigInt(Math.min(c * m, bits))) - 1n) << BigInt(shift % bits)) % r),
    // every window digit equal to 2^(c−1) (or 2^(c−1) ± 1): the signed-digit carry case
    carryPattern: () =>
      fc.tuple(fc.integer({ min: 1, max: 16 }), fc.constantFrom(-1n, 0n, 1n)).map(([c, d]) => {
        let s = 0n;
        const half = 1n << BigInt(c - 1);
        for (let w = 0; w * c < bits + c; w++) s |= (half + d >= 0n ? half + d : 0n) << BigInt(w * c);
        return s % r;
      }),
    uniform: () => fc.bigInt({ min: 0n, max: r - 1n }),
  };
  return classes[cls]();
}

/** A scalar from any class, uniform weighted a bit higher. */
export function scalarArb(r: bigint): fc.Arbitrary<bigint> {
  return fc.oneof(...SCALAR_CLASSES.map((c) => ({ arbitrary: scalarOfClass(r, c), weight: c === 'uniform' ? 4 : 1 })));
}
