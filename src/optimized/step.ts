/**
 * The contract between the engine's pipeline and its optimization steps.
 *
 * An MSM runs as a fixed pipeline of named slots:
 *
 *   transform* → direct? → chooseWindow → recode → for each window (accumulate → reduce) → combine
 *
 * (`straus` is the bit walk of step 01's direct path, a slot so the field backend can run it.)
 *
 * Step 00 (steps/00-baseline.ts) fills every slot with the plain Pippenger method. Each later
 * step is one file exporting a `Step` that fills one or more slots, and one line in
 * steps/index.ts registers it; its `id` is its gate. Rules that make every combination of
 * gates a valid configuration:
 *
 *  1. `transform` hooks compose: every active step's transform runs, in step order. A transform
 *     must leave the job an ordinary MSM instance (non-negative scalars below 2^job.bits). A job
 *     an active step `claims` (its direct hook answers the whole call from the call's own input:
 *     tables prepared ahead, or a split into sub-calls that each run the whole pipeline) skips
 *     the transforms.
 *  2. `direct` hooks are tried from the highest step number down; the first that returns a
 *     point answers the whole MSM. A step with a `claims` hook is tried only on the jobs it
 *     claimed (asked before the transforms).
 *  3. Every other slot is exclusive: **the active step with the highest step number that fills
 *     it wins**; with no active provider, step 00 fills it. (options.window always overrides
 *     chooseWindow, whatever the gates.)
 *  4. Slots exchange data only through the types below, and every implementation of a slot
 *     accepts everything the other slots can produce: accumulators take signed or unsigned
 *     digits; reducers take a BucketSet of any representation (through its `ops`).
 */
import type { AnyCurve, CurveId, Field } from '../curve/index.js';
import type { TestHooks } from './hooks.js';
import type { PreparedCall } from './kernels/fixed-base.js';
import type { Proj } from './kernels/projective.js';

export type { Proj, PreparedCall };

/** Largest window size any slot accepts (options.window, the heuristic and the model clamp to it). */
export const MAX_WINDOW = 16;
/** Smallest window size. */
export const MIN_WINDOW = 1;

/**
 * Test and bench knobs, passed per call as `options.tuning` (never module state). Not part of the
 * numeric contract: every setting computes the same sum; they only steer how the steps get there.
 */
export interface Tuning {
  /** Step 07 (batchAffine): at most this many additions share one inversion (default: no cap). */
  readonly maxBatch?: number;
  /** Step 08 (batchAffineReduction): the number of segments S (default 0: S = ⌈2·√m⌉). */
  readonly segments?: number;
  /** Step 12 (wasmField): batched affine accumulation whenever batchAffine is on (default: when it pays). */
  readonly alwaysBatchAffine?: boolean;
  /** Step 12 (wasmField): byte budget of the point arrays kept in wasm memory (default 256 MiB). */
  readonly maxKeptBytes?: number;
  /** Step 12 (wasmField): the module build to run, 'simd' or 'scalar' (default: 'simd' where WebAssembly SIMD validates, else 'scalar'). */
  readonly wasmBuild?: 'simd' | 'scalar';
  /** Step 11 (workers): fewest points (after the transforms) for which the points are split (default MIN_POINTS). */
  readonly minPoints?: number;
}

/** Per-call options the steps read: typed fields, validated by options.ts. */
export interface CallOptions {
  /** options.threads (step 11); undefined: the machine's parallelism, capped. */
  readonly threads?: number;
  /** The `prepare` handle this call was made on, with the call's scalars as given (step 10). */
  readonly prepared?: PreparedCall;
  /** options.tuning: test and bench knobs. */
  readonly tuning?: Tuning;
  /** Test hooks of this call (hooks.ts: not a public option). */
  readonly hooks?: TestHooks;
}

