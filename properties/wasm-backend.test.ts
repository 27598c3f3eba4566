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

describe('wasm backend: a runtime that refuses WebAssembly', () => {
  // in a child process: the refusal is global (node --jitless has no WebAssembly; a page whose
  // Content-Security-Policy lacks 'wasm-unsafe-eval' makes WebAssembly.Module throw, simulated here)
  const probe = (refuse: string) =>
    [
      refuse,
      `const { msmInspect, msmAsync, prepare, closeWorkerPool, G1 } = await import(${JSON.stringify(path.join(ROOT, 'src', 'index.ts'))});`,
      `const { createKzg } = await import(${JSON.stringify(path.join(ROOT, 'src', 'kzg', 'index.ts'))});`,
      'const points = Array.from({ length: 64 }, (_, i) => G1.BASE.multiply(BigInt(i + 1)));',
      'const scalars = points.map((_, i) => BigInt(3 * i + 1));',
      'const want = G1.BASE.multiply(scalars.reduce((acc, s, i) => acc + BigInt(i + 1) * s, 0n));',
      'const r = msmInspect(points, scalars);',
      'const onPool = await msmAsync(points, scalars, { threads: 2, gates: { workers: true }, tuning: { minPoints: 2 } });',
      'const blob = new Uint8Array(131072); blob[31] = 5; blob[63] = 7;',
      "const commitment = process.argv.includes('kzg') ? Buffer.from(createKzg().blobToKzgCommitment(blob)).toString('hex') : '';",
      'await closeWorkerPool();',
      'console.log(JSON.stringify({ field: r.trace.field, wasmBuild: r.trace.wasmBuild ?? null, sum: r.result.equals(want), handle: msmInspect(prepare(points), scalars).result.equals(want), onPool: onPool.equals(want), commitment }));',
    ].join('\n');
  const run = (flags: string[], refuse: string, kzg: boolean) => {
    const res = spawnSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', probe(refuse), ...(kzg ? ['kzg'] : [])], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(res.status, res.stderr).toBe(0);
    return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
  };

  it('no WebAssembly at all (node --jitless): msm, handles and the pool fall back to BigInt, and the trace says why', () => {
    expect(run(['--jitless'], '', false)).toEqual({
      field: 'bigint: WebAssembly is not available in this runtime',
      wasmBuild: null,
      sum: true,
      handle: true,
      onPool: true,
      commitment: '',
    });
  }, 120_000);

  it.skipIf(!wasmAvailable())(
    'compilation refused (a Content-Security-Policy): the same fallback, and KZG commits as with WebAssembly',
    async () => {
      const refuse = "WebAssembly.Module = function () { throw new WebAssembly.CompileError('refused by the page'); };";
      const got = run([], refuse, true);
      const { createKzg } = await import('../src/kzg/index.js');
      const blob = new Uint8Array(131072);
      blob[31] = 5;
      blob[63] = 7;
      expect(got).toEqual({
        field: 'bigint: WebAssembly refused to compile (CompileError: refused by the page)',
        wasmBuild: null,
        sum: true,
        handle: true,
        onPool: true,
        commitment: Buffer.from(createKzg().blobToKzgCommitment(blob)).toString('hex'),
      });
    },
    120_000
  );
});
