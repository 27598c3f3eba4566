/**
 * MSM kernels of the WebAssembly backend (step 12, wasmField), on the JavaScript side: lays out
 * a job's points in the module's memory once (one call: words → limbs, Montgomery form, one
 * batch inversion to affine), then runs each window with one call (`windowSum`: bucket
 * accumulation by mixed XYZZ additions and the running-sum reduction, all in wasm memory).
 * Digits stay in JavaScript (the recode slot's Int32Array); each window's n digits are copied
 * into wasm memory before the call. Only the window sum (three coordinates) comes back as
 * bigints. Coordinates are elements of Fp (degree 1: G1, the toy curve) or of Fp2 (degree 2:
 * G2, elements { c0, c1 }); the module's G2 kernels take the same layout with every element
 * twice as long.
 */
import type { Proj } from '../kernels/projective.js';
import type { DigitTable } from '../step.js';
import type { WasmField } from './backend.js';
import { align, ELEMENT_BYTES, WORDS_BYTES } from './layout.js';

/** Fp elements per coordinate: 1 (Fp) or 2 (Fp2). */
export type Degree = 1 | 2;

/** A coordinate: a bigint (Fp) or { c0, c1 } (Fp2). */
export type Coord = bigint | { readonly c0: bigint; readonly c1: bigint };

interface Loaded {
  /** The points array this layout holds (compared by identity). */
  points: readonly Proj<Coord>[];
  n: number;
  aff: number;
  flags: number;
  /** True when aff/flags live in the kept area (below the scratch base), not in the scratch area. */
  kept: boolean;
}

interface State {
  /** Points loaded last into the scratch area (at `base`). */
  current: Loaded | undefined;
  /** Where the scratch area starts: above every kept array. */
  base: number;
  /** Point arrays loaded again after something else was loaded (e.g. fixed-base tables used in turn). */
  kept: WeakMap<object, Loaded>;
  /** Arrays loaded once: a second load keeps them. */
  seen: WeakSet<object>;
}

/**
 * Kept arrays take at most this many bytes by default; beyond it every kept array is dropped at
 * once. A call may pass another budget (options.tuning.maxKeptBytes, for properties).
 */
export const MAX_KEPT_BYTES = 256 * 1024 * 1024;

const states = new Map<WasmField, State>();

/** Number of times point arrays were converted into wasm memory (for properties/benches). */
export const wasmLoadStats = { loads: 0, copies: 0, windows: 0, batchAffineWindows: 0, segmentedWindows: 0, kept: 0, straus: 0, g2Windows: 0, combines: 0 };

/**
 * Points already in the module's form: `count` affine Montgomery points (x, y: 2E bytes each) in
 * `bytes`, then their `count` flag bytes (0 = the identity) at `count`·2E. A points array adopted
 * with such bytes (`adoptPointBytes`) is loaded by one copy, with no conversion.
 */
export interface PointBytes {
  readonly p: bigint;
  /** Fp elements per coordinate (2E·degree bytes per point). */
  readonly degree: Degree;
  readonly count: number;
  readonly bytes: Uint8Array;
}

const adopted = new WeakMap<object, PointBytes>();

/** From now on `points` loads from `b` (same points, already converted) for modulus b.p. */
export function adoptPointBytes(points: readonly object[], b: PointBytes): void {
  if (points.length !== b.count) throw new RangeError(`adoptPointBytes: ${points.length} points, ${b.count} in the bytes`);
  adopted.set(points, b);
}

/** The bytes `points` loads from, when adopted. */
export function adoptedPointBytes(points: readonly object[]): PointBytes | undefined {
  return adopted.get(points);
}

/** Copies adopted bytes to `aff` (points) and align(aff + count·2E·degree) (flags); returns the flags' address. */
function copyPoints(F: WasmField, b: PointBytes, aff: number): number {
  const size = b.count * 2 * ELEMENT_BYTES * b.degree;
  const flags = align(aff + size);
  F.ensure(align(flags + b.count));
  F.bytes.set(b.bytes.subarray(0, size), aff);
  F.bytes.set(b.bytes.subarray(size, size + b.count), flags);
  return flags;
}

function stateOf(F: WasmField): State {
  let st = states.get(F);
  if (st === undefined) {
    st = { current: undefined, base: F.DATA, kept: new WeakMap(), seen: new WeakSet() };
    states.set(F, st);
  }
  return st;
}