/**
 * Prices of the operations of the bucket method, in field multiplications (squarings
 * included), as the window cost model (step 02) reads them. Step 00 gives the starting prices
 * (`baseline.prices`); every active step with a `price` member then adjusts them, in step order,
 * for the work its own slots do.
 */
export interface Prices {
  /** Digits are signed: 2^(c−1) buckets per window, and one more (carry) window when c divides bits. */
  readonly signed: boolean;
  /** One bucket addition during accumulation. */
  readonly accAdd: number;
  /**
   * Accumulation adds in batches that share one inversion: ≈ 1 + log2(1 + m/B) batches per window
   * (m non-zero digits, B buckets), each paying `inversion`. The buckets come out affine.
   */
  readonly accBatched: boolean;
  /** One running-sum addition of the reduction of a window with B buckets. */
  readonly redAdd: (B: number) => number;
  /** The reduction adds in batches sharing one inversion: ≈ max(1, round(log2(B + 1)/2)) inversions per window. */
  readonly redBatched: boolean;
  /** Extra work per occupied bucket before the reduction (e.g. converting buckets to affine); 0 for none. */
  readonly perOccupied: number;
  /** One doubling of the window combination. */
  readonly dbl: number;
  /** One addition of the window combination. */
  readonly hornerAdd: number;
  /** One field inversion. */
  readonly inversion: number;
}

/** The provider of an exclusive slot the gates select: its step id and its function. */
export interface SlotChoice<S extends ExclusiveSlot> {
  readonly id: string;
  readonly run: NonNullable<Step[S]>;
}

/**
 * What the engine hands the steps through the job (so that no step imports the engine): the
 * providers the gates select, the bucket method itself, and the prices of the active steps.
 */
export interface Pipeline {
  /**
   * The function that fills `slot` for this job's gates (rule 3), or with the gate `without`
   * treated as off (a step's fallback to what would run without it).
   */
  slot<S extends ExclusiveSlot>(slot: S, opts?: { readonly without?: string }): SlotChoice<S>;
  /** The bucket method on a (sub-)job: chooseWindow → recode → windows → combine; writes job.trace. */
  runPippenger(job: Job): Proj<any>;
  /**
   * One window of `digits` over job.points (accumulate → reduce with the gates' providers), at
   * window size job.window: writes job.trace (window, windows = 1, bucket count, slots) with
   * windowSource `source`.
   */
  oneWindow(job: Job, digits: DigitTable, source: string): Proj<any>;
  /** The prices of the active steps for this job (baseline.prices folded through each `price`). */
  prices(job: Job): Prices;
  /**
   * The whole pipeline on a (sub-)job: transforms → direct → the bucket method, as `msm` runs a
   * call (step 11 runs it on each chunk). Writes job.trace.
   */
  run(job: Job): Proj<any>;
}

/** Gate values after resolution: one boolean per registered gate id. */
export type GateSet = Readonly<Record<string, boolean>>;

/** What happened inside one MSM call: exposed by `msmInspect` for properties and benches. */
export interface Trace {
  /** Window size actually used by the bucket method (0 when a direct method answered). */
  window: number;
  /**
   * Who chose it: 'option', 'heuristic' (step 00) or a step id; when a step's `direct` hook
   * answered without a bucket window (step 01's small-n walk), that step's id (window 0);
   * 'empty' when no point was left to add (n = 0 after the transforms).
   */
  windowSource: string;
  /** 'pippenger', or the id of the step whose `direct` hook answered. */
  path: string;
  /** Number of windows and buckets per window of the digit table. */
  windows: number;
  bucketCount: number;
  /** Points and scalar bits after the transforms (e.g. after skipZero or GLV); a claimed job (rule 1b) keeps the call's own. */
  n: number;
  bits: number;
  /** slot name → id of the step that filled it. */
  slots: Record<string, string>;
  /**
   * Set by step 11 (workers) when it split the MSM into chunks: 'in-thread' when the chunks ran
   * one after another in the calling thread (synchronous `msm`), 'pool' when they ran on worker
   * threads (`msmAsync`).
   */
  workers?: { mode: 'in-thread' | 'pool'; chunks: number };
  /**
   * Set by step 12 (wasmField) when its gate is on: 'wasm' when the bucket windows ran in
   * WebAssembly, else 'bigint: <reason>' (a counting field) when it fell back.
   */
  field?: string;
  /** Set by step 12 with field 'wasm': the build of the module that ran ('simd', or 'scalar' without WebAssembly SIMD). */
  wasmBuild?: 'simd' | 'scalar';
}

