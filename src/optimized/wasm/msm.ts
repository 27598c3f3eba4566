/**
 * MSM kernels of the WebAssembly backend (step 12, wasmField), on the JavaScript side: lays out
 * a job's points in the module's memory once (one call: words → limbs, Montgomery form, one
 * batch inversion to affine), then runs each window with one call (`windowSum`: bucket
 * accumulation by mixed XYZZ additions and the running-sum reduction, all in wasm memory).
 * Digits stay in JavaScript (the recode slot's Int32Array); each window's n digits are copied
 * into wasm memory before the call. Only the window sum (three coordinates) comes back as
 * bigints.
 */
import type { Proj } from '../kernels/projective.js';
import type { DigitTable } from '../step.js';
import { ELEMENT_BYTES as E, wasmField, type WasmField } from './backend.js';

interface Loaded {
  /** The points array this layout holds (compared by identity). */
  points: readonly Proj<bigint>[];
  n: number;
  aff: number;
  flags: number;
  digits: number;
  out: number;
  buckets: number;
  /** Bytes available for buckets (m·4E) and their flags (m) from `buckets` on. */
  end: number;
}

const loaded = new Map<WasmField, Loaded>();

const align = (x: number) => (x + 63) & ~63;

/** Number of times point arrays were converted into wasm memory (for properties/benches). */
export const wasmLoadStats = { loads: 0, windows: 0, batchAffineWindows: 0 };

/**
 * Puts `points` (canonical bigint projective coordinates, < 2^384) into the instance's memory
 * as affine Montgomery points, unless this very array is the one loaded last.
 */
export function loadPoints(F: WasmField, points: readonly Proj<bigint>[]): Loaded {
  const prev = loaded.get(F);
  if (prev !== undefined && prev.points === points) return prev;
  const n = points.length;
  let at = F.DATA;
  const aff = at;
  at = align(at + n * 2 * E);
  const flags = at;
  at = align(at + n);
  const digits = at;
  at = align(at + 4 * n);
  const out = at;
  at = align(at + 144);
  const buckets = at;
  // loading scratch (words, Z values, prefix products) lives where the buckets go later
  const words = buckets;
  const zs = align(words + 144 * n);
  const scratch = align(zs + n * E);
  const loadEnd = align(scratch + n * E);
  F.ensure(loadEnd);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const w = words + 144 * i;
    F.writeWords(w, p.X);
    F.writeWords(w + 48, p.Y);
    F.writeWords(w + 96, p.Z);
  }
  F.x.loadPoints(n, words, aff, flags, zs, scratch);
  const st: Loaded = { points, n, aff, flags, digits, out, buckets, end: F.x.memory.buffer.byteLength };
  loaded.set(F, st);
  wasmLoadStats.loads++;
  return st;
}

/** Forgets which points are loaded (the next window reloads): for properties. */
export function forgetLoadedPoints(): void {
  loaded.clear();
}

/**
 * Σ_j (j+1)·B_j for window w of `table` over `points`, computed in wasm (modulus p); null when
 * the sum is the identity. table.n must equal points.length.
 */
export function wasmWindowSum(
  p: bigint,
  points: readonly Proj<bigint>[],
  table: DigitTable,
  w: number,
  /** Batched affine accumulation (pairwise rounds sharing one inversion) instead of mixed XYZZ additions. */
  batchAffine = false
): Proj<bigint> | null {
  const F = wasmField(p);
  const { n, bucketCount: m } = table;
  if (n !== points.length) throw new RangeError(`wasmWindowSum: digit table has ${n} entries per window, expected ${points.length} (one per point)`);
  const st = loadPoints(F, points);
  const need = st.buckets + (batchAffine ? F.x.baWorkBytes(n, m) : m * 4 * E + m + 64);
  if (need > st.end) {
    F.ensure(need);
    st.end = F.x.memory.buffer.byteLength;
  }
  F.int32.set(table.digits.subarray(w * n, w * n + n), st.digits >>> 2);
  wasmLoadStats.windows++;
  if (batchAffine) wasmLoadStats.batchAffineWindows++;
  const nonZero = batchAffine
    ? F.x.windowSumBA(n, st.digits, st.aff, st.flags, m, st.buckets, st.out)
    : F.x.windowSum(n, st.digits, st.aff, st.flags, st.buckets, st.buckets + m * 4 * E, m, st.out);
  if (!nonZero) return null;
  return { X: F.readWords(st.out), Y: F.readWords(st.out + 48), Z: F.readWords(st.out + 96) };
}
