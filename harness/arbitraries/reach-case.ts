/**
 * The reach-driven case arbitrary: MSM cases drawn from the union of the active steps' declared
 * reach (`Step.reach`, src/optimized/step.ts), so that a step's thresholds, caps, entry points,
 * windows, scalar and input classes are fuzzed without this file naming any step.
 *
 * A case is drawn for one item of one active step's reach (a "reach edge": an entry point, a
 * window, window 16 with full-size scalars on BLS12-381 G1, a size, n = threshold − 1 / = / + 1,
 * a batch larger than a cap, a tuning setting, a thread count, a scalar or input class); the
 * other dimensions are drawn from that step's reach too. Without a fixed gate set, the gates are
 * random with the edge's step on and, with probability 3/4 each, off: the steps that would take
 * its slots from it (a higher step filling one of its exclusive slots, any `direct` hook) — read
 * off the Step objects, so it holds for steps added later.
 *
 * The case is an MsmCase (arbitraries/msm-case.ts) plus the entry point (msm on points, msm on a
 * prepare() handle, msmAsync), the tuning knobs and the thread count; `callReachCase` runs it
 * and `reachCaseFailure` checks it with the one contract (harness/contract.ts msmCaseFailure).
 *
 * Cost is bounded by the budget: n ≤ budget.maxN (thresholds above it are drawn only through
 * their tuning knob), explicit windows > budget.maxWindow only on BLS12-381 G1 (a step's declared
 * windows, and the wide-window edge), with n ≤ 3 and no tuning (window 16 costs up to 2^16
 * buckets per window). The toy curve's 11-bit scalars are one window from window 11 up, so a
 * step wrong only with several windows of 11..15 bits is caught on G1 alone.
 */
import fc from 'fast-check';
import { GATE_IDS, MAX_WINDOW, closeWorkerPool, msmAsync, msmInspect, prepare, type AnyCurve, type MsmReport, type Trace } from '../../src/index.js';
import { STEPS, baseline } from '../../src/optimized/index.js';
import type { EntryPoint, Reach, ReachInputClass, ReachScalarClass, Step, Tuning } from '../../src/optimized/index.js';
import type { FieldCounts } from '../../src/curve/index.js';
import { msmCaseFailure, type CheckKind } from '../contract.js';
import { pointOf } from '../oracle.js';
import { gateSetArb, type GateRecord } from './gates.js';
import { printCase, type MsmCase } from './msm-case.js';
import { scalarOfClass } from './scalars.js';
import { G1_ID, competitors, defaultBudget, reachEdges, type ReachBudget, type ReachItem, type ReachEdge } from '../reach-items.js';
import { thrownText } from '../format.js';
import type { DecodedCase } from '../../src/corpus.js';

export { closeWorkerPool };

/** An MSM case with the entry point, tuning and threads of the call. */
export interface ReachCase extends MsmCase {
  /** msm on points ('plain'), msm on a prepare() handle ('prepared'), or msmAsync. */
  entry: EntryPoint;
  /** The call is made on a prepare() handle (always for 'prepared'; for 'async' when drawn). */
  onHandle: boolean;
  /** The handle's window (prepare(points, { window })): undefined lets prepare choose. */
  prepareWindow: number | undefined;
  tuning: Tuning | undefined;
  threads: number | undefined;
  /** The reach edge the case was drawn for (`step: item`). */
  edge: string;
  /** The scalar classes the scalars were drawn from. */
  scalarClasses: ReachScalarClass[];
  /** The input classes planted (each changed the case). */
  inputClasses: ReachInputClass[];
}

// ---------------------------------------------------------------------------------------------
// Scalars and inputs.

