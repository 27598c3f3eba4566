/**
 * Step 12 (wasmField): the bucket windows in WebAssembly.
 *
 * Failure modes aimed at: the wasm point kernels' special cases (P = Q → doubling, P = −Q →
 * identity, a bucket that became the identity receiving another point, a window whose sum is
 * the identity), negative digits (y → −y in wasm), identity input points and Z ≠ 1 (the batch
 * inversion that loads points, with GLV's shared Z), both accumulation paths (mixed XYZZ when
 * batchAffine is off, batched affine rounds when it is on), both reductions (step 08's segmented
 * batched affine running sum in wasm with any segment count, the XYZZ running sum), every window 1..16, points reloaded
 * or reused across calls (the loaded-points cache), both builds of the module (SIMD and scalar,
 * options.tuning.wasmBuild), and the BigInt fallback (G2, counting).
 * Every other gate is random; toy results against referenceMsm, G1 against the discrete-log
 * oracle.
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, type EngineCheck } from '../check.js';
import { G1, G2, TOY, msm, msmInspect, prepare, referenceMsm } from '../../../src/index.js';
import { forgetLoadedPoints, wasmLoadStats } from '../../../src/optimized/wasm/msm.js';
import { batchAffinePays, wasmCombine, wasmStraus } from '../../../src/optimized/steps/12-wasmField.js';
import { hornerCombine } from '../../../src/optimized/steps/00-baseline.js';
import { makeJob, resolveGates } from '../../../src/optimized/index.js';
import { toPoint } from '../../../src/optimized/engine.js';
import { strausSum } from '../../../src/optimized/kernels/straus.js';
import type { Proj } from '../../../src/optimized/kernels/projective.js';
import { collisionCaseArb, expectCase, gatesArb, label, oracle, scaledPoint } from './bucket-cases.js';
import { CHECKS as G2_CHECKS, scaledG2 } from './wasmField-g2.js';

const FILE = 'properties/steps/wasmField.test.ts';

/**
 * Entries and digits for the `straus` walk on the toy curve from logs: point i's table is
 * (2m + 1)·P_i for m < size, with P_i = logs[i]·G (0: the identity, so its whole table is).
 */