/** Writes a coordinate as words at w (Fp2: c0, then c1). */
function writeCoord(F: WasmField, w: number, v: Coord, degree: Degree): void {
  if (degree === 1) F.writeWords(w, v as bigint);
  else {
    const e = v as { c0: bigint; c1: bigint };
    F.writeWords(w, e.c0);
    F.writeWords(w + WORDS_BYTES, e.c1);
  }
}

function readCoord(F: WasmField, w: number, degree: Degree): Coord {
  return degree === 1 ? F.readWords(w) : { c0: F.readWords(w), c1: F.readWords(w + WORDS_BYTES) };
}

/**
 * Lays `points` out from `aff` as affine Montgomery points (2E·degree bytes each) followed by
 * their identity flags: writes the projective coordinates as words (3 × 48·degree bytes each)
 * above them, then one wasm call converts (one batch inversion). Returns the flags' address; the
 * loading scratch above align(flags + n) is free again once it returns.
 */
export function convertPoints(F: WasmField, points: readonly Proj<Coord>[], aff: number, degree: Degree = 1): number {
  const n = points.length;
  const E = ELEMENT_BYTES * degree;
  const W = WORDS_BYTES * degree;
  const flags = align(aff + n * 2 * E);
  const words = align(flags + n);
  const zs = align(words + 3 * W * n);
  const scratch = align(zs + n * E);
  F.ensure(align(scratch + n * E));
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const w = words + 3 * W * i;
    writeCoord(F, w, p.X, degree);
    writeCoord(F, w + W, p.Y, degree);
    writeCoord(F, w + 2 * W, p.Z, degree);
  }
  F.x.loadPoints(degree, n, words, aff, flags, zs, scratch);
  return flags;
}

/** The projective point written as words at `out` (X, Y, Z). */
function readProj(F: WasmField, out: number, degree: Degree): Proj<any> {
  const W = WORDS_BYTES * degree;
  return { X: readCoord(F, out, degree), Y: readCoord(F, out + W, degree), Z: readCoord(F, out + 2 * W, degree) };
}

/**
 * Puts `points` (canonical bigint projective coordinates, < 2^384) into the instance's memory
 * as affine Montgomery points, unless this very array is the one loaded last or a kept one. An
 * array loaded a second time after others (the same fixed-base table used in turn with other
 * tables, as FK20 does) is kept where it is, and the scratch area moves above it.
 */
export function loadPoints(F: WasmField, points: readonly Proj<Coord>[], maxKeptBytes = MAX_KEPT_BYTES, degree: Degree = 1): Loaded {
  const st = stateOf(F);
  const kept = st.kept.get(points);
  if (kept !== undefined) {
    st.current = undefined; // the window scratch at st.base will overwrite whatever was loaded there
    return kept;
  }
  if (st.current !== undefined && st.current.points === points) return st.current;
  const n = points.length;
  const aff = st.base;
  // loading scratch (words, Z values, prefix products) lives where the buckets go later
  const ready = adopted.get(points);
  const copy = ready !== undefined && ready.p === F.p && ready.degree === degree;
  const flags = copy ? copyPoints(F, ready, aff) : convertPoints(F, points, aff, degree);
  if (copy) wasmLoadStats.copies++;
  else wasmLoadStats.loads++;
  const size = align(flags + n) - aff;
  if (st.seen.has(points) && size <= maxKeptBytes) {
    if (align(flags + n) - F.DATA > maxKeptBytes) {
      // drop every kept array, then load this one again at the bottom of the area
      st.kept = new WeakMap();
      st.base = F.DATA;
      st.current = undefined;
      return loadPoints(F, points, maxKeptBytes, degree);
    }
    const k: Loaded = { points, n, aff, flags, kept: true };
    st.kept.set(points, k);
    st.base = align(flags + n);
    st.current = undefined;
    wasmLoadStats.kept++;
    return k;
  }
  st.seen.add(points);
  const cur: Loaded = { points, n, aff, flags, kept: false };
  st.current = cur;
  return cur;
}

/**
 * The scratch area of F's instance, from its start, for a kernel that lays out its own arrays
 * (e.g. a table build): whatever was loaded there is loaded again next time.
 */
export function scratchBase(F: WasmField): number {
  const st = stateOf(F);
  st.current = undefined;
  return st.base;
}

/** Forgets every loaded and kept array (the next window reloads): for properties. */
export function forgetLoadedPoints(): void {
  states.clear();
}

/**
 * Σ_j (j+1)·B_j for window w of `table` over `points`, computed in wasm (F's modulus; G2 with
 * degree 2); null when the sum is the identity. table.n must equal points.length.
 */
