/**
 * Step 11 (workers): the split-and-combine (in-thread for msm, worker pool for msmAsync).
 *
 * Failure modes aimed at: a partition that drops or repeats points at chunk edges (many chunks,
 * n not a multiple of the chunk count, more chunks than points); partial sums combined in
 * completion order instead of chunk order (checked on exact projective coordinates: msmAsync on
 * the pool must return the very same (X : Y : Z) as the in-thread msm with the same gates);
 * transformed jobs (GLV, skipZero) crossing to workers with the wrong bit width; a crashed or
 * terminated worker hanging the call; an idle pool keeping the process alive.
 * The split threshold is lowered by the test-only hook so tiny toy inputs are split too.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { G1, G2, GATE_IDS, TOY, closeWorkerPool, msm, msmAsync, msmInspect, prepare, referenceMsm, workerPoolStats } from '../../src/index.js';
import { configureWorkersForTest, MIN_POINTS, partition } from '../../src/optimized/steps/11-workers.js';
import { gateSetArb } from '../../harness/arbitraries/gates.js';
import { knownPointsArb } from '../../harness/arbitraries/points.js';
import { scalarArb } from '../../harness/arbitraries/scalars.js';
import { runs } from '../../harness/config.js';
import { oracle, pointOf } from '../../harness/oracle.js';
import { show } from '../../harness/show.js';

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

beforeAll(() => configureWorkersForTest({ minPoints: 1 }));
afterAll(async () => {
  configureWorkersForTest({});
  await closeWorkerPool();
});

describe('workers: partition', () => {
  it('contiguous chunks cover [0, n) exactly once, sizes differ by at most one', () => {
    fc.assert(
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
      { numRuns: runs(300) }
    );
  });
});

describe('workers: in-thread split (synchronous msm)', () => {
  it('many chunks (up to 64, more than points) equal the oracle, any other gates', () => {
    fc.assert(
      fc.property(toyCase(0, 80), fc.integer({ min: 1, max: 64 }), ({ pts, scalars, gates }, threads) => {
        const rep = msmInspect(
          pts.map((p) => p.P),
          scalars,
          { gates, threads, curve: TOY }
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
      { numRuns: runs(250) }
    );
  });
});

describe('workers: pool (msmAsync)', () => {
  it('equals the oracle, and returns the same projective coordinates as the in-thread msm (fixed combine order)', async () => {
    await fc.assert(
      fc.asyncProperty(toyCase(1, 60), fc.integer({ min: 1, max: 4 }), async ({ pts, scalars, gates }, threads) => {
        const P = pts.map((p) => p.P);
        const got = await msmAsync(P, scalars, { gates, threads, curve: TOY });
        const want = oracle(
          TOY,
          pts.map((p) => p.k),
          scalars
        );
        expect(show(TOY, got)).toBe(show(TOY, want));
        const sync = msm(P, scalars, { gates, threads, curve: TOY });
        expect([got.X, got.Y, got.Z]).toEqual([sync.X, sync.Y, sync.Z]);
      }),
      { numRuns: runs(60), examples: [POOL_EXAMPLE] }
    );
    expect(workerPoolStats().tasksRun).toBeGreaterThan(0);
  });

  it('BLS12-381 G1, random gates, equals the reference', async () => {
    await fc.assert(
      fc.asyncProperty(
        knownPointsArb(G1, 1, 8),
        fc.integer({ min: 2, max: 3 }),
        gateSetArb(),
        fc.array(scalarArb(G1.order), { minLength: 8, maxLength: 8 }),
        async (pts, threads, gates, s8) => {
          const P = pts.map((p) => p.P);
          const s = s8.slice(0, P.length);
          const got = await msmAsync(P, s, { gates: { ...gates, workers: true }, threads });
          expect(show(G1, got)).toBe(show(G1, referenceMsm(P, s)));
        }
      ),
      { numRuns: runs(8) }
    );
  });

  it('accepts a prepare() handle (table path in-thread with fixedBase on, pool on its points with it off)', async () => {
    await fc.assert(
      fc.asyncProperty(toyCase(1, 40), fc.integer({ min: 2, max: 3 }), async ({ pts, scalars, gates }, threads) => {
        const h = prepare(
          pts.map((p) => p.P),
          { curve: TOY }
        );
        const got = await msmAsync(h, scalars, { gates, threads });
        const want = oracle(
          TOY,
          pts.map((p) => p.k),
          scalars
        );
        expect(show(TOY, got), JSON.stringify(gates)).toBe(show(TOY, want));
      }),
      { numRuns: runs(25) }
    );
  });

  it('BLS12-381 G2 (Fp2 coordinates cross to the workers), equals the oracle', async () => {
    await fc.assert(
      fc.asyncProperty(knownPointsArb(G2, 2, 3), fc.array(scalarArb(G2.order), { minLength: 3, maxLength: 3 }), async (pts, s3) => {
        const s = s3.slice(0, pts.length);
        const got = await msmAsync(
          pts.map((p) => p.P),
          s,
          { gates: { workers: true }, threads: 2, curve: G2 }
        );
        const want = oracle(
          G2,
          pts.map((p) => p.k),
          s
        );
        expect(show(G2, got)).toBe(show(G2, want));
      }),
      { numRuns: runs(3) }
    );
  });

  it('rejects bad input like msm', async () => {
    await expect(msmAsync([TOY.BASE], [TOY.order], { gates: { workers: true } })).rejects.toThrow(RangeError);
    await expect(msmAsync([TOY.BASE], [1n, 2n], { gates: { workers: true } })).rejects.toThrow(RangeError);
    await expect(msmAsync([TOY.BASE], [1n], { threads: 0 })).rejects.toThrow(RangeError);
  });

  it('a worker that exits, throws, or is terminated fails the call with a clear Error, and the pool recovers', async () => {
    const P = Array.from({ length: 30 }, (_, i) => TOY.BASE.multiply(BigInt(i + 1)));
    const s = P.map((_, i) => BigInt(i * 61 + 5));
    const want = show(TOY, referenceMsm(P, s, TOY));
    const opts = { gates: { workers: true }, threads: 3, curve: TOY } as const;
    for (const crash of ['exit', 'throw'] as const) {
      configureWorkersForTest({ minPoints: 1, crash });
      await expect(msmAsync(P, s, opts)).rejects.toThrow(/msm worker \d+ failed: (exited with code 7|uncaught test-injected crash)/);
      configureWorkersForTest({ minPoints: 1 });
      expect(show(TOY, await msmAsync(P, s, opts))).toBe(want);
    }
    const inFlight = expect(msmAsync(P, s, opts)).rejects.toThrow(/msm worker \d+ failed: pool closed/);
    await closeWorkerPool();
    await inFlight;
    expect(show(TOY, await msmAsync(P, s, opts))).toBe(want);
  });
});

describe('workers: threshold and process lifetime', () => {
  it('below MIN_POINTS the call stays single-threaded', () => {
    configureWorkersForTest({});
    try {
      const P = [TOY.BASE, TOY.BASE.multiply(3n)];
      const rep = msmInspect(P, [5n, 6n], { gates: { workers: true }, threads: 4 });
      expect(rep.trace.workers).toBeUndefined();
      expect(MIN_POINTS).toBeGreaterThan(2);
    } finally {
      configureWorkersForTest({ minPoints: 1 });
    }
  });

  it('an idle pool does not keep a process alive (no closeWorkerPool call)', () => {
    const script = [
      "import { msmAsync, TOY } from './src/index.ts';",
      "import { configureWorkersForTest } from './src/optimized/steps/11-workers.ts';",
      'configureWorkersForTest({ minPoints: 1 });',
      'const P = [1n, 2n, 3n, 4n].map((k) => TOY.BASE.multiply(k));',
      "const r = await msmAsync(P, [1n, 2n, 3n, 4n], { gates: { workers: true }, threads: 2 });",
      "console.log(r.equals(TOY.BASE.multiply(30n)) ? 'ok' : 'wrong');",
    ].join('\n');
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.error, res.stderr).toBeUndefined();
    expect(res.stdout.trim(), res.stderr).toBe('ok');
    expect(res.status).toBe(0);
  });
});