/** Scalars of one reach class on a curve (window c for the zero-digit class). */
export function reachScalarArb(curve: AnyCurve, cls: ReachScalarClass, c: number): fc.Arbitrary<bigint> {
  const r = curve.order;
  const bits = curve.scalarBits;
  const top = 1n << BigInt(bits - 1);
  const fullSize = fc.bigInt({ min: top < r ? top : r >> 1n, max: r - 1n });
  switch (cls) {
    case 'fullSize':
      return fullSize;
    case 'zeroDigits':
      // full-size, then whole c-bit windows cleared (the top bit is kept: still full-size)
      // (with c ≥ bits − 1 there is no window below the top one: its windows above are the zero digits)
      return fc.tuple(fullSize, fc.array(fc.nat(), { minLength: 1, maxLength: 4 })).map(([s, ws]) => {
        const below = Math.floor((bits - 1) / c); // windows entirely below the top bit
        const mask = (1n << BigInt(c)) - 1n;
        if (below > 0) for (const w of ws) s &= ~(mask << BigInt((w % below) * c));
        return s % r;
      });
    case 'carries': {
      // every c-bit window below the top one is 2^(c−1) + d (d ∈ {−1, 0, 1}: a digit of exactly
      // 2^(c−1), or a carry chain), the top window full-size below r; with no window below the
      // top (c ≥ bits − 1), the width-free carry patterns of arbitraries/scalars.ts
      const below = Math.floor((bits - 1) / c);
      if (below === 0) return scalarOfClass(r, 'carryPattern');
      const low = BigInt(below * c);
      // the top window below r's (so the scalar is below r), with the top bit set when possible
      const topMax = ((r - 1n) >> low) - 1n;
      const full = 1n << BigInt(bits - 1 - below * c);
      if (topMax < 0n) return scalarOfClass(r, 'carryPattern');
      const topMin = full <= topMax ? full : topMax;
      // 2^(c−1) + 1 needs c ≥ 2 bits
      const ds = c >= 2 ? fc.constantFrom(-1n, 0n, 0n, 1n) : fc.constantFrom(-1n, 0n, 0n);
      return fc.tuple(fc.array(ds, { minLength: below, maxLength: below }), fc.bigInt({ min: topMin, max: topMax })).map(([ds, top]) => {
        const half = 1n << BigInt(c - 1);
        let s = top << low;
        ds.forEach((d, w) => {
          s |= (half + d) << BigInt(w * c);
        });
        return s;
      });
    }
    case 'small':
      return fc.bigInt({ min: 1n, max: (1n << BigInt(Math.max(1, Math.floor(bits / 2) - 1))) - 1n });
    case 'nearOrder':
      return scalarOfClass(r, 'rMinusSmall');
  }
}

