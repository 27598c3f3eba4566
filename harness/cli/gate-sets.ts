/**
 * The gate sets `gate` checks, read off the registry (so a new step is included with no edit):
 * none, default, all, each single gate, and all-but-one for each gate. Duplicates (e.g. with one
 * registered gate, "only x" = "all") are checked once.
 */
import { ALL_GATES, DEFAULT_GATES, GATES, NO_GATES } from '../../src/index.js';
import { labelOf } from './cases.js';
import { UsageError } from './errors.js';

export const FAMILIES = ['none', 'default', 'all', 'single', 'minus-one'] as const;
export type Family = (typeof FAMILIES)[number];

export interface NamedGateSet {
  /** Display name: none, default, all, only <id>, all −<id>. */
  name: string;
  /** Canonical key: labelOf(gates) (on-gates joined by '+'); baseline files use it. */
  key: string;
  gates: Record<string, boolean>;
}

export function parseFamilies(spec: string): Family[] {
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--sets: empty list: allowed: ${FAMILIES.join(', ')}`);
  for (const p of parts) if (!(FAMILIES as readonly string[]).includes(p)) throw new UsageError(`--sets: unknown family "${p}": allowed: ${FAMILIES.join(', ')} (comma-separated)`);
  return parts as Family[];
}

export function gateSetsOf(families: readonly Family[] = FAMILIES): NamedGateSet[] {
  const out: NamedGateSet[] = [];
  const add = (name: string, g: Readonly<Record<string, boolean>>) => {
    const gates = { ...g };
    const key = labelOf(gates);
    if (out.some((s) => s.key === key)) return;
    out.push({ name, key, gates });
  };
  for (const f of FAMILIES) {
    if (!families.includes(f)) continue;
    if (f === 'none') add('none', NO_GATES);
    if (f === 'default') add('default', DEFAULT_GATES);
    if (f === 'all') add('all', ALL_GATES);
    if (f === 'single') for (const g of GATES) add(`only ${g.id}`, { ...NO_GATES, [g.id]: true });
    if (f === 'minus-one') for (const g of GATES) add(`all −${g.id}`, { ...ALL_GATES, [g.id]: false });
  }
  return out;
}
