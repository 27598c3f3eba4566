/**
 * The gate registry: one gate per optimization step, read off the step registry.
 *
 * `options.gates` accepts:
 *  - undefined or 'default': every gate at its registered default;
 *  - 'none': every gate off (step 00, the baseline); 'all': every gate on;
 *  - a record { gateId: boolean, ... }: the listed gates as given, the others at their default.
 * Unknown gate names and non-boolean values are errors that list what is allowed.
 */
import { STEPS, type GateId } from './steps/index.js';
import type { GateSet } from './step.js';

export interface GateInfo {
  readonly id: string;
  readonly step: number;
  readonly title: string;
  readonly default: boolean;
}

export const GATES: readonly GateInfo[] = Object.freeze(STEPS.map((s) => Object.freeze({ id: s.id, step: s.step, title: s.title, default: s.default })));

export const GATE_IDS: readonly string[] = Object.freeze(GATES.map((g) => g.id));

export type { GateId };

/**
 * 'none', 'all', 'default', or a record over the registered gate names: an object literal
 * naming an unknown gate is a compile-time error (and, from plain JavaScript, a RangeError).
 */
export type GatesOption = 'none' | 'all' | 'default' | Readonly<Partial<Record<GateId, boolean>>>;

function fill(value: (g: GateInfo) => boolean): GateSet {
  const out: Record<string, boolean> = {};
  for (const g of GATES) out[g.id] = value(g);
  return Object.freeze(out);
}

export const DEFAULT_GATES: GateSet = fill((g) => g.default);
export const NO_GATES: GateSet = fill(() => false);
export const ALL_GATES: GateSet = fill(() => true);

function known(): string {
  return GATE_IDS.length ? GATE_IDS.join(', ') : '(none registered)';
}

/** Resolves options.gates to a full record; throws a TypeError/RangeError on bad input. */
export function resolveGates(gates: unknown): GateSet {
  if (gates === undefined || gates === 'default') return DEFAULT_GATES;
  if (gates === 'none') return NO_GATES;
  if (gates === 'all') return ALL_GATES;
  if (typeof gates === 'string')
    throw new RangeError(`options.gates: unknown preset "${gates}": expected 'none', 'all', 'default' or a record of booleans over ${known()}`);
  if (gates === null || typeof gates !== 'object' || Array.isArray(gates))
    throw new TypeError(
      `options.gates must be 'none', 'all', 'default' or a record of booleans, got ${gates === null ? 'null' : Array.isArray(gates) ? 'an array' : typeof gates}`
    );
  const out: Record<string, boolean> = { ...DEFAULT_GATES };
  for (const [k, v] of Object.entries(gates)) {
    if (!GATE_IDS.includes(k)) throw new RangeError(`options.gates: unknown gate "${k}": known gates are ${known()}`);
    if (typeof v !== 'boolean') throw new TypeError(`options.gates.${k} must be a boolean, got ${typeof v}`);
    out[k] = v;
  }
  return Object.freeze(out);
}

/** Short label of a gate set for reports: 'none', 'all', 'default' or the ids that are on. */
export function gateLabel(g: GateSet): string {
  const on = GATE_IDS.filter((id) => g[id]);
  if (on.length === 0) return 'none';
  if (on.length === GATE_IDS.length) return 'all';
  if (GATE_IDS.every((id) => g[id] === DEFAULT_GATES[id])) return 'default';
  return on.join('+');
}
