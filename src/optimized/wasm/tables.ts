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
import { adoptPointBytes, convertPoints, scratchBase, type PointBytes } from './msm.js';

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

/** Entry k of a table kept as bytes: its bigint coordinates are decoded on first read. */
class TableEntry implements Proj<bigint> {
  private v: Proj<bigint> | undefined;
  constructor(
    private readonly t: PointBytes,
    private readonly k: number
  ) {}
  private get point(): Proj<bigint> {
    if (this.v === undefined) {
      const { t, k } = this;
      wasmTableStats.decoded++;
      if (t.bytes[t.count * 2 * E + k] === 0) this.v = { X: 0n, Y: 1n, Z: 0n };
      else {
        const u32 = new Uint32Array(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength >>> 2);
        const ri = rInv(t.p);
        this.v = { X: decodeElement(u32, k * 2 * E, t.p, ri), Y: decodeElement(u32, k * 2 * E + E, t.p, ri), Z: 1n };
      }
    }
    return this.v;
  }
  get X(): bigint {
    return this.point.X;
  }
  get Y(): bigint {
    return this.point.Y;
  }
  get Z(): bigint {
    return this.point.Z;
  }
}

/** A table built in wasm: its entries (index i·rows + j = 2^(c·j)·P_i) and their bytes. */
export interface WasmTable {
  readonly entries: readonly Proj<bigint>[];
  readonly bytes: PointBytes;
}

/**
 * The fixed-base table of `points` (canonical bigint projective coordinates over F_p, p < 2^384)
 * for `rows` rows of width c, built in wasm: entry i·rows + j = 2^(c·j)·P_i, affine (Z = 1) or
 * the identity (0 : 1 : 0). The entries array is adopted by the loader (calls copy its bytes).
 */
export function wasmTable(p: bigint, points: readonly Proj<bigint>[], rows: number, c: number): WasmTable {
  const F = wasmField(p);
  const n = points.length;
  const count = n * rows;
  const aff = scratchBase(F);
  const flags = convertPoints(F, points, aff);
  const out = align(flags + n);
  const outFlags = align(out + count * 2 * E);
  const work = align(outFlags + count);
  F.ensure(work + 2 * n * E + 64);
  F.x.tableBuild(n, aff, flags, rows, c, out, outFlags, work);
  const bytes = new Uint8Array(count * 2 * E + count + 3);
  bytes.set(F.bytes.subarray(out, out + count * 2 * E), 0);
  bytes.set(F.bytes.subarray(outFlags, outFlags + count), count * 2 * E);
  const pb: PointBytes = Object.freeze({ p, count, bytes });
  const entries: Proj<bigint>[] = new Array(count);
  for (let k = 0; k < count; k++) entries[k] = new TableEntry(pb, k);
  Object.freeze(entries);
  adoptPointBytes(entries, pb);
  wasmTableStats.builds++;
  wasmTableStats.entries += count;
  return { entries, bytes: pb };
}
