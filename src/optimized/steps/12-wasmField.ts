/**
 * Step 12 — wasmField: the bucket windows in WebAssembly (Montgomery field on 13 × 30-bit limbs).
 *
 * What (slots `accumulate`, `reduce`, `straus`, `combine`): for a prime field of bigints below 2^384 (one
 * module instance per modulus), or Fp[u]/(u² + 1) over it (BLS12-381 G2: the same point kernels,
 * generic over the field, for Fp2 with Karatsuba), the job's points are loaded once into wasm
 * memory (Montgomery, affine by one batch inversion); each window is ONE wasm call: step 07's
 * batched affine rounds when batchAffine is on and they pay (`batchAffinePays`), mixed XYZZ
 * additions otherwise; then step 08's segmented batched affine running sum when it is on and pays
 * (`batchReducePays`), else the XYZZ running sum. The window sum comes back as bucket 0.
 * `straus`: step 01's tables loaded alike, one call walks every bit; `combine`: Horner in XYZZ. Transforms, fixed-base
 * sub-jobs and worker chunks compose. Fallback (trace.field = 'bigint: …', else 'wasm'): counting
 * mode, or a runtime that will not compile WebAssembly (node --jitless, a page's CSP). Builds (wasm/builds.ts): 'simd', or 'scalar' without WebAssembly SIMD (detected, or forced
 * by options.tuning.wasmBuild); trace.wasmBuild names the one that ran.
 * Invariant: the window sum equals Σ_i d_{i,w}·P_i (signed or unsigned digits, windows 1..16,
 * identity, duplicates, P and −P) in canonical coordinates; the wasm fields equal the BigInt ones.
 * Kernels: multiplication's limb products by SIMD (i64x2.extmul), the reduction ordered for its
 * m_k critical path; inversion by divsteps (variable time, public inputs), far cheaper than Fermat.
 * Default: on — several times faster than BigInt on G1 and G2 at every size measured.
 * References: Montgomery 1985; Bernstein–Yang, "Fast constant-time gcd computation and modular
 * inversion", 2019 (variable-time batching as in libsecp256k1's modinv32).
 * Rejected: modulus as compile-time constants, binaryen --converge, bigint → limbs via toString(16),
 * no multiplication counter, upper m·p columns in SIMD (no gain or slower); batched affine at every size.
 */
import { segmentCount } from '../kernels/affine.js';
import { XYZZ_COST } from '../kernels/xyzz.js';
import { projIdentity, projOps, type Proj } from '../kernels/projective.js';
import { EVERY_WINDOW, reach, type BucketSet, type DigitTable, type ExclusiveSlot, type Job, type Prices, type Step } from '../step.js';
import { wasmDegree, wasmFallbackReason } from '../wasm/applies.js';
import { wasmField as wasmFieldOf, type WasmField } from '../wasm/backend.js';
import { buildFor } from '../wasm/builds.js';
import { wasmHornerSum, wasmStrausSum, wasmWindowSum } from '../wasm/msm.js';

export { wasmFallbackReason };

/**
 * One inversion in the wasm backend, in multiplication-times: the divstep (safegcd) inversion,
 * timed against the multiplication by the wasm suite's mul section (Fermat's was 380 S + ≈ 190 M).
 */
export const WASM_INVERSION = 35;

/**
 * One Fp2 inversion (G2) in Fp2-multiplication-times: 2S + 3M around one Fp inversion in Fp
 * multiplications (≈ WASM_INVERSION + 5), over the 3 Fp multiplications of a Karatsuba Fp2 one.
 */
export const WASM_INVERSION_FP2 = Math.round((WASM_INVERSION + 5) / 3);

/** The inversion price of the job's field (Fp: WASM_INVERSION, Fp2: WASM_INVERSION_FP2), in its own multiplications. */
function inversionPrice(job: Pick<Job, 'curve'>): number {
  return wasmDegree(job.curve) === 2 ? WASM_INVERSION_FP2 : WASM_INVERSION;
}

const WASM_SET = Symbol('wasmFieldWindowSum');

/** The provider of `slot` with this gate off: what runs when wasm cannot. */
function fallback<S extends ExclusiveSlot>(job: Job, slot: S): NonNullable<Step[S]> {
  return job.pipeline.slot(slot, { without: wasmField.id }).run;
}

function applies(job: Job): boolean {
  const why = wasmFallbackReason(job);
  job.trace.field = why === undefined ? 'wasm' : `bigint: ${why}`;
  if (why === undefined) job.trace.wasmBuild = buildFor(job.call.tuning?.wasmBuild);
  return why === undefined;
}

/** The job's wasm field: its modulus, in the build the call forces (options.tuning.wasmBuild) or the detected one. */
function fieldOf(job: Job): WasmField {
  return wasmFieldOf(job.F.ORDER as bigint, buildFor(job.call.tuning?.wasmBuild));
}

/**
 * Whether batched affine accumulation pays for a window of n digits over m buckets in wasm:
 * it saves ≈ 4M per addition (6 instead of 10) and pays one inversion (WASM_INVERSION
 * multiplications) per round, ≈ 1 + log2(1 + n/m) rounds.
 */
