/**
 * Step 11 (workers), many calls in flight on one pool: each call's chunks are tasks among the
 * others' on the same workers, so a reply matched to the wrong call, a chunk offset mixed up
 * between calls or a handle's shared words read at the wrong place gives some call another's sum;
 * bad input fails only its own call, with msm's exact error (on-curve tests in the workers included).
 * Run after the other workers checks (workers.ts appends these to its own). Also the cases of
 * both workers files: toy inputs with the workers gate on, the pool example that runs first,
 * fixed points and scalars, and the per-call knob that lets tiny inputs split.
 */
import fc from 'fast-check';
import { expect } from '../expect.js';
import { prop, check, suite, gatesOn, type EngineCheck } from '../check.js';
import { G1, TOY, msm, msmAsync, prepare, referenceMsm, workerPoolStats } from '../../../src/index.js';
import { withTestHooks } from '../../../src/optimized/hooks.js';
import { gateSetArb } from '../../arbitraries/gates.js';
import { knownPointsArb } from '../../arbitraries/points.js';
import { scalarArb } from '../../arbitraries/scalars.js';
import { oracle, pointOf } from '../../oracle.js';
import { show } from '../../show.js';

const FILE = 'properties/steps/workers.test.ts';

export const toyCase = (minN: number, maxN: number) =>
  knownPointsArb(TOY, minN, maxN).chain((pts) =>
    fc.record({
      pts: fc.constant(pts),
      scalars: fc.array(scalarArb(TOY.order), { minLength: pts.length, maxLength: pts.length }),
      gates: gateSetArb().map((g) => ({ ...g, workers: true })),
    })
  );

// A pool case (2 threads, only the workers gate on) that runs first, so the pool is reached at
// any FC_RUNS (mutation runs scale run counts down to 1–2 cases, which may all pick 1 thread).
export const POOL_EXAMPLE: [{ pts: { k: bigint; P: any }[]; scalars: bigint[]; gates: Record<string, boolean> }, number] = [
  {
    pts: [1n, 2n, 3n, 5n, 8n, 13n, 21n].map((k) => ({ k, P: pointOf(TOY, k) })),
    scalars: [3n, 1n, 4n, 1n, 5n, 9n, 2n],
    gates: gatesOn('workers'),
  },
  2,
];

export const pointsN = (n: number) => Array.from({ length: n }, (_, i) => TOY.BASE.multiply(BigInt(i + 2)));
export const scalarsN = (n: number) => Array.from({ length: n }, (_, i) => BigInt(3 * i + 1));

/** Per-call knob: split from one point on. */
export const tuning = { minPoints: 1 } as const;

type Outcome = { value: { X: unknown; Y: unknown; Z: unknown } } | { error: string };