/** One MSM in flight. Transforms may replace `points`, `scalars` and `bits`. */
export interface Job<F = any> {
  readonly curve: AnyCurve;
  /** The field every kernel must use (a counting field when counts are requested). */
  readonly F: Field<F>;
  /** 3·b, the constant of the complete projective formulas. */
  readonly b3: F;
  readonly gates: GateSet;
  /** Engine points, projective. May contain the identity unless a transform removed it. */
  points: Proj<F>[];
  /** Non-negative scalars, each < 2^bits. */
  scalars: bigint[];
  /** Upper bound on scalar bit length (curve.scalarBits before transforms). */
  bits: number;
  /** Window size chosen for this call. */
  window: number;
  /** A bucket array for one window: the `bucketBuffer` slot's answer (entries all null). */
  readonly newBuckets: (count: number) => unknown[];
  /** options.window when given: always honoured. */
  readonly explicitWindow: number | undefined;
  readonly trace: Trace;
  /** Per-call options that steps read (thread count, prepared handle, tuning knobs). */
  readonly call: CallOptions;
  /** The engine's services for steps (slot providers, the bucket method, prices). */
  readonly pipeline: Pipeline;
}

/**
 * Digits of every scalar in every window, window-major: digit of point i in window w is
 * digits[w * n + i]. Signed tables hold digits in [−bucketCount, bucketCount]; unsigned ones in
 * [0, bucketCount]. Digit d ≠ 0 means "add sign(d)·Pᵢ to bucket |d| − 1". Window w has weight
 * 2^(w·window).
 */
export interface DigitTable {
  readonly n: number;
  readonly windows: number;
  readonly bucketCount: number;
  readonly signed: boolean;
  readonly digits: Int32Array;
}

/** Group operations on one bucket representation (projective, XYZZ, affine, ...). */
export interface GroupOps<F, T> {
  readonly name: string;
  /** Complete addition: must handle equal, opposite and identity operands. */
  add(a: T, b: T): T;
  toProjective(a: T): Proj<F>;
}

/** Buckets of one window: buckets[j] holds the sum for digit j + 1 (null = empty). */
export interface BucketSet<F = any, T = any> {
  readonly ops: GroupOps<F, T>;
  readonly buckets: (T | null)[];
}

/** The public entry points a call can come through: `msm` on points, `msm` on a `prepare()` handle, `msmAsync`. */
export type EntryPoint = 'plain' | 'prepared' | 'async';
export const ENTRY_POINTS: readonly EntryPoint[] = ['plain', 'prepared', 'async'];

/**
 * Scalar classes a step's code must see (the harness draws them; every value is in [0, r)):
 *  - 'fullSize': uniform with the top bit of curve.scalarBits set (every window digit random);
 *  - 'zeroDigits': full-size with whole windows (of the case's width) cleared to zero;
 *  - 'carries': every window digit at 2^(c−1) or 2^(c−1) ± 1 (signed-digit carry chains);
 *  - 'small': below 2^(scalarBits/2) (one GLV half is zero; few windows are non-zero);
 *  - 'nearOrder': r − k for small k (negative GLV halves, carries out of the top window).
 */
export type ReachScalarClass = 'fullSize' | 'zeroDigits' | 'carries' | 'small' | 'nearOrder';
export const REACH_SCALAR_CLASSES: readonly ReachScalarClass[] = ['fullSize', 'zeroDigits', 'carries', 'small', 'nearOrder'];

