/**
 * The cases of the workers step's checks (workers.ts, workers-flight.ts): toy inputs with the
 * workers gate on, the pool example that runs first, gate records, fixed points and scalars, and the
 * per-call knob that lets tiny inputs split.
 */
import fc from 'fast-check';
import { TOY } from '../../../src/index.js';
import { gatesOn } from '../check.js';
import { gateSetArb } from '../../arbitraries/gates.js';
import { knownPointsArb } from '../../arbitraries/points.js';
import { scalarArb } from '../../arbitraries/scalars.js';
import { pointOf } from '../../oracle.js';

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
