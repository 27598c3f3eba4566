/**
 * The gated Pippenger engine: runs the slot pipeline of step.ts with the providers the gates
 * select. This file holds no optimization itself; each step's file does.
 */
import { countingField, newCounts, type AnyCurve, type FieldCounts } from '../curve/index.js';
import { validateMsmInput, validateMsmInputDeferred } from '../validate.js';
import { isPreparedBases, type PreparedBases } from './kernels/fixed-base.js';
import { projIdentity, projIsZero, type Proj } from './kernels/projective.js';
import { resolveOptions, type MsmOptions } from './options.js';
import {
  EXCLUSIVE_SLOTS,
  type CallOptions,
  type DigitTable,
  type ExclusiveSlot,
  type GateSet,
  type Job,
  type Pipeline,
  type Prices,
  type SlotChoice,
  type Step,
  type Trace,
} from './step.js';
import { baseline } from './steps/00-baseline.js';
import { STEPS } from './steps/index.js';

export interface InspectOptions extends MsmOptions {
  /** Count field operations (runs on a counting field; slower). */
  count?: boolean;
}

export interface MsmReport<P> {
  result: P;
  gates: GateSet;
  trace: Trace;
  /** Field operation counts, when `count: true`. */
  counts?: FieldCounts;
}

const activeCache = new WeakMap<GateSet, readonly Step[]>();
const pipelineCache = new WeakMap<GateSet, Pipeline>();

/**
 * Active steps in ascending step order. A pure function of the gate set: computed once per
 * frozen gate set (resolveGates returns frozen ones), not on every call and slot lookup.
 */
function activeSteps(gates: GateSet): readonly Step[] {
  let a = activeCache.get(gates);
  if (a === undefined) {
    a = STEPS.filter((s) => gates[s.id]);
    if (Object.isFrozen(gates)) activeCache.set(gates, a);
  }
  return a;
}

/** The provider of an exclusive slot: highest active step that fills it (other than `without`), else step 00. */
export function slotProvider(gates: GateSet, slot: ExclusiveSlot, without?: string): Step {
  const active = activeSteps(gates);
  for (let i = active.length - 1; i >= 0; i--) if (active[i][slot] && active[i].id !== without) return active[i];
  return baseline;
}

/**
 * The window model's prices of a gate set: step 00's prices folded through the `price` member
 * of every active step, in step order. With `job`, steps may price only what they run for it.
 */
export function pricesFor(gates: GateSet, job?: Job): Prices {
  let p: Prices = baseline.prices;
  for (const s of activeSteps(gates)) if (s.price) p = s.price(p, job);
  return p;
}

/** The engine's services for the steps of one gate set (job.pipeline); one per frozen gate set (it holds no per-job state). */
export function makePipeline(gates: GateSet): Pipeline {
  const cached = pipelineCache.get(gates);
  if (cached !== undefined) return cached;
  const chosen = new Map<string, SlotChoice<any>>();
  const slot = <S extends ExclusiveSlot>(name: S, opts?: { readonly without?: string }): SlotChoice<S> => {
    const key = `${name}/${opts?.without ?? ''}`;
    let c = chosen.get(key) as SlotChoice<S> | undefined;
    if (c === undefined) {
      const p = slotProvider(gates, name, opts?.without);
      c = Object.freeze({ id: p.id, run: (p[name] ?? baseline[name]) as NonNullable<Step[S]> });
      chosen.set(key, c);
    }
    return c;
  };
  const pipeline: Pipeline = Object.freeze({
    slot,
    runPippenger,
    oneWindow(job: Job, digits: DigitTable, source: string): Proj<any> {
      const { trace } = job;
      const acc = slot('accumulate');
      const red = slot('reduce');
      trace.window = job.window;
      trace.windowSource = source;
      trace.windows = 1;
      trace.bucketCount = digits.bucketCount;
      trace.slots.accumulate = acc.id;
      trace.slots.reduce = red.id;
      return red.run(job, acc.run(job, digits, 0));
    },
    prices: (job: Job) => pricesFor(gates, job),
    run: runJob,
  });
  if (Object.isFrozen(gates)) pipelineCache.set(gates, pipeline);
  return pipeline;
}

/** The active steps whose `claims` hook claims this job (rule 1b; asked before the transforms). */
export function claimants(job: Job): readonly Step[] {
  const out: Step[] = [];
  for (const s of activeSteps(job.gates)) if (s.claims?.(job)) out.push(s);
  return out;
}

