/** The curves the suite knows, in one list: detection of a point's curve and lookup by id. */
import { G1, G2 } from './bls12-381.js';
import { TOY } from './toy.js';
import type { AnyCurve } from './types.js';

export const CURVES: readonly AnyCurve[] = Object.freeze([G1, G2, TOY]);

export function curveById(id: string): AnyCurve {
  const c = CURVES.find((c) => c.id === id);
  if (!c) throw new RangeError(`unknown curve "${id}": expected one of ${CURVES.map((c) => c.id).join(', ')}`);
  return c;
}

/**
 * A curve option as given (a binding, an id, or undefined) resolved to a binding; anything else is
 * a TypeError naming the option (`name`) and the allowed curves.
 */
export function curveOption(given: unknown, name: string): AnyCurve | undefined {
  if (given === undefined) return undefined;
  if (typeof given === 'string') {
    const c = CURVES.find((x) => x.id === given);
    if (!c) throw new RangeError(`${name}: unknown curve "${given}": expected one of ${CURVES.map((x) => x.id).join(', ')}`);
    return c;
  }
  if (CURVES.includes(given as AnyCurve)) return given as AnyCurve;
  throw new TypeError(`${name} must be one of ${CURVES.map((c) => c.id).join(', ')} or its binding`);
}

/** The curve whose point class `v` belongs to, or undefined. */
export function curveOfPoint(v: unknown): AnyCurve | undefined {
  for (const c of CURVES) if (c.isPoint(v)) return c;
  return undefined;
}
