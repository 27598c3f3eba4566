/**
 * Reach, proven: runs the gate's default reach cases (arbitraries/reach-case.ts
 * defaultReachCases, same seed and count) through their entry points and shows, for every step
 * of the registry (and step 00), which items of its declared reach were actually exercised:
 *
 *  - the step ACTED on a case when its id is in the trace's path, window source or slot
 *    providers, or, for a transform, when its transform changed the job (points, scalars or
 *    bits) in the composition of the case's active transforms;
 *  - entry point e: a case through e on which the step acted (for msmAsync: the trace of the
 *    same call; the pool's task counter shows the chunks went to worker threads);
 *  - window w: a case with explicit window w (on a handle: the handle's window) on which the
 *    step acted and the trace's window is w; 'auto': no window given, and the step acted;
 *  - wide G1: BLS12-381 G1, window 16, a scalar with the top bit of scalarBits set, acted;
 *  - threshold: with the gate on, trace.n (points after the transforms) at threshold − 1, at it
 *    and + 1 (knob values included: options.tuning[knob] replaces the constant), the step acting
 *    on its side and not acting on the other;
 *  - cap: a case with the cap set on which the step acted and the counting field shows more
 *    inversions than the same call without the cap (a batch larger than the cap was split);
 *  - tuning / threads / scalar class / input class: a case with it on which the step acted;
 *    for 'duplicates' and 'opposite' in addition the kernels' P = Q / P = −Q branch counters
 *    moved during the call whenever the call's bucket work ran in JavaScript.
 *
 * `missing` lists, per step, every declared item no case reached: properties/reach.test.ts
 * requires it empty for every step; a step with no `reach` is reported as such.
 */
import { G1, G2, TOY, workerPoolStats, type AnyCurve, type Trace } from '../src/index.js';
import { STEPS, baseline, makeJob, resolveGates, type Reach, type Step } from '../src/optimized/index.js';
import { affineBranchCounts } from '../src/optimized/kernels/affine.js';
import { xyzzBranchCounts } from '../src/optimized/kernels/xyzz.js';
import { REACH_DEFAULTS, callReachCase, defaultReachCases, inspectReachCase, type ReachCase } from './arbitraries/reach-case.js';
import { G1_ID, defaultBudget, reachItemLabel, reachItems, type ReachBudget, type ReachItem } from './reach-items.js';

export interface StepCoverage {
  id: string;
  /** Items declared in the step's reach. */
  declared: number;
  /** Cases on which the step acted. */
  acted: number;
  /** Declared items no case reached, as labels; ['declares no reach'] for a step without one. */
  missing: string[];
}

export interface ReachCoverage {
  steps: StepCoverage[];
  cases: number;
  /** Cases run per curve. */
  perCurve: Record<string, number>;
  /** Tasks the worker pool ran for the async cases. */
  poolTasks: number;
  /** Kernel branch counters over all cases (P = Q, P = −Q in the XYZZ and batched affine additions). */
  branches: Record<string, number>;
  ms: number;
}

/** The P = Q and P = −Q branches taken so far: every XYZZ counter, the batched affine double and cancel. */
const branchTotal = () => Object.values(xyzzBranchCounts).reduce((a, b) => a + b, 0) + affineBranchCounts.double + affineBranchCounts.cancel;

/** The kernel branch counters, the batched affine ones prefixed "affine". */
const branchCounters = (): Record<string, number> => ({
  ...xyzzBranchCounts,
  ...Object.fromEntries(Object.entries(affineBranchCounts).map(([k, v]) => [`affine ${k}`, v])),
});

/** Whether `step`'s transform changed the job in the composition of the case's active transforms. */
function transformActed(c: ReachCase, step: Step, registry: readonly Step[]): boolean {
  const gates = resolveGates(c.gates);
  const points = c.points.map((p) => p.P);
  const job = makeJob(c.curve, points, c.scalars, gates, c.window, {});
  for (const s of registry) {
    if (!gates[s.id] || s.transform === undefined) continue;
    const before = { points: job.points, scalars: job.scalars, bits: job.bits, n: job.points.length };
    s.transform(job);
    if (s === step) return job.points !== before.points || job.scalars !== before.scalars || job.bits !== before.bits || job.points.length !== before.n;
  }
  return false;
}

function actedOn(step: Step, c: ReachCase, trace: Trace, registry: readonly Step[]): boolean {
  if (step !== baseline && !c.gates[step.id]) return false;
  if (trace.path === step.id || trace.windowSource === step.id || Object.values(trace.slots).includes(step.id)) return true;
  return step.transform !== undefined && transformActed(c, step, registry);
}

/** The window a case asked for: explicit, else the handle's, else 'auto'. */
function askedWindow(c: ReachCase): number | 'auto' {
  if (c.window !== undefined) return c.window;
  if (c.onHandle && c.prepareWindow !== undefined) return c.prepareWindow;
  return 'auto';
}

interface Seen {
  c: ReachCase;
  trace: Trace;
  /** Kernel branch counters moved during the call. */
  branched: boolean;
  /** The call's bucket work ran in JavaScript (no 'wasm' field). */
  js: boolean;
}

