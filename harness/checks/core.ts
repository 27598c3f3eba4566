/**
 * The engine's general contract as catalogue entries (harness/checks/check.ts): differential vs
 * the reference MSM, the discrete-log oracle, the algebraic laws (harness/contract.ts), and bad
 * input — hostile values give the reference's exact error (TypeError/RangeError naming the
 * argument, the index and the allowed range) from `msm` under several gate sets, from
 * `msmAsync`, and from calls on a `prepare()` handle; never a result. Run by
 * properties/{differential,oracle,laws,bad-input}.test.ts and by the gate.
 */
import fc from 'fast-check';
import { ALL_GATES, DEFAULT_GATES, G1, G2, GATE_IDS, msm, msmAsync, NO_GATES, prepare, referenceMsm, TOY } from '../../src/index.js';
import { lawCaseArb } from '../arbitraries/law-case.js';
import { msmCaseArb } from '../arbitraries/msm-case.js';
import { assertLaw, checkDifferential, checkOracle, engine, type LawId } from '../contract.js';
import { prop, check, suite, type EngineCheck } from './check.js';
import { expect } from './expect.js';

// ---------------------------------------------------------------------------------------------
// differential and oracle

export const DIFFERENTIAL_CHECKS: EngineCheck[] = suite('properties/differential.test.ts', 'differential: engine equals reference over the gate space', [
  prop('toy curve, n ≤ 40, any window 1..16', [150, 40], () => fc.property(msmCaseArb(TOY, { maxN: 40 }), checkDifferential)),
  prop('toy curve, n up to 300 (many points per bucket)', [15, 4], () =>
    fc.property(msmCaseArb(TOY, { minN: 100, maxN: 300, maxWindow: 8 }), checkDifferential)
  ),
  prop('BLS12-381 G1, n ≤ 6, windows ≤ 6', [12, 4], () => fc.property(msmCaseArb(G1, { maxN: 6, maxWindow: 6 }), checkDifferential)),
  prop('BLS12-381 G2, n ≤ 3, windows ≤ 8', [4, 2], () => fc.property(msmCaseArb(G2, { maxN: 3, maxWindow: 8 }), checkDifferential)),
]);

export const ORACLE_CHECKS: EngineCheck[] = suite('properties/oracle.test.ts', 'discrete-log oracle over the gate space', [
  prop('toy curve, n ≤ 600', [30, 8], () => fc.property(msmCaseArb(TOY, { maxN: 600, maxWindow: 10 }), checkOracle)),
  prop('BLS12-381 G1, n in [16, 80], engine-chosen or small windows', [6, 2], () =>
    fc.property(msmCaseArb(G1, { minN: 16, maxN: 80, maxWindow: 8 }), checkOracle)
  ),
]);

// ---------------------------------------------------------------------------------------------
// laws

const LAWS: [LawId, string][] = [
  ['linearity', 'linearity: msm(P, a + b) = msm(P, a) + msm(P, b)'],
  ['permutation', 'permutation invariance'],
  ['concatenation', 'concatenation: msm(P1 ++ P2, a1 ++ a2) = msm(P1, a1) + msm(P2, a2)'],
  ['negation', 'negation: msm(P, r − a) = −msm(P, a) = msm(−P, a)'],
];

export const LAW_CHECKS: EngineCheck[] = (
  [
    [TOY, 30, 12, 60, 15],
    [G1, 8, 8, 5, 2],
  ] as const
).flatMap(([curve, maxN, maxWindow, full, quick]) =>
  suite(
    'properties/laws.test.ts',
    `algebraic laws on ${curve.name}`,
    LAWS.map(([id, name]) => prop(name, [full, quick], () => fc.property(lawCaseArb(curve, maxN, maxWindow), (c) => assertLaw(engine, id, c))))
  )
);

// ---------------------------------------------------------------------------------------------
// bad input

const G = G1.BASE;
const r = G1.order;
const offCurve = new G1.Point(1n, 1n, 1n);