/**
 * Input classes a step's code must see (the harness plants them in a case):
 *  - 'zeroScalars': some scalars are 0;
 *  - 'identity': some points are the identity;
 *  - 'duplicates': a point repeated with the same scalar (equal points in one bucket: P = Q);
 *  - 'opposite': P and −P with the same scalar (cancellation in one bucket: P = −Q);
 *  - 'collisions': many distinct points with one scalar (every bucket they hit gets them all:
 *    several additions into one bucket in one batch).
 */
export type ReachInputClass = 'zeroScalars' | 'identity' | 'duplicates' | 'opposite' | 'collisions';
export const REACH_INPUT_CLASSES: readonly ReachInputClass[] = ['zeroScalars', 'identity', 'duplicates', 'opposite', 'collisions'];

/**
 * A size threshold of a step: it acts when the number of points AFTER the transforms (trace.n;
 * a job the step claims is not transformed: the call's own n) is ≤ `at` ('atOrBelow') or ≥ `at`
 * ('atOrAbove'). The harness draws n = at − 1, at, at + 1
 * (with non-zero scalars small enough that GLV keeps one half, so n after the transforms is n);
 * with a `knob`, the call's `options.tuning[knob]` replaces `at` (its default), and the harness
 * may instead set the knob to one of `knobValues` and draw n around it (cheap: small n).
 */
export interface ReachThreshold {
  /** The constant's name in the step's file (e.g. 'SMALL_N_THRESHOLD'), for reports. */
  readonly name: string;
  /** Its value (read from the constant, so it moves with the code). */
  readonly at: number;
  readonly side: 'atOrBelow' | 'atOrAbove';
  /** The tuning knob that moves the threshold per call (e.g. 'minPoints'). */
  readonly knob?: 'minPoints';
  /** Knob values the harness draws (small, so the threshold is reached at small n). */
  readonly knobValues?: readonly number[];
}

/**
 * A cap on how much work one batch does (e.g. additions sharing one inversion), set per call by
 * a tuning knob. The harness draws the knob from `values` with inputs that make one batch larger
 * than the cap (n ≫ buckets: small windows, collisions), and proves it through the counting
 * field: the capped call does more inversions than the same call without the cap.
 */
export interface ReachCap {
  readonly name: string;
  readonly knob: 'maxBatch';
  readonly values: readonly number[];
}

/**
 * What a step's code must be driven through to be tested: plain data, read from the step's own
 * constants, declared in the step's file as its `reach` member. The harness's reach-driven case
 * generator (harness/arbitraries/reach-case.ts) draws cases from the union of the active steps'
 * reach (a new step's edges are fuzzed without editing the harness), and properties/reach.test.ts
 * proves, for every registered step, that those cases make the step act (its id in the trace's
 * path / slots / window source, or its transform changing n or bits) on every declared item.
 */
export interface Reach {
  /** Entry points whose calls the step acts on: each is used in a case where it acts. */
  readonly entries: readonly EntryPoint[];
  /**
   * Windows the step must act at: an explicit `options.window` (for a `prepare()` entry the
   * handle's window), or 'auto' (no window given: the engine chooses).
   */
  readonly windows: readonly (number | 'auto')[];
  /** The step must act at window MAX_WINDOW with full-size scalars on BLS12-381 G1. */
  readonly wideG1: boolean;
  /**
   * Curves beyond the toy curve and BLS12-381 G1 the step must act on (e.g. BLS12-381 G2 for a
   * step with Fp2 kernels): each is drawn at small n with the step's windows and random gates.
   */
  readonly curves: readonly CurveId[];
  /** Extra point counts n the step must see (e.g. sizes where its choice changes). */
  readonly sizes: readonly number[];
  readonly thresholds: readonly ReachThreshold[];
  readonly caps: readonly ReachCap[];
  /** Tuning settings drawn as they are (each used in a case where the step acts). */
  readonly tunings: readonly Tuning[];
  /** Thread counts (options.threads) drawn. */
  readonly threads: readonly number[];
  readonly scalars: readonly ReachScalarClass[];
  readonly inputs: readonly ReachInputClass[];
}

