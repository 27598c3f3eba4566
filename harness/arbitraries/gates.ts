/**
 * Gate sets: a record of one boolean per registered gate (fc.record, so shrinking reports the
 * smallest failing set), read off the registry so that new steps are fuzzed with no edit here;
 * and explicit windows.
 */
import fc from 'fast-check';
import { GATE_IDS, MAX_WINDOW, MIN_WINDOW } from '../../src/index.js';

export type GateRecord = Record<string, boolean>;

export function gateSetArb(): fc.Arbitrary<GateRecord> {
  const model: Record<string, fc.Arbitrary<boolean>> = {};
  for (const id of GATE_IDS) model[id] = fc.boolean();
  return fc.record(model) as fc.Arbitrary<GateRecord>;
}

/** An explicit window or undefined (the engine then chooses). `max` caps the bucket count. */
export function windowArb(max = MAX_WINDOW): fc.Arbitrary<number | undefined> {
  return fc.option(fc.integer({ min: MIN_WINDOW, max: Math.min(max, MAX_WINDOW) }), { nil: undefined, freq: 3 });
}
