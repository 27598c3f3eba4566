/**
 * The browser twins of the Node-only modules (src/**\/*.browser.ts), checked on Node, where both
 * twins run: each is mapped by package.json's "browser" field (what bundlers swap in), exports the
 * same names as its Node twin (the thread host's twin is tried in a real browser by the browser
 * test), and gives the same data — the embedded WebAssembly modules are the
 * built files byte for byte, the package trusted setup imported as a module is the one read from
 * disk. The SIMD probe validates exactly where SIMD does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nodeSetup from '../../src/kzg/setup-source.js';
import * as browserSetup from '../../src/kzg/setup-source.browser.js';
import { buildFor, SIMD_PROBE, simdSupported, WASM_BUILDS, WASM_FILE_NAMES } from '../../src/optimized/wasm/builds.js';
import * as nodeThreads from '../../src/optimized/platform/threads.js';
import * as browserThreads from '../../src/optimized/threads.browser.js';
import * as nodeLoad from '../../src/optimized/wasm/load.js';
import * as browserLoad from '../../src/optimized/wasm/load.browser.js';

/** The runtime's WebAssembly.validate (lib ES2022 has no WebAssembly types). */
const validate = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate;

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { browser?: Record<string, string> };

function twins(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'assembly' && e.name !== 'generated') out.push(...twins(p));
    } else if (e.name.endsWith('.browser.ts')) out.push(path.relative(ROOT, p).split(path.sep).join('/'));
  }
  return out.sort();
}

describe('browser twins', () => {
  it('package.json\'s "browser" map pairs every src/**/*.browser.ts with a Node module of src/, both present', () => {
    const files = twins(path.join(ROOT, 'src'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const map = PKG.browser ?? {};
    const dist = (f: string) => `./dist/${f.replace(/\.ts$/, '.js')}`;
    const src = (d: string) => d.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
    expect(Object.values(map).sort()).toEqual(files.map(dist).sort());
    for (const [node, browser] of Object.entries(map)) {
      expect(node, 'a Node module of the compiled library').toMatch(/^\.\/dist\/src\/.+\.js$/);
      expect(existsSync(path.join(ROOT, src(node))), `${src(node)} (twin of ${src(browser)})`).toBe(true);
      expect(existsSync(path.join(ROOT, src(browser))), src(browser)).toBe(true);
    }
  });

  it('each twin exports the same names as its Node twin', () => {
    expect(Object.keys(browserLoad).sort()).toEqual(expect.arrayContaining(['wasmBytes', 'wasmPresent']));
    for (const k of Object.keys(browserLoad)) expect(nodeLoad, `load.ts lacks ${k}`).toHaveProperty(k);
    expect(Object.keys(browserSetup).sort()).toEqual(Object.keys(nodeSetup).sort());
    expect(Object.keys(browserThreads).sort()).toEqual(Object.keys(nodeThreads).sort());
  });

  it('the Web Worker host outside a browser: no worker channel, a clear error instead of a worker, one thread', () => {
    expect(browserThreads.parentChannel()).toBeUndefined();
    expect(browserThreads.hardwareConcurrency()).toBeGreaterThanOrEqual(1);
    expect(browserThreads.poolWorkerUrl().href).toMatch(/\/pool-worker\.js$/);
    expect(() => browserThreads.exitWorker(7)).toThrow('worker exit requested (code 7)');
  });

  it('the pool worker is started in the one form bundlers turn into a worker chunk: the global Worker, one new URL(…, import.meta.url)', () => {
    const code = readFileSync(path.join(ROOT, 'src', 'optimized', 'threads.browser.ts'), 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\/?\*)/.test(l))
      .join('\n');
    // webpack bundles only `new Worker(new URL('…', import.meta.url))` with the global name; any other
    // `new URL(…, import.meta.url)` is copied unbundled as an asset, or (not a literal) read as a module request
    expect(code.match(/new URL\([^()]*,\s*import\.meta\.url\s*\)/g)).toEqual(["new URL('./pool-worker.js', import.meta.url)"]);
    expect(code).toMatch(/new Worker\(new URL\('\.\/pool-worker\.js', import\.meta\.url\), \{ type: 'module' \}\)/);
    expect(code.match(/\b(const|let|var|function|class|import)\s+\{?\s*Worker\b/g) ?? []).toEqual(['const Worker']);
    expect(code).toMatch(/^declare const Worker:/m);
  });

  it('the embedded modules are the built .wasm files, byte for byte (every build that is built)', () => {
    let checked = 0;
    for (const b of WASM_BUILDS) {
      const file = path.join(ROOT, 'build', 'wasm', WASM_FILE_NAMES[b]);
      expect(browserLoad.wasmPresent(b), b).toBe(existsSync(file));
      if (!existsSync(file)) continue;
      expect(Buffer.from(browserLoad.wasmBytes(b)).equals(readFileSync(file)), b).toBe(true);
      expect(Buffer.from(nodeLoad.wasmBytes(b)).equals(readFileSync(file)), b).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(1);
  });

  it('the package trusted setup imported as a module equals the one read from disk', () => {
    const a = nodeSetup.packageSections();
    const b = browserSetup.packageSections();
    expect([a.g1.length, a.g2.length, a.g1_mon.length, a.fk20.length]).toEqual([4096, 65, 4096, 8192]);
    expect(b).toEqual(a);
  });

  it('without a file system, loadTrustedSetupFile says how to pass the text instead', () => {
    expect(() => browserSetup.readSetupFile('/x/trusted_setup.txt')).toThrow(/parseTrustedSetupTxt\(text\)/);
  });

  it('SIMD detection: the probe is a valid SIMD module here; a runtime that rejects it gets the scalar build', () => {
    expect(validate(SIMD_PROBE)).toBe(true);
    expect(simdSupported()).toBe(true);
    expect(simdSupported(() => false)).toBe(false);
    expect(
      simdSupported(() => {
        throw new Error('no WebAssembly');
      })
    ).toBe(false);
    // the probe's one instruction is SIMD (prefix 0xfd): without it, the module is a plain one
    const plain = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 6, 1, 4, 0, 65, 0, 11]);
    expect(validate(plain)).toBe(true);
    expect(simdSupported((b) => validate(b) && !b.includes(0xfd))).toBe(false);
    expect(buildFor(undefined, 'scalar')).toBe('scalar');
    expect(buildFor('scalar', 'simd')).toBe('scalar');
    expect(buildFor(undefined, 'simd')).toBe('simd');
  });
});