/** Plants an input class into logs/scalars in place (indices from `at`, mod n); false when n is too small. */
function plant(cls: ReachInputClass, ks: bigint[], ss: bigint[], at: number[], r: bigint): boolean {
  const n = ks.length;
  if (n === 0) return false;
  const i = at[0] % n;
  const j = at[1] % n === i ? (i + 1) % n : at[1] % n;
  switch (cls) {
    case 'zeroScalars':
      ss[i] = 0n;
      break;
    case 'identity':
      ks[i] = 0n;
      break;
    case 'duplicates':
      if (n < 2) return false;
      ks[i] = ks[j];
      ss[i] = ss[j];
      break;
    case 'opposite':
      if (n < 2) return false;
      ks[i] = (r - ks[j]) % r;
      ss[i] = ss[j];
      break;
    case 'collisions':
      if (n < 3) return false;
      // every point from i on (up to 8 of them) gets scalar ss[j]: one bucket per window holds them all
      for (let k = 0; k < Math.min(n, 8); k++) if ((i + k) % n !== j) ss[(i + k) % n] = ss[j];
      break;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The arbitrary.

export interface ReachCaseOptions {
  /** The gate set: fixed (the gate's catalogue sets), drawn, or undefined (random, edge-aware). */
  gates?: Readonly<GateRecord> | fc.Arbitrary<GateRecord>;
  /** Draw only this edge (the reach test and the gate's sweep); default: any edge of the active steps. */
  edge?: ReachEdge;
  budget?: ReachBudget;
  /** The step registry (tests pass one with a fake step added). */
  registry?: readonly Step[];
  /** Leave out the edges whose label (`step: item`) this matches (e.g. a campaign splitting off the costly wide-window cases). */
  exclude?: RegExp;
  /** options.threads of the cases with the workers gate on that draw none (the CLI: fixed, not the host's core count). */
  threads?: number;
}

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

/** Reach cases on `curve`: see the header. */
export function reachCaseArb(curve: AnyCurve, opts: ReachCaseOptions = {}): fc.Arbitrary<ReachCase> {
  const budget = opts.budget ?? defaultBudget(curve);
  const registry = opts.registry ?? STEPS;
  const ids = registry.map((s) => s.id);
  // the given edge, else the active steps' edges less the excluded ones
  const edgesOf = (gates: Readonly<GateRecord> | undefined) =>
    opts.edge ? [opts.edge] : reachEdges(curve, gates, budget, registry).filter((t) => !opts.exclude?.test(t.label));
  const g = opts.gates;
  if (g !== undefined && !(g instanceof fc.Arbitrary)) {
    const edges = edgesOf(g);
    if (edges.length === 0) throw new RangeError(`reachCaseArb: no reach edge for the gate set on ${curve.id}`);
    return pick(edges).chain((t) => caseFor(curve, t, fc.constant({ ...g }), budget, opts.threads));
  }
  if (g !== undefined) return g.chain((gates) => pick(edgesOf(gates)).chain((t) => caseFor(curve, t, fc.constant(gates), budget, opts.threads)));
  const edges = edgesOf(undefined);
  if (edges.length === 0) throw new RangeError(`reachCaseArb: no reach edge on ${curve.id}`);
  return pick(edges).chain((t) => {
    const off = competitors(t.step, registry).map((s) => s.id);
    const base =
      registry === STEPS ? gateSetArb() : fc.record(Object.fromEntries(ids.map((id) => [id, fc.boolean()])) as Record<string, fc.Arbitrary<boolean>>);
    const bools = fc.array(fc.boolean(), { minLength: off.length, maxLength: off.length });
    const gates = fc.tuple(base, bools, bools).map(([rec, a, b]) => {
      const out: GateRecord = { ...rec };
      off.forEach((id, k) => {
        if (a[k] || b[k]) out[id] = false; // off with probability 3/4
      });
      if (t.step !== baseline) out[t.step.id] = true;
      return out;
    });
    return caseFor(curve, t, gates, budget, opts.threads);
  });
}

/** What an edge fixes of its cases, and the arbitraries of the dimensions it leaves to its step's reach. */
interface Shape {
  entry: fc.Arbitrary<EntryPoint>;
  window: fc.Arbitrary<number | 'auto'>;
  n: fc.Arbitrary<number>;
  tuning: fc.Arbitrary<Tuning | undefined>;
  threads: fc.Arbitrary<number | undefined>;
  scalarClasses: readonly ReachScalarClass[];
  inputClasses: readonly ReachInputClass[];
}

/** The size, window and tuning an edge pins down (thresholds at ±1, caps overrun, the wide window), else drawn. */
function shapeOf(curve: AnyCurve, t: ReachEdge, budget: ReachBudget): Shape {
  const r = t.step.reach!;
  const it = t.item;
  const windows = r.windows.filter((w) => w === 'auto' || w <= budget.maxWindow);
  const smallMax = Math.min(budget.maxN, curve.id === G1_ID ? 12 : 40);
  // window 16 on G1, and any explicit window above the budget (drawn on G1 only): n ≤ 3, no tuning
  const wide = it.kind === 'wideG1' || (it.kind === 'window' && it.window !== 'auto' && it.window > budget.maxWindow);
  let window: fc.Arbitrary<number | 'auto'> =
    it.kind === 'window'
      ? fc.constant(it.window)
      : it.kind === 'wideG1'
        ? fc.constant(MAX_WINDOW)
        : windows.length
          ? pick(windows)
          : fc.constant('auto' as const);
  let tuning: fc.Arbitrary<Tuning | undefined> = r.tunings.length ? fc.option(pick(r.tunings), { nil: undefined, freq: 3 }) : fc.constant(undefined);
  let n: fc.Arbitrary<number>;
  let plain = false; // non-zero scalars, no planted inputs: n after the transforms = n
  if (it.kind === 'size') n = fc.constant(it.n);
  else if (it.kind === 'threshold') {
    const th = r.thresholds.find((x) => x.name === it.name)!;
    n = fc.constant((it.knobValue ?? th.at) + it.offset);
    if (it.knobValue !== undefined && th.knob !== undefined) tuning = fc.constant({ [th.knob]: it.knobValue } as Tuning);
    plain = true;
    if (windows.includes('auto')) window = fc.constant('auto');
  } else if (it.kind === 'cap') {
    const cap = r.caps.find((x) => x.name === it.name)!;
    // n ≫ buckets: windows 1..2 (1–2 buckets per window after signed digits), n > 4·cap
    n = fc.integer({ min: 4 * it.value + 4, max: Math.min(budget.maxN, 4 * it.value + 16) });
    window = fc.constantFrom(1, 2);
    tuning = fc.constant({ [cap.knob]: it.value } as Tuning);
  } else if (wide) {
    n = fc.integer({ min: 1, max: 3 });
    tuning = fc.constant(undefined); // e.g. one segment over 2^15 buckets: 2^15 inversions per window
  } else if (it.kind === 'curve') {
    n = fc.integer({ min: 1, max: Math.min(smallMax, 8) });
  } else if (it.kind === 'tuning') {
    tuning = fc.constant(it.tuning);
    n = fc.integer({ min: 2, max: smallMax });
  } else n = fc.integer({ min: it.kind === 'input' ? 3 : 1, max: smallMax });
  if (it.kind !== 'threshold' && it.kind !== 'cap' && it.kind !== 'tuning' && !wide) tuning = withThresholdKnobs(r, tuning);
  return {
    entry: it.kind === 'entry' ? fc.constant(it.entry) : pick(r.entries.length ? r.entries : ['plain']),
    window,
    n,
    tuning,
    threads: it.kind === 'threads' ? fc.constant(it.threads) : r.threads.length ? pick(r.threads) : fc.constant(undefined),
    scalarClasses: scalarClassesOf(r, it, plain),
    inputClasses: it.kind === 'input' ? [it.cls] : plain ? [] : r.inputs,
  };
}

/** A step acting from a threshold up reaches its other items at small n through its knob. */
function withThresholdKnobs(r: Reach, tuning: fc.Arbitrary<Tuning | undefined>): fc.Arbitrary<Tuning | undefined> {
  const knobs: Record<string, number> = {};
  for (const th of r.thresholds) if (th.side === 'atOrAbove' && th.knob !== undefined && th.knobValues?.length) knobs[th.knob] = Math.min(...th.knobValues);
  return Object.keys(knobs).length ? tuning.map((t) => ({ ...knobs, ...(t ?? {}) }) as Tuning) : tuning;
}

function scalarClassesOf(r: Reach, it: ReachItem, plain: boolean): readonly ReachScalarClass[] {
  if (it.kind === 'scalar') return [it.cls];
  if (it.kind === 'wideG1') return (['fullSize', 'zeroDigits', 'carries'] as const).filter((k) => k === 'fullSize' || r.scalars.includes(k));
  if (plain) return ['small'];
  return r.scalars.length ? r.scalars : ['fullSize'];
}

/** The window of the call and of the handle: on a handle the call passes none, the same, or another one (step 10 then declines). */
function windowsOf(w: number | undefined, onHandle: boolean, callWindow: 'none' | 'same' | 'other', maxWindow: number) {
  if (!onHandle) return { window: w, prepareWindow: undefined };
  return { window: callWindow === 'same' ? w : callWindow === 'other' && w !== undefined ? (w % maxWindow) + 1 : undefined, prepareWindow: w };
}

function caseFor(curve: AnyCurve, t: ReachEdge, gatesArb: fc.Arbitrary<GateRecord>, budget: ReachBudget, threads?: number): fc.Arbitrary<ReachCase> {
  const r = t.step.reach!;
  const it = t.item;
  const rr = curve.order;
  const shape = shapeOf(curve, t, budget);
  const { scalarClasses, inputClasses } = shape;
  return fc
    .record({
      gates: gatesArb,
      entry: shape.entry,
      window: shape.window,
      n: shape.n,
      tuning: shape.tuning,
      threads: shape.threads,
      handleAsync: fc.boolean(),
      callWindow: fc.constantFrom('none', 'same', 'none', 'other') as fc.Arbitrary<'none' | 'same' | 'other'>,
      plants: fc.array(fc.tuple(pick(inputClasses.length ? inputClasses : ['zeroScalars' as const]), fc.nat(), fc.nat()), {
        minLength: it.kind === 'input' ? 1 : 0,
        maxLength: inputClasses.length ? 3 : 0,
      }),
      seedLogs: fc.infiniteStream(fc.bigInt({ min: 1n, max: rr - 1n })),
      cls: fc.infiniteStream(pick(scalarClasses)),
      scalars: fc.infiniteStream(fc.nat()),
    })
    .chain((d) => {
      const c = d.window === 'auto' ? 0 : d.window;
      const perClass = new Map(scalarClasses.map((k) => [k, reachScalarArb(curve, k, Math.max(1, c || 4))]));
      const classes: ReachScalarClass[] = [...d.cls.take(d.n)];
      return fc.tuple(...classes.map((k) => perClass.get(k)!)).map((ss) => ({ d, ss: ss as bigint[], classes }));
    })
    .map(({ d, ss, classes }) => {
      const ks: bigint[] = [...d.seedLogs.take(d.n)];
      const planted = new Set<ReachInputClass>();
      for (const [cls, a, b] of d.plants) if (plant(cls, ks, ss, [a, b], rr)) planted.add(cls);
      // the edge's class last, so no other edit undoes it
      if (it.kind === 'input' && plant(it.cls, ks, ss, [0, 1], rr)) planted.add(it.cls);
      const onHandle = d.entry === 'prepared' || (d.entry === 'async' && r.entries.includes('prepared') && d.handleAsync);
      const c: ReachCase = {
        curve,
        points: ks.map((k) => ({ k, P: pointOf(curve, k) })),
        scalars: ss,
        gates: d.gates,
        ...windowsOf(d.window === 'auto' ? undefined : d.window, onHandle, d.callWindow, budget.maxWindow),
        entry: d.entry,
        onHandle,
        tuning: d.tuning,
        threads: d.threads ?? (d.gates.workers ? threads : undefined),
        edge: t.label,
        scalarClasses: [...new Set(classes)],
        inputClasses: [...planted],
      };
      return withReachPrinter(c);
    });
}

// ---------------------------------------------------------------------------------------------
// Running a case.

/** The options of the case's call (only the keys it sets). */
export function callOptions(c: ReachCase): Record<string, unknown> {
  const o: Record<string, unknown> = { gates: c.gates, curve: c.curve };
  if (c.window !== undefined) o.window = c.window;
  if (c.tuning !== undefined) o.tuning = c.tuning;
  if (c.threads !== undefined) o.threads = c.threads;
  return o;
}

/** The points argument of the case's call: the points, or a prepare() handle of them. */
export function callPoints(c: ReachCase): any {
  const pts = c.points.map((p) => p.P);
  return c.onHandle ? prepare(pts, { curve: c.curve, ...(c.prepareWindow !== undefined ? { window: c.prepareWindow } : {}) }) : pts;
}

/** A decoded corpus file recorded from a reach case, under `gates`: what callReachCase runs through the recorded entry point. */
export function reachCaseOfCorpus(c: DecodedCase, gates: GateRecord): ReachCase {
  return {
    curve: c.curve,
    points: c.points.map((P, i) => ({ k: c.logs?.[i] ?? 0n, P })),
    scalars: c.scalars,
    gates,
    window: c.window,
    entry: c.entry ?? 'plain',
    onHandle: c.onHandle,
    prepareWindow: c.prepareWindow,
    tuning: c.tuning,
    threads: c.threads,
    edge: 'corpus file',
    scalarClasses: [],
    inputClasses: [],
  };
}

/** Runs the case through its entry point: the result (or the error thrown / rejected). */
export async function callReachCase(c: ReachCase): Promise<unknown> {
  const pts = callPoints(c);
  if (c.entry === 'async') return msmAsync(pts, c.scalars, callOptions(c) as any);
  return msmInspect(pts, c.scalars, callOptions(c) as any).result;
}

/** The trace (and counts) of the case's call as msmInspect sees it (msmAsync runs the same pipeline; its chunks go to the pool). */
export function inspectReachCase(
  c: ReachCase,
  extra: { count?: boolean; tuning?: Tuning; gates?: GateRecord } = {}
): MsmReport<unknown> & { trace: Trace; counts?: FieldCounts } {
  const o = callOptions(c);
  if (extra.gates) o.gates = extra.gates;
  if ('tuning' in extra) {
    if (extra.tuning === undefined) delete o.tuning;
    else o.tuning = extra.tuning;
  }
  if (extra.count) o.count = true;
  return msmInspect(callPoints(c), c.scalars, o as any);
}

/**
 * The contract on a reach case: undefined when the call through its entry point returns the
 * reference / oracle sum, else what went wrong (harness/contract.ts msmCaseFailure).
 */
export async function reachCaseFailure(c: ReachCase, check: CheckKind = 'both'): Promise<string | undefined> {
  let got: unknown;
  try {
    got = await callReachCase(c);
  } catch (e) {
    return `engine threw ${thrownText(e)} (${describeReachCase(c)})`;
  }
  const failure = msmCaseFailure(() => got, c, check);
  return failure === undefined ? undefined : `${failure} (${describeReachCase(c)})`;
}

/** Compact description: the MsmCase's plus entry, handle window, tuning, threads and edge. */
export function describeReachCase(c: ReachCase): string {
  const on = GATE_IDS.filter((id) => c.gates[id]);
  const parts = [
    `curve=${c.curve.id}`,
    `n=${c.points.length}`,
    `entry=${c.entry}${c.onHandle ? ` (handle window ${c.prepareWindow ?? 'auto'})` : ''}`,
    `window=${c.window ?? 'auto'}`,
    `gates=[${on.join(',') || 'none'}]`,
  ];
  if (c.tuning) parts.push(`tuning=${JSON.stringify(c.tuning)}`);
  if (c.threads !== undefined) parts.push(`threads=${c.threads}`);
  parts.push(`edge="${c.edge}"`);
  return parts.join(' ');
}

function withReachPrinter(c: ReachCase): ReachCase {
  Object.defineProperty(c, fc.toStringMethod, {
    value: () => `${describeReachCase(c)} ${printCase(c)}`,
    enumerable: false,
  });
  return c;
}

/** The gate's default reach run: seed and cases per edge (the reach test uses the same). */
export const REACH_DEFAULTS = Object.freeze({ seed: 13_0002, runsPerEdge: 2 });

/** The seed of the k-th edge's cases (fixed for a given run seed). */
export function edgeSeed(seed: number, k: number): number {
  return (seed + Math.imul(k + 1, 0x9e3779b1)) | 0;
}

export interface DefaultReachOptions {
  seed?: number;
  runsPerEdge?: number;
  gates?: Readonly<GateRecord>;
  registry?: readonly Step[];
  budget?: ReachBudget;
  /** Keep only these edges (each keeps the seed it has in the full list). */
  filter?: (t: ReachEdge) => boolean;
}

/**
 * The gate's default reach cases on a curve: for every edge of the active steps, runsPerEdge
 * cases drawn with a seed derived from (seed, edge index) — deterministic, printed seed.
 */
export function defaultReachCases(curve: AnyCurve, opts: DefaultReachOptions = {}): ReachCase[] {
  const seed = opts.seed ?? REACH_DEFAULTS.seed;
  const runs = opts.runsPerEdge ?? REACH_DEFAULTS.runsPerEdge;
  const budget = opts.budget ?? defaultBudget(curve);
  const edges = reachEdges(curve, opts.gates, budget, opts.registry);
  const out: ReachCase[] = [];
  edges.forEach((edge, k) => {
    if (opts.filter && !opts.filter(edge)) return;
    const arb = reachCaseArb(curve, { edge, budget, registry: opts.registry, ...(opts.gates ? { gates: opts.gates } : {}) });
    out.push(...fc.sample(arb, { seed: edgeSeed(seed, k), numRuns: runs }));
  });
  return out;
}
