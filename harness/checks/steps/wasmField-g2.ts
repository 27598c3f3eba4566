/**
 * Step 12 (wasmField) on G2: the Fp2 point kernels in wasm. Failure modes aimed at: P = Q and
 * P = −Q in one bucket, a window summing to the identity, Z ≠ 1 in both Fp2 components (the Fp2
 * batch inversion at load), both accumulation paths and reductions, the small-n walk and
 * prepare() tables on Fp2. Results against the discrete-log oracle; run after the G1 and toy
 * checks of wasmField.ts, under its vitest file.
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, type EngineCheck } from '../check.js';
import { G2, msmInspect, prepare } from '../../../src/index.js';
import { wasmLoadStats } from '../../../src/optimized/wasm/msm.js';
import { windowArb } from '../../arbitraries/window.js';
import { clusteredScalarsArb, collisionLogsArb, gatesArb, oracle } from './bucket-cases.js';

const FILE = 'properties/steps/wasmField.test.ts';

/** k·G2 with its coordinates scaled by z = (z0, z0 + 1) ∈ Fp2 (both components non-zero: the Fp2 batch inversion at load). */
export function scaledG2(k: bigint, z0: bigint): any {
  const P = k === 0n ? G2.ZERO : G2.BASE.multiply(k);
  if (k === 0n) return P;
  const F = G2.Fp;
  const z = { c0: z0 + 1n, c1: z0 + 2n };
  return G2.fromProjective(F.mul(P.X, z), F.mul(P.Y, z), F.mul(P.Z, z));
}

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 12 wasmField: G2 (Fp2) in wasm', [
    check(
      'BLS12-381 G2, collision-heavy (duplicates, P and −P, identity, Z ≠ 1 in both Fp2 components), n ≤ 24, windows ≤ 10, both accumulation paths and reductions, other gates random: equals the discrete-log oracle',
      (ctx) => {
        const before = wasmLoadStats.g2Windows;
        ctx.assert(
          fc.property(
            collisionLogsArb(G2, 1, 24).chain((ks) =>
              fc.record({
                ks: fc.constant(ks),
                zs: fc.array(fc.bigInt({ min: 0n, max: 1n << 40n }), { minLength: ks.length, maxLength: ks.length }),
                scalars: clusteredScalarsArb(G2.order, ks.length),
                gates: gatesArb({ wasmField: true }),
                window: windowArb(10, 2),
                always: fc.boolean(),
                segments: fc.integer({ min: 0, max: 6 }),
              })
            ),
            (c) => {
              const pts = c.ks.map((k, i) => scaledG2(k, c.zs[i]));
              const r = msmInspect(pts, c.scalars, {
                gates: c.gates,
                window: c.window,
                curve: G2,
                tuning: { alwaysBatchAffine: c.always, segments: c.segments },
              });
              const lbl = `n=${pts.length} window=${c.window ?? 'auto'} always=${c.always} segments=${c.segments} gates=${JSON.stringify(c.gates)}`;
              expect(r.result.equals(oracle(G2, c.ks, c.scalars)), lbl).toBe(true);
              if (r.trace.slots.accumulate === 'wasmField') expect(r.trace.field).toBe('wasm');
            }
          ),
          { numRuns: ctx.runs(40) }
        );
        expect(wasmLoadStats.g2Windows, 'G2 windows ran in wasm').toBeGreaterThan(before);
      }
    ),

    prop(
      'G2: P = Q and P = −Q in one bucket, a window summing to the identity, both accumulation paths, every window 1..16 (small scalars at wide windows)',
      40,
      () =>
        fc.property(
          fc.bigInt({ min: 1n, max: G2.order - 1n }),
          fc.integer({ min: 1, max: 16 }),
          fc.boolean(),
          fc.constantFrom('double', 'cancel', 'mixed'),
          fc.bigInt({ min: 1n, max: 1n << 20n }),
          (k, window, batchAffine, kind, s0) => {
            const P = scaledG2(k, s0);
            const N = G2.order - k;
            const pts = kind === 'double' ? [P, P, P] : kind === 'cancel' ? [P, P.negate()] : [P, P.negate(), P, P, G2.ZERO];
            const ks = kind === 'double' ? [k, k, k] : kind === 'cancel' ? [k, N] : [k, N, k, k, 0n];
            // non-zero scalars below 2^(window + 2): few non-zero windows, so wide windows stay cheap
            const s = 1n + (s0 % (1n << BigInt(Math.min(window + 2, 20))));
            const sc = pts.map(() => s);
            const gates = { wasmField: true, batchAffine, batchAffineReduction: batchAffine, smallFastPath: false, glv: false };
            const r = msmInspect(pts, sc, { gates, window, curve: G2, tuning: { alwaysBatchAffine: true } });
            expect(r.trace.field).toBe('wasm');
            expect(r.result.equals(oracle(G2, ks, sc)), `k=${k} window=${window} ${kind} s=${s}`).toBe(true);
          }
        ),
      {
        examples: [
          [5n, 1, true, 'cancel', 7n],
          [5n, 16, false, 'double', 65535n],
          [G2.order - 1n, 16, true, 'mixed', 3n],
        ],
      }
    ),

    prop(
      'G2 through the small-n walk (straus in wasm) and prepare() tables (built in wasm, Fp2): equal the oracle',
      12,
      () =>
        fc.property(
          fc.array(fc.record({ k: fc.bigInt({ min: 0n, max: 40n }), s: fc.bigInt({ min: 0n, max: G2.order - 1n }), z: fc.bigInt({ min: 0n, max: 99n }) }), {
            minLength: 1,
            maxLength: 4,
          }),
          fc.integer({ min: 1, max: 12 }),
          (terms, window) => {
            const ks = terms.map((t) => t.k);
            const pts = terms.map((t) => scaledG2(t.k, t.z));
            const sc = terms.map((t) => t.s);
            const want = oracle(G2, ks, sc);
            const walk = msmInspect(pts, sc, { gates: { wasmField: true, smallFastPath: true, workers: false } });
            expect(walk.result.equals(want), `walk ${terms.map((t) => `${t.k}:${t.s}`).join(' ')}`).toBe(true);
            if (walk.trace.path === 'smallFastPath' && walk.trace.slots.straus !== undefined) expect(walk.trace.slots.straus).toBe('wasmField');
            const h = prepare(pts, { curve: G2, window });
            const viaTable = msmInspect(h, sc, { gates: { wasmField: true, fixedBase: true } });
            expect(viaTable.trace.path).toBe('fixedBase');
            expect(viaTable.result.equals(want), `table window ${window}`).toBe(true);
          }
        ),
      {
        examples: [
          [
            [
              { k: 3n, s: 5n, z: 1n },
              { k: 0n, s: 7n, z: 2n },
            ],
            5,
          ],
        ],
      }
    ),
  ]),
];