/** [name, points, scalars, expected error class, message fragment] */
export const BAD_INPUT_TABLE: [string, unknown, unknown, ErrorConstructor, RegExp][] = [
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
  // G was found on the curve (and remembered) by the cases before: the remembered points never hide an off-curve one
  [
    'off-curve point between remembered ones',
    [G, offCurve, G, offCurve],
    [1n, 2n, 3n, 4n],
    RangeError,
    /invalid point at index 1: coordinates are not on BLS12-381 G1/,
  ],
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

type Captured = { cls: string; message: string } | { value: unknown };

/** What a call gives: its value (awaited: msmAsync's too), or the class and message of what it throws or rejects with. */
async function capture(f: () => unknown): Promise<Captured> {
  try {
    return { value: await f() };
  } catch (e) {
    return { cls: (e as Error).constructor.name, message: (e as Error).message };
  }
}

/** A handle on the row's points when they are a valid array of points of one curve (the scalars are then what is wrong). */
function handleOf(points: unknown): { handle: unknown; curve: string } | undefined {
  if (!Array.isArray(points)) return undefined;
  for (const curve of ['bls12-381-g1', 'toy'] as const) {
    try {
      return { handle: prepare(points as any[], { curve }), curve };
    } catch {}
  }
  return undefined;
}

export const BAD_INPUT_CHECKS: EngineCheck[] = [
  ...suite(
    'properties/bad-input.test.ts',
    'bad input: identical errors from reference and engine',
    BAD_INPUT_TABLE.map(([name, points, scalars, cls, msg]) => [
      name,
      async () => {
        const ref = await capture(() => referenceMsm(points as any, scalars as any));
        expect(ref).toMatchObject({ cls: cls.name });
        expect((ref as { message: string }).message).toMatch(msg);
        for (const gates of [NO_GATES, DEFAULT_GATES, ALL_GATES]) {
          expect(await capture(() => msm(points as any, scalars as any, { gates })), `msm, gates ${JSON.stringify(gates)}`).toEqual(ref);
          // msmAsync validates the same way (the error is a rejection, never a result)
          expect(await capture(() => msmAsync(points as any, scalars as any, { gates })), `msmAsync, gates ${JSON.stringify(gates)}`).toEqual(ref);
        }
        // on a prepare() handle of the same points, a bad scalar gives the same error, sync and async
        const h = handleOf(points);
        if (/^(toy )?scalar /.test(name) || name === 'length mismatch') expect(h, "a prepare() handle on the row's valid points").toBeDefined();
        if (h !== undefined && Array.isArray(scalars)) {
          for (const gates of [NO_GATES, DEFAULT_GATES, ALL_GATES]) {
            const got = await capture(() => msm(h.handle as any, scalars as any, { gates, curve: h.curve as any }));
            expect(got, `msm(prepare(points)), gates ${JSON.stringify(gates)}`).toMatchObject({ cls: cls.name });
            expect((got as { message: string }).message, 'msm(prepare(points))').toMatch(msg);
            const gotAsync = await capture(() => msmAsync(h.handle as any, scalars as any, { gates, curve: h.curve as any }));
            expect(gotAsync, `msmAsync(prepare(points)), gates ${JSON.stringify(gates)}`).toEqual(got);
          }
        }
      },
    ])
  ),
  ...suite('properties/bad-input.test.ts', "the caller's arrays are read once: what is checked is what is computed with", [
    check('an element getter that changes after validation: the value read first is used, by the reference and the engine', async () => {
      const twoReads = () => {
        const a: unknown[] = [G, G];
        let reads = 0;
        Object.defineProperty(a, 1, { get: () => (reads++ === 0 ? G : new G1.Point(1n, 1n, 1n)), enumerable: true });
        return a;
      };
      const want = G.multiply(3n);
      expect((referenceMsm(twoReads() as any, [1n, 2n]) as any).equals(want), 'referenceMsm').toBe(true);
      for (const gates of [NO_GATES, DEFAULT_GATES, ALL_GATES]) {
        expect((msm(twoReads() as any, [1n, 2n], { gates }) as any).equals(want), `msm, gates ${JSON.stringify(gates)}`).toBe(true);
        expect(((await msmAsync(twoReads() as any, [1n, 2n], { gates })) as any).equals(want), `msmAsync, gates ${JSON.stringify(gates)}`).toBe(true);
      }
    }),
    check("msmAsync on the pool: a point put into the caller's array during the call is not remembered as checked", async () => {
      if (!GATE_IDS.includes('workers')) return expect(GATE_IDS).not.toContain('workers');
      const points = Array.from({ length: 300 }, (_, i) => G.multiply(BigInt(7919 + i)));
      const call = msmAsync(
        points,
        points.map((_, i) => BigInt(i + 1)),
        { gates: { ...DEFAULT_GATES, workers: true }, threads: 2 }
      );
      const bad = new G1.Point(1n, 2n, 1n);
      points[5] = bad;
      await call;
      expect(() => msm([bad], [1n])).toThrow(/invalid point at index 0: coordinates are not on BLS12-381 G1/);
      expect(() => referenceMsm([bad], [1n])).toThrow(/invalid point at index 0: coordinates are not on BLS12-381 G1/);
    }),
  ]),
  ...suite('properties/bad-input.test.ts', 'empty input is the identity', [
    check('G1 by default, the given curve otherwise', () => {
      expect((msm([], []) as any).equals(G1.ZERO)).toBe(true);
      expect((referenceMsm([], []) as any).equals(G1.ZERO)).toBe(true);
      expect((msm([], [], { curve: TOY }) as any).equals(TOY.ZERO)).toBe(true);
      expect((referenceMsm([], [], TOY) as any).equals(TOY.ZERO)).toBe(true);
      expect((referenceMsm([], [], 'toy') as any).equals(TOY.ZERO)).toBe(true);
      expect((referenceMsm([G], [2n], 'bls12-381-g1') as any).equals(G.double())).toBe(true);
      expect(() => referenceMsm([], [], 'secp256k1' as any)).toThrow(
        new RangeError('curve: unknown curve "secp256k1": expected one of bls12-381-g1, bls12-381-g2, toy')
      );
      expect(() => referenceMsm([G], [1n], {} as any)).toThrow(new TypeError('curve must be one of bls12-381-g1, bls12-381-g2, toy or its binding'));
      expect((msm([], [], { curve: 'bls12-381-g2' }) as any).equals(G2.ZERO)).toBe(true);
    }),
  ]),
  ...suite('properties/bad-input.test.ts', 'option errors name the option and what is allowed', [
    ...(
      [
        ['fast', TypeError, /options must be an object/],
        [{ window: 0 }, RangeError, /options.window must be an integer in \[1, 16\], got 0/],
        [{ window: 17 }, RangeError, /in \[1, 16\], got 17/],
        [{ window: 2.5 }, RangeError, /got 2.5/],
        [{ window: '4' }, RangeError, /got string/],
        [{ gates: 'fastest' }, RangeError, /unknown preset "fastest"/],
        [{ gates: { noSuchGate: true } }, RangeError, /unknown gate "noSuchGate": known gates are/],
        [{ gates: 5 }, TypeError, /options.gates must be/],
        [{ curve: 'secp256k1' }, RangeError, /unknown curve "secp256k1": expected one of bls12-381-g1, bls12-381-g2, toy/],
        [{ count: 1 }, TypeError, /options.count must be a boolean, got number/],
        [{ curve: {} }, TypeError, /options.curve must be one of bls12-381-g1, bls12-381-g2, toy or its binding/],
        [{ curve: 5 }, TypeError, /options.curve must be one of/],
        [{ threads: 0 }, RangeError, /options.threads must be an integer in \[1, 64\]/],
        [{ wndow: 3 }, RangeError, /unknown option "wndow": allowed options are/],
      ] as [unknown, ErrorConstructor, RegExp][]
    ).map(([opts, cls, msg]): [string, () => Promise<void>] => [
      JSON.stringify(opts),
      async () => {
        expect(() => msm([G], [1n], opts as any)).toThrow(cls);
        expect(() => msm([G], [1n], opts as any)).toThrow(msg);
        await expect(() => msmAsync([G], [1n], opts as any), 'msmAsync').rejects.toThrow(cls);
        await expect(() => msmAsync([G], [1n], opts as any), 'msmAsync').rejects.toThrow(msg);
      },
    ]),
    check('prepare: a curve option that is not a known curve, its id or its binding', () => {
      for (const points of [[G], []]) {
        expect(() => prepare(points, { curve: {} as any })).toThrow(TypeError);
        expect(() => prepare(points, { curve: 5 as any })).toThrow(/prepare: options.curve must be one of bls12-381-g1, bls12-381-g2, toy or its binding/);
        expect(() => prepare(points, { curve: 'secp256k1' as any })).toThrow(/prepare: options.curve: unknown curve "secp256k1": expected one of/);
      }
    }),
    check('a gate value that is not a boolean', () => {
      if (GATE_IDS.length === 0) return expect(GATE_IDS).toEqual([]);
      expect(() => msm([G], [1n], { gates: { [GATE_IDS[0]]: 1 as any } })).toThrow(TypeError);
    }),
  ]),
];
