/**
 * The one catalogue of gate sets, read off the registry (so a new step is included with no
 * edit), used by `gate`, `bench`, the count expectations, the reports and JUnit.
 *
 * Families and their canonical keys (= display names; `setLabel` is the only label function):
 *
 * | family    | keys                                                     |
 * |-----------|----------------------------------------------------------|
 * | none      | `none` (every gate off: step 00)                         |
 * | default   | `default` (every gate at its registered default)         |
 * | all       | `all`                                                    |
 * | single    | `only <id>` for each gate                                |
 * | minus-one | `all −<id>` for each gate                                |
 * | ladder    | `ladder +<id>`: every gate up to <id> in step order on   |
 * | pairs     | `<a> + <b>`: exactly two gates on (the interaction view) |
 *
 * A key names a family member, not a list of on-gates, so registering a step does not rename
 * `all −glv`: it still means "every registered gate but glv". When two keys give the same gate
 * record (e.g. the top ladder rung is `all`), the set is listed once under its first key in
 * family order and the others are its aliases. The bench's views are groups of families.
 */
import { GATES, type GateInfo } from '../src/index.js';

export const FAMILIES = ['none', 'default', 'all', 'single', 'minus-one', 'ladder', 'pairs'] as const;
export type Family = (typeof FAMILIES)[number];
/** The families `gate` checks by default (ladder rungs and pairs add little to a correctness gate). */
export const GATE_FAMILIES: readonly Family[] = ['none', 'default', 'all', 'single', 'minus-one'];

/** Views of `bench`: named groups of families. */
export const VIEWS = ['ladder', 'single', 'ablation', 'default'] as const;
export type ViewName = (typeof VIEWS)[number];
const VIEW_FAMILIES: Record<ViewName, Family[]> = { ladder: ['none', 'ladder'], single: ['single'], ablation: ['all', 'minus-one'], default: ['default'] };

/** One member of a family, before it is named. */
export type SetId =
  | { family: 'none' | 'default' | 'all' }
  | { family: 'single' | 'minus-one' | 'ladder'; gate: string }
  | { family: 'pairs'; gate: string; other: string };

/** The one label function: the canonical key of a family member. */
export function setLabel(id: SetId): string {
  if (!('gate' in id)) return id.family;
  if (id.family === 'pairs') return `${id.gate} + ${id.other}`;
  return { single: `only ${id.gate}`, 'minus-one': `all −${id.gate}`, ladder: `ladder +${id.gate}` }[id.family];
}

export interface GateSetSpec {
  /** Canonical key (setLabel of its first family member). */
  readonly label: string;
  /** Full gate record (every registered gate named). */
  readonly gates: Readonly<Record<string, boolean>>;
  /** Families this record appears in (absent on hand-made sets, e.g. in tests). */
  readonly families?: Family[];
  /** Views this record appears in (bench). */
  readonly views: ViewName[];
  /** Other keys the same record has in other families. */
  readonly aliases: string[];
  /** True for the all-off set `none` (every bench ratio is taken against it). */
  readonly baseline: boolean;
}

/** Registered gates in step order. */
export function orderedGates(gates: readonly GateInfo[] = GATES): GateInfo[] {
  return [...gates].sort((a, b) => a.step - b.step);
}

function record(gates: readonly GateInfo[], on: (g: GateInfo) => boolean): Record<string, boolean> {
  return Object.fromEntries(gates.map((g) => [g.id, on(g)]));
}

/** Identity of a gate record: one bit per registered gate, in step order. */
export function gateKey(rec: Readonly<Record<string, boolean>>, gates: readonly GateInfo[] = GATES): string {
  return orderedGates(gates)
    .map((g) => (rec[g.id] ? '1' : '0'))
    .join('');
}

