/**
 * The wasm Fp multiplication split into its two parts by timing (the speed suite's "Also
 * measured"): the limb products (SIMD column sums) and the Montgomery reduction.
 *
 * The library's module has no product-only entry, so this builds a measuring module next to it
 * (never used by the library): the generated field kernels (src/optimized/wasm/assembly/
 * generated/field.ts, the same text the library's module is compiled from) plus `fprod`, the
 * first part of `fmul`'s body verbatim (loads, extmul column sums) ending in a store of all the
 * column values xor-ed (so none is dead code), and two chains of dependent calls, `fmul` and
 * `fprod`, compiled by AssemblyScript with the library's flags (ASC_FLAGS) into a temporary
 * directory. products = ns per fprod in a chain; reduction = ns per fmul − products (same
 * module, same run, alternating rounds).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { G1 } from '../../src/index.js';
import { ASC_FLAGS, montInv30 } from '../../src/optimized/wasm/backend.js';
import { median } from '../format.js';
import { toolEnv } from '../tool-env.js';

export interface MulSplit {
  /** ns per fmul in a chain (this measuring module). */
  mulNs: number;
  /** ns per fprod (limb products only) in a chain. */
  productNs: number;
  /** mulNs − productNs */
  reductionNs: number;
}

const FIELD = path.join('src', 'optimized', 'wasm', 'assembly', 'generated', 'field.ts');

/** The repository root holding the generated kernels (walks up from this file), or undefined. */
function findRoot(): string | undefined {
  let d = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(d, FIELD))) return d;
    d = path.dirname(d);
  }
  return undefined;
}

/** fmul's product part as a function `fprod`, from the generated kernels' text. */
export function productOnlySource(field: string): string {
  const start = field.indexOf('export function fmul(out: usize, a: usize, b: usize): void {\n');
  if (start < 0) throw new Error('fmul not found in the generated kernels');
  const bodyStart = field.indexOf('\n', start) + 1;
  const cut = field.indexOf('  let c1: u64 = 0;', bodyStart);
  const next = field.indexOf('\nexport function', bodyStart);
  if (cut < 0 || (next >= 0 && cut > next)) throw new Error("fmul's reduction start (let c1) not found");
  const products = field.slice(bodyStart, cut);
  const cols = [...products.matchAll(/const (t[EO]\d+): u64/g)].map((m) => m[1]);
  if (cols.length === 0) throw new Error("no column sums found in fmul's product part");
  // the cut may fall inside a block (the SIMD branch of a module built for both): close it after the store
  const open = (products.match(/\{/g) ?? []).length - (products.match(/\}/g) ?? []).length;
  return `export function fprod(out: usize, a: usize, b: usize): void {\n${products}  store<u64>(out, ${cols.join(' ^ ')});\n${'  }\n'.repeat(open)}}\n`;
}

/** Measures the split (medians of `rounds` alternating rounds of `count`-long chains); a string reason when it cannot. */
export function measureMulSplit(rounds: number, count = 1_000_000): MulSplit | string {
  const root = findRoot();
  if (root === undefined) return `the generated kernels (${FIELD}) are not in this install`;
  let asc: string;
  try {
    asc = path.join(path.dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
  } catch (e) {
    return `assemblyscript not available: ${(e as Error).message.split('\n')[0]}`;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-mulsplit-'));
  try {
    const field = readFileSync(path.join(root, FIELD), 'utf8');
    const src =
      field +
      '\n' +
      productOnlySource(field) +
      'export function mulChainM(a: usize, b: usize, count: i32): void {\n  for (let i = 0; i < count; i++) fmul(a, a, b);\n}\n' +
      'export function prodChain(a: usize, b: usize, count: i32): void {\n  for (let i = 0; i < count; i++) fprod(a, a, b);\n}\n';
    const file = path.join(dir, 'split.ts');
    const out = path.join(dir, 'split.wasm');
    writeFileSync(file, src);
    try {
      execFileSync(process.execPath, [asc, file, '-o', out, ...ASC_FLAGS], { stdio: 'pipe', cwd: dir, env: toolEnv() });
    } catch (e) {
      const err = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3).join(' ') ?? String(e);
      return `asc failed on the measuring module: ${err}`;
    }
    const WA = (globalThis as any).WebAssembly;
    const inst = new WA.Instance(new WA.Module(readFileSync(out)), {});
    const x = inst.exports as {
      memory: { buffer: ArrayBuffer };
      loadModulus(ptr: number, pinv: number): void;
      mulChainM(a: number, b: number, n: number): void;
      prodChain(a: number, b: number, n: number): void;
    };
    const p = G1.Fp.ORDER;
    const u32 = new Uint32Array(x.memory.buffer);
    const put = (ptr: number, v: bigint) => {
      for (let i = 0; i < 13; i++, v >>= 30n) u32[(ptr >>> 2) + i] = Number(v & 0x3fffffffn);
    };
    const MOD = 65536,
      A = MOD + 64,
      B = MOD + 128;
    put(MOD, p);
    x.loadModulus(MOD, montInv30(p));
    const a0 = (p * 3n) / 7n;
    const b0 = (p * 5n) / 11n;
    const time = (f: () => void) => {
      put(A, a0);
      put(B, b0);
      const t0 = performance.now();
      f();
      return ((performance.now() - t0) * 1e6) / count;
    };
    const mul: number[] = [];
    const prod: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const order: [number[], () => void][] = [
        [mul, () => x.mulChainM(A, B, count)],
        [prod, () => x.prodChain(A, B, count)],
      ];
      for (const [s, f] of r % 2 ? order.reverse() : order) s.push(time(f));
    }
    const mulNs = median(mul);
    const productNs = median(prod);
    return { mulNs, productNs, reductionNs: mulNs - productNs };
  } catch (e) {
    return `mul split failed: ${(e as Error).message}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
