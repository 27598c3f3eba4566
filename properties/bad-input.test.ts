/**
 * Bad input: a table of hostile values gives the same error class and the same message from the
 * reference and from the engine (under several gate sets), never a result. Also option errors.
 */
import { describe, expect, it } from 'vitest';
import { ALL_GATES, DEFAULT_GATES, G1, G2, GATE_IDS, msm, NO_GATES, referenceMsm, TOY } from '../src/index.js';

const G = G1.BASE;
const r = G1.order;
const offCurve = new G1.Point(1n, 1n, 1n);

/** [name, points, scalars, expected error class, message fragment] */
const TABLE: [string, unknown, unknown, ErrorConstructor, RegExp][] = [
  ['points undefined', undefined, [], TypeError, /points must be an Array/],
  ['points null', null, [], TypeError, /points must be an Array/],
  ['points a string', 'abc', [], TypeError, /points must be an Array/],
  ['points an array-like object', { length: 1, 0: G }, [1n], TypeError, /points must be an Array/],
  ['points a typed array', new Uint8Array(1), [1n], TypeError, /points must be an Array/],
  ['scalars undefined', [G], undefined, TypeError, /scalars must be an Array/],
  ['scalars a fake array', [G], { length: 1, 0: 1n }, TypeError, /scalars must be an Array/],
  ['length mismatch', [G, G], [1n], RangeError, /points.length = 2, scalars.length = 1/],
  ['point null', [G, null], [1n, 2n], TypeError, /invalid point at index 1: expected a BLS12-381 G1 point, got null/],
  ['point a plain object', [G, {}], [1n, 2n], TypeError, /invalid point at index 1/],
  ['G2 point in a G1 call', [G, G2.BASE], [1n, 2n], TypeError, /invalid point at index 1: expected a BLS12-381 G1 point, got a BLS12-381 G2 point/],
  ['toy point in a G1 call', [G, TOY.BASE], [1n, 2n], TypeError, /invalid point at index 1/],
  ['unknown point type first', [{ X: 1n, Y: 2n, Z: 1n }], [1n], TypeError, /invalid point at index 0/],
  ['off-curve point', [G, G, offCurve], [1n, 2n, 3n], RangeError, /invalid point at index 2: coordinates are not on BLS12-381 G1/],
  ['scalar a number', [G, G], [1n, 1], TypeError, /invalid scalar at index 1: expected a bigint with 0 <= s < r/],
  ['scalar NaN', [G], [NaN], TypeError, /invalid scalar at index 0: .*got number NaN/],
  ['scalar a string', [G], ['1'], TypeError, /invalid scalar at index 0/],
  ['scalar null', [G, G, G], [0n, 1n, null], TypeError, /invalid scalar at index 2/],
  ['scalar negative', [G, G, G, G], [0n, 1n, 2n, -1n], RangeError, /invalid scalar at index 3: expected 0 <= s < r/],
  ['scalar = r', [G], [r], RangeError, /invalid scalar at index 0: expected 0 <= s < r \(r = 0x73eda753/],
  ['scalar = r + 1', [G], [r + 1n], RangeError, /invalid scalar at index 0/],
  ['scalar 2^256', [G], [1n << 256n], RangeError, /invalid scalar at index 0/],
  ['toy scalar = r_toy', [TOY.BASE], [TOY.order], RangeError, /invalid scalar at index 0: expected 0 <= s < r \(r = 0x74b\)/],
];

function capture(f: () => unknown): { cls: string; message: string } | { value: unknown } {
  try {
    return { value: f() };
  } catch (e) {
    return { cls: (e as Error).constructor.name, message: (e as Error).message };
  }
}

describe('bad input: identical errors from reference and engine', () => {
  for (const [name, points, scalars, cls, msg] of TABLE) {
    it(name, () => {
      const ref = capture(() => referenceMsm(points as any, scalars as any));
      expect(ref).toMatchObject({ cls: cls.name });
      expect((ref as { message: string }).message).toMatch(msg);
      for (const gates of [NO_GATES, DEFAULT_GATES, ALL_GATES]) {
        expect(capture(() => msm(points as any, scalars as any, { gates }))).toEqual(ref);
      }
    });
  }
});

describe('empty input is the identity', () => {
  it('G1 by default, the given curve otherwise', () => {
    expect((msm([], []) as any).equals(G1.ZERO)).toBe(true);
    expect((referenceMsm([], []) as any).equals(G1.ZERO)).toBe(true);
    expect((msm([], [], { curve: TOY }) as any).equals(TOY.ZERO)).toBe(true);
    expect((referenceMsm([], [], TOY) as any).equals(TOY.ZERO)).toBe(true);
    expect((msm([], [], { curve: 'bls12-381-g2' }) as any).equals(G2.ZERO)).toBe(true);
  });
});

describe('option errors name the option and what is allowed', () => {
  const ok = [[G], [1n]] as const;
  const cases: [unknown, ErrorConstructor, RegExp][] = [
    ['fast', TypeError, /options must be an object/],
    [{ window: 0 }, RangeError, /options.window must be an integer in \[1, 16\], got 0/],
    [{ window: 17 }, RangeError, /in \[1, 16\], got 17/],
    [{ window: 2.5 }, RangeError, /got 2.5/],
    [{ window: '4' }, RangeError, /got string/],
    [{ gates: 'fastest' }, RangeError, /unknown preset "fastest"/],
    [{ gates: { noSuchGate: true } }, RangeError, /unknown gate "noSuchGate": known gates are/],
    [{ gates: 5 }, TypeError, /options.gates must be/],
    [{ curve: 'secp256k1' }, RangeError, /unknown curve "secp256k1": expected one of bls12-381-g1, bls12-381-g2, toy/],
    [{ threads: 0 }, RangeError, /options.threads must be an integer in \[1, 64\]/],
    [{ wndow: 3 }, RangeError, /unknown option "wndow": allowed options are/],
  ];
  for (const [opts, cls, msg] of cases) {
    it(JSON.stringify(opts), () => {
      expect(() => msm(ok[0] as any, ok[1] as any, opts as any)).toThrow(cls);
      expect(() => msm(ok[0] as any, ok[1] as any, opts as any)).toThrow(msg);
    });
  }
  it('a gate value that is not a boolean', () => {
    if (GATE_IDS.length === 0) return expect(GATE_IDS).toEqual([]);
    expect(() => msm([G], [1n], { gates: { [GATE_IDS[0]]: 1 as any } })).toThrow(TypeError);
  });
});