export function batchAffinePays(n: number, m: number, inversion = WASM_INVERSION): boolean {
  const occupied = m * (1 - Math.exp(-n / Math.max(1, m)));
  const adds = Math.max(0, n - occupied);
  return 4 * adds > inversion * (1 + Math.log2(1 + n / Math.max(1, m)));
}

/** Multiplications of the segmented reduction's XYZZ tail per segment (two mixed, one full addition). */
const SEGMENT_TAIL = 34;

/**
 * Segments of step 08's reduction in wasm for m buckets: `segments` when > 0 (options.tuning),
 * else the S that minimizes (L + 1)·WASM_INVERSION + SEGMENT_TAIL·S with L = m/S, i.e.
 * √(WASM_INVERSION·m / SEGMENT_TAIL) (more than step 08's BigInt rule ⌈2√m⌉: inversions cost more in wasm).
 */
export function wasmSegmentCount(m: number, segments = 0, inversion = WASM_INVERSION): number {
  return segmentCount(m, segments > 0 ? segments : Math.ceil(Math.sqrt((inversion * m) / SEGMENT_TAIL)));
}

/**
 * Whether step 08's segmented batched affine reduction pays in wasm for m affine buckets in S
 * segments: ≈ 12M per bucket (two 6M batched additions) plus L + 1 inversions (L = ⌈m/S⌉) and the
 * XYZZ tail, against ≈ 24M per bucket for the XYZZ running sum (a mixed and a full addition).
 */
export function batchReducePays(m: number, S: number, inversion = WASM_INVERSION): boolean {
  const L = Math.ceil(m / Math.max(1, S));
  return 12 * m > (L + 1) * inversion + SEGMENT_TAIL * S;
}

/**
 * What the wasm kernels cost, for the jobs they run (with a job that wasm cannot run, the
 * prices of the other steps stand): mixed XYZZ accumulation (or batched affine, as priced
 * already), XYZZ running-sum reduction (step 08 in wasm only where it pays), divstep inversions.
 */
function wasmPrices(p: Prices, job?: Job): Prices {
  if (job !== undefined && wasmFallbackReason(job) !== undefined) return p;
  return {
    ...p,
    accAdd: p.accBatched ? p.accAdd : XYZZ_COST.mixedAdd,
    // priced as the XYZZ running sum: step 08's reduction runs in wasm only where it pays
    redAdd: () => XYZZ_COST.add,
    redBatched: false,
    perOccupied: 0,
    inversion: job !== undefined ? inversionPrice(job) : WASM_INVERSION,
  };
}

export function wasmAccumulate(job: Job, table: DigitTable, w: number): BucketSet {
  if (!applies(job)) return fallback(job, 'accumulate')(job, table, w);
  const tuning = job.call.tuning;
  const inv = inversionPrice(job);
  const batch = !!job.gates.batchAffine && (tuning?.alwaysBatchAffine === true || batchAffinePays(table.n, table.bucketCount, inv));
  const S = wasmSegmentCount(table.bucketCount, tuning?.segments, inv);
  const segmented = batch && !!job.gates.batchAffineReduction && (tuning?.alwaysBatchAffine === true || batchReducePays(table.bucketCount, S, inv));
  const sum = wasmWindowSum(fieldOf(job), job.points, table, w, batch, tuning?.maxKeptBytes, segmented ? S : 0, wasmDegree(job.curve));
  const set: BucketSet & { [WASM_SET]: Proj<any> | null } = {
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

/** Step 01's bit walk (slot `straus`) in wasm: the tables loaded as affine points, one call for every bit. */
export function wasmStraus(job: Job, entries: Proj<any>[], digits: readonly Int8Array[], size: number, top: number): Proj<any> {
  if (!applies(job)) return fallback(job, 'straus')(job, entries, digits, size, top);
  return wasmStrausSum(fieldOf(job), entries, digits, size, top, wasmDegree(job.curve)) ?? projIdentity(job.F);
}

/** The window combination (slot `combine`) in wasm: the window sums loaded once, Horner in XYZZ. */
export function wasmCombine(job: Job, sums: Proj<any>[]): Proj<any> {
  if (!applies(job)) return fallback(job, 'combine')(job, sums);
  return wasmHornerSum(fieldOf(job), sums, job.window, wasmDegree(job.curve)) ?? projIdentity(job.F);
}

export const wasmField: Step<'wasmField'> = {
  id: 'wasmField',
  step: 12,
  title: 'Bucket windows in WebAssembly: Montgomery field on 13 × 30-bit limbs, XYZZ or batched affine buckets, one call per window',
  default: true,
  accumulate: wasmAccumulate,
  reduce: wasmReduce,
  straus: wasmStraus,
  combine: wasmCombine,
  price: wasmPrices,
  // every window in wasm, batched affine forced, and a point budget of 0 bytes (nothing kept);
  // the small-n walk at sizes 1 and 2 with the engine's window ('auto')
  reach: reach({
    entries: ['plain', 'prepared'],
    windows: [...EVERY_WINDOW, 'auto'],
    wideG1: true,
    curves: ['bls12-381-g2'],
    sizes: [1, 2],
    tunings: [{ alwaysBatchAffine: true }, { maxKeptBytes: 0 }],
    scalars: ['fullSize', 'zeroDigits', 'small', 'nearOrder'],
    inputs: ['zeroScalars', 'identity', 'duplicates', 'opposite'],
  }),
};
