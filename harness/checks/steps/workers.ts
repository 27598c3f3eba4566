/**
 * Step 11 (workers): the split-and-combine (in-thread for msm, worker pool for msmAsync).
 *
 * Failure modes aimed at: a partition that drops or repeats points at chunk edges (many chunks,
 * n not a multiple of the chunk count, more chunks than points); partial sums combined in
 * completion order instead of chunk order (checked on exact projective coordinates: msmAsync on
 * the pool must return the very same (X : Y : Z) as the in-thread msm with the same gates);
 * transformed jobs (GLV, skipZero) crossing to workers with the wrong bit width; a crashed or
 * terminated worker hanging the call; an idle pool keeping the process alive.
 * The split threshold is lowered per call (options.tuning.minPoints = 1) so tiny toy inputs are split too.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import { expect } from '../expect.js';
import { suite, type EngineCheck } from '../check.js';
import { G1, G2, GATE_IDS, TOY, closeWorkerPool, msm, msmAsync, msmInspect, prepare, referenceMsm, workerPoolStats } from '../../../src/index.js';
import { withTestHooks } from '../../../src/optimized/hooks.js';
import { runChunkTask } from '../../../src/optimized/pool-task.js';
import { workerEntry } from '../../../src/optimized/pool.js';
import { MAX_DEFAULT_THREADS, MIN_POINTS, partition } from '../../../src/optimized/steps/11-workers.js';
import { gateSetArb } from '../../arbitraries/gates.js';
import { knownPointsArb } from '../../arbitraries/points.js';
import { scalarArb } from '../../arbitraries/scalars.js';
import { oracle, pointOf } from '../../oracle.js';
import { show } from '../../show.js';

const FILE = 'properties/steps/workers.test.ts';
export const CHECKS: EngineCheck[] = [];

const toyCase = (minN: number, maxN: number) =>
  knownPointsArb(TOY, minN, maxN).chain((pts) =>
    fc.record({
      pts: fc.constant(pts),
      scalars: fc.array(scalarArb(TOY.order), { minLength: pts.length, maxLength: pts.length }),
      gates: gateSetArb().map((g) => ({ ...g, workers: true })),
    })
  );

// A pool case (2 threads, only the workers gate on) that runs first, so the pool is reached at
// any FC_RUNS (mutation runs scale run counts down to 1–2 cases, which may all pick 1 thread).
const POOL_EXAMPLE: [{ pts: { k: bigint; P: any }[]; scalars: bigint[]; gates: Record<string, boolean> }, number] = [
  {
    pts: [1n, 2n, 3n, 5n, 8n, 13n, 21n].map((k) => ({ k, P: pointOf(TOY, k) })),
    scalars: [3n, 1n, 4n, 1n, 5n, 9n, 2n],
    gates: Object.fromEntries(GATE_IDS.map((id) => [id, id === 'workers'])),
  },
  2,
];

const on = (...ids: string[]) => Object.fromEntries(GATE_IDS.map((id) => [id, ids.includes(id)]));
const pointsN = (n: number) => Array.from({ length: n }, (_, i) => TOY.BASE.multiply(BigInt(i + 2)));
const scalarsN = (n: number) => Array.from({ length: n }, (_, i) => BigInt(3 * i + 1));

/** Per-call knob: split from one point on. */
const tuning = { minPoints: 1 } as const;

CHECKS.push(
  ...suite(FILE, 'workers: partition', [
    [
      'contiguous chunks cover [0, n) exactly once, sizes differ by at most one',
      (ctx) => {
        ctx.assert(
          fc.property(fc.nat(5000), fc.integer({ min: 1, max: 64 }), (n, T) => {
            const ch = partition(n, T);
            let next = 0;
            for (const [a, b] of ch) {
              expect(a).toBe(next);
              expect(b).toBeGreaterThan(a);
              next = b;
            }
            expect(next).toBe(n);
            const sizes = ch.map(([a, b]) => b - a);
            if (sizes.length) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
            expect(ch.length).toBe(Math.min(n, T));
          }),
          { numRuns: ctx.runs(300) }
        );
      },
    ],
  ])
);

