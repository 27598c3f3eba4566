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
import { XYZZ_COST } from '../kernels/xyzz.js';
import { projIdentity, projOps, type Proj } from '../kernels/projective.js';
import { EVERY_WINDOW, reach, type BucketSet, type DigitTable, type ExclusiveSlot, type Job, type Prices, type Step } from '../step.js';
import { wasmFallbackReason } from '../wasm/applies.js';
import { wasmWindowSum } from '../wasm/msm.js';

export { wasmFallbackReason };

/** One Fermat inversion in the wasm backend, in multiplications: 380 S + ≈ 190 M. */
export const WASM_INVERSION = 570;

const WASM_SET = Symbol('wasmFieldWindowSum');

/** The provider of `slot` with this gate off: what runs when wasm cannot. */
function fallback<S extends ExclusiveSlot>(job: Job, slot: S): NonNullable<Step[S]> {
  return job.pipeline.slot(slot, { without: wasmField.id }).run;
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

/**
 * What the wasm kernels cost, for the jobs they run (with a job that wasm cannot run, the
 * prices of the other steps stand): mixed XYZZ accumulation (or batched affine, as priced
 * already), XYZZ running-sum reduction (no batched affine reduction), Fermat inversions.
 */
function wasmPrices(p: Prices, job?: Job): Prices {
  if (job !== undefined && wasmFallbackReason(job) !== undefined) return p;
  return {
    ...p,
    accAdd: p.accBatched ? p.accAdd : XYZZ_COST.mixedAdd,
    redAdd: () => XYZZ_COST.add,
    redBatched: false,
    perOccupied: 0,
    inversion: WASM_INVERSION,
  };
}

export function wasmAccumulate(job: Job, table: DigitTable, w: number): BucketSet {
  if (!applies(job)) return fallback(job, 'accumulate')(job, table, w);
  const tuning = job.call.tuning;
  const batch = !!job.gates.batchAffine && (tuning?.alwaysBatchAffine === true || batchAffinePays(table.n, table.bucketCount));
  const sum = wasmWindowSum(job.F.ORDER as bigint, job.points as Proj<bigint>[], table, w, batch, tuning?.maxKeptBytes);
  const set: BucketSet & { [WASM_SET]: Proj<bigint> | null } = {
    ops: projOps(job.F, job.b3),
    buckets: sum === null ? [] : [sum],
    [WASM_SET]: sum,
  };
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
  price: wasmPrices,
  // every window in wasm, batched affine forced, and a point budget of 0 bytes (nothing kept)
  reach: reach({
    entries: ['plain', 'prepared'],
    windows: EVERY_WINDOW,
    wideG1: true,
    tunings: [{ alwaysBatchAffine: true }, { maxKeptBytes: 0 }],
    scalars: ['fullSize', 'zeroDigits'],
    inputs: ['identity', 'duplicates', 'opposite'],
  }),
};
