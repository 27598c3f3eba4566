/**
 * The MSM case arbitrary: curve, points with known logs, adversarial scalars, a gate set and a
 * window — the input of the contract (harness/contract.ts), used by the vitest properties and by
 * the CLI's gate, fuzz and replay.
 *
 * (log, scalar) pairs are drawn as one array, and duplicate / negate / zero edits are applied by
 * index modulo n through `map` (not `chain`), so fast-check shrinks the size directly: a failure
 * shrinks to the smallest n that still fails, and the gate record to the smallest failing set.
 * Logs and scalars come from the adversarial scalar classes (arbitraries/scalars.ts). A case is
 * fully determined by (curve, shape, seed, path), which is what `replay --seed --path` relies on.
 */
import fc from 'fast-check';
import type { AnyCurve } from '../../src/index.js';
import { hex0x } from '../format.js';
import { pointOf } from '../oracle.js';
import { gateSetArb, onGates, type GateRecord } from './gates.js';
import { applyLogEdits, logEditsArb, type KnownPoint } from './points.js';
import { scalarArb } from './scalars.js';
import { windowArb } from './window.js';

export interface MsmCase {
  curve: AnyCurve;
  points: KnownPoint[];
  scalars: bigint[];
  gates: GateRecord;
  window: number | undefined;
  /** options.threads of the call (the workers gate's split); undefined: the engine's default (the host's core count). */
  threads?: number;
}

export interface CaseShape {
  minN?: number;
  maxN: number;
  /** Largest explicit window drawn (bucket count 2^window bounds the cost); the engine may choose larger ones. */
  maxWindow?: number;
  /** options.threads of the cases with the workers gate on (default: none, the host's core count). */
  threads?: number;
  /** The gate sets drawn (default: every gate random, gateSetArb()). */
  gates?: fc.Arbitrary<GateRecord>;
  /** fast-check size of the (log, scalar) array: 'max' spreads n over the whole [minN, maxN] (the CLI). */
  size?: fc.SizeForArbitrary;
}

export function msmCaseArb(curve: AnyCurve, shape: CaseShape): fc.Arbitrary<MsmCase> {
  const r = curve.order;
  const minN = shape.minN ?? 0;
  const items = fc.array(fc.tuple(scalarArb(r), scalarArb(r)), { minLength: minN, maxLength: shape.maxN, ...(shape.size ? { size: shape.size } : {}) });
  return fc
    .record({
      items,
      edits: logEditsArb(shape.maxN),
      gates: shape.gates ?? gateSetArb(),
      window: windowArb(shape.maxWindow),
    })
    .map(({ items, edits, gates, window }): MsmCase => {
      const logs = items.map((x) => x[0]);
      const points: KnownPoint[] = applyLogEdits(logs, edits, r).map((k) => ({ k, P: pointOf(curve, k) }));
      const threads = shape.threads !== undefined && gates.workers ? { threads: shape.threads } : {};
      return withPrinter({ curve, points, scalars: items.map((x) => x[1]), gates, window, ...threads });
    });
}

/** Makes fast-check print a case as its curve id, gates, window, logs and scalars. */
export function withPrinter(c: MsmCase): MsmCase {
  Object.defineProperty(c, fc.toStringMethod, { value: () => printCase(c), enumerable: false });
  return c;
}

/** The full case as text: enough to rebuild it (points are kᵢ·G). */
export function printCase(c: MsmCase): string {
  return `{ ${describeCase(c)}, logs: [${c.points.map((p) => hex0x(p.k)).join(', ')}], ` + `scalars: [${c.scalars.map(hex0x).join(', ')}] }`;
}

/** Compact description of a case for failure messages. */
export function describeCase(c: MsmCase): string {
  return `curve=${c.curve.id} n=${c.points.length} window=${c.window ?? 'auto'} gates=[${onGates(c.gates)}]`;
}
