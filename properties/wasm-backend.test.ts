/**
 * Where the WebAssembly module of step 12 is loaded from, and what happens when it is missing:
 * the backend reads a module built ahead of time (next to the compiled backend in the package,
 * or build/wasm/ from the sources) and never builds one at call time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASC_FLAGS, ascFlags, compileWasm, WasmField, wasmAvailable } from '../src/optimized/wasm/backend.js';
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

describe('wasm backend: the two builds', () => {
  const scalar = path.join(ROOT, 'build', 'wasm', 'msm-scalar.wasm');
  if (!existsSync(scalar)) console.log(`skipped "the scalar build holds no SIMD instruction": ${scalar} is not built (npm run build:wasm)`);
  it.skipIf(!existsSync(scalar))('the scalar build holds no SIMD instruction: Binaryen validates it with every WebAssembly feature but SIMD', () => {
    // in plain Node (binaryen.js is a 10 MB module: the test runner's TypeScript loader would transform it for a minute)
    const script = [
      "import binaryen from 'binaryen';",
      "import { readFileSync } from 'node:fs';",
      'const m = binaryen.readBinary(readFileSync(process.argv[1]));',
      'm.setFeatures(binaryen.Features.All & ~binaryen.Features.SIMD128);',
      'process.stdout.write(String(m.validate()));',
    ].join('\n');
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script, scalar], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe('1');
  });

  it("the scalar build's asc flags are the SIMD build's without --enable simd", () => {
    expect(ascFlags('simd')).toEqual(ASC_FLAGS);
    expect(ASC_FLAGS.join(' ')).toContain('--enable simd');
    expect(ascFlags('scalar')).toEqual(
      ASC_FLAGS.filter((f, i) => !(f === '--enable' && ASC_FLAGS[i + 1] === 'simd') && !(f === 'simd' && ASC_FLAGS[i - 1] === '--enable'))
    );
    expect(ascFlags('scalar')).not.toContain('simd');
  });
});
