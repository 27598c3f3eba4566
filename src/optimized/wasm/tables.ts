/**
 * Fixed-base tables of step 10 (prepare()) built by the WebAssembly backend, and kept in its form.
 *
 * `wasmTable` loads the bases (one batch inversion to affine), runs the `tableBuild` kernel
 * (every base doubled in lockstep, one shared inversion per doubling step), and keeps the
 * table as bytes: affine Montgomery points and identity flags, the form the window kernels read.
 * The table's entries array is adopted by the loader (msm.ts), so a call on the handle copies
 * the bytes into wasm memory instead of converting bigints. The bigint coordinates of an entry
 * are decoded only when a BigInt provider reads them (a call with wasmField off, or counting).
 */
import type { Proj } from '../kernels/projective.js';
import { wasmField } from './backend.js';
import { align, ELEMENT_BYTES as E, LIMB_BITS, LIMBS, R_BITS } from './layout.js';
import { adoptPointBytes, convertPoints, scratchBase, type Coord, type Degree, type PointBytes } from './msm.js';

/** Table-build statistics (for properties and benches). */
export const wasmTableStats = { builds: 0, entries: 0, decoded: 0 };

const rInverse = new Map<bigint, bigint>();

/** R^−1 mod p (R = 2^R_BITS), for decoding Montgomery limbs in BigInt. */
function rInv(p: bigint): bigint {
  let v = rInverse.get(p);
  if (v === undefined) {
    // p odd: R^−1 = ((p + 1)/2)^R_BITS mod p
    const half = (p + 1n) / 2n;
    v = 1n;
    for (let i = 0; i < R_BITS; i++) v = (v * half) % p;
    rInverse.set(p, v);
  }
  return v;
}

const SHIFT = BigInt(LIMB_BITS);

/** The canonical value of the Montgomery element at byte offset `off` of `u32` (a 4-byte aligned view). */
function decodeElement(u32: Uint32Array, off: number, p: bigint, ri: bigint): bigint {
  let m = 0n;
  const w = off >>> 2;
  for (let i = LIMBS - 1; i >= 0; i--) m = (m << SHIFT) | BigInt(u32[w + i]);
  return (m * ri) % p;
}

/** The coordinate at byte offset `off`: one element (degree 1) or c0, c1 (degree 2). */
function decodeCoord(u32: Uint32Array, off: number, t: PointBytes, ri: bigint): Coord {
  if (t.degree === 1) return decodeElement(u32, off, t.p, ri);
  return { c0: decodeElement(u32, off, t.p, ri), c1: decodeElement(u32, off + E, t.p, ri) };
}

/** Entry k of a table kept as bytes: its bigint coordinates are decoded on first read. */
class TableEntry implements Proj<Coord> {
  private v: Proj<Coord> | undefined;
  constructor(
    private readonly t: PointBytes,
    private readonly k: number
  ) {}
  private get point(): Proj<Coord> {
    if (this.v === undefined) {
      const { t, k } = this;
      const P = 2 * E * t.degree;
      const one: Coord = t.degree === 1 ? 1n : { c0: 1n, c1: 0n };
      const zero: Coord = t.degree === 1 ? 0n : { c0: 0n, c1: 0n };
      wasmTableStats.decoded++;
      if (t.bytes[t.count * P + k] === 0) this.v = { X: zero, Y: one, Z: zero };
      else {
        const u32 = new Uint32Array(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength >>> 2);
        const ri = rInv(t.p);
        this.v = { X: decodeCoord(u32, k * P, t, ri), Y: decodeCoord(u32, k * P + P / 2, t, ri), Z: one };
      }
    }
    return this.v;
  }
  get X(): Coord {
    return this.point.X;
  }
  get Y(): Coord {
    return this.point.Y;
  }
  get Z(): Coord {
    return this.point.Z;
  }
}

/** A table built in wasm: its entries (index i·rows + j = 2^(c·j)·P_i) and their bytes. */
export interface WasmTable {
  readonly entries: readonly Proj<Coord>[];
  readonly bytes: PointBytes;
}

/**
 * The fixed-base table of `points` (canonical bigint projective coordinates over F_p, p < 2^384,
 * or over Fp2 with degree 2: G2) for `rows` rows of width c, built in wasm: entry i·rows + j =
 * 2^(c·j)·P_i, affine (Z = 1) or the identity (0 : 1 : 0). The entries array is adopted by the
 * loader (calls copy its bytes).
 */
export function wasmTable(p: bigint, points: readonly Proj<Coord>[], rows: number, c: number, degree: Degree = 1): WasmTable {
  const F = wasmField(p);
  const n = points.length;
  const count = n * rows;
  const P = 2 * E * degree;
  const aff = scratchBase(F);
  const flags = convertPoints(F, points, aff, degree);
  const out = align(flags + n);
  const outFlags = align(out + count * P);
  const work = align(outFlags + count);
  F.ensure(work + n * P + 64);
  F.x.tableBuild(degree, n, aff, flags, rows, c, out, outFlags, work);
  const bytes = new Uint8Array(count * P + count + 3);
  bytes.set(F.bytes.subarray(out, out + count * P), 0);
  bytes.set(F.bytes.subarray(outFlags, outFlags + count), count * P);
  wasmTableStats.builds++;
  wasmTableStats.entries += count;
  return tableOfBytes(Object.freeze({ p, degree, count, bytes }));
}

/** A table over bytes already in the module's form: its entries (decoded on first read), adopted by the loader. */
export function tableOfBytes(pb: PointBytes): WasmTable {
  const entries: Proj<Coord>[] = new Array(pb.count);
  for (let k = 0; k < pb.count; k++) entries[k] = new TableEntry(pb, k);
  Object.freeze(entries);
  adoptPointBytes(entries, pb);
  return { entries, bytes: pb };
}

/**
 * Entries [from, to) of a table kept as bytes, as a table of their own (their points and flags
 * copied into new bytes): step 11's chunk of a handle, in this thread or in a pool worker that
 * received the handle's bytes (`bytes` may view a SharedArrayBuffer).
 */
export function tableSlice(pb: PointBytes, from: number, to: number): WasmTable {
  const k = to - from;
  const P = 2 * E * pb.degree;
  const bytes = new Uint8Array(k * P + k + 3);
  bytes.set(pb.bytes.subarray(from * P, to * P), 0);
  bytes.set(pb.bytes.subarray(pb.count * P + from, pb.count * P + to), k * P);
  return tableOfBytes(Object.freeze({ p: pb.p, degree: pb.degree, count: k, bytes }));
}
