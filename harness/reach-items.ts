/**
 * The items of the steps' declared reach (`Step.reach`, src/optimized/step.ts) and the edges
 * they make on a curve within a budget: what the reach-driven cases (arbitraries/reach-case.ts)
 * are drawn for and what reach-coverage.ts proves each step acts on.
 */
import { MAX_WINDOW, type AnyCurve } from '../src/index.js';
import type { CurveId } from '../src/curve/index.js';
import { EXCLUSIVE_SLOTS, STEPS, baseline } from '../src/optimized/index.js';
import type { EntryPoint, Reach, ReachInputClass, ReachScalarClass, Step, Tuning } from '../src/optimized/index.js';
import type { GateRecord } from './arbitraries/gates.js';

/** One item of one step's reach. */
export type ReachItem =
  | { kind: 'entry'; entry: EntryPoint }
  | { kind: 'window'; window: number | 'auto' }
  | { kind: 'wideG1' }
  | { kind: 'curve'; id: CurveId }
  | { kind: 'size'; n: number }
  | { kind: 'threshold'; name: string; offset: -1 | 0 | 1; knobValue: number | undefined }
  | { kind: 'cap'; name: string; value: number }
  | { kind: 'tuning'; tuning: Tuning }
  | { kind: 'threads'; threads: number }
  | { kind: 'scalar'; cls: ReachScalarClass }
  | { kind: 'input'; cls: ReachInputClass };

export interface ReachEdge {
  step: Step;
  item: ReachItem;
  /** `stepId: item`, as reports print it. */
  label: string;
}

/** What a curve's cases may cost. */
export interface ReachBudget {
  /** Largest n drawn (thresholds above it only through their knob). */
  maxN: number;
  /** Largest explicit window drawn at any n (on G1 the steps' larger windows are drawn at n ≤ 3). */
  maxWindow: number;
}

export const G1_ID = 'bls12-381-g1';

/** The default budget of a curve: the toy curve reaches every threshold by n; G1 stays small (windows 9..16 only at n ≤ 3). */
export function defaultBudget(curve: AnyCurve): ReachBudget {
  return curve.id === 'toy' ? { maxN: 600, maxWindow: MAX_WINDOW } : { maxN: 24, maxWindow: 8 };
}

/** Step 00 and the registered steps whose gate is on in `gates` (every step when undefined). */
export function activeSteps(gates?: Readonly<GateRecord>, registry: readonly Step[] = STEPS): Step[] {
  return [baseline, ...registry.filter((s) => gates === undefined || gates[s.id] === true)];
}

type ItemOf<K extends ReachItem['kind']> = Extract<ReachItem, { kind: K }>;

/** How reports print an item of each kind. */
const ITEM_LABELS: { [K in ReachItem['kind']]: (it: ItemOf<K>) => string } = {
  entry: (it) => `entry ${it.entry}`,
  window: (it) => `window ${it.window}`,
  wideG1: () => `window ${MAX_WINDOW} with full-size scalars on BLS12-381 G1`,
  curve: (it) => `curve ${it.id}`,
  size: (it) => `n = ${it.n}`,
  threshold: (it) => `${it.name}${it.knobValue === undefined ? '' : ` (knob ${it.knobValue})`} ${it.offset < 0 ? '− 1' : it.offset > 0 ? '+ 1' : ''}`.trim(),
  cap: (it) => `a batch larger than ${it.name} = ${it.value}`,
  tuning: (it) => `tuning ${JSON.stringify(it.tuning)}`,
  threads: (it) => `threads ${it.threads}`,
  scalar: (it) => `scalars ${it.cls}`,
  input: (it) => `inputs ${it.cls}`,
};

/** An item as reports print it. */
export const reachItemLabel = (it: ReachItem): string => (ITEM_LABELS[it.kind] as (it: ReachItem) => string)(it);

/** Every item of a step's reach (before the curve's budget is applied). */
export function reachItems(r: Reach): ReachItem[] {
  const out: ReachItem[] = [];
  for (const entry of r.entries) out.push({ kind: 'entry', entry });
  for (const window of r.windows) out.push({ kind: 'window', window });
  if (r.wideG1) out.push({ kind: 'wideG1' });
  for (const id of r.curves) out.push({ kind: 'curve', id });
  for (const n of r.sizes) out.push({ kind: 'size', n });
  for (const t of r.thresholds)
    for (const offset of [-1, 0, 1] as const) {
      out.push({ kind: 'threshold', name: t.name, offset, knobValue: undefined });
      for (const v of t.knobValues ?? []) out.push({ kind: 'threshold', name: t.name, offset, knobValue: v });
    }
  for (const c of r.caps) for (const value of c.values) out.push({ kind: 'cap', name: c.name, value });
  for (const tuning of r.tunings) out.push({ kind: 'tuning', tuning });
  for (const threads of r.threads) out.push({ kind: 'threads', threads });
  for (const cls of r.scalars) out.push({ kind: 'scalar', cls });
  for (const cls of r.inputs) out.push({ kind: 'input', cls });
  return out;
}

/** Whether an item can be drawn on this curve within the budget. */
export function itemFits(curve: AnyCurve, r: Reach, it: ReachItem, budget: ReachBudget): boolean {
  const g1 = curve.id === G1_ID;
  // a curve beyond the toy curve and G1 is drawn only for the steps that name it
  if (curve.id !== 'toy' && !g1) return it.kind === 'curve' && it.id === curve.id;
  switch (it.kind) {
    case 'wideG1':
      return g1;
    case 'curve':
      return curve.id === it.id;
    case 'window':
      // on G1 every declared window is drawn, those above the budget at n ≤ 3 (window 16 by the
      // wide-window edge when the step declares it: its cases are window-16 cases)
      return it.window === 'auto' || it.window <= budget.maxWindow || (g1 && !(it.window === MAX_WINDOW && r.wideG1));
    case 'size':
      return it.n <= budget.maxN;
    case 'threshold': {
      const t = r.thresholds.find((x) => x.name === it.name)!;
      const at = it.knobValue ?? t.at;
      return at + it.offset >= 1 && at + 1 <= budget.maxN;
    }
    default:
      return true;
  }
}

/** The edges of the active steps (union of their reach) on this curve, within the budget. */
export function reachEdges(
  curve: AnyCurve,
  gates?: Readonly<GateRecord>,
  budget: ReachBudget = defaultBudget(curve),
  registry: readonly Step[] = STEPS
): ReachEdge[] {
  const out: ReachEdge[] = [];
  // the windows above the budget (G1) last: the other edges keep their index (the seed of their cases)
  const above: ReachEdge[] = [];
  for (const step of activeSteps(gates, registry)) {
    const r = step.reach;
    if (r === undefined) continue;
    for (const item of reachItems(r))
      if (itemFits(curve, r, item, budget))
        (item.kind === 'window' && item.window !== 'auto' && item.window > budget.maxWindow ? above : out).push({
          step,
          item,
          label: `${step.id}: ${reachItemLabel(item)}`,
        });
  }
  return [...out, ...above];
}

/** Steps that can take the edge's work from it: a higher step filling one of its exclusive slots, or any direct hook. */
export function competitors(step: Step, registry: readonly Step[] = STEPS): Step[] {
  const mine = EXCLUSIVE_SLOTS.filter((s) => step[s] !== undefined);
  if (mine.length === 0 && step.direct === undefined) return [];
  return registry.filter((s) => s !== step && ((s.step > step.step && mine.some((slot) => s[slot] !== undefined)) || s.direct !== undefined));
}