export function wasmWindowSum(
  /** The wasm field instance (modulus and build: backend.ts's wasmField(p, build)). */
  F: WasmField,
  points: readonly Proj<Coord>[],
  table: DigitTable,
  w: number,
  /** Batched affine accumulation (pairwise rounds sharing one inversion) instead of mixed XYZZ additions. */
  batchAffine = false,
  /** Byte budget of kept point arrays (default MAX_KEPT_BYTES). */
  maxKeptBytes = MAX_KEPT_BYTES,
  /** With batchAffine: > 0 runs step 08's segmented batched affine reduction with this many segments; 0 the XYZZ running sum. */
  segments = 0,
  /** Fp elements per coordinate: 1 (G1, toy) or 2 (G2). */
  degree: Degree = 1
): Proj<any> | null {
  const { n, bucketCount: m } = table;
  if (n !== points.length) throw new RangeError(`wasmWindowSum: digit table has ${n} entries per window, expected ${points.length} (one per point)`);
  const pts = loadPoints(F, points, maxKeptBytes, degree);
  const st = stateOf(F);
  const E = ELEMENT_BYTES * degree;
  // per-window scratch: above the loaded points (scratch load) or at the scratch base (kept)
  const digits = pts.kept ? st.base : align(pts.flags + n);
  const out = align(digits + 4 * n);
  const buckets = align(out + 3 * WORDS_BYTES * degree);
  F.ensure(buckets + (batchAffine ? F.x.baWorkBytes(degree, n, m) : m * 4 * E + m + 64));
  F.int32.set(table.digits.subarray(w * n, w * n + n), digits >>> 2);
  wasmLoadStats.windows++;
  if (batchAffine) wasmLoadStats.batchAffineWindows++;
  if (batchAffine && segments > 0) wasmLoadStats.segmentedWindows++;
  if (degree === 2) wasmLoadStats.g2Windows++;
  const nonZero = batchAffine
    ? F.x.windowSumBA(degree, n, digits, pts.aff, pts.flags, m, buckets, out, segments)
    : F.x.windowSum(degree, n, digits, pts.aff, pts.flags, buckets, buckets + m * 4 * E, m, out);
  if (!nonZero) return null;
  return readProj(F, out, degree);
}

/**
 * Step 01's interleaved wNAF sum in wasm (the `straus` slot): `entries` holds k·size projective
 * odd multiples (point i's (2m + 1)·P_i at i·size + m; canonical coordinates, identities allowed),
 * `digits` point i's wNAF digits (at least `top` of them, least significant first). The entries
 * go to wasm memory as affine points (one batch inversion), the digits as bytes, and one call
 * walks every bit. Uses the scratch area (whatever was loaded there is loaded again next time).
 * Returns Σ_i Σ_b d_{i,b}·2^b·P_i, null for the identity.
 */
export function wasmStrausSum(
  F: WasmField,
  entries: readonly Proj<Coord>[],
  digits: readonly Int8Array[],
  size: number,
  top: number,
  degree: Degree = 1
): Proj<any> | null {
  const k = digits.length;
  const n = entries.length;
  if (n !== k * size) throw new RangeError(`wasmStrausSum: ${n} table entries for ${k} points of ${size} entries each`);
  const st = stateOf(F);
  st.current = undefined;
  const aff = st.base;
  const flags = convertPoints(F, entries, aff, degree);
  const dg = align(flags + n);
  const out = align(dg + k * top);
  F.ensure(out + 3 * WORDS_BYTES * degree);
  const bytes = F.bytes;
  for (let i = 0; i < k; i++) bytes.set(digits[i].subarray(0, top), dg + i * top);
  wasmLoadStats.straus++;
  if (!F.x.strausSum(degree, k, top, size, dg, aff, flags, out)) return null;
  return readProj(F, out, degree);
}

/**
 * The window combination in wasm: Σ_w 2^(c·w)·sums[w] (sums[w]: projective, canonical
 * coordinates, identities allowed) by Horner in XYZZ, the window sums loaded as affine (one batch
 * inversion). Uses the scratch area. Returns the sum, null for the identity.
 */
export function wasmHornerSum(F: WasmField, sums: readonly Proj<Coord>[], c: number, degree: Degree = 1): Proj<any> | null {
  const st = stateOf(F);
  st.current = undefined;
  const aff = st.base;
  const flags = convertPoints(F, sums, aff, degree);
  const out = align(flags + sums.length);
  F.ensure(out + 3 * WORDS_BYTES * degree);
  wasmLoadStats.combines++;
  if (!F.x.hornerSum(degree, sums.length, c, aff, flags, out)) return null;
  return readProj(F, out, degree);
}
