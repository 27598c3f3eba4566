/**
 * A whole MSM case: curve, points with known logs, scalars, gate set and window. This is the
 * input of the contract (properties/support/contract.ts) that every gate set must pass.
 */
import fc from 'fast-check';
import type { AnyCurve } from '../../src/index.js';
import { gateSetArb, windowArb, type GateRecord } from './gates.js';
import { knownPointsArb, type KnownPoint } from './points.js';
import { scalarArb } from './scalars.js';

export interface MsmCase {
  curve: AnyCurve;
  points: KnownPoint[];
  scalars: bigint[];
  gates: GateRecord;
  window: number | undefined;
}

export interface CaseShape {
  minN?: number;
  maxN: number;
  /** Largest explicit window tried (bucket count 2^window bounds the cost). */
  maxWindow?: number;
}

export function msmCaseArb(curve: AnyCurve, shape: CaseShape): fc.Arbitrary<MsmCase> {
  return knownPointsArb(curve, shape.minN ?? 0, shape.maxN)
    .chain((points) =>
      fc.record({
        curve: fc.constant(curve),
        points: fc.constant(points),
        scalars: fc.array(scalarArb(curve.order), { minLength: points.length, maxLength: points.length }),
        gates: gateSetArb(),
        window: windowArb(shape.maxWindow),
      })
    )
    .map(withPrinter);
}

/** Makes fast-check print a case as its curve id, gates, window, logs and scalars. */
export function withPrinter(c: MsmCase): MsmCase {
  Object.defineProperty(c, fc.toStringMethod, { value: () => printCase(c), enumerable: false });
  return c;
}

const hex = (v: bigint) => '0x' + v.toString(16);

/** The full case as text: enough to rebuild it (points are kᵢ·G). */
export function printCase(c: MsmCase): string {
  return (
    `{ ${describeCase(c)}, logs: [${c.points.map((p) => hex(p.k)).join(', ')}], ` +
    `scalars: [${c.scalars.map(hex).join(', ')}] }`
  );
}

/** Compact description of a case for failure messages and corpus files. */
export function describeCase(c: MsmCase): string {
  const on = Object.entries(c.gates)
    .filter(([, v]) => v)
    .map(([k]) => k);
  return `curve=${c.curve.id} n=${c.points.length} window=${c.window ?? 'auto'} gates=[${on.join(',') || 'none'}]`;
}