async function outcome(f: () => unknown): Promise<Outcome> {
  try {
    const p = (await f()) as { X: unknown; Y: unknown; Z: unknown };
    return { value: { X: p.X, Y: p.Y, Z: p.Z } };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

/** How a call of the in-flight batch is made bad (or not). */
const BADS = ['none', 'none', 'none', 'offCurve', 'twoOffCurve', 'scalar', 'offCurveThenScalar', 'scalarThenOffCurve'] as const;

interface FlightCall {
  curve: 'toy' | 'g1';
  handle: boolean;
  n: number;
  ks: bigint[];
  scalars: bigint[];
  threads: number;
  gates: Record<string, boolean>;
  bad: (typeof BADS)[number];
  at: [number, number];
  noSharedMemory: boolean;
}

const flightCallArb: fc.Arbitrary<FlightCall> = fc
  .record({
    g1: fc.boolean(),
    handle: fc.boolean(),
    threads: fc.constantFrom(2, 3),
    gates: gateSetArb().map((g) => ({ ...g, workers: true })),
    bad: fc.constantFrom(...BADS),
    at: fc.tuple(fc.nat(), fc.nat()),
    noSharedMemory: fc.boolean(),
  })
  .chain((c) => {
    const curve = c.g1 ? G1 : TOY;
    return fc
      .integer({ min: 2, max: c.g1 ? 6 : 48 })
      .chain((n) =>
        fc.record({
          ks: fc.array(fc.bigInt({ min: 1n, max: curve.order - 1n }), { minLength: n, maxLength: n }),
          scalars: fc.array(scalarArb(curve.order), { minLength: n, maxLength: n }),
        })
      )
      .map(({ ks, scalars }): FlightCall => ({ ...c, curve: c.g1 ? 'g1' : 'toy', n: ks.length, ks, scalars }));
  });

/** The call's arguments: fresh point objects (never seen by the validator), a handle, the bad input planted. */
function flightArgs(c: FlightCall, handles: Map<string, unknown>): { points: unknown; scalars: unknown[]; options: object } {
  const curve = c.curve === 'g1' ? G1 : TOY;
  const P: unknown[] = c.ks.map((k) => {
    const p = pointOf(curve, k) as any;
    return new curve.Point(p.X, p.Y, p.Z);
  });
  const s: unknown[] = c.scalars.slice();
  const i = c.at[0] % c.n;
  const j = c.at[1] % c.n;
  const off = new curve.Point(1n, 1n, 1n);
  // a handle's points were validated by prepare(): on a handle only the scalars can be bad
  const bad = c.handle && c.bad !== 'none' ? 'scalar' : c.bad;
  if (bad === 'offCurve' || bad === 'twoOffCurve') P[i] = off;
  if (bad === 'twoOffCurve') P[j] = off;
  if (bad === 'scalar') s[i] = curve.order;
  if (bad === 'offCurveThenScalar') [P[Math.min(i, j)], s[Math.max(i, j)]] = [off, -1n];
  if (bad === 'scalarThenOffCurve') [s[Math.min(i, j)], P[Math.max(i, j)]] = [5, off];
  let points: unknown = P;
  if (c.handle) {
    const key = `${c.curve}:${c.ks.join(',')}`;
    if (!handles.has(key)) handles.set(key, prepare(P as any[], { curve: curve.id }));
    points = handles.get(key);
  }
  const base = { gates: c.gates, threads: c.threads, curve: curve.id, tuning };
  return { points, scalars: s, options: c.noSharedMemory ? withTestHooks(base, { noSharedMemory: true }) : base };
}

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'workers: many calls in flight on one pool', [
    prop(
      '8–12 msmAsync calls at once (toy and G1, plain points and prepare() handles, 2–3 threads, some with bad input): each gets its own sum (the in-thread coordinates, the oracle), each bad one msm’s exact error',
      [6, 2],
      () =>
        fc.asyncProperty(fc.array(flightCallArb, { minLength: 8, maxLength: 12 }), async (calls) => {
          const handles = new Map<string, unknown>();
          const args = calls.map((c) => flightArgs(c, handles));
          // every call is put in flight before any is awaited (msmAsync's synchronous part posts its chunks)
          const flying = args.map((a) => outcome(() => msmAsync(a.points as any, a.scalars as any, a.options)));
          const got = await Promise.all(flying);
          for (const [k, c] of calls.entries()) {
            const a = args[k];
            const want = await outcome(() => msm(a.points as any, a.scalars as any, a.options));
            const label = `call ${k} of ${calls.length}: ${c.curve}${c.handle ? ' handle' : ''} n = ${c.n}, bad ${c.bad}, threads ${c.threads}`;
            expect(got[k], label).toEqual(want);
            if ('value' in want && c.bad === 'none') {
              const curve = c.curve === 'g1' ? G1 : TOY;
              const v = want.value as any;
              expect(show(curve, curve.fromProjective(v.X, v.Y, v.Z)), label).toBe(show(curve, oracle(curve, c.ks, c.scalars)));
            }
          }
        })
    ),

    check(
      'a point off the curve found by a worker: the smallest such index of the call, in any chunk (alone at a chunk’s first or last index too), and the valid new points are remembered after a call that passed',
      async () => {
        const opts = { gates: gatesOn('workers'), threads: 3, curve: TOY, tuning };
        const off = new TOY.Point(1n, 1n, 1n);
        const fresh = () => pointsN(30).map((p: any) => new TOY.Point(p.X, p.Y, p.Z));
        const P = fresh();
        P[25] = off;
        P[17] = off;
        const s = scalarsN(30);
        await expect(msmAsync(P, s, opts)).rejects.toThrow('invalid point at index 17: coordinates are not on toy');
        expect(() => msm(P, s, opts)).toThrow('invalid point at index 17: coordinates are not on toy');
        // alone at the first or last index of a chunk ([0, 10), [10, 20), [20, 30)): each worker tests its whole chunk
        for (const at of [0, 9, 10, 19, 20, 29]) {
          const B = fresh();
          B[at] = off;
          await expect(msmAsync(B, s, opts), `off-curve point at index ${at} only`).rejects.toThrow(`invalid point at index ${at}: coordinates are not on toy`);
        }
        // a valid call on new points: the workers test them (the pool runs), then they are known
        const Q = fresh();
        const before = workerPoolStats().tasksRun;
        const r = (await msmAsync(Q, s, opts)) as any;
        expect(workerPoolStats().tasksRun).toBe(before + 3);
        expect(r.equals(referenceMsm(Q, s, TOY))).toBe(true);
      }
    ),
  ]),
];
