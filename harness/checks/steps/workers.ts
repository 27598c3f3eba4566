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
import { prop, check, suite, gatesOn, type EngineCheck } from '../check.js';
import { G1, G2, TOY, closeWorkerPool, msm, msmAsync, msmInspect, prepare, referenceMsm, workerPoolStats, type MsmOptions } from '../../../src/index.js';
import { startCall } from '../../../src/optimized/engine.js';
import { buildTable, preparedOf, preparedTables, rowsFor } from '../../../src/optimized/kernels/fixed-base.js';
import { adoptedPointBytes } from '../../../src/optimized/wasm/msm.js';
import { withTestHooks } from '../../../src/optimized/hooks.js';
import { ChunkCache, runChunkTask, type ChunkReply } from '../../../src/optimized/pool-task.js';
import { serve } from '../../../src/optimized/pool-worker.js';
import { callTasks } from '../../../src/optimized/pool.js';
import { MAX_DEFAULT_THREADS, MIN_POINTS, partition } from '../../../src/optimized/steps/11-workers.js';
import { poolWorkerUrl } from '../../../src/optimized/platform/threads.js';
import { gateSetArb } from '../../arbitraries/gates.js';
import { knownPointsArb } from '../../arbitraries/points.js';
import { scalarArb } from '../../arbitraries/scalars.js';
import { oracleOf } from '../../oracle.js';
import { show } from '../../show.js';
import { CHECKS as FLIGHT_CHECKS, POOL_EXAMPLE, pointsN, scalarsN, toyCase, tuning } from './workers-flight.js';

const FILE = 'properties/steps/workers.test.ts';

