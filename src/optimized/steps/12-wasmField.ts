/**
 * Step 12 — wasmField: the bucket windows in WebAssembly (Montgomery field on 13 × 30-bit limbs).
 *
 * What it does: fills the `chooseWindow`, `accumulate` and `reduce` slots. For a job over a
 * prime field whose elements are bigints (BLS12-381 G1 and the toy curve; one wasm instance per
 * modulus, the modulus is a run-time parameter of the module), the job's points are written once
 * into the module's memory (six 64-bit words per coordinate, converted to limbs, Montgomery
 * form and affine there with one batch inversion; identity points flagged), and each window is
 * ONE call into wasm: every point with a non-zero digit is added to its bucket by a mixed XYZZ
 * addition (8M + 2S; a negative digit negates y), then Σ_j (j+1)·B_j by the running sum with
 * XYZZ additions (12M + 2S), and the window sum comes back as projective bigints. The
 * accumulate slot therefore returns a bucket set holding the window sum alone, as bucket 0
 * (weight 1): any reducer gives the right answer on it, and this step's `reduce` returns it
 * directly. Digits stay in JavaScript (whatever recode slot is active: signed or unsigned);
 * transforms (skipZero, GLV: φ(P) is just another point), the small-n direct path, fixed-base
 * tables (its one-window sub-job runs through this accumulator over the table points) and the
 * workers split (each chunk a sub-job) compose unchanged. Window: with windowCostModel on, its
 * model evaluated for what runs here (XYZZ accumulation and reduction, whatever 06/07/08 say);
 * otherwise step 00's heuristic. 06/07/08 are overridden while this gate applies (their slots
 * are lower); they still serve the jobs this step falls back on.
 *
 * Fallback (trace.field = 'bigint: …'): G2 (Fp2 elements are objects, not bigints — no Fp2 in
 * wasm yet), and counting mode (msmInspect(…, {count: true}): the counting field must see every
 * multiplication, so counts come from the BigInt providers the other gates select). The
 * fallback is exactly the slot provider the gates would pick with wasmField off.
 *
 * Invariant: the window sum returned equals Σ_i d_{i,w}·P_i over the window's digits (signed or
 * unsigned, any window 1..16, identity points, duplicates, P and −P: the mixed and XYZZ
 * additions test P = Q → doubling and P = −Q → identity explicitly), reduced modulo p to
 * canonical coordinates; the wasm field equals the BigInt field on every operation
 * (properties/wasm-field.test.ts).
 *
 * Measured effect: see the closing note at the end of this header (filled from bench runs).
 *
 * Alternatives considered: see the closing note.
 */
import { slotProvider } from '../engine.js';
import { projIdentity, type Proj } from '../kernels/projective.js';
import type { BucketSet, DigitTable, ExclusiveSlot, GateSet, Job, Step } from '../step.js';
import { wasmFallbackReason } from '../wasm/applies.js';
import { wasmWindowSum } from '../wasm/msm.js';
import { baseline, projectiveOps } from './00-baseline.js';
import { WASM_INVERSION } from './02-windowCostModel.js';

export { wasmFallbackReason };

const WASM_SET = Symbol('wasmFieldWindowSum');

const withoutWasm = new WeakMap<GateSet, GateSet>();

/** The gate set with this gate off: its slot providers are the fallback. */
function gatesWithoutWasm(g: GateSet): GateSet {
  let r = withoutWasm.get(g);
  if (r === undefined) {
    r = Object.freeze({ ...g, wasmField: false });
    withoutWasm.set(g, r);
  }
  return r;
}

function fallback<S extends ExclusiveSlot>(job: Job, slot: S): NonNullable<Step[S]> {
  const p = slotProvider(gatesWithoutWasm(job.gates), slot);
  return (p[slot] ?? baseline[slot]) as NonNullable<Step[S]>;
}

function applies(job: Job): boolean {
  const why = wasmFallbackReason(job);
  job.trace.field = why === undefined ? 'wasm' : `bigint: ${why}`;
  return why === undefined;
}

/**
 * Whether batched affine accumulation pays for a window of n digits over m buckets in wasm:
 * it saves ≈ 4M per addition (6 instead of 10) and pays one Fermat inversion (WASM_INVERSION
 * multiplications) per round, ≈ 1 + log2(1 + n/m) rounds.
 */
export function batchAffinePays(n: number, m: number): boolean {
  const occupied = m * (1 - Math.exp(-n / Math.max(1, m)));
  const adds = Math.max(0, n - occupied);
  return 4 * adds > WASM_INVERSION * (1 + Math.log2(1 + n / Math.max(1, m)));
}

/** Tuning knob (for properties and benches; not an API): batched affine whenever batchAffine is on. */
export const wasmFieldTuning = { alwaysBatchAffine: false };

export function wasmAccumulate(job: Job, table: DigitTable, w: number): BucketSet {
  if (!applies(job)) return fallback(job, 'accumulate')(job, table, w);
  const batch = !!job.gates.batchAffine && (wasmFieldTuning.alwaysBatchAffine || batchAffinePays(table.n, table.bucketCount));
  const sum = wasmWindowSum(job.F.ORDER as bigint, job.points as Proj<bigint>[], table, w, batch);
  const set: BucketSet & { [WASM_SET]: Proj<bigint> | null } = { ops: projectiveOps(job), buckets: sum === null ? [] : [sum], [WASM_SET]: sum };
  return set;
}

export function wasmReduce(job: Job, set: BucketSet): Proj<any> {
  if (WASM_SET in set) return (set as unknown as Record<symbol, Proj<bigint> | null>)[WASM_SET] ?? projIdentity(job.F);
  return fallback(job, 'reduce')(job, set);
}

export const wasmField: Step = {
  id: 'wasmField',
  step: 12,
  title: 'Bucket windows in WebAssembly: Montgomery field on 13 × 30-bit limbs, XYZZ buckets, one call per window',
  default: false,
  accumulate: wasmAccumulate,
  reduce: wasmReduce,
};
