/**
 * JavaScript glue of the WebAssembly field backend (step 12, wasmField).
 *
 * The module (src/optimized/wasm/assembly/, built by `npm run build:wasm` into build/wasm/)
 * holds Montgomery arithmetic over 13 × 30-bit limbs for a modulus set at run time, and the
 * MSM hot loops (point loading with one batch inversion, one whole bucket window per call).
 * It ships in two builds (builds.ts): 'simd' and 'scalar' (no SIMD instruction), chosen by
 * feature detection unless a call forces one. The .wasm files are built ahead of time, never at
 * call time; the platform's loader gives their bytes: on Node, load.ts reads the file next to the
 * compiled module (dist/src/optimized/wasm/, shipped in the package) or build/wasm/ (sources), and
 * a missing one makes the first wasm MSM throw an Error that says how to build it; in a browser
 * bundle, load.browser.ts decodes the copies embedded in the library.
 * This file compiles a build once, synchronously (the engine API is synchronous), and makes one
 * instance per build and modulus (BLS12-381 Fp, the toy curve's F_1783, ...): each instance has
 * its own memory and constants. Conversions: a bigint is written as six little-endian 64-bit words
 * (BigUint64Array stores truncate natively) and the module splits them into limbs; back, the
 * module packs limbs into words and six words make the bigint.
 */
import { buildFor, type WasmBuild } from './builds.js';
import {
  DATA,
  ELEMENT_BYTES,
  EXPP,
  IO,
  IO_CONVERT,
  IO_SLOT,
  IO_WORDS,
  LIMB_BITS,
  LIMBS,
  MAX_MODULUS_BITS,
  MOD,
  ONE,
  PLAIN1,
  R2,
  R3,
  R_BITS,
} from './layout.js';
import { wasmBytes, wasmPresent } from './load.js';
import { get6, put6 } from '../kernels/words.js';

export { ELEMENT_BYTES, MAX_MODULUS_BITS };

export { defaultBuild, simdSupported, WASM_BUILDS, type WasmBuild } from './builds.js';

/** The parts of the WebAssembly JS API used here (lib "ES2022" has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly __brand?: 'WebAssembly.Module';
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
const WA = (
  globalThis as unknown as { WebAssembly?: { Module: new (bytes: Uint8Array) => WasmModule; Instance: new (m: WasmModule, imports: object) => WasmInstance } }
).WebAssembly;

interface Exports {
  memory: WasmMemory;
  init(pinv: number, expBits: number): void;
  mulCount(): number;
  isZero(a: number): number;
  eq(a: number, b: number): number;
  fmul(o: number, a: number, b: number): void;
  fsqr(o: number, a: number): void;
  fadd(o: number, a: number, b: number): void;
  fsub(o: number, a: number, b: number): void;
  fneg(o: number, a: number): void;
  finv(o: number, a: number): void;
  finvFermat(o: number, a: number): void;
  toMont(o: number, a: number): void;
  fromMont(o: number, a: number): void;
  fromWords(o: number, w: number): void;
  toWords(w: number, a: number): void;
  batchInv(degree: number, ptr: number, count: number, scratch: number): void;
  loadPoints(degree: number, n: number, words: number, aff: number, flags: number, zs: number, scratch: number): void;
  windowSum(degree: number, n: number, digits: number, aff: number, flags: number, buckets: number, used: number, m: number, out: number): number;
  windowSumBA(degree: number, n: number, digits: number, aff: number, flags: number, m: number, work: number, out: number, segments: number): number;
  baWorkBytes(degree: number, n: number, m: number): number;
  mulChain(a: number, b: number, count: number): void;
  strausSum(degree: number, k: number, top: number, size: number, digits: number, aff: number, flags: number, out: number): number;
  tableBuild(degree: number, n: number, aff: number, flags: number, rows: number, c: number, out: number, outFlags: number, work: number): void;
  f2add(o: number, a: number, b: number): void;
  f2sub(o: number, a: number, b: number): void;
  f2neg(o: number, a: number): void;
  f2mul(o: number, a: number, b: number): void;
  f2sqr(o: number, a: number): void;
  f2inv(o: number, a: number): void;
  hornerSum(degree: number, k: number, c: number, aff: number, flags: number, out: number): number;
  bulkFp(op: number, n: number, a: number, b: number, o: number, alias: number): void;
  bulkFp2(op: number, n: number, a: number, b: number, o: number, alias: number): void;
  pairSums(degree: number, k: number, pa: number, pb: number, po: number, pf: number, den: number, pre: number): void;
  wordsToLimbs(n: number, w: number, o: number): void;
  limbsToWords(n: number, a: number, w: number): void;
}

const compiled = new Map<WasmBuild, WasmModule>();

const LIMB_SHIFT = BigInt(LIMB_BITS);
const LIMB_MASK = (1n << LIMB_SHIFT) - 1n;

/** asc options of the build (scripts/build-wasm.ts uses them): those of the 'simd' build. */
export const ASC_FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--initialMemory', '3', '--enable', 'simd'];