/** The trace of a toy call on n scalars and pointsN(n) (or `points`), split from one point on unless `o.tuning` says otherwise. */
const traceOf = (n: number, o: MsmOptions, points: unknown = pointsN(n)) => msmInspect(points as any, scalarsN(n), { curve: TOY, tuning, ...o }).trace;

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'workers: partition', [
    prop('contiguous chunks cover [0, n) exactly once, sizes differ by at most one', 300, () =>
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
      })
    ),
  ]),

  ...suite(FILE, 'workers: in-thread split (synchronous msm)', [
    prop('many chunks (up to 64, more than points) equal the oracle, any other gates', 250, () =>
      fc.property(toyCase(0, 80), fc.integer({ min: 1, max: 64 }), ({ pts, scalars, gates }, threads) => {
        const P = pts.map((p) => p.P);
        const rep = msmInspect(P, scalars, { gates, threads, curve: TOY, tuning });
        expect(show(TOY, rep.result), `threads=${threads} n=${pts.length}`).toBe(show(TOY, oracleOf(TOY, pts, scalars)));
        if (threads >= 2 && rep.trace.n > 0 && rep.trace.path === 'workers')
          expect(rep.trace.workers).toEqual({ mode: 'in-thread', chunks: Math.min(threads, rep.trace.n) });
      })
    ),
  ]),

  ...suite(FILE, 'workers: pool (msmAsync)', [
    check('equals the oracle, and returns the same projective coordinates as the in-thread msm (fixed combine order)', async (ctx) => {
      await ctx.assert(
        fc.asyncProperty(toyCase(1, 60), fc.integer({ min: 1, max: 4 }), async ({ pts, scalars, gates }, threads) => {
          const P = pts.map((p) => p.P);
          const got = await msmAsync(P, scalars, { gates, threads, curve: TOY, tuning });
          expect(show(TOY, got)).toBe(show(TOY, oracleOf(TOY, pts, scalars)));
          const sync = msm(P, scalars, { gates, threads, curve: TOY, tuning });
          expect([got.X, got.Y, got.Z]).toEqual([sync.X, sync.Y, sync.Z]);
        }),
        { numRuns: ctx.runs(60), examples: [POOL_EXAMPLE] }
      );
      expect(workerPoolStats().tasksRun).toBeGreaterThan(0);
    }),

    prop('BLS12-381 G1, random gates, equals the reference', 8, () =>
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
      )
    ),

    prop(
      "a prepare() handle: the pool returns the in-thread coordinates (each chunk on its bases' table rows with fixedBase on, on its points with it off), and again when the next call cuts it into other chunks",
      25,
      () =>
        fc.asyncProperty(
          toyCase(1, 40),
          fc.integer({ min: 2, max: 3 }),
          fc.option(fc.integer({ min: 1, max: 6 })),
          async ({ pts, scalars, gates }, threads, w) => {
            const P = pts.map((p) => p.P);
            const h = prepare(P, { curve: TOY, ...(w === null ? {} : { window: w }) });
            const opts = { gates, threads, tuning };
            const got = await msmAsync(h, scalars, opts);
            const want = oracleOf(TOY, pts, scalars);
            expect(show(TOY, got), JSON.stringify(gates)).toBe(show(TOY, want));
            const sync = msm(h, scalars, opts);
            expect([got.X, got.Y, got.Z], JSON.stringify(gates)).toEqual([sync.X, sync.Y, sync.Z]);
            // the same handle cut the other way (2 ↔ 3 threads): the workers keep its chunks by range, not by start
            const other = 5 - threads;
            const again = await msmAsync(h, scalars, { ...opts, threads: other });
            expect(show(TOY, again), `${JSON.stringify(gates)}, ${threads} then ${other} threads`).toBe(show(TOY, want));
          }
        )
    ),

    prop(
      'BLS12-381 G2 (Fp2 coordinates cross to the workers as words; a handle with its table in the wasm form, two elements per coordinate), equals the oracle',
      3,
      () =>
        fc.asyncProperty(knownPointsArb(G2, 2, 3), fc.array(scalarArb(G2.order), { minLength: 3, maxLength: 3 }), async (pts, s3) => {
          const s = s3.slice(0, pts.length);
          const P = pts.map((p) => p.P);
          const want = oracleOf(G2, pts, s);
          for (const points of [P, prepare(P, { curve: G2, window: 6 })]) {
            const got = await msmAsync(points, s, { gates: { workers: true, fixedBase: true }, threads: 2, curve: G2, tuning });
            expect(show(G2, got), points === P ? 'on points' : 'on a handle').toBe(show(G2, want));
          }
        })
    ),

    check(
      "a handle's table crosses as words when it has no wasm form (a BigInt-built table) and as the module's bytes when it has: both give the in-thread coordinates, shared or copied per worker",
      async () => {
        const P = pointsN(23);
        const s = scalarsN(23);
        const F = TOY.Fp;
        const rows = rowsFor(TOY.scalarBits, 3);
        const bigint = preparedOf(TOY, P, 3, rows, buildTable(F, F.mul(F.fromSmall(3), TOY.b), P as any[], rows, 3));
        const wasm = prepare(P, { curve: TOY, window: 3 });
        expect(adoptedPointBytes(preparedTables(bigint).table)).toBeUndefined();
        expect(adoptedPointBytes(preparedTables(wasm).table)).toBeDefined();
        const want = referenceMsm(P, s, TOY) as any;
        for (const h of [bigint, wasm])
          for (const threads of [2, 3])
            for (const noSharedMemory of [false, true]) {
              const opts = withTestHooks(
                { gates: gatesOn('workers', 'fixedBase', 'wasmField', 'signedDigits'), threads, curve: TOY, tuning },
                { noSharedMemory }
              );
              const got = (await msmAsync(h, s, opts)) as any;
              const sync = msm(h, s, opts) as any;
              const label = `${h === wasm ? 'wasm' : 'BigInt'} table, threads ${threads}${noSharedMemory ? ', copied' : ', shared'}`;
              expect([got.X, got.Y, got.Z], label).toEqual([sync.X, sync.Y, sync.Z]);
              expect(got.equals(want), label).toBe(true);
            }
      }
    ),

    check('rejects bad input like msm', async () => {
      await expect(msmAsync([TOY.BASE], [TOY.order], { gates: { workers: true } })).rejects.toThrow(RangeError);
      await expect(msmAsync([TOY.BASE], [1n, 2n], { gates: { workers: true } })).rejects.toThrow(RangeError);
      await expect(msmAsync([TOY.BASE], [1n], { threads: 0 })).rejects.toThrow(RangeError);
    }),

    check('a worker that exits, throws, or is terminated fails the call with a clear Error, and the pool recovers', async () => {
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
    }),
  ]),

  ...suite(FILE, 'workers: threshold and process lifetime', [
    check('below MIN_POINTS the call stays single-threaded', () => {
      const P = [TOY.BASE, TOY.BASE.multiply(3n)];
      const rep = msmInspect(P, [5n, 6n], { gates: { workers: true }, threads: 4 });
      expect(rep.trace.workers).toBeUndefined();
      expect(MIN_POINTS).toBeGreaterThan(2);
    }),

    check('an idle pool does not keep a process alive (no closeWorkerPool call)', () => {
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
    }),
  ]),

  // Written from the survivors of the full mutation run (docs/mutation.md):
  // when the split applies, and into how many chunks. Every split gives the same point, so only
  // the trace (in-thread split) and the pool's task count show these decisions.
  ...suite(FILE, 'workers: when the split applies', [
    check('threads default to min(availableParallelism, 8) chunks; options.threads overrides it; 1 thread does not split', () => {
      const dflt = traceOf(40, { gates: gatesOn('workers') });
      const want = Math.min(availableParallelism(), MAX_DEFAULT_THREADS);
      if (want >= 2) expect(dflt.workers).toEqual({ mode: 'in-thread', chunks: want });
      else expect(dflt.workers).toBeUndefined();
      expect(traceOf(40, { gates: gatesOn('workers'), threads: 5 }).workers).toEqual({ mode: 'in-thread', chunks: 5 });
      expect(traceOf(40, { gates: gatesOn('workers'), threads: 1 }).workers).toBeUndefined();
      expect(traceOf(40, { gates: gatesOn(), threads: 4 }).workers).toBeUndefined();
    }),

    check('the in-thread split records the window, bucket count and slots of its first chunk', () => {
      const gates = gatesOn('workers', 'signedDigits', 'xyzzBuckets');
      const split = traceOf(30, { gates, threads: 2, window: 4 });
      expect(split.workers).toEqual({ mode: 'in-thread', chunks: 2 });
      expect({ window: split.window, windowSource: split.windowSource, bucketCount: split.bucketCount, accumulate: split.slots.accumulate }).toEqual({
        window: 4,
        windowSource: 'option',
        bucketCount: 8,
        accumulate: 'xyzzBuckets',
      });
    }),

    check('pool tasks carry the gate set: the pool returns the in-thread coordinates for several gate sets', async () => {
      for (const ids of [['signedDigits', 'xyzzBuckets'], ['batchAffine', 'batchAffineReduction', 'signedDigits'], ['glv']]) {
        const gates = gatesOn('workers', ...ids);
        const a = (await msmAsync(pointsN(16), scalarsN(16), { gates, threads: 2, curve: TOY, tuning })) as any;
        const b = msm(pointsN(16), scalarsN(16), { gates, threads: 2, curve: TOY, tuning }) as any;
        expect([a.X, a.Y, a.Z], ids.join('+')).toEqual([b.X, b.Y, b.Z]);
      }
    }),

    check('the threshold counts points: exactly minPoints splits, one fewer does not', () => {
      expect(traceOf(6, { gates: gatesOn('workers'), threads: 2, tuning: { minPoints: 6 } }).workers).toEqual({ mode: 'in-thread', chunks: 2 });
      expect(traceOf(5, { gates: gatesOn('workers'), threads: 2, tuning: { minPoints: 6 } }).workers).toBeUndefined();
    }),

    check(
      'a prepare() handle is split too: each chunk is a handle over its bases and their table rows (step 10 answers it), or its points when step 10 declines',
      () => {
        const h = prepare(pointsN(12), { curve: TOY, window: 3 });
        const table = traceOf(12, { gates: gatesOn('workers', 'fixedBase'), threads: 3 }, h);
        expect({ path: table.path, windowSource: table.windowSource, window: table.window, workers: table.workers }).toEqual({
          path: 'workers',
          windowSource: 'fixedBase',
          window: 3,
          workers: { mode: 'in-thread', chunks: 3 },
        });
        // another window than the handle's: step 10 declines in every chunk, which run the plain path
        const other = traceOf(12, { gates: gatesOn('workers', 'fixedBase'), threads: 3, window: 4 }, h);
        expect({ windowSource: other.windowSource, window: other.window, workers: other.workers }).toEqual({
          windowSource: 'option',
          window: 4,
          workers: { mode: 'in-thread', chunks: 3 },
        });
        expect(traceOf(12, { gates: gatesOn('workers'), threads: 3 }, h).workers).toEqual({ mode: 'in-thread', chunks: 3 });
        // below the threshold the handle's table answers the whole call
        const whole = traceOf(12, { gates: gatesOn('workers', 'fixedBase'), threads: 3, tuning: { minPoints: 13 } }, h);
        expect({ path: whole.path, workers: whole.workers }).toEqual({ path: 'fixedBase', workers: undefined });
      }
    ),

    check('msmAsync uses the pool only with the gate on', async () => {
      const before = workerPoolStats().tasksRun;
      const off = await msmAsync(pointsN(10), scalarsN(10), { gates: gatesOn(), threads: 2, curve: TOY, tuning });
      expect(workerPoolStats().tasksRun).toBe(before);
      const onPool = await msmAsync(pointsN(10), scalarsN(10), { gates: gatesOn('workers'), threads: 2, curve: TOY, tuning });
      expect(workerPoolStats().tasksRun).toBe(before + 2);
      expect(onPool.equals(off)).toBe(true);
    }),
  ]),

  ...suite(FILE, 'workers: the worker side of a task, run in this thread', [
    check(
      "runChunkTask returns the projective coordinates of its chunk run as a one-thread msm with the call's gates and window (plain points and a handle)",
      () => {
        const cache = new ChunkCache();
        for (const [n, window, threads, handle] of [
          [5, 3, 2, false],
          [9, undefined, 3, false],
          [1, 1, 2, false],
          [11, undefined, 3, true],
          [7, 2, 2, true],
        ] as [number, number | undefined, number, boolean][]) {
          const P = pointsN(n);
          const s = scalarsN(n);
          const h = handle ? prepare(P, { curve: TOY, window: window ?? 3 }) : undefined;
          const gates = gatesOn('workers', 'signedDigits', 'xyzzBuckets', 'glv', 'fixedBase');
          const opts = { gates, window, threads, curve: TOY, tuning };
          const job = startCall(h ?? P, s, opts);
          const chunks = partition(n, threads);
          const tasks = callTasks(job, []);
          expect(tasks.map((t) => [t.task.start, t.task.end])).toEqual(chunks);
          tasks.forEach(({ task }, k) => {
            const r = runChunkTask(task, cache);
            const [a, b] = chunks[k];
            const chunkOpts = { gates, window, threads: 1, curve: TOY };
            const sync = (
              h ? msm(prepare(P.slice(a, b), { curve: TOY, window: h.window }), s.slice(a, b), chunkOpts) : msm(P.slice(a, b), s.slice(a, b), chunkOpts)
            ) as any;
            expect(r, `n = ${n}, chunk ${k}`).toEqual({ id: task.id, X: sync.X, Y: sync.Y, Z: sync.Z });
          });
        }
      }
    ),

    check("a pool worker keeps a handle's words from the first task that brings them until the pool says the handle is gone", () => {
      const replies: ChunkReply[] = [];
      let deliver: (m: unknown) => void = () => {};
      serve({ onMessage: (h) => void (deliver = h), post: (m) => void replies.push(m as ChunkReply) });
      const h = prepare(pointsN(6), { curve: TOY, window: 3 });
      const call = () => startCall(h, scalarsN(6), { gates: gatesOn('workers', 'fixedBase'), threads: 2, curve: TOY, tuning });
      const has = new Set<number>();
      const first = callTasks(call(), [], has);
      expect(first.map((t) => t.task.handle?.buffer !== undefined)).toEqual([true, false]);
      for (const t of first) deliver(t.task);
      const again = callTasks(call(), [], has);
      expect(again.map((t) => t.task.handle?.buffer !== undefined)).toEqual([false, false]);
      for (const t of again) deliver(t.task);
      expect(replies.map((r) => 'X' in r)).toEqual([true, true, true, true]);
      deliver({ drop: first[0].task.handle!.key });
      deliver(callTasks(call(), [], has)[0].task);
      const last = replies[4] as { error?: string };
      expect(last.error ?? JSON.stringify(last)).toMatch(/the words of handle \d+ were never sent to this worker/);
    }),

    check('a chunk with a point off the curve answers with the first such index of the call (the on-curve tests left to the workers)', () => {
      const off = new TOY.Point(1n, 1n, 1n);
      const P = [...pointsN(4), off, TOY.BASE, off];
      const s = scalarsN(P.length);
      const job = startCall(pointsN(P.length), s, { gates: gatesOn('workers'), threads: 2, curve: TOY, tuning });
      const tasks = callTasks({ ...job, points: P as any }, [4, 5, 6]);
      const [first, second] = tasks.map((t) => runChunkTask(t.task));
      expect(
        'X' in first && first.id === tasks[0].task.id,
        JSON.stringify(first, (_k, v) => (typeof v === 'bigint' ? String(v) : v))
      ).toBe(true);
      expect(second).toEqual({ id: tasks[1].task.id, offCurve: 4 });
    }),
  ]),

  ...suite(FILE, 'workers: the pool starts the compiled worker, or the dev shim from TypeScript sources', [
    check('pool-worker.js next to a compiled module; pool-worker.dev.mjs next to a .ts module', () => {
      expect(poolWorkerUrl('file:///pkg/dist/optimized/platform/threads.js').href).toBe('file:///pkg/dist/optimized/pool-worker.js');
      expect(poolWorkerUrl('file:///repo/src/optimized/platform/threads.ts').href).toBe('file:///repo/src/optimized/pool-worker.dev.mjs');
      // the package's own pool: the dev shim when these checks run from the sources (vitest, tsx), the compiled worker from dist/ (the built gate)
      if (import.meta.url.endsWith('.ts')) expect(poolWorkerUrl().href).toMatch(/\/src\/optimized\/pool-worker\.dev\.mjs$/);
      else expect(poolWorkerUrl().href).toMatch(/\/dist\/src\/optimized\/pool-worker\.js$/);
    }),

    check('the tuning knobs cross to the worker with the task: a pool run with maxBatch / segments returns the in-thread coordinates', async () => {
      const gates = gatesOn('workers', 'batchAffine', 'batchAffineReduction', 'signedDigits');
      for (const t of [
        { maxBatch: 1, segments: 1 },
        { maxBatch: 2, segments: 3 },
      ]) {
        const opts = { gates, threads: 2, window: 3, curve: TOY, tuning: { minPoints: 1, ...t } };
        const a = (await msmAsync(pointsN(24), scalarsN(24), opts)) as any;
        const b = msm(pointsN(24), scalarsN(24), opts) as any;
        expect([a.X, a.Y, a.Z], JSON.stringify(t)).toEqual([b.X, b.Y, b.Z]);
      }
    }),
  ]),

  // Last: many calls in flight on one pool (workers-flight.ts).
  ...FLIGHT_CHECKS,
];
