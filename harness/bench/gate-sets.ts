/**
 * The benchmark views, read off the gate registry (GATES), so a newly registered step shows up
 * in every view without touching this file.
 *
 *  - ladder:   none, +01, +01..02, …, +01..last (cumulative, in step order)
 *  - single:   each step alone over the baseline
 *  - ablation: all gates on, then all on minus each step
 *  - default:  every gate at its registered default
 *
 * The same gate record can appear in several views (e.g. the ladder's top rung is the
 * ablation's "all"); it is benchmarked once and lists every view it belongs to. The all-off
 * baseline ("none") is always included: every ratio in the report is taken against it.
 */
import { GATES, type GateInfo } from '../../src/index.js';

export const VIEWS = ['ladder', 'single', 'ablation', 'default'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface GateSetSpec {
  /** Unique label of this gate record in reports. */
  readonly label: string;
  /** Full gate record (every registered gate named). */
  readonly gates: Readonly<Record<string, boolean>>;
  /** Views this record appears in. */
  readonly views: ViewName[];
  /** Other labels the same record has in other views. */
  readonly aliases: string[];
  /** True for the all-off baseline. */
  readonly baseline: boolean;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Registered gates in step order (the registry is in step order already; sort to be safe). */
export function orderedGates(gates: readonly GateInfo[] = GATES): GateInfo[] {
  return [...gates].sort((a, b) => a.step - b.step);
}

function record(gates: readonly GateInfo[], on: (g: GateInfo) => boolean): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const g of gates) out[g.id] = on(g);
  return out;
}

/** Key of a gate record: one bit per registered gate, in step order. */
export function gateKey(rec: Readonly<Record<string, boolean>>, gates: readonly GateInfo[] = GATES): string {
  return orderedGates(gates)
    .map((g) => (rec[g.id] ? '1' : '0'))
    .join('');
}

type Entry = { label: string; gates: Record<string, boolean> };

export function viewEntries(view: ViewName, gates: readonly GateInfo[] = GATES): Entry[] {
  const gs = orderedGates(gates);
  switch (view) {
    case 'ladder': {
      const out: Entry[] = [{ label: 'none', gates: record(gs, () => false) }];
      gs.forEach((g, i) => {
        const upTo = new Set(gs.slice(0, i + 1).map((x) => x.id));
        out.push({ label: `ladder ≤${pad2(g.step)} +${g.id}`, gates: record(gs, (x) => upTo.has(x.id)) });
      });
      return out;
    }
    case 'single':
      return gs.map((g) => ({ label: `only ${pad2(g.step)} ${g.id}`, gates: record(gs, (x) => x.id === g.id) }));
    case 'ablation':
      return [
        { label: 'all', gates: record(gs, () => true) },
        ...gs.map((g) => ({ label: `all −${pad2(g.step)} ${g.id}`, gates: record(gs, (x) => x.id !== g.id) })),
      ];
    case 'default':
      return [{ label: 'default', gates: record(gs, (g) => g.default) }];
    default:
      throw new RangeError(`unknown view "${view as string}": expected one of ${VIEWS.join(', ')}`);
  }
}

/**
 * The deduplicated gate sets of the chosen views, baseline first, then in view order.
 * `gates` defaults to the live registry; tests may pass a fake one.
 */
export function gateSetsFor(views: readonly ViewName[], gates: readonly GateInfo[] = GATES): GateSetSpec[] {
  const byKey = new Map<string, GateSetSpec>();
  const add = (e: Entry, view: ViewName | undefined) => {
    const key = gateKey(e.gates, gates);
    const seen = byKey.get(key);
    if (seen) {
      if (view && !seen.views.includes(view)) seen.views.push(view);
      if (e.label !== seen.label && !seen.aliases.includes(e.label)) seen.aliases.push(e.label);
      return;
    }
    if (key.length > 0 && !key.includes('0') && e.label !== 'all') {
      byKey.set(key, { label: 'all', gates: Object.freeze({ ...e.gates }), views: view ? [view] : [], aliases: [e.label], baseline: false });
      return;
    }
    byKey.set(key, {
      label: e.label,
      gates: Object.freeze({ ...e.gates }),
      views: view ? [view] : [],
      aliases: [],
      baseline: !key.includes('1'),
    });
  };
  add({ label: 'none', gates: record(gates, () => false) }, undefined);
  for (const v of views) for (const e of viewEntries(v, gates)) add(e, v);
  return [...byKey.values()];
}

/** Parses a comma-separated view list ('all' = every view). */
export function parseViews(spec: string): ViewName[] {
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new RangeError('--views: empty list');
  const out: ViewName[] = [];
  for (const p of parts) {
    if (p === 'all') {
      for (const v of VIEWS) if (!out.includes(v)) out.push(v);
      continue;
    }
    if (!(VIEWS as readonly string[]).includes(p)) throw new RangeError(`--views: unknown view "${p}": expected ${VIEWS.join(', ')} or all`);
    if (!out.includes(p as ViewName)) out.push(p as ViewName);
  }
  return out;
}