const sameTuning = (a: object | undefined, b: object) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** Whether `item` of `step`'s reach is shown reached by the observed cases. */
function covered(step: Step, r: Reach, item: ReachItem, seen: Seen[], acted: (s: Seen) => boolean, capSplit: (s: Seen, knob: string) => boolean): boolean {
  const A = seen.filter(acted);
  switch (item.kind) {
    case 'entry':
      return A.some((s) => s.c.entry === item.entry);
    case 'window':
      return A.some((s) => askedWindow(s.c) === item.window && (item.window === 'auto' || s.trace.window === item.window));
    case 'wideG1':
      return A.some((s) => s.c.curve.id === G1_ID && s.trace.window === 16 && s.c.scalars.some((x) => x >> BigInt(s.c.curve.scalarBits - 1) !== 0n));
    case 'curve':
      return A.some((s) => s.c.curve.id === item.id);
    case 'size':
      return A.some((s) => s.c.points.length === item.n);
    case 'threshold': {
      const th = r.thresholds.find((t) => t.name === item.name)!;
      const on = seen.filter((s) => (step === baseline || s.c.gates[step.id]) && r.entries.includes(s.c.entry));
      const at = (s: Seen) => (th.knob !== undefined ? (s.c.tuning?.[th.knob] ?? th.at) : th.at);
      const knobOk = (s: Seen) =>
        item.knobValue === undefined ? th.knob === undefined || s.c.tuning?.[th.knob] === undefined : s.c.tuning?.[th.knob!] === item.knobValue;
      const atOffset = on.filter((s) => knobOk(s) && s.trace.n - at(s) === item.offset);
      if (atOffset.length === 0) return false;
      const actingSide = th.side === 'atOrBelow' ? item.offset <= 0 : item.offset >= 0;
      // on its side the step acts on some case; on the other side it acts on none
      return actingSide ? atOffset.some(acted) : !atOffset.some(acted);
    }
    case 'cap': {
      const cap = r.caps.find((x) => x.name === item.name)!;
      return A.some((s) => s.c.tuning?.[cap.knob] === item.value && capSplit(s, cap.knob));
    }
    case 'tuning':
      return A.some((s) => sameTuning(s.c.tuning, item.tuning));
    case 'threads':
      return A.some((s) => s.c.threads === item.threads);
    case 'scalar':
      return A.some((s) => s.c.scalarClasses.includes(item.cls));
    case 'input':
      return A.some((s) => s.c.inputClasses.includes(item.cls) && (!(item.cls === 'duplicates' || item.cls === 'opposite') || !s.js || s.branched));
  }
}

export interface ReachCoverageOptions {
  seed?: number;
  runsPerEdge?: number;
  /** Only these steps' edges and coverage (default: step 00 and every registered step). */
  only?: readonly string[];
  curves?: readonly AnyCurve[];
  budgets?: Readonly<Record<string, ReachBudget>>;
  registry?: readonly Step[];
  /** Called after each case (progress). */
  onCase?: (k: number, total: number, c: ReachCase) => void;
}

/** Runs the default reach cases and reports, per step, the declared items not reached. */
export async function reachCoverage(o: ReachCoverageOptions = {}): Promise<ReachCoverage> {
  const t0 = performance.now();
  const registry = o.registry ?? STEPS;
  const steps = [baseline, ...registry].filter((s) => o.only === undefined || o.only.includes(s.id));
  // curves beyond the toy curve and G1 draw only the items of the steps that name them (reach.curves)
  const curves = o.curves ?? [TOY, G1, G2];
  const seen: Seen[] = [];
  const perCurve: Record<string, number> = {};
  const tasks0 = workerPoolStats().tasksRun;
  const b0 = branchCounters();
  const seed = o.seed ?? REACH_DEFAULTS.seed;
  const runs = o.runsPerEdge ?? REACH_DEFAULTS.runsPerEdge;
  const all: ReachCase[] = [];
  for (const curve of curves) {
    const budget = o.budgets?.[curve.id] ?? defaultBudget(curve);
    const cases = defaultReachCases(curve, { seed, runsPerEdge: runs, budget, registry, filter: (t) => steps.includes(t.step) });
    perCurve[curve.id] = cases.length;
    all.push(...cases);
  }
  let k = 0;
  for (const c of all) {
    const before = branchTotal();
    const rep = inspectReachCase(c);
    const branched = branchTotal() > before;
    if (c.entry === 'async') await callReachCase(c); // the entry point itself (chunks on the pool when the split applies)
    seen.push({ c, trace: rep.trace, branched, js: rep.trace.field !== 'wasm' });
    o.onCase?.(++k, all.length, c);
  }
  const capCache = new Map<Seen, boolean>();
  const capSplit = (s: Seen, knob: string): boolean => {
    let v = capCache.get(s);
    if (v === undefined) {
      const rest = { ...(s.c.tuning ?? {}) } as Record<string, unknown>;
      delete rest[knob];
      const capped = inspectReachCase(s.c, { count: true }).counts!.inv;
      const free = inspectReachCase(s.c, { count: true, tuning: Object.keys(rest).length ? (rest as any) : undefined }).counts!.inv;
      v = capped > free;
      capCache.set(s, v);
    }
    return v;
  };
  const out: StepCoverage[] = [];
  for (const step of steps) {
    const r = step.reach;
    if (r === undefined) {
      out.push({ id: step.id, declared: 0, acted: 0, missing: ['declares no reach (a `reach` member in its step file)'] });
      continue;
    }
    const actedCache = new Map<Seen, boolean>();
    const acted = (s: Seen) => {
      let v = actedCache.get(s);
      if (v === undefined) actedCache.set(s, (v = actedOn(step, s.c, s.trace, registry)));
      return v;
    };
    const items = reachItems(r);
    const missing = items.filter((item) => !covered(step, r, item, seen, acted, capSplit)).map((item) => `${step.id}: ${reachItemLabel(item)}`);
    out.push({ id: step.id, declared: items.length, acted: seen.filter(acted).length, missing });
  }
  const branches = Object.fromEntries(Object.entries(branchCounters()).map(([k, v]) => [k, v - b0[k]]));
  return { steps: out, cases: all.length, perCurve, poolTasks: workerPoolStats().tasksRun - tasks0, branches, ms: performance.now() - t0 };
}
