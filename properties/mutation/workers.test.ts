/**
 * Step 11 (workers): when the split applies, and into how many chunks — written from the
 * survivors of the full mutation run (docs/mutation.md). Every split gives the same point, so
 * only the trace (in-thread split) and the pool's task count show these decisions.
 */
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { GATE_IDS, TOY, closeWorkerPool, msm, msmAsync, msmInspect, prepare, workerPoolStats } from '../../src/index.js';
import { configureWorkersForTest, MAX_DEFAULT_THREADS, runChunkTask } from '../../src/optimized/steps/11-workers.js';

const on = (...ids: string[]) => Object.fromEntries(GATE_IDS.map((id) => [id, ids.includes(id)]));
const points = (n: number) => Array.from({ length: n }, (_, i) => TOY.BASE.multiply(BigInt(i + 2)));
const scalars = (n: number) => Array.from({ length: n }, (_, i) => BigInt(3 * i + 1));

afterAll(async () => {
  configureWorkersForTest({});
  await closeWorkerPool();
});

describe('workers: when the split applies', () => {
  it('threads default to min(availableParallelism, 8) chunks; options.threads overrides it; 1 thread does not split', () => {
    configureWorkersForTest({ minPoints: 1 });
    try {
      const n = 40;
      const dflt = msmInspect(points(n), scalars(n), { gates: on('workers'), curve: TOY });
      const want = Math.min(availableParallelism(), MAX_DEFAULT_THREADS);
      if (want >= 2) expect(dflt.trace.workers).toEqual({ mode: 'in-thread', chunks: want });
      else expect(dflt.trace.workers).toBeUndefined();
      expect(msmInspect(points(n), scalars(n), { gates: on('workers'), threads: 5, curve: TOY }).trace.workers).toEqual({ mode: 'in-thread', chunks: 5 });
      expect(msmInspect(points(n), scalars(n), { gates: on('workers'), threads: 1, curve: TOY }).trace.workers).toBeUndefined();
      expect(msmInspect(points(n), scalars(n), { gates: on(), threads: 4, curve: TOY }).trace.workers).toBeUndefined();
    } finally {
      configureWorkersForTest({});
    }
  });

  it('the in-thread split records the window, bucket count and slots of its first chunk', () => {
    configureWorkersForTest({ minPoints: 1 });
    try {
      const gates = on('workers', 'signedDigits', 'xyzzBuckets');
      const split = msmInspect(points(30), scalars(30), { gates, threads: 2, window: 4, curve: TOY }).trace;
      expect(split.workers).toEqual({ mode: 'in-thread', chunks: 2 });
      expect({ window: split.window, windowSource: split.windowSource, bucketCount: split.bucketCount, accumulate: split.slots.accumulate }).toEqual({
        window: 4,
        windowSource: 'option',
        bucketCount: 8,
        accumulate: 'xyzzBuckets',
      });
    } finally {
      configureWorkersForTest({});
    }
  });

  it('pool tasks carry the gate set: the pool returns the in-thread coordinates for several gate sets', async () => {
    configureWorkersForTest({ minPoints: 1 });
    try {
      for (const ids of [['signedDigits', 'xyzzBuckets'], ['batchAffine', 'batchAffineReduction', 'signedDigits'], ['glv']]) {
        const gates = on('workers', ...ids);
        const a = (await msmAsync(points(16), scalars(16), { gates, threads: 2, curve: TOY })) as any;
        const b = msm(points(16), scalars(16), { gates, threads: 2, curve: TOY }) as any;
        expect([a.X, a.Y, a.Z], ids.join('+')).toEqual([b.X, b.Y, b.Z]);
      }
    } finally {
      configureWorkersForTest({});
    }
  });

  it('the threshold counts points: exactly minPoints splits, one fewer does not', () => {
    configureWorkersForTest({ minPoints: 6 });
    try {
      expect(msmInspect(points(6), scalars(6), { gates: on('workers'), threads: 2, curve: TOY }).trace.workers).toEqual({ mode: 'in-thread', chunks: 2 });
      expect(msmInspect(points(5), scalars(5), { gates: on('workers'), threads: 2, curve: TOY }).trace.workers).toBeUndefined();
    } finally {
      configureWorkersForTest({});
    }
  });

  it('a prepare() handle: the table answers with fixedBase on (no split), unless an explicit window differs from the handle; with fixedBase off the points are split', () => {
    configureWorkersForTest({ minPoints: 1 });
    try {
      const h = prepare(points(12), { curve: TOY, window: 3 });
      const table = msmInspect(h, scalars(12), { gates: on('workers', 'fixedBase'), threads: 3, curve: TOY });
      expect(table.trace.windowSource).toBe('fixedBase');
      expect(table.trace.workers).toBeUndefined();
      expect(msmInspect(h, scalars(12), { gates: on('workers', 'fixedBase'), threads: 3, window: 3, curve: TOY }).trace.workers).toBeUndefined();
      expect(msmInspect(h, scalars(12), { gates: on('workers', 'fixedBase'), threads: 3, window: 4, curve: TOY }).trace.workers).toEqual({ mode: 'in-thread', chunks: 3 });
      expect(msmInspect(h, scalars(12), { gates: on('workers'), threads: 3, curve: TOY }).trace.workers).toEqual({ mode: 'in-thread', chunks: 3 });
    } finally {
      configureWorkersForTest({});
    }
  });

  it('msmAsync uses the pool only with the gate on', async () => {
    configureWorkersForTest({ minPoints: 1 });
    try {
      const before = workerPoolStats().tasksRun;
      const off = await msmAsync(points(10), scalars(10), { gates: on(), threads: 2, curve: TOY });
      expect(workerPoolStats().tasksRun).toBe(before);
      const onPool = await msmAsync(points(10), scalars(10), { gates: on('workers'), threads: 2, curve: TOY });
      expect(workerPoolStats().tasksRun).toBe(before + 2);
      expect(onPool.equals(off)).toBe(true);
    } finally {
      configureWorkersForTest({});
    }
  });
});

describe('workers: the worker side of a task, run in this thread', () => {
  it('runChunkTask returns the projective coordinates of the bucket method on its chunk (as msm with the same gates and window)', () => {
    for (const [n, window] of [[5, 3], [9, undefined], [1, 1]] as [number, number | undefined][]) {
      const P = points(n);
      const s = scalars(n);
      const gates = on('signedDigits', 'xyzzBuckets');
      const r = runChunkTask({ id: 1, curve: TOY.id, gates: gates as any, bits: TOY.scalarBits, window, X: P.map((p: any) => p.X), Y: P.map((p: any) => p.Y), Z: P.map((p: any) => p.Z), scalars: s });
      const want = msmInspect(P, s, { gates, window, curve: TOY }).result as any;
      expect(TOY.fromProjective(r.X as bigint, r.Y as bigint, r.Z as bigint).equals(want)).toBe(true);
      const sync = msm(P, s, { gates, window: window ?? msmInspect(P, s, { gates, curve: TOY }).trace.window, curve: TOY }) as any;
      expect([r.X, r.Y, r.Z]).toEqual([sync.X, sync.Y, sync.Z]);
    }
  });
});