/**
 * Runs every active transform, in step order (rule 1), and records n and bits in the trace.
 * Returns the steps that claimed the job (rule 1b: then no transform runs), for `runDirect`.
 */
export function runTransforms(job: Job): readonly Step[] {
  // rule 1b: a job an active step claims (its direct hook answers the whole call from the
  // call's own input: fixed-base tables prepared ahead, or a split into whole sub-calls) skips
  // the transforms, which would only reshape points that hook never reads
  const claimed = claimants(job);
  if (claimed.length === 0) for (const s of activeSteps(job.gates)) if (s.transform) s.transform(job);
  job.trace.n = job.points.length;
  job.trace.bits = job.bits;
  return claimed;
}

/**
 * Tries the active `direct` hooks from the highest step down (rule 2); undefined if none answers.
 * A step with a `claims` hook is tried only when it claimed the job (`claimed`, from runTransforms).
 */
export function runDirect(job: Job, claimed: readonly Step[] = claimants(job)): Proj<any> | undefined {
  const active = activeSteps(job.gates);
  for (let i = active.length - 1; i >= 0; i--) {
    const s = active[i];
    const d = s.direct;
    if (!d || (s.claims !== undefined && !claimed.includes(s))) continue;
    const r = d(job);
    if (r !== undefined) {
      job.trace.path = s.id;
      // a hook that used no bucket window of its own (step 01's small-n walk): the step that answered
      if (job.trace.windowSource === '') job.trace.windowSource = s.id;
      return r;
    }
  }
  return undefined;
}

/**
 * The bucket method on a transformed job: chooseWindow → recode → per window (accumulate →
 * reduce) → combine. Steps reach it through job.pipeline.runPippenger (step 11 runs it on chunks).
 */
export function runPippenger(job: Job): Proj<any> {
  const { trace } = job;
  if (job.points.length === 0) return projIdentity(job.F);
  const pick = <S extends ExclusiveSlot>(slot: S) => {
    const p = job.pipeline.slot(slot);
    trace.slots[slot] = p.id;
    return p.run;
  };
  if (job.explicitWindow !== undefined) {
    job.window = job.explicitWindow;
    trace.windowSource = 'option';
  } else {
    const p = job.pipeline.slot('chooseWindow');
    job.window = p.run(job);
    trace.windowSource = p.id === baseline.id ? 'heuristic' : p.id;
  }
  trace.window = job.window;
  const digits = pick('recode')(job);
  trace.windows = digits.windows;
  trace.bucketCount = digits.bucketCount;
  const accumulate = pick('accumulate');
  const reduce = pick('reduce');
  const sums: Proj<any>[] = [];
  for (let w = 0; w < digits.windows; w++) sums.push(reduce(job, accumulate(job, digits, w)));
  return pick('combine')(job, sums);
}

/** Runs the pipeline on a prepared job and returns the projective result. */
export function runJob(job: Job): Proj<any> {
  const claimed = runTransforms(job);
  if (job.points.length === 0) {
    job.trace.windowSource = 'empty';
    return projIdentity(job.F);
  }
  return runDirect(job, claimed) ?? runPippenger(job);
}

/** Builds a job for already-validated input (also used by the pool worker and by properties). */
export function makeJob<F>(
  curve: AnyCurve,
  points: readonly Proj<F>[],
  scalars: readonly bigint[],
  gates: GateSet,
  explicitWindow: number | undefined,
  call: CallOptions,
  counts?: FieldCounts
): Job<F> {
  const F = counts ? countingField(curve.Fp, counts).field : curve.Fp;
  const b3 = curve.Fp.mul(curve.Fp.fromSmall(3), curve.b);
  const trace: Trace = { window: 0, windowSource: '', path: 'pippenger', windows: 0, bucketCount: 0, n: points.length, bits: curve.scalarBits, slots: {} };
  const pipeline = makePipeline(gates);
  const buffers = pipeline.slot('bucketBuffer');
  const bucketBuffer = buffers.run;
  const job: Job<F> = {
    curve,
    F,
    b3,
    gates,
    points: points.slice(),
    scalars: scalars.slice(),
    bits: curve.scalarBits,
    window: 0,
    explicitWindow,
    trace,
    call,
    pipeline,
    newBuckets: (count) => {
      trace.slots.bucketBuffer = buffers.id; // the trace names every slot provider that ran
      return bucketBuffer(job, count);
    },
  };
  return job;
}

