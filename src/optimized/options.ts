/**
 * Validation of `msm` options. Errors name the option and give the allowed range or names.
 */
import { curveById, CURVES, type AnyCurve, type CurveId } from '../curve/index.js';
import { resolveGates, type GatesOption } from './gates.js';
import type { GateSet } from './step.js';
import { MAX_WINDOW } from './steps/00-baseline.js';

export { MAX_WINDOW };
export const MIN_WINDOW = 1;

export interface MsmOptions {
  /** Gate selection; see gates.ts. Default: every gate at its registered default. */
  gates?: GatesOption;
  /** Explicit window size in [1, 16]; always honoured when given, whatever the gates and n. */
  window?: number;
  /** The curve, by binding or id. Needed only to say which identity an empty call returns. */
  curve?: AnyCurve | CurveId;
  /** Worker threads for the workers gate (step 11); ignored when that gate is off. */
  threads?: number;
}

export interface ResolvedOptions {
  gates: GateSet;
  window: number | undefined;
  curve: AnyCurve | undefined;
  extra: Record<string, unknown>;
}

const KNOWN = ['gates', 'window', 'curve', 'threads', 'count'];

export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) return { gates: resolveGates(undefined), window: undefined, curve: undefined, extra: {} };
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(`options must be an object or undefined, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!KNOWN.includes(k)) throw new RangeError(`unknown option "${k}": allowed options are ${KNOWN.join(', ')}`);
  const gates = resolveGates(o.gates);
  let window: number | undefined;
  if (o.window !== undefined) {
    const w = o.window;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < MIN_WINDOW || w > MAX_WINDOW)
      throw new RangeError(`options.window must be an integer in [${MIN_WINDOW}, ${MAX_WINDOW}], got ${typeof w === 'number' ? w : typeof w}`);
    window = w;
  }
  let curve: AnyCurve | undefined;
  if (o.curve !== undefined) {
    if (typeof o.curve === 'string') curve = curveById(o.curve);
    else if (CURVES.includes(o.curve as AnyCurve)) curve = o.curve as AnyCurve;
    else throw new TypeError(`options.curve must be one of ${CURVES.map((c) => c.id).join(', ')} or its binding`);
  }
  if (o.threads !== undefined) {
    const t = o.threads;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 64)
      throw new RangeError(`options.threads must be an integer in [1, 64], got ${typeof t === 'number' ? t : typeof t}`);
  }
  const extra: Record<string, unknown> = {};
  if (o.threads !== undefined) extra.threads = o.threads;
  return { gates, window, curve, extra };
}
