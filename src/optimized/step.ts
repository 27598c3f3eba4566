/**
 * The contract between the engine's pipeline and its optimization steps.
 *
 * An MSM runs as a fixed pipeline of named slots:
 *
 *   transform* → direct? → chooseWindow → recode → for each window (accumulate → reduce) → combine
 *
 * Step 00 (steps/00-baseline.ts) fills every slot with the plain Pippenger method. Each later
 * step is one file exporting a `Step` that fills one or more slots, and one line in
 * steps/index.ts registers it; its `id` is its gate. Rules that make every combination of
 * gates a valid configuration:
 *
 *  1. `transform` hooks compose: every active step's transform runs, in step order. A transform
 *     must leave the job an ordinary MSM instance (non-negative scalars below 2^job.bits).
 *  2. `direct` hooks are tried from the highest step number down; the first that returns a
 *     point answers the whole MSM.
 *  3. Every other slot is exclusive: **the active step with the highest step number that fills
 *     it wins**; with no active provider, step 00 fills it. (options.window always overrides
 *     chooseWindow, whatever the gates.)
 *  4. Slots exchange data only through the types below, and every implementation of a slot
 *     accepts everything the other slots can produce: accumulators take signed or unsigned
 *     digits; reducers take a BucketSet of any representation (through its `ops`).
 */
import type { AnyCurve, Field } from '../curve/index.js';
import type { Proj } from './kernels/projective.js';

export type { Proj };

/** Gate values after resolution: one boolean per registered gate id. */
export type GateSet = Readonly<Record<string, boolean>>;

/** What happened inside one MSM call: exposed by `msmInspect` for properties and benches. */
export interface Trace {
  /** Window size actually used by the bucket method (0 when a direct method answered). */
  window: number;
  /** Who chose it: 'option', 'heuristic' (step 00) or a step id. */
  windowSource: string;
  /** 'pippenger', or the id of the step whose `direct` hook answered. */
  path: string;
  /** Number of windows and buckets per window of the digit table. */
  windows: number;
  bucketCount: number;
  /** Points and scalar bits after the transforms (e.g. after skipZero or GLV). */
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
   * WebAssembly, else 'bigint: <reason>' (G2's Fp2, a counting field) when it fell back.
   */
  field?: string;
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
  /** Free-form, per-call options that steps read (e.g. thread count); validated by options.ts. */
  readonly options: Readonly<Record<string, unknown>>;
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

export interface Step {
  /** Gate name (camelCase). */
  readonly id: string;
  /** Position on the ladder (00 = baseline, 01 … 11). */
  readonly step: number;
  /** One-line title. */
  readonly title: string;
  /** Whether the gate is on by default. */
  readonly default: boolean;

  transform?(job: Job): void;
  direct?(job: Job): Proj<any> | undefined;
  chooseWindow?(job: Job): number;
  recode?(job: Job): DigitTable;
  /** Buckets of window w. The set may live in a buffer reused for the next window. */
  accumulate?(job: Job, digits: DigitTable, w: number): BucketSet;
  /** Σ_j (j+1)·B_j of one window. */
  reduce?(job: Job, set: BucketSet): Proj<any>;
  combine?(job: Job, windowSums: Proj<any>[]): Proj<any>;
  /** An array of exactly `count` entries, all null, for one window's buckets. */
  bucketBuffer?(job: Job, count: number): unknown[];
}

/** The exclusive slots (rule 3). */
export const EXCLUSIVE_SLOTS = ['chooseWindow', 'recode', 'accumulate', 'reduce', 'combine', 'bucketBuffer'] as const;
export type ExclusiveSlot = (typeof EXCLUSIVE_SLOTS)[number];

/** Step 00 fills every exclusive slot. */
export type BaselineStep = Step & Required<Pick<Step, ExclusiveSlot>>;