CHECKS.push(
  ...suite(FILE, 'workers: in-thread split (synchronous msm)', [
    [
      'many chunks (up to 64, more than points) equal the oracle, any other gates',
      (ctx) => {
        ctx.assert(
          fc.property(toyCase(0, 80), fc.integer({ min: 1, max: 64 }), ({ pts, scalars, gates }, threads) => {
            const rep = msmInspect(
              pts.map((p) => p.P),
              scalars,
              { gates, threads, curve: TOY, tuning }
            );
            const want = oracle(
              TOY,
              pts.map((p) => p.k),
              scalars
            );
            expect(show(TOY, rep.result), `threads=${threads} n=${pts.length}`).toBe(show(TOY, want));
            if (threads >= 2 && rep.trace.n > 0 && rep.trace.path === 'workers')
              expect(rep.trace.workers).toEqual({ mode: 'in-thread', chunks: Math.min(threads, rep.trace.n) });
          }),
          { numRuns: ctx.runs(250) }
        );
      },
    ],
  ])
);

CHECKS.push(
  ...suite(FILE, 'workers: pool (msmAsync)', [
    [
      'equals the oracle, and returns the same projective coordinates as the in-thread msm (fixed combine order)',
      async (ctx) => {
        await ctx.assert(
          fc.asyncProperty(toyCase(1, 60), fc.integer({ min: 1, max: 4 }), async ({ pts, scalars, gates }, threads) => {
            const P = pts.map((p) => p.P);
            const got = await msmAsync(P, scalars, { gates, threads, curve: TOY, tuning });
            const want = oracle(
              TOY,
              pts.map((p) => p.k),
              scalars
            );
            expect(show(TOY, got)).toBe(show(TOY, want));
            const sync = msm(P, scalars, { gates, threads, curve: TOY, tuning });
            expect([got.X, got.Y, got.Z]).toEqual([sync.X, sync.Y, sync.Z]);
          }),
          { numRuns: ctx.runs(60), examples: [POOL_EXAMPLE] }
        );
        expect(workerPoolStats().tasksRun).toBeGreaterThan(0);
      },
    ],

    [
      'BLS12-381 G1, random gates, equals the reference',
      async (ctx) => {
        await ctx.assert(
          fc.asyncProperty(
            knownPointsArb(G1, 1, 8),
            fc.integer({ min: 2, max: 3 }),
            gateSetArb(),
            fc.array(scalarArb(G1.order), { minLength: 8, maxLength: 8 }),
            async (pts, threads, gates, s8) => {
              const P = pts.map((p) => p.P);
              const s = s8.slice(0, P.length);
              const got = await msmAsync(P, s, { gates: { ...gates, workers: true }, threads, tuning });
              expect(show(G1, got)).toBe(show(G1, referenceMsm(P, s)));
            }
          ),
          { numRuns: ctx.runs(8) }
        );
      },
    ],

    [
      'accepts a prepare() handle (table path in-thread with fixedBase on, pool on its points with it off)',
      async (ctx) => {
        await ctx.assert(
          fc.asyncProperty(toyCase(1, 40), fc.integer({ min: 2, max: 3 }), async ({ pts, scalars, gates }, threads) => {
            const h = prepare(
              pts.map((p) => p.P),
              { curve: TOY }
            );
            const got = await msmAsync(h, scalars, { gates, threads, tuning });
            const want = oracle(
              TOY,
              pts.map((p) => p.k),
              scalars
            );
            expect(show(TOY, got), JSON.stringify(gates)).toBe(show(TOY, want));
          }),
          { numRuns: ctx.runs(25) }
        );
      },
    ],

    [
      'BLS12-381 G2 (Fp2 coordinates cross to the workers), equals the oracle',
      async (ctx) => {
        await ctx.assert(
          fc.asyncProperty(knownPointsArb(G2, 2, 3), fc.array(scalarArb(G2.order), { minLength: 3, maxLength: 3 }), async (pts, s3) => {
            const s = s3.slice(0, pts.length);
            const got = await msmAsync(
              pts.map((p) => p.P),
              s,
              { gates: { workers: true }, threads: 2, curve: G2, tuning }
            );
            const want = oracle(
              G2,
              pts.map((p) => p.k),
              s
            );
            expect(show(G2, got)).toBe(show(G2, want));
          }),
          { numRuns: ctx.runs(3) }
        );
      },
    ],

    [
      'rejects bad input like msm',
      async (_ctx) => {
        await expect(msmAsync([TOY.BASE], [TOY.order], { gates: { workers: true } })).rejects.toThrow(RangeError);
        await expect(msmAsync([TOY.BASE], [1n, 2n], { gates: { workers: true } })).rejects.toThrow(RangeError);
        await expect(msmAsync([TOY.BASE], [1n], { threads: 0 })).rejects.toThrow(RangeError);
      },
    ],

    [
      'a worker that exits, throws, or is terminated fails the call with a clear Error, and the pool recovers',
      async (_ctx) => {
        const P = Array.from({ length: 30 }, (_, i) => TOY.BASE.multiply(BigInt(i + 1)));
        const s = P.map((_, i) => BigInt(i * 61 + 5));
        const want = show(TOY, referenceMsm(P, s, TOY));
        const opts = { gates: { workers: true }, threads: 3, curve: TOY, tuning } as const;
        for (const crash of ['exit', 'throw'] as const) {
          await expect(msmAsync(P, s, withTestHooks(opts, { crash }))).rejects.toThrow(
            /msm worker \d+ failed: (exited with code 7|uncaught test-injected crash)/
          );
          expect(show(TOY, await msmAsync(P, s, opts))).toBe(want);
        }
        const inFlight = expect(msmAsync(P, s, opts)).rejects.toThrow(/msm worker \d+ failed: pool closed/);
        await closeWorkerPool();
        await inFlight;
        expect(show(TOY, await msmAsync(P, s, opts))).toBe(want);
      },
    ],
  ])
);

