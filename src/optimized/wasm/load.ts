/**
 * Where the WebAssembly module of step 12 (wasmField) comes from on Node: a .wasm file built ahead
 * of time, read on first use. The browser twin, load.browser.ts, holds the same modules embedded
 * (package.json's "browser" map swaps it in for bundlers): no file system there.
 *
 * Files looked for, in order: next to this module (the compiled package, where `npm run build`
 * copies them), then build/wasm/ (running from the sources: `npm run build:wasm`). Neither found:
 * an Error naming the places and the build command; the module is never compiled at call time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WASM_FILE_NAMES, type WasmBuild } from './builds.js';

/** The places looked at for a build's module, in order. */
export function wasmFiles(build: WasmBuild = 'simd'): readonly string[] {
  const name = WASM_FILE_NAMES[build];
  return Object.freeze([fileURLToPath(new URL(`./${name}`, import.meta.url)), fileURLToPath(new URL(`../../../build/wasm/${name}`, import.meta.url))]);
}

/** The places looked at for the SIMD build (the default one). */
export const WASM_FILES: readonly string[] = wasmFiles('simd');

/** The first of `files` that exists, or undefined. */
export function findWasmFile(files: readonly string[] = WASM_FILES): string | undefined {
  return files.find((f) => existsSync(f));
}

/** The bytes of the first existing of `files`; an Error naming the places looked at and the build command when none exists. */
export function readWasmFile(files: readonly string[]): Uint8Array {
  const file = findWasmFile(files);
  if (file === undefined) {
    const name = files[0]?.split(/[\\/]/).pop() ?? 'msm.wasm';
    throw new Error(
      `wasmField: the WebAssembly module ${name} is missing (looked for ${files.join(', ')}); ` +
        'build it ahead of time with `npm run build` (package) or `npm run build:wasm` (sources) — it is never compiled at call time'
    );
  }
  return readFileSync(file);
}

/** The bytes of a build's module (throws when it is not built). */
export function wasmBytes(build: WasmBuild): Uint8Array {
  return readWasmFile(wasmFiles(build));
}

/** Whether a build's module is present (false before `npm run build:wasm` / `npm run build`). */
export function wasmPresent(build: WasmBuild): boolean {
  return findWasmFile(wasmFiles(build)) !== undefined;
}