/** Every window from MIN_WINDOW to MAX_WINDOW: the reach of a step that acts per window. */
export const EVERY_WINDOW: readonly number[] = Object.freeze(Array.from({ length: MAX_WINDOW - MIN_WINDOW + 1 }, (_, i) => MIN_WINDOW + i));

/** A reach with nothing declared, completed by `partial` (steps declare only what they need). */
export function reach(partial: Partial<Reach>): Reach {
  const none: Reach = {
    entries: ['plain'],
    windows: [],
    wideG1: false,
    curves: [],
    sizes: [],
    thresholds: [],
    caps: [],
    tunings: [],
    threads: [],
    scalars: [],
    inputs: [],
  };
  return Object.freeze({ ...none, ...partial });
}

export interface Step<Id extends string = string> {
  /** Gate name (camelCase); a step file declares it as its type argument (`Step<'glv'>`), so the options type knows the registered names. */
  readonly id: Id;
  /** Position on the ladder (00 = baseline, 01 … 11). */
  readonly step: number;
  /** One-line title. */
  readonly title: string;
  /** Whether the gate is on by default. */
  readonly default: boolean;
  /**
   * What the harness must drive this step through (entry points, windows, thresholds, caps,
   * scalar and input classes): see `Reach`. A step without it fails properties/reach.test.ts.
   */
  readonly reach?: Reach;

  transform?(job: Job): void;
  direct?(job: Job): Proj<any> | undefined;
  chooseWindow?(job: Job): number;
  recode?(job: Job): DigitTable;
  /** Buckets of window w. The set may live in a buffer reused for the next window. */
  accumulate?(job: Job, digits: DigitTable, w: number): BucketSet;
  /** Σ_j (j+1)·B_j of one window. */
  reduce?(job: Job, set: BucketSet): Proj<any>;
  combine?(job: Job, windowSums: Proj<any>[]): Proj<any>;
  /**
   * Step 01's interleaved wNAF sum: Σ_i Σ_b digits[i][b]·2^b·P_i over k = digits.length points,
   * given `entries`, their k·size projective odd multiples ((2m + 1)·P_i at i·size + m, identities
   * allowed), and `top` ≥ the digit count of every point.
   */
  straus?(job: Job, entries: Proj<any>[], digits: readonly Int8Array[], size: number, top: number): Proj<any>;
  /** An array of exactly `count` entries, all null, for one window's buckets. */
  bucketBuffer?(job: Job, count: number): unknown[];
  /**
   * This step's effect on the window model's prices (folded in step order, from
   * `baseline.prices`). `job` is given when a call is being priced (a step may then price only
   * the jobs its slots actually run), absent when a gate set is priced on its own.
   */
  price?(p: Prices, job?: Job): Prices;
  /**
   * With a `direct` hook: true when that hook answers this whole call from its own input (cheap,
   * no work done), asked before the transforms. A claimed job skips the transforms (rule 1b);
   * the hook is tried only on the jobs it claimed (rule 2).
   */
  claims?(job: Job): boolean;
}

/** The exclusive slots (rule 3). */
export const EXCLUSIVE_SLOTS = ['chooseWindow', 'recode', 'accumulate', 'reduce', 'combine', 'bucketBuffer', 'straus'] as const;
export type ExclusiveSlot = (typeof EXCLUSIVE_SLOTS)[number];

/** Step 00 fills every exclusive slot and gives the starting prices. */
export type BaselineStep = Step & Required<Pick<Step, ExclusiveSlot>> & { readonly prices: Prices };