CHECKS.push(
  ...suite(FILE, 'workers: threshold and process lifetime', [
    [
      'below MIN_POINTS the call stays single-threaded',
      (_ctx) => {
        const P = [TOY.BASE, TOY.BASE.multiply(3n)];
        const rep = msmInspect(P, [5n, 6n], { gates: { workers: true }, threads: 4 });
        expect(rep.trace.workers).toBeUndefined();
        expect(MIN_POINTS).toBeGreaterThan(2);
      },
    ],

    [
      'an idle pool does not keep a process alive (no closeWorkerPool call)',
      (_ctx) => {
        // the package's own index, from the sources (through tsx) or from dist/ (the built gate)
        const fromSource = import.meta.url.endsWith('.ts');
        const srcIndex = new URL(`../../../src/index.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
        const script = [
          `import { msmAsync, TOY } from ${JSON.stringify(srcIndex)};`,
          'const P = [1n, 2n, 3n, 4n].map((k) => TOY.BASE.multiply(k));',
          'const r = await msmAsync(P, [1n, 2n, 3n, 4n], { gates: { workers: true }, threads: 2, tuning: { minPoints: 1 } });',
          "console.log(r.equals(TOY.BASE.multiply(30n)) ? 'ok' : 'wrong');",
        ].join('\n');
        const res = spawnSync(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), '--input-type=module', '-e', script], {
          cwd: new URL('../../..', import.meta.url),
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(res.error, res.stderr).toBeUndefined();
        expect(res.stdout.trim(), res.stderr).toBe('ok');
        expect(res.status).toBe(0);
      },
    ],
  ])
);

// Written from the survivors of the full mutation run (docs/mutation.md; were properties/mutation/workers.test.ts):
// when the split applies, and into how many chunks. Every split gives the same point, so only
// the trace (in-thread split) and the pool's task count show these decisions.
CHECKS.push(
  ...suite(FILE, 'workers: when the split applies', [
    [
      'threads default to min(availableParallelism, 8) chunks; options.threads overrides it; 1 thread does not split',
      (_ctx) => {
        const n = 40;
        const dflt = msmInspect(pointsN(n), scalarsN(n), { gates: on('workers'), curve: TOY, tuning: { minPoints: 1 } });
        const want = Math.min(availableParallelism(), MAX_DEFAULT_THREADS);
        if (want >= 2) expect(dflt.trace.workers).toEqual({ mode: 'in-thread', chunks: want });
        else expect(dflt.trace.workers).toBeUndefined();
        expect(msmInspect(pointsN(n), scalarsN(n), { gates: on('workers'), threads: 5, curve: TOY, tuning: { minPoints: 1 } }).trace.workers).toEqual({
          mode: 'in-thread',
          chunks: 5,
        });
        expect(msmInspect(pointsN(n), scalarsN(n), { gates: on('workers'), threads: 1, curve: TOY, tuning: { minPoints: 1 } }).trace.workers).toBeUndefined();
        expect(msmInspect(pointsN(n), scalarsN(n), { gates: on(), threads: 4, curve: TOY, tuning: { minPoints: 1 } }).trace.workers).toBeUndefined();
      },
    ],

    [
      'the in-thread split records the window, bucket count and slots of its first chunk',
      (_ctx) => {
        const gates = on('workers', 'signedDigits', 'xyzzBuckets');
        const split = msmInspect(pointsN(30), scalarsN(30), { gates, threads: 2, window: 4, curve: TOY, tuning: { minPoints: 1 } }).trace;
        expect(split.workers).toEqual({ mode: 'in-thread', chunks: 2 });
        expect({ window: split.window, windowSource: split.windowSource, bucketCount: split.bucketCount, accumulate: split.slots.accumulate }).toEqual({
          window: 4,
          windowSource: 'option',
          bucketCount: 8,
          accumulate: 'xyzzBuckets',
        });
      },
    ],

    [
      'pool tasks carry the gate set: the pool returns the in-thread coordinates for several gate sets',
      async (_ctx) => {
        for (const ids of [['signedDigits', 'xyzzBuckets'], ['batchAffine', 'batchAffineReduction', 'signedDigits'], ['glv']]) {
          const gates = on('workers', ...ids);
          const a = (await msmAsync(pointsN(16), scalarsN(16), { gates, threads: 2, curve: TOY, tuning: { minPoints: 1 } })) as any;
          const b = msm(pointsN(16), scalarsN(16), { gates, threads: 2, curve: TOY, tuning: { minPoints: 1 } }) as any;
          expect([a.X, a.Y, a.Z], ids.join('+')).toEqual([b.X, b.Y, b.Z]);
        }
      },
    ],

    [
      'the threshold counts points: exactly minPoints splits, one fewer does not',
      (_ctx) => {
        expect(msmInspect(pointsN(6), scalarsN(6), { gates: on('workers'), threads: 2, curve: TOY, tuning: { minPoints: 6 } }).trace.workers).toEqual({
          mode: 'in-thread',
          chunks: 2,
        });
        expect(msmInspect(pointsN(5), scalarsN(5), { gates: on('workers'), threads: 2, curve: TOY, tuning: { minPoints: 6 } }).trace.workers).toBeUndefined();
      },
    ],

    [
      'a prepare() handle: the table answers with fixedBase on (no split), unless an explicit window differs from the handle; with fixedBase off the points are split',
      (_ctx) => {
        const h = prepare(pointsN(12), { curve: TOY, window: 3 });
        const table = msmInspect(h, scalarsN(12), { gates: on('workers', 'fixedBase'), threads: 3, curve: TOY, tuning: { minPoints: 1 } });
        expect(table.trace.windowSource).toBe('fixedBase');
        expect(table.trace.workers).toBeUndefined();
        expect(
          msmInspect(h, scalarsN(12), { gates: on('workers', 'fixedBase'), threads: 3, window: 3, curve: TOY, tuning: { minPoints: 1 } }).trace.workers
        ).toBeUndefined();
        expect(
          msmInspect(h, scalarsN(12), { gates: on('workers', 'fixedBase'), threads: 3, window: 4, curve: TOY, tuning: { minPoints: 1 } }).trace.workers
        ).toEqual({ mode: 'in-thread', chunks: 3 });
        expect(msmInspect(h, scalarsN(12), { gates: on('workers'), threads: 3, curve: TOY, tuning: { minPoints: 1 } }).trace.workers).toEqual({
          mode: 'in-thread',
          chunks: 3,
        });
      },
    ],

    [
      'msmAsync uses the pool only with the gate on',
      async (_ctx) => {
        const before = workerPoolStats().tasksRun;
        const off = await msmAsync(pointsN(10), scalarsN(10), { gates: on(), threads: 2, curve: TOY, tuning: { minPoints: 1 } });
        expect(workerPoolStats().tasksRun).toBe(before);
        const onPool = await msmAsync(pointsN(10), scalarsN(10), { gates: on('workers'), threads: 2, curve: TOY, tuning: { minPoints: 1 } });
        expect(workerPoolStats().tasksRun).toBe(before + 2);
        expect(onPool.equals(off)).toBe(true);
      },
    ],
  ])
);

CHECKS.push(
  ...suite(FILE, 'workers: the worker side of a task, run in this thread', [
    [
      'runChunkTask returns the projective coordinates of the bucket method on its chunk (as msm with the same gates and window)',
      (_ctx) => {
        for (const [n, window] of [
          [5, 3],
          [9, undefined],
          [1, 1],
        ] as [number, number | undefined][]) {
          const P = pointsN(n);
          const s = scalarsN(n);
          const gates = on('signedDigits', 'xyzzBuckets');
          const r = runChunkTask({
            id: 1,
            curve: TOY.id,
            gates: gates as any,
            bits: TOY.scalarBits,
            window,
            X: P.map((p: any) => p.X),
            Y: P.map((p: any) => p.Y),
            Z: P.map((p: any) => p.Z),
            scalars: s,
          });
          const want = msmInspect(P, s, { gates, window, curve: TOY }).result as any;
          expect(TOY.fromProjective(r.X as bigint, r.Y as bigint, r.Z as bigint).equals(want)).toBe(true);
          const sync = msm(P, s, { gates, window: window ?? msmInspect(P, s, { gates, curve: TOY }).trace.window, curve: TOY }) as any;
          expect([r.X, r.Y, r.Z]).toEqual([sync.X, sync.Y, sync.Z]);
        }
      },
    ],
  ])
);

CHECKS.push(
  ...suite(FILE, 'workers: the pool starts the compiled worker, or the dev shim from TypeScript sources', [
    [
      'pool-worker.js next to a compiled module; pool-worker.dev.mjs next to a .ts module',
      (_ctx) => {
        expect(workerEntry('file:///pkg/dist/optimized/pool.js').href).toBe('file:///pkg/dist/optimized/pool-worker.js');
        expect(workerEntry('file:///repo/src/optimized/pool.ts').href).toBe('file:///repo/src/optimized/pool-worker.dev.mjs');
        // the package's own pool: the dev shim when these checks run from the sources (vitest, tsx), the compiled worker from dist/ (the built gate)
        if (import.meta.url.endsWith('.ts')) expect(workerEntry().href).toMatch(/\/src\/optimized\/pool-worker\.dev\.mjs$/);
        else expect(workerEntry().href).toMatch(/\/dist\/src\/optimized\/pool-worker\.js$/);
      },
    ],

    [
      'the tuning knobs cross to the worker with the task: a pool run with maxBatch / segments returns the in-thread coordinates',
      async (_ctx) => {
        const gates = on('workers', 'batchAffine', 'batchAffineReduction', 'signedDigits');
        for (const t of [
          { maxBatch: 1, segments: 1 },
          { maxBatch: 2, segments: 3 },
        ]) {
          const opts = { gates, threads: 2, window: 3, curve: TOY, tuning: { minPoints: 1, ...t } };
          const a = (await msmAsync(pointsN(24), scalarsN(24), opts)) as any;
          const b = msm(pointsN(24), scalarsN(24), opts) as any;
          expect([a.X, a.Y, a.Z], JSON.stringify(t)).toEqual([b.X, b.Y, b.Z]);
        }
      },
    ],
  ])
);