/** asc options of a build: the 'scalar' build is ASC_FLAGS without `--enable simd` (asc then refuses any SIMD instruction). */
export function ascFlags(build: WasmBuild): string[] {
  if (build === 'simd') return [...ASC_FLAGS];
  const out: string[] = [];
  for (let i = 0; i < ASC_FLAGS.length; i++) {
    if (ASC_FLAGS[i] === '--enable' && ASC_FLAGS[i + 1] === 'simd') i++;
    else out.push(ASC_FLAGS[i]);
  }
  return out;
}

/** Compiles a module from its bytes (synchronously: the engine API is synchronous). */
export function compileWasm(bytes: Uint8Array): WasmModule {
  if (WA === undefined) throw new Error('WebAssembly is not available in this runtime');
  return new WA.Module(bytes);
}

/**
 * A build's compiled module (compiled once per thread, on first use; default: the detected build).
 * Its bytes come from the platform's loader: a file on Node (load.ts), embedded in the browser
 * (load.browser.ts); a build that is not there is an Error saying how to build it.
 */
export function wasmModule(build: WasmBuild = buildFor(undefined)): WasmModule {
  let m = compiled.get(build);
  if (m === undefined) {
    m = compileWasm(wasmBytes(build));
    compiled.set(build, m);
  }
  return m;
}

const refused = new Map<WasmBuild, string | null>();

/**
 * Why this runtime will not compile a present build's module, or undefined when it does (tried
 * once per build): no WebAssembly (node --jitless), or compilation refused (a page whose
 * Content-Security-Policy lacks 'wasm-unsafe-eval'). Step 12 then falls back to BigInt. A build
 * that is not there is no such reason: using it throws the Error saying how to build it.
 */
export function wasmRefusedReason(build: WasmBuild = buildFor(undefined)): string | undefined {
  let why = refused.get(build);
  if (why === undefined) {
    why = null;
    if (WA === undefined) why = 'WebAssembly is not available in this runtime';
    else if (wasmPresent(build))
      try {
        wasmModule(build);
      } catch (e) {
        why = `WebAssembly refused to compile (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`;
      }
    refused.set(build, why);
  }
  return why ?? undefined;
}

/** Whether a build's module is present (default: the detected build; false before `npm run build:wasm` / `npm run build`). */
export function wasmAvailable(build: WasmBuild = buildFor(undefined)): boolean {
  return wasmPresent(build);
}

/** −p^−1 mod 2^30 (p odd). */
export function montInv30(p: bigint): number {
  const m = 1n << 30n;
  let inv = 1n; // Newton: inv ← inv·(2 − p·inv), doubling the correct bits each round
  for (let i = 0; i < 5; i++) inv = (inv * (2n - ((p * inv) % m))) % m;
  inv = ((inv % m) + m) % m;
  return Number((m - inv) % m);
}

export class WasmField {
  readonly p: bigint;
  readonly x: Exports;
  /** Where the glue's arrays start in this instance's memory (layout.ts). */
  readonly DATA = DATA;
  private u8!: Uint8Array;
  private u32!: Uint32Array;
  private w64!: BigUint64Array;
  private i32!: Int32Array;

  /** The build this instance runs. */
  readonly build: WasmBuild;

  constructor(p: bigint, build: WasmBuild = buildFor(undefined)) {
    if (typeof p !== 'bigint' || p < 3n || (p & 1n) === 0n || p >= 1n << BigInt(MAX_MODULUS_BITS))
      throw new RangeError(`WasmField: modulus must be an odd bigint in [3, 2^${MAX_MODULUS_BITS}), got ${String(p)}`);
    this.p = p;
    this.build = build;
    const inst = new (WA as NonNullable<typeof WA>).Instance(wasmModule(build), {});
    this.x = inst.exports as unknown as Exports;
    const built = (inst.exports.DATA as { value: number } | undefined)?.value;
    if (built !== DATA)
      throw new Error(
        `wasmField: msm.wasm was built from another memory layout (DATA = ${String(built)}, layout.ts says ${DATA}); rebuild it (npm run build:wasm)`
      );
    this.refresh();
    const R = 1n << BigInt(R_BITS);
    this.putLimbs(MOD, p);
    this.putLimbs(ONE, R % p);
    this.putLimbs(R2, (R * R) % p);
    this.putLimbs(PLAIN1, 1n);
    this.putLimbs(EXPP, p - 2n);
    this.putLimbs(R3, (R * R * R) % p);
    this.x.init(montInv30(p), (p - 2n).toString(2).length);
  }

  private refresh(): void {
    const buf = this.x.memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.u32 = new Uint32Array(buf);
    this.w64 = new BigUint64Array(buf);
    this.i32 = new Int32Array(buf);
  }