function toyWalk(logs: readonly bigint[], size: number, zs: readonly bigint[]): Proj<bigint>[] {
  return logs.flatMap((l, i) =>
    Array.from({ length: size }, (_, m) => {
      const q = scaledPoint(TOY, (l * BigInt(2 * m + 1)) % TOY.order, zs[(i + m) % zs.length]);
      return { X: q.X, Y: q.Y, Z: q.Z };
    })
  );
}

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 12 wasmField', [
    check('toy curve, collision-heavy (duplicates, P and −P, identity, Z ≠ 1, n ≤ 300), other gates random: equals the reference', (ctx) => {
      const ba = wasmLoadStats.batchAffineWindows;
      const seg = wasmLoadStats.segmentedWindows;
      const all = wasmLoadStats.windows;
      const builds = new Set<string>();
      ctx.assert(
        fc.property(
          collisionCaseArb(TOY, { maxN: 300, gates: gatesArb({ wasmField: true }) }),
          fc.boolean(),
          fc.integer({ min: 0, max: 9 }),
          fc.constantFrom('simd', 'scalar'),
          (c, always, segments, wasmBuild) => {
            const r = msmInspect(c.points, c.scalars, {
              gates: c.gates,
              window: c.window,
              curve: TOY,
              tuning: { alwaysBatchAffine: always, segments, wasmBuild },
            });
            const what = `${label(c)} alwaysBatchAffine=${always} segments=${segments} wasmBuild=${wasmBuild}`;
            expect(r.result.equals(referenceMsm(c.points, c.scalars, TOY)), what).toBe(true);
            if (r.trace.slots.accumulate === 'wasmField') {
              expect(r.trace.field).toBe('wasm');
              expect(r.trace.wasmBuild, what).toBe(wasmBuild);
              builds.add(wasmBuild);
            }
          }
        ),
        { numRuns: ctx.runs(150) }
      );
      const baWindows = wasmLoadStats.batchAffineWindows - ba;
      expect(baWindows, 'batched affine windows ran in wasm').toBeGreaterThan(0);
      expect(wasmLoadStats.segmentedWindows - seg, "step 08's segmented reduction ran in wasm").toBeGreaterThan(0);
      expect(wasmLoadStats.windows - all - baWindows, 'mixed XYZZ windows ran in wasm').toBeGreaterThan(0);
      expect([...builds].sort(), 'both builds of the module ran (options.tuning.wasmBuild)').toEqual(['scalar', 'simd']);
    }),

    check('batched affine pays only for crowded windows (many points per bucket)', () => {
      expect(batchAffinePays(8190, 512)).toBe(true);
      expect(batchAffinePays(64, 128)).toBe(false);
      expect(batchAffinePays(1, 1)).toBe(false);
    }),

    prop('BLS12-381 G1, n ≤ 40 with collisions and Z ≠ 1, other gates random: equals the discrete-log oracle', 30, () =>
      fc.property(collisionCaseArb(G1, { maxN: 40, maxWindow: 12, gates: gatesArb({ wasmField: true, smallFastPath: false }) }), fc.boolean(), (c, always) => {
        expectCase(G1, c, { alwaysBatchAffine: always }, ` alwaysBatchAffine=${always}`);
      })
    ),

    prop(
      'P = Q and P = −Q in one bucket, a window summing to the identity, both paths and every window',
      120,
      () =>
        fc.property(
          fc.integer({ min: 1, max: 1866 }),
          fc.integer({ min: 1, max: 1866 }),
          fc.integer({ min: 1, max: 16 }),
          fc.boolean(),
          fc.constantFrom('double', 'cancel', 'mixed'),
          (k, s, window, batchAffine, kind) => {
            const P = TOY.BASE.multiply(BigInt(k));
            const pts = kind === 'double' ? [P, P, P] : kind === 'cancel' ? [P, P.negate()] : [P, P.negate(), P, P, TOY.ZERO];
            const ks = kind === 'double' ? [k, k, k] : kind === 'cancel' ? [k, 1867 - k] : [k, 1867 - k, k, k, 0];
            const sc = pts.map(() => BigInt(s));
            const gates = { wasmField: true, batchAffine, batchAffineReduction: k % 2 === 0, smallFastPath: false, glv: false };
            const r = msmInspect(pts, sc, { gates, window, curve: TOY, tuning: { alwaysBatchAffine: true, segments: k % 5 } });
            expect(r.trace.field).toBe('wasm');
            expect(r.result.equals(oracle(TOY, ks.map(BigInt), sc))).toBe(true);
          }
        ),
      {
        examples: [
          [5, 7, 1, true, 'cancel'],
          [5, 7, 16, false, 'double'],
          [1866, 1866, 11, true, 'mixed'],
        ],
      }
    ),

    check('the same points array again (cache hit) and after another call (reload) give the same results', () => {
      const pts = Array.from({ length: 64 }, (_, i) => scaledPoint(TOY, BigInt(i * 29 + 1), BigInt(i)));
      const s1 = pts.map((_, i) => BigInt((i * 577) % 1867));
      const s2 = pts.map((_, i) => BigInt((i * 1009 + 3) % 1867));
      const gates = { wasmField: true, smallFastPath: false };
      forgetLoadedPoints();
      const loads = wasmLoadStats.loads;
      const a = msm(pts, s1, { gates, curve: TOY });
      const b = msm(pts.slice(0, 10), s2.slice(0, 10), { gates, curve: TOY });
      const c = msm(pts, s2, { gates, curve: TOY });
      expect(wasmLoadStats.loads - loads).toBeGreaterThanOrEqual(3);
      expect(a.equals(referenceMsm(pts, s1, TOY))).toBe(true);
      expect(b.equals(referenceMsm(pts.slice(0, 10), s2.slice(0, 10), TOY))).toBe(true);
      expect(c.equals(referenceMsm(pts, s2, TOY))).toBe(true);
    }),

    check('tables used in turn are kept in wasm memory; interleaved with plain calls and a tiny keep budget, results stay right', (ctx) => {
      const sets = [0, 1, 2].map((t) => Array.from({ length: 12 + 7 * t }, (_, i) => scaledPoint(TOY, BigInt(i * 13 + t + 1), BigInt(i + t))));
      const handles = sets.map((pts) => prepare(pts, { curve: TOY, window: 11 })); // 2 rows: 24–52 table entries, 2.6–5.5 kB each
      const gates = { wasmField: true, fixedBase: true, smallFastPath: false };
      for (const budget of [Infinity, 6000]) {
        const tuning = { maxKeptBytes: budget };
        forgetLoadedPoints();
        const kept = wasmLoadStats.kept;
        ctx.assert(
          fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1866 })), { minLength: 1, maxLength: 12 }), (calls) => {
            for (const [t, s0] of calls) {
              const pts = t < 3 ? sets[t] : sets[1].slice(1);
              const sc = pts.map((_, i) => BigInt((s0 + i * 101) % 1867));
              const got = t < 3 ? msm(handles[t], sc, { gates, tuning }) : msm(pts, sc, { gates, curve: TOY, tuning });
              expect(got.equals(referenceMsm(pts, sc, TOY)), `call ${t}, budget ${budget}`).toBe(true);
            }
          }),
          {
            numRuns: ctx.runs(25),
            examples: [
              [
                [
                  [0, 1],
                  [1, 2],
                  [0, 3],
                  [3, 4],
                  [1, 5],
                  [2, 6],
                  [0, 7],
                ],
              ],
            ],
          }
        );
        expect(wasmLoadStats.kept - kept, `tables kept (budget ${budget})`).toBeGreaterThan(0);
      }
    }),

    check('fixed-base tables (prepare) and the workers split run their sub-jobs through wasm', () => {
      const pts = Array.from({ length: 40 }, (_, i) => scaledPoint(TOY, BigInt(i * 31 + 2), BigInt(i + 5)));
      const sc = pts.map((_, i) => BigInt((i * 733 + 11) % 1867));
      const ref = referenceMsm(pts, sc, TOY);
      const h = prepare(pts, { curve: TOY });
      const viaTable = msmInspect(h, sc, { gates: { wasmField: true, fixedBase: true } });
      expect(viaTable.trace.path).toBe('fixedBase');
      expect(viaTable.trace.slots.accumulate).toBe('wasmField');
      expect(viaTable.result.equals(ref)).toBe(true);
      // the same handle twice: the table is loaded once and reused
      expect(msm(h, sc, { gates: { wasmField: true, fixedBase: true } }).equals(ref)).toBe(true);
      const windows = wasmLoadStats.windows;
      const split = msmInspect(pts, sc, {
        gates: { wasmField: true, workers: true, smallFastPath: false },
        threads: 3,
        curve: TOY,
        tuning: { minPoints: 2 },
      });
      expect(split.trace.workers?.chunks).toBe(3);
      // each chunk is a sub-job with its own trace: count the wasm windows instead
      expect(wasmLoadStats.windows - windows).toBeGreaterThanOrEqual(3);
      expect(split.result.equals(ref)).toBe(true);
    }),

    check('G2 (Fp2) runs in wasm; counting mode falls back to the BigInt providers (G1 and G2) and says so in the trace', () => {
      const pts = [G2.BASE, G2.BASE.multiply(3n), G2.BASE.negate()];
      const sc = [5n, 7n, 11n];
      const g2 = msmInspect(pts, sc, { gates: { wasmField: true, smallFastPath: false }, window: 4 });
      expect(g2.trace.field).toBe('wasm');
      expect(g2.trace.slots.accumulate).toBe('wasmField');
      expect(g2.result.equals(referenceMsm(pts, sc))).toBe(true);
      const g2c = msmInspect(pts, sc, { gates: { wasmField: true, smallFastPath: false }, window: 4, count: true });
      expect(g2c.trace.field).toBe('bigint: counting field');
      expect(g2c.result.equals(g2.result)).toBe(true);
      const p1 = [G1.BASE, G1.BASE.multiply(9n)];
      const counted = msmInspect(p1, [3n, 4n], { gates: { wasmField: true, smallFastPath: false }, count: true });
      expect(counted.trace.field).toBe('bigint: counting field');
      // the fallback is exactly the BigInt pipeline of the same gates without wasmField (same window, same counts)
      const tp = Array.from({ length: 200 }, (_, i) => scaledPoint(TOY, BigInt(i + 1), BigInt(i)));
      const ts = tp.map((_, i) => BigInt((i * 811 + 5) % 1867));
      const cw = msmInspect(tp, ts, { gates: { wasmField: true, smallFastPath: false }, count: true, curve: TOY });
      const cb = msmInspect(tp, ts, { gates: { wasmField: false, smallFastPath: false }, count: true, curve: TOY });
      expect(cw.trace.window).toBe(cb.trace.window);
      expect(cw.counts!.mulTotal).toBe(cb.counts!.mulTotal);
      expect(cw.result.equals(cb.result)).toBe(true);
      expect(counted.counts!.mulTotal).toBeGreaterThan(0);
      expect(counted.result.equals(G1.BASE.multiply(39n))).toBe(true);
      const bare = msmInspect(p1, [3n, 4n], { gates: { wasmField: true, smallFastPath: false, batchAffine: false, batchAffineReduction: false } });
      expect(bare.trace.field).toBe('wasm');
      expect(bare.trace.slots.reduce).toBe('wasmField');
      expect(bare.result.equals(G1.BASE.multiply(39n))).toBe(true);
    }),
  ]),

  ...suite(FILE, 'step 12 wasmField: the window combination (Horner) in wasm', [
    check(
      'toy curve and G2, every window 1..16, identity window sums and a running sum that cancels (2^c·acc = −W): wasm Horner = its BigInt twin (the baseline combine) = Σ 2^(c·w)·W_w',
      (ctx) => {
        const before = wasmLoadStats.combines;
        ctx.assert(
          fc.property(
            fc.constantFrom('toy', 'bls12-381-g2'),
            fc.integer({ min: 1, max: 16 }),
            fc.array(fc.tuple(fc.constantFrom('random', 'zero', 'cancel'), fc.bigInt({ min: 1n, max: 1866n }), fc.nat(5)), { minLength: 1, maxLength: 12 }),
            (id, c, plan) => {
              const curve = id === 'toy' ? TOY : G2;
              const r = curve.order;
              // logs from the top window down; 'cancel' makes acc·2^c + W = 0 at that window
              const logs = new Array<bigint>(plan.length).fill(0n);
              let acc = 0n;
              for (let w = plan.length - 1; w >= 0; w--) {
                const [kind, k] = plan[w];
                acc = (acc << BigInt(c)) % r;
                logs[w] = kind === 'zero' ? 0n : kind === 'cancel' ? (r - acc) % r : k;
                acc = (acc + logs[w]) % r;
              }
              const sums = logs.map((l, w) => {
                const P: any = id === 'toy' ? scaledPoint(TOY, l, BigInt(plan[w][2])) : scaledG2(l, BigInt(plan[w][2]));
                return { X: P.X, Y: P.Y, Z: P.Z };
              });
              const job = makeJob(curve, [], [], resolveGates({ wasmField: true }), c, {});
              job.window = c;
              const got = toPoint<any>(curve, wasmCombine(job, sums));
              const twin = toPoint<any>(curve, hornerCombine(job, sums));
              const want = acc === 0n ? curve.ZERO : curve.BASE.multiply(acc);
              const label = `${id} c=${c} logs ${logs.join(',')}`;
              expect(got.equals(twin), label).toBe(true);
              expect(got.equals(want), label).toBe(true);
            }
          ),
          {
            numRuns: ctx.runs(60),
            examples: [
              [
                'toy',
                1,
                [
                  ['random', 5n, 0],
                  ['cancel', 1n, 1],
                ],
              ],
              [
                'toy',
                16,
                [
                  ['zero', 1n, 0],
                  ['zero', 1n, 0],
                ],
              ],
              [
                'bls12-381-g2',
                3,
                [
                  ['random', 7n, 2],
                  ['cancel', 1n, 3],
                  ['random', 9n, 4],
                ],
              ],
            ],
          }
        );
        expect(wasmLoadStats.combines, 'the combination ran in wasm').toBeGreaterThan(before);
      }
    ),
  ]),

  // G2 (Fp2) in wasm (wasmField-g2.ts)
  ...G2_CHECKS,

  ...suite(FILE, 'step 12 wasmField: the straus walk (step 01 in wasm)', [
    check(
      'toy curve, every table size 1..64, identity entries, P = Q and P = −Q on the accumulator: wasm walk = its BigInt twin (the baseline walk) = Σ d·2^b·(2m + 1)·P',
      (ctx) => {
        const job = makeJob(TOY, [], [], resolveGates({ wasmField: true }), undefined, {});
        const before = wasmLoadStats.straus;
        ctx.assert(
          fc.property(
            fc.integer({ min: 2, max: 8 }),
            fc.array(fc.bigInt({ min: 0n, max: TOY.order - 1n }), { minLength: 1, maxLength: 6 }),
            fc.array(fc.bigInt({ min: 0n, max: TOY.order - 1n }), { minLength: 1, maxLength: 3 }),
            fc.integer({ min: 1, max: 14 }),
            fc.nat(),
            (w, logs, zs, top, seed) => {
              const size = 1 << (w - 2);
              const entries = toyWalk(logs, size, zs);
              // digits: 0 or odd in (−2^(w−1), 2^(w−1)), from the seed (dense, so the accumulator meets ±entries often)
              let x = seed;
              const digits = logs.map(() => {
                const d = new Int8Array(top);
                for (let b = 0; b < top; b++) {
                  x = (x * 1103515245 + 12345) >>> 0;
                  const m = (x >>> 8) % (size + 1);
                  d[b] = m === size ? 0 : (x & 1 ? 1 : -1) * (2 * m + 1);
                }
                return d;
              });
              const got = toPoint<any>(TOY, wasmStraus(job, entries, digits, size, top));
              const twin = toPoint<any>(TOY, strausSum(TOY.Fp, entries, digits, size, top));
              let want = 0n;
              logs.forEach((l, i) => {
                for (let b = 0; b < top; b++) want += BigInt(digits[i][b]) * (1n << BigInt(b)) * l;
              });
              const label = `w=${w} logs=${logs.join(',')} zs=${zs.join(',')} top=${top} digits=${digits.map((d) => d.join(' ')).join(' | ')}`;
              expect(got.equals(twin), label).toBe(true);
              const k = ((want % TOY.order) + TOY.order) % TOY.order;
              expect(got.equals(k === 0n ? TOY.ZERO : TOY.BASE.multiply(k)), label).toBe(true);
            }
          ),
          {
            numRuns: ctx.runs(200),
            examples: [
              // acc = entry (doubling in addMixed), acc = −entry (cancellation), an identity table
              [2, [5n, 5n], [1n], 1, 0],
              [2, [5n, TOY.order - 5n], [1n, 3n], 1, 0],
              [3, [0n, 7n], [2n], 3, 1],
            ],
          }
        );
        expect(wasmLoadStats.straus).toBeGreaterThan(before);
      }
    ),

    check(
      'BLS12-381 G1 through msm: the small-n path walks in wasm (trace), and equals the BigInt walk and the oracle on edge scalars (0, 1, r − 1, λ ± 1, 2^127, 2^128) with identity, duplicate and opposite points',
      (ctx) => {
        const R = G1.order;
        const lambda = G1.endo!.lambda as bigint;
        const edge = [0n, 1n, R - 1n, lambda - 1n, lambda, lambda + 1n, 1n << 127n, 1n << 128n, R - lambda];
        ctx.assert(
          fc.property(
            fc.array(fc.record({ k: fc.bigInt({ min: 0n, max: 50n }), s: fc.oneof(fc.constantFrom(...edge), fc.bigInt({ min: 0n, max: R - 1n })) }), {
              minLength: 1,
              maxLength: 6,
            }),
            fc.boolean(),
            (terms, twin) => {
              const pts = terms.map((t, i) =>
                i > 0 && t.k === 50n ? G1.BASE.multiply(terms[i - 1].k || 1n).negate() : t.k === 0n ? G1.ZERO : G1.BASE.multiply(t.k)
              );
              const sc = terms.map((t) => t.s);
              const rep = msmInspect(pts, sc, { gates: { wasmField: true, smallFastPath: true, workers: false } });
              const want = referenceMsm(pts, sc);
              expect(rep.result.equals(want), `terms ${terms.map((t) => `${t.k}:${t.s}`).join(' ')}`).toBe(true);
              if (rep.trace.path === 'smallFastPath' && rep.trace.slots.straus !== undefined) expect(rep.trace.slots.straus).toBe('wasmField');
              if (twin) expect(msm(pts, sc, { gates: { wasmField: false, smallFastPath: true, workers: false } }).equals(rep.result)).toBe(true);
            }
          ),
          {
            numRuns: ctx.runs(40),
            examples: [
              [
                [
                  { k: 3n, s: 5n },
                  { k: 3n, s: 5n },
                  { k: 50n, s: 5n },
                  { k: 0n, s: 7n },
                ],
                true,
              ],
            ],
          }
        );
        const one = msmInspect([G1.BASE], [7n], { gates: { wasmField: true, smallFastPath: true } });
        expect(one.trace.path).toBe('smallFastPath');
        expect(one.trace.slots.straus).toBe('wasmField');
        expect(one.result.equals(G1.BASE.multiply(7n))).toBe(true);
      }
    ),
  ]),
];
