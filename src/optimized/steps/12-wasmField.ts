/**
 * Step 12 — wasmField: the bucket windows in WebAssembly (Montgomery field on 13 × 30-bit limbs).
 *
 * What (slots `accumulate` and `reduce`): for a prime field with bigint elements below 2^384
 * (BLS12-381 G1, the toy curve; one module instance per modulus) the job's points are loaded once
 * into wasm memory (Montgomery form, affine by one batch inversion, identity flagged); each window
 * is then ONE wasm call doing all its bucket work — step 07's batched affine rounds when batchAffine
 * is on and they pay (`batchAffinePays`: 4M saved per addition against ≈ 570M per Fermat inversion
 * per round), mixed XYZZ additions otherwise — and the XYZZ running sum. The window sum comes back
 * as bucket 0 (weight 1), so any reducer is right on it. Digits stay in JavaScript; transforms,
 * the small-n path, fixed-base sub-jobs and worker chunks compose unchanged.
 * Fallback (trace.field = 'bigint: …', else 'wasm'), exactly the providers the gates pick without
 * it: G2 (Fp2 is not in wasm) and counting mode (`count: true` reports the BigInt path's counts,
 * same window; the module counts its own multiplications: `WasmField.mulCount()`).
 * Invariant: the window sum equals Σ_i d_{i,w}·P_i (signed or unsigned digits, windows 1..16,
 * identity, duplicates, P and −P tested explicitly, a cancelled bucket marked empty) in canonical
 * coordinates; the wasm field equals the BigInt field on every operation (wasm-field properties).
 * Default: on — several times faster than BigInt on G1 at every size measured; G2 falls back.
 * References: Montgomery, "Modular multiplication without trial division", 1985.
 * Rejected: the modulus as compile-time constants, binaryen --converge, bigint → limbs through
 * toString(16) (no gain or slower); batched affine accumulation at every size (Fermat inversions
 * dominate at small n). Not done: step 08's reduction in wasm (needs an inversion cheaper than Fermat).
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
  title: 'Bucket windows in WebAssembly: Montgomery field on 13 × 30-bit limbs, XYZZ or batched affine buckets, one call per window',
  default: true,
  accumulate: wasmAccumulate,
  reduce: wasmReduce,
};