export function toPoint<P>(curve: AnyCurve, p: Proj<any>): P {
  return (projIsZero(curve.Fp, p) ? curve.ZERO : curve.fromProjective(p.X, p.Y, p.Z)) as P;
}

/** Points, or a handle from `prepare` (step 10) standing for its points. */
export type MsmPoints<P> = readonly P[] | PreparedBases<P>;

/**
 * Validates one call and builds its job. A `prepare` handle is recognised before validation:
 * its scalars are validated against `handle.points` by the shared validator, the job runs on
 * handle.points, and the handle (with the call's scalars) is passed to the steps as
 * `job.call.prepared` (step 10 reads it; with its gate off, nothing does).
 */
export function startCall<P>(points: MsmPoints<P>, scalars: readonly bigint[], options: unknown, counts?: FieldCounts): Job {
  return start(points, scalars, options, counts, validateMsmInput);
}

/**
 * `startCall` for msmAsync: the on-curve tests of the points not yet known to be on the curve are
 * left to the caller (`unchecked`, ascending indices into the call's points; see
 * validateMsmInputDeferred, and job.points, the call's copy of the points), every other check is done.
 */
export function startCallDeferred<P>(points: MsmPoints<P>, scalars: readonly bigint[], options: unknown): { job: Job; unchecked: readonly number[] } {
  let unchecked: readonly number[] = [];
  const job = start(points, scalars, options, undefined, (p, s, c) => {
    const v = validateMsmInputDeferred(p, s, c);
    unchecked = v.unchecked;
    return v.curve;
  });
  return { job, unchecked };
}

function start<P>(
  points: MsmPoints<P>,
  scalars: readonly bigint[],
  options: unknown,
  counts: FieldCounts | undefined,
  validate: (points: unknown, scalars: unknown, curve?: AnyCurve) => AnyCurve
): Job {
  const opts = resolveOptions(options);
  // the caller's arrays are read once: what is validated is what is computed with (an array that
  // changes later, or an element getter, cannot slip an unchecked value in)
  const ss = Array.isArray(scalars) ? scalars.slice() : scalars;
  if (isPreparedBases(points)) {
    const h = points;
    const curve = validate(h.points, ss, opts.curve ?? h.curve);
    const call: CallOptions = { ...opts.call, prepared: Object.freeze({ handle: h, scalars: Object.freeze(ss.slice()) }) };
    return makeJob(curve, h.points as unknown as Proj<any>[], ss, opts.gates, opts.window, Object.freeze(call), counts);
  }
  const ps = Array.isArray(points) ? points.slice() : points;
  const curve = validate(ps, ss, opts.curve);
  return makeJob(curve, ps as unknown as Proj<any>[], ss, opts.gates, opts.window, Object.freeze(opts.call), counts);
}

/**
 * Inspecting MSM: the result plus what the engine did (window, path, slot providers) and,
 * with `count: true`, the field operation counts.
 * Variable time: public inputs only. The engine branches on scalar bits (digits, zero tests,
 * bucket collisions), so timing reveals the scalars: never pass secret scalars.
 */
export function msmInspect<P>(points: MsmPoints<P>, scalars: readonly bigint[], options?: InspectOptions): MsmReport<P> {
  resolveOptions(options); // option errors first, as before
  const counts = options?.count ? newCounts() : undefined;
  const job = startCall(points, scalars, options, counts);
  const result = toPoint<P>(job.curve, runJob(job));
  return { result, gates: job.gates, trace: job.trace, counts };
}

/**
 * Σ scalars[i]·points[i] with the gated engine. Points are the curve library's point objects
 * (noble G1/G2 points, or toy-curve points), or a handle from `prepare(points)`; scalars are
 * bigints in [0, r). The empty sum is the identity. Bad input throws the same
 * TypeError/RangeError as `referenceMsm`.
 * Variable time: public inputs only. The engine branches on scalar bits (digits, zero tests,
 * bucket collisions), so timing reveals the scalars: never pass secret scalars.
 */
export function msm<P>(points: MsmPoints<P>, scalars: readonly bigint[], options?: MsmOptions): P {
  const job = startCall(points, scalars, options);
  return toPoint<P>(job.curve, runJob(job));
}

export { EXCLUSIVE_SLOTS };
