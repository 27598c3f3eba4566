/**
 * The gate-set arbitrary: a record of one boolean per registered gate (fc.record, so shrinking
 * reports the smallest failing set), read off the registry so that new steps are fuzzed with no
 * edit here. `forced` gates are set on top of the drawn record (e.g. the step under test on).
 */
import fc from 'fast-check';
import { GATE_IDS } from '../../src/index.js';

export type GateRecord = Record<string, boolean>;

export function gateSetArb(forced: Readonly<GateRecord> = {}): fc.Arbitrary<GateRecord> {
  const drawn = fc.record(Object.fromEntries(GATE_IDS.map((id) => [id, fc.boolean()]))) as fc.Arbitrary<GateRecord>;
  return Object.keys(forced).length === 0 ? drawn : drawn.map((g) => ({ ...g, ...forced }));
}

/** The gates that are on, comma-separated ('none' when none is), as failure messages print them. */
export const onGates = (g: Readonly<GateRecord>): string =>
  Object.keys(g)
    .filter((k) => g[k])
    .join(',') || 'none';