  /** Makes sure bytes [0, end) are addressable; views are refreshed after growth. */
  ensure(end: number): void {
    const have = this.x.memory.buffer.byteLength;
    if (end > have) {
      this.x.memory.grow(Math.ceil((end - have) / 65536));
      this.refresh();
    }
    if (this.u8.buffer !== this.x.memory.buffer) this.refresh();
  }

  /** Writes v (0 ≤ v < R) as plain limbs (no Montgomery conversion). */
  private putLimbs(ptr: number, v: bigint): void {
    for (let i = 0; i < LIMBS; i++) {
      this.u32[(ptr >>> 2) + i] = Number(v & LIMB_MASK);
      v >>= LIMB_SHIFT;
    }
  }

  /** Writes x (0 ≤ x < 2^384) as six 64-bit words at a byte address that is a multiple of 8. */
  writeWords(ptr: number, x: bigint): void {
    put6(this.w64, ptr >>> 3, x);
  }

  readWords(ptr: number): bigint {
    return get6(this.w64, ptr >>> 3);
  }

  /** Stores x (a canonical element, 0 ≤ x < p) in Montgomery form at ptr. */
  put(ptr: number, x: bigint): void {
    this.writeWords(IO_WORDS, x);
    this.x.fromWords(ptr, IO_WORDS);
    this.x.toMont(ptr, ptr);
  }

  /** Reads the Montgomery element at ptr as a canonical bigint. */
  get(ptr: number): bigint {
    this.x.fromMont(IO_CONVERT, ptr);
    this.x.toWords(IO_WORDS, IO_CONVERT);
    return this.readWords(IO_WORDS);
  }

  get bytes(): Uint8Array {
    return this.u8;
  }
  get int32(): Int32Array {
    return this.i32;
  }
  get uint32(): Uint32Array {
    return this.u32;
  }
  get words(): BigUint64Array {
    return this.w64;
  }

  // --- element-wise operations on bigints (for properties and micro-benchmarks; each call
  // converts in and out, so they are slow: the MSM kernels never use them) ---

  private binop(op: (o: number, a: number, b: number) => void, a: bigint, b: bigint): bigint {
    const A = IO,
      B = IO + IO_SLOT;
    this.put(A, a);
    this.put(B, b);
    op(A, A, B);
    return this.get(A);
  }
  mul(a: bigint, b: bigint): bigint {
    return this.binop(this.x.fmul, a, b);
  }
  add(a: bigint, b: bigint): bigint {
    return this.binop(this.x.fadd, a, b);
  }
  sub(a: bigint, b: bigint): bigint {
    return this.binop(this.x.fsub, a, b);
  }
  sqr(a: bigint): bigint {
    this.put(IO, a);
    this.x.fsqr(IO, IO);
    return this.get(IO);
  }
  neg(a: bigint): bigint {
    this.put(IO, a);
    this.x.fneg(IO, IO);
    return this.get(IO);
  }
  /** a^−1; throws a RangeError on zero (like the BigInt field). */
  inv(a: bigint): bigint {
    this.put(IO, a);
    if (this.x.isZero(IO)) throw new RangeError('WasmField.inv: cannot invert zero');
    this.x.finv(IO, IO);
    return this.get(IO);
  }
  /** Inverts every element with one inversion in wasm; zeros stay zero. */
  batchInv(values: readonly bigint[]): bigint[] {
    const n = values.length;
    const base = this.DATA;
    this.ensure(base + 2 * n * ELEMENT_BYTES + 64);
    for (let i = 0; i < n; i++) this.put(base + i * ELEMENT_BYTES, values[i]);
    this.x.batchInv(1, base, n, base + n * ELEMENT_BYTES);
    const out = new Array<bigint>(n);
    for (let i = 0; i < n; i++) out[i] = this.get(base + i * ELEMENT_BYTES);
    return out;
  }
  /** The Montgomery form of x, as an integer (x·R mod p): for boundary properties. */
  montOf(x: bigint): bigint {
    this.put(IO, x);
    let v = 0n;
    for (let i = LIMBS - 1; i >= 0; i--) v = (v << LIMB_SHIFT) | BigInt(this.u32[(IO >>> 2) + i]);
    return v;
  }
  /** Field multiplications done by this instance so far (squarings included). */
  mulCount(): number {
    return this.x.mulCount();
  }
}

const instances = new Map<string, WasmField>();

/** The instance for modulus p in a build (default: the detected one), created on first use, then reused. */
export function wasmField(p: bigint, build: WasmBuild = buildFor(undefined)): WasmField {
  const key = `${build}:${p}`;
  let f = instances.get(key);
  if (f === undefined) {
    f = new WasmField(p, build);
    instances.set(key, f);
  }
  return f;
}
