/**
 * Where the WebAssembly module of step 12 is loaded from, and what happens when it is missing:
 * the backend reads a module built ahead of time (next to the compiled backend in the package,
 * or build/wasm/ from the sources) and never builds one at call time.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWasm, WasmField, wasmAvailable } from '../src/optimized/wasm/backend.js';
import { findWasmFile, readWasmFile, WASM_FILES } from '../src/optimized/wasm/load.js';

const loadWasmModule = (files: readonly string[]) => compileWasm(readWasmFile(files));

const ROOT = path.resolve(import.meta.dirname, '..');
const BUILT = path.join(ROOT, 'build', 'wasm', 'msm.wasm');

describe('wasm backend: loading the module', () => {
  it('looks next to the backend module first, then in build/wasm/', () => {
    expect(WASM_FILES).toEqual([path.join(ROOT, 'src', 'optimized', 'wasm', 'msm.wasm'), BUILT]);
    expect(wasmAvailable('simd')).toBe(existsSync(BUILT) || existsSync(WASM_FILES[0]!));
  });

  it('a missing module is an Error naming the places looked at and the build command; nothing is built', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wasm-missing-'));
    try {
      const files = [path.join(dir, 'a', 'msm.wasm'), path.join(dir, 'b', 'msm.wasm')];
      expect(findWasmFile(files)).toBeUndefined();
      expect(() => loadWasmModule(files)).toThrowError(
        new Error(
          `wasmField: the WebAssembly module msm.wasm is missing (looked for ${files[0]}, ${files[1]}); ` +
            'build it ahead of time with `npm run build` (package) or `npm run build:wasm` (sources) — it is never compiled at call time'
        )
      );
      expect(files.map((f) => existsSync(f))).toEqual([false, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  if (!existsSync(BUILT)) console.log(`skipped "the first existing file is the one read": ${BUILT} is not built (npm run build:wasm)`);
  it.skipIf(!existsSync(BUILT))('the first existing file is the one read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wasm-order-'));
    try {
      const junk = path.join(dir, 'junk.wasm');
      writeFileSync(junk, 'not a wasm module');
      expect(findWasmFile([path.join(dir, 'none.wasm'), BUILT, junk])).toBe(BUILT);
      expect(findWasmFile([junk, BUILT])).toBe(junk);
      // the junk file comes first: it is the one compiled, and it is not a module
      expect(() => loadWasmModule([junk, BUILT])).toThrow();
      expect(() => loadWasmModule([path.join(dir, 'none.wasm'), BUILT])).not.toThrow();
      expect(new WasmField(1783n).mul(1000n, 1000n)).toBe((1000n * 1000n) % 1783n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
