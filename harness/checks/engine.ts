/**
 * The engine's entry points (engine.ts, options.ts, gates.ts, step 00): sharper properties
 * written from the survivors of the first mutation run (docs/mutation.md): every option error
 * says what was given and what is allowed; gate labels; step 00's documented window heuristic
 * (c = 3 for n < 32, else ⌊0.69·log2 n⌋ + 2, clamped to [1, 16] and to the scalar width), with
 * expected values worked out by hand.
 */
import fc from 'fast-check';
import { expect } from './expect.js';
import { prop, check, suite, gatesOn, type EngineCheck } from './check.js';
import { ALL_GATES, DEFAULT_GATES, G1, GATE_IDS, gateLabel, msm, msmInspect, NO_GATES, prepare, resolveGates, TOY, type GatesOption } from '../../src/index.js';
import { TEST_HOOKS, withTestHooks } from '../../src/optimized/hooks.js';
import { heuristicWindow } from '../../src/optimized/steps/00-baseline.js';
import { bucketPoolSize, clearBucketPool } from '../../src/optimized/steps/04-bucketReuse.js';

const FILE = 'properties/engine.test.ts';

const G = TOY.BASE;

const cases: [unknown, ErrorConstructor, string][] = [
  [null, TypeError, 'options must be an object or undefined, got null'],
  [[1], TypeError, 'options must be an object or undefined, got an array'],
  [7, TypeError, 'options must be an object or undefined, got number'],
  [{ gates: null }, TypeError, "options.gates must be 'none', 'all', 'default' or a record of booleans, got null"],
  [{ gates: ['glv'] }, TypeError, "options.gates must be 'none', 'all', 'default' or a record of booleans, got an array"],
  [{ gates: 5 }, TypeError, "options.gates must be 'none', 'all', 'default' or a record of booleans, got number"],
  [{ curve: 5 }, TypeError, 'options.curve must be one of bls12-381-g1, bls12-381-g2, toy or its binding'],
  [{ count: 1 }, TypeError, 'options.count must be a boolean, got number'],
  [{ threads: 65 }, RangeError, 'options.threads must be an integer in [1, 64], got 65'],
  [{ threads: '2' }, RangeError, 'options.threads must be an integer in [1, 64], got string'],
  [{ threads: 2.5 }, RangeError, 'options.threads must be an integer in [1, 64], got 2.5'],
  [{ threads: 0 }, RangeError, 'options.threads must be an integer in [1, 64], got 0'],
  [{ curve: {} }, TypeError, 'options.curve must be one of bls12-381-g1, bls12-381-g2, toy or its binding'],
  [{ tuning: null }, TypeError, 'options.tuning must be an object, got null'],
  [{ tuning: [] }, TypeError, 'options.tuning must be an object, got an array'],
  [
    { tuning: { maxbatch: 3 } },
    RangeError,
    'options.tuning: unknown key "maxbatch": allowed keys are maxBatch, segments, alwaysBatchAffine, maxKeptBytes, minPoints, wasmBuild',
  ],
  [{ tuning: { maxBatch: 0 } }, RangeError, 'options.tuning.maxBatch must be an integer ≥ 1 or Infinity, got 0'],
  [{ tuning: { maxBatch: 2.5 } }, RangeError, 'options.tuning.maxBatch must be an integer ≥ 1 or Infinity, got 2.5'],
  [{ tuning: { segments: -1 } }, RangeError, 'options.tuning.segments must be an integer ≥ 0 (0: the default rule), got -1'],
  [{ tuning: { alwaysBatchAffine: 1 } }, TypeError, 'options.tuning.alwaysBatchAffine must be a boolean, got number'],
  [{ tuning: { maxKeptBytes: -1 } }, RangeError, 'options.tuning.maxKeptBytes must be an integer ≥ 0 or Infinity, got -1'],
  [{ tuning: { minPoints: 0 } }, RangeError, 'options.tuning.minPoints must be an integer ≥ 1, got 0'],
  [{ tuning: { minPoints: '2' } }, RangeError, 'options.tuning.minPoints must be an integer ≥ 1, got string'],
  [{ tuning: { wasmBuild: 'sse' } }, RangeError, "options.tuning.wasmBuild must be 'simd' or 'scalar', got \"sse\""],
  [{ tuning: { wasmBuild: true } }, RangeError, "options.tuning.wasmBuild must be 'simd' or 'scalar', got boolean"],
  // test hooks are not public options (hooks.ts): `crash` is no tuning key
  [
    { tuning: { crash: 'exit' } },
    RangeError,
    'options.tuning: unknown key "crash": allowed keys are maxBatch, segments, alwaysBatchAffine, maxKeptBytes, minPoints, wasmBuild',
  ],
  [withTestHooks({}, { crash: 'boom' as 'exit' }), RangeError, "test hooks: crash must be 'throw' or 'exit', got \"boom\""],
  [withTestHooks({}, { later: 1 } as object), RangeError, 'test hooks: unknown hook "later": known hooks are crash, noSharedMemory'],
];

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'option errors: exact messages', [
    ...cases.map(([opts, cls, msg]): [string, () => void] => [
      `${JSON.stringify(opts)}${opts !== null && typeof opts === 'object' && TEST_HOOKS in opts ? ` with test hooks ${JSON.stringify((opts as any)[TEST_HOOKS])}` : ''} → ${cls.name}`,
      () => expect(() => msmInspect([G], [1n], opts as any)).toThrow(new cls(msg)),
    ]),

    check('unknown preset and unknown gate list the known gates; a non-boolean gate names the gate', () => {
      const known = GATE_IDS.join(', ');
      expect(() => resolveGates('fast')).toThrow(
        `options.gates: unknown preset "fast": expected 'none', 'all', 'default' or a record of booleans over ${known}`
      );
      expect(() => resolveGates({ nope: true })).toThrow(`options.gates: unknown gate "nope": known gates are ${known}`);
      expect(() => resolveGates({ [GATE_IDS[0]]: 'yes' })).toThrow(`options.gates.${GATE_IDS[0]} must be a boolean, got string`);
      expect(() => msm([G], [1n], { unknown: 1 } as any)).toThrow('unknown option "unknown": allowed options are gates, window, curve, threads, count, tuning');
      // the bounds themselves are allowed
      for (const o of [
        { threads: 1 },
        { threads: 64 },
        { window: 1 },
        { window: 16 },
        { count: false },
        { tuning: {} },
        { tuning: { maxBatch: 1, segments: 0, minPoints: 1, maxKeptBytes: 0 } },
        { tuning: { maxBatch: Infinity, maxKeptBytes: Infinity, alwaysBatchAffine: true } },
        withTestHooks({}, { crash: 'exit' }),
      ])
        expect((msmInspect([G], [3n], { ...o, curve: TOY }).result as any).equals(TOY.BASE.multiply(3n)), JSON.stringify(o)).toBe(true);
    }),
  ]),

  ...suite(FILE, 'gate labels', [
    prop("'none', 'all', 'default', else the ids that are on joined by '+', in registry order", 100, () => {
      expect(gateLabel(NO_GATES)).toBe('none');
      expect(gateLabel(ALL_GATES)).toBe('all');
      expect(gateLabel(DEFAULT_GATES)).toBe('default');
      expect(gateLabel(resolveGates({}))).toBe('default');
      // the three presets resolve to the frozen records, undefined to the default one
      expect([resolveGates('default'), resolveGates(undefined), resolveGates('none'), resolveGates('all')]).toEqual([
        DEFAULT_GATES,
        DEFAULT_GATES,
        NO_GATES,
        ALL_GATES,
      ]);
      expect(msmInspect([G], [2n], { gates: 'default', curve: TOY }).gates).toEqual(DEFAULT_GATES);
      return fc.property(fc.subarray([...GATE_IDS], { minLength: 1 }), (on) => {
        const g = resolveGates(gatesOn(...on));
        const isDefault = GATE_IDS.every((id) => g[id] === DEFAULT_GATES[id]);
        const want = on.length === GATE_IDS.length ? 'all' : isDefault ? 'default' : on.join('+');
        expect(gateLabel(g)).toBe(want);
      });
    }),
  ]),

  ...suite(FILE, 'partial gate records', [
    prop('the listed gates as given, every other gate at its default (frozen, one key per registered gate)', 100, () =>
      fc.property(fc.dictionary(fc.constantFrom(...GATE_IDS), fc.boolean()), (rec) => {
        const g = resolveGates(rec);
        expect(Object.keys(g).sort()).toEqual([...GATE_IDS].sort());
        for (const id of GATE_IDS) expect(g[id], id).toBe(id in rec ? rec[id] : DEFAULT_GATES[id]);
        expect(Object.isFrozen(g)).toBe(true);
      })
    ),
  ]),

  ...suite(FILE, "step 00's window heuristic", [
    check('hand-computed values: n < 32 → 3; 32 → 5; 1000 → 8; 2^16 → 13; 2^30 → 16 (cap); capped by the scalar width', () => {
      const cases: [number, number, number][] = [
        [1, 255, 3],
        [31, 255, 3],
        [32, 255, 5], // log2 32 = 5: ⌊3.45⌋ + 2
        [1000, 255, 8], // log2 1000 ≈ 9.97: ⌊6.88⌋ + 2
        [65536, 255, 13], // 16 · 0.69 = 11.04
        [2 ** 30, 255, 16], // ⌊20.7⌋ + 2 = 22 → 16
        [1000, 4, 4],
        [5, 2, 2],
        [5, 1, 1],
      ];
      for (const [n, bits, c] of cases) expect(heuristicWindow(n, bits), `n=${n} bits=${bits}`).toBe(c);
    }),

    check('the engine uses it with every gate off and no explicit window (toy n = 32 → c = 5, G1 n = 1 → 3)', () => {
      const pts = Array.from({ length: 32 }, (_, i) => TOY.BASE.multiply(BigInt(i + 1)));
      const sc = pts.map((_, i) => BigInt(i * 7 + 1));
      const rep = msmInspect(pts, sc, { gates: 'none', curve: TOY });
      expect([rep.trace.window, rep.trace.windowSource, rep.trace.path]).toEqual([5, 'heuristic', 'pippenger']);
      const one = msmInspect([G1.BASE], [5n], { gates: 'none' });
      expect([one.trace.window, one.trace.windowSource, one.trace.windows, one.trace.bucketCount]).toEqual([3, 'heuristic', 85, 7]);
      const opt = msmInspect([G1.BASE], [5n], { gates: 'none', window: 4 });
      expect([opt.trace.window, opt.trace.windowSource, opt.trace.windows, opt.trace.bucketCount]).toEqual([4, 'option', 64, 15]);
    }),
  ]),

  ...suite(FILE, 'calls leave the caller’s arrays alone', [
    check(
      'msm and msmInspect (options omitted too), on points or a prepare() handle: inputs neither frozen nor changed, and later edits do not reach the handle',
      () => {
        const pts = [TOY.BASE, TOY.BASE.multiply(3n), TOY.ZERO];
        const sc = [5n, 0n, 7n];
        // options omitted: the curve comes from the points
        const plain = msmInspect(pts, sc);
        expect([plain.result.equals(TOY.BASE.multiply(5n)), plain.counts]).toEqual([true, undefined]);
        for (const gates of ['none', 'all', 'default'] as const) {
          const h = prepare(pts, { curve: TOY });
          const a = sc.slice();
          const got = msm(h, a, { gates, curve: TOY }) as any;
          expect(got.equals(TOY.BASE.multiply(5n))).toBe(true);
          expect(Object.isFrozen(a)).toBe(false);
          expect(a).toEqual(sc);
          a[0] = 1n;
          expect((msm(h, sc, { gates, curve: TOY }) as any).equals(TOY.BASE.multiply(5n))).toBe(true);
          const b = sc.slice();
          msmInspect(pts, b, { gates, curve: TOY });
          expect(Object.isFrozen(b) || Object.isFrozen(pts)).toBe(false);
        }
      }
    ),
  ]),

  ...suite(FILE, 'options.threads reaches the workers step', [
    check(
      'with only the workers gate on (split threshold lowered per call, tuning.minPoints): threads = k splits into min(k, n) chunks in-thread, threads = 1 does not split; the result is unchanged',
      () => {
        const pts = Array.from({ length: 6 }, (_, i) => TOY.BASE.multiply(BigInt(3 * i + 2)));
        const sc = pts.map((_, i) => BigInt(100 * i + 7));
        const want = msm(pts, sc, { gates: 'none', curve: TOY }) as any;
        for (const [threads, chunks] of [
          [1, undefined],
          [2, 2],
          [3, 3],
          [64, 6],
        ] as const) {
          const rep = msmInspect(pts, sc, { gates: { ...NO_GATES, workers: true }, threads, curve: TOY, tuning: { minPoints: 1 } });
          expect(rep.trace.workers?.chunks, `threads=${threads}`).toBe(chunks);
          if (chunks !== undefined) expect(rep.trace.workers?.mode).toBe('in-thread');
          expect((rep.result as any).equals(want)).toBe(true);
        }
      }
    ),
  ]),

  ...suite(FILE, 'trace of a direct answer, and the bucket buffer slot', [
    check('a direct hook (step 01, small n) leaves the bucket fields empty: path = windowSource = step id, window 0, no slots', () => {
      const rep = msmInspect([TOY.BASE, TOY.BASE.multiply(2n)], [3n, 4n], { gates: { ...NO_GATES, smallFastPath: true }, curve: TOY });
      expect(rep.trace).toMatchObject({ path: 'smallFastPath', window: 0, windowSource: 'smallFastPath', windows: 0, bucketCount: 0, slots: {} });
      expect((rep.result as any).equals(TOY.BASE.multiply(11n))).toBe(true);
    }),
    check('no point left to add (an empty call; all scalars zero under skipZero): windowSource "empty", window 0, the identity', () => {
      const calls: [readonly unknown[], readonly bigint[], GatesOption][] = [
        [[], [], 'default'],
        [[TOY.BASE, TOY.BASE.multiply(5n)], [0n, 0n], { ...NO_GATES, skipZero: true }],
      ];
      for (const [points, scalars, gates] of calls) {
        const rep = msmInspect(points, scalars, { gates, curve: TOY });
        expect(rep.trace).toMatchObject({ windowSource: 'empty', window: 0, n: 0 });
        expect((rep.result as any).equals(TOY.ZERO)).toBe(true);
      }
    }),

    check("the bucketBuffer slot is filled by step 04 when its gate is on: its pool holds an array of each window's bucket count", () => {
      clearBucketPool();
      const pts = Array.from({ length: 5 }, (_, i) => TOY.BASE.multiply(BigInt(i + 1)));
      msm(pts, [1n, 2n, 3n, 4n, 5n], { gates: { ...NO_GATES, bucketReuse: true }, window: 4, curve: TOY });
      expect(bucketPoolSize()).toBe(1);
      clearBucketPool();
      msm(pts, [1n, 2n, 3n, 4n, 5n], { gates: NO_GATES, window: 4, curve: TOY });
      expect(bucketPoolSize()).toBe(0);
    }),
  ]),
];