/** The members of one family with their gate records, in registry order. */
export function familyMembers(f: Family, gates: readonly GateInfo[] = GATES): { id: SetId; gates: Record<string, boolean> }[] {
  const gs = orderedGates(gates);
  switch (f) {
    case 'none':
      return [{ id: { family: 'none' }, gates: record(gs, () => false) }];
    case 'default':
      return [{ id: { family: 'default' }, gates: record(gs, (g) => g.default) }];
    case 'all':
      return [{ id: { family: 'all' }, gates: record(gs, () => true) }];
    case 'single':
      return gs.map((g) => ({ id: { family: 'single', gate: g.id }, gates: record(gs, (x) => x.id === g.id) }));
    case 'minus-one':
      return gs.map((g) => ({ id: { family: 'minus-one', gate: g.id }, gates: record(gs, (x) => x.id !== g.id) }));
    case 'ladder':
      return gs.map((g, i) => {
        const upTo = new Set(gs.slice(0, i + 1).map((x) => x.id));
        return { id: { family: 'ladder', gate: g.id }, gates: record(gs, (x) => upTo.has(x.id)) };
      });
    case 'pairs': {
      const out: { id: SetId; gates: Record<string, boolean> }[] = [];
      for (let i = 0; i < gs.length; i++)
        for (let j = i + 1; j < gs.length; j++)
          out.push({ id: { family: 'pairs', gate: gs[i].id, other: gs[j].id }, gates: record(gs, (x) => x.id === gs[i].id || x.id === gs[j].id) });
      return out;
    }
    default:
      throw new RangeError(`unknown gate-set family "${f as string}": expected one of ${FAMILIES.join(', ')}`);
  }
}

/**
 * The deduplicated gate sets of the given families (in catalogue order), each under its first
 * key. `withNone` puts `none` first even when not asked for (bench ratios need it). `gates`
 * defaults to the live registry; tests and `--against` pass another one.
 */
export function gateSetsOf(
  families: readonly Family[] = GATE_FAMILIES,
  opts: { gates?: readonly GateInfo[]; withNone?: boolean; views?: readonly ViewName[] } = {}
): GateSetSpec[] {
  const gates = opts.gates ?? GATES;
  const byKey = new Map<string, GateSetSpec & { families: Family[]; views: ViewName[]; aliases: string[] }>();
  const viewsOf = (f: Family) => (opts.views ?? []).filter((v) => VIEW_FAMILIES[v].includes(f));
  const want = new Set<Family>(families);
  if (opts.withNone) want.add('none');
  for (const f of FAMILIES) {
    if (!want.has(f)) continue;
    for (const m of familyMembers(f, gates)) {
      const key = gateKey(m.gates, gates);
      // the all-on and all-off records are always called `all` and `none` (e.g. the top ladder rung)
      const own = setLabel(m.id);
      const label = !key.includes('1') ? 'none' : !key.includes('0') ? 'all' : own;
      const seen = byKey.get(key);
      if (seen) {
        if (!seen.families.includes(f)) seen.families.push(f);
        for (const v of viewsOf(f)) if (!seen.views.includes(v)) seen.views.push(v);
        if (own !== seen.label && !seen.aliases.includes(own)) seen.aliases.push(own);
        continue;
      }
      byKey.set(key, {
        label,
        gates: Object.freeze({ ...m.gates }),
        families: [f],
        views: viewsOf(f),
        aliases: own === label ? [] : [own],
        baseline: !key.includes('1'),
      });
    }
  }
  return [...byKey.values()];
}

/** The gate sets of bench views (`none` always first). */
export function gateSetsFor(views: readonly ViewName[], gates: readonly GateInfo[] = GATES): GateSetSpec[] {
  const fams = new Set<Family>();
  for (const v of views) for (const f of VIEW_FAMILIES[v]) fams.add(f);
  return gateSetsOf([...fams], { gates, withNone: true, views });
}

/** Finds a set by its key or one of its aliases. */
export function findSet(sets: readonly GateSetSpec[], key: string): GateSetSpec | undefined {
  return sets.find((s) => s.label === key || s.aliases.includes(key));
}

/** A comma-separated list: its trimmed, non-empty items. */
export function splitList(spec: string): string[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses a comma-separated family list (`--sets`, `--time-sets`); RangeError naming the flag and the allowed values. */
export function parseFamilies(spec: string, flag = '--sets'): Family[] {
  const parts = splitList(spec);
  if (parts.length === 0) throw new RangeError(`${flag}: empty list: allowed: ${FAMILIES.join(', ')}`);
  for (const p of parts)
    if (!(FAMILIES as readonly string[]).includes(p)) throw new RangeError(`${flag}: unknown family "${p}": allowed: ${FAMILIES.join(', ')} (comma-separated)`);
  return [...new Set(parts)] as Family[];
}

/** Parses a comma-separated view list ('all' = every view). */
export function parseViews(spec: string): ViewName[] {
  const parts = splitList(spec);
  if (parts.length === 0) throw new RangeError('--views: empty list');
  const out = new Set<ViewName>();
  for (const p of parts) {
    if (p !== 'all' && !(VIEWS as readonly string[]).includes(p)) throw new RangeError(`--views: unknown view "${p}": expected ${VIEWS.join(', ')} or all`);
    for (const v of p === 'all' ? VIEWS : [p as ViewName]) out.add(v);
  }
  return [...out];
}
