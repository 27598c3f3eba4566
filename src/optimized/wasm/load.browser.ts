/**
 * Browser twin of load.ts (package.json's "browser" map swaps it in for bundlers): the modules of
 * both builds are embedded in the library as base64 (generated/embedded.ts, written by
 * `npm run build:wasm` from the .wasm files), so a page needs no file system, no fetch and no
 * bundler plug-in or asset copy. The backend compiles them synchronously on first use: the
 * modules are a few tens of kB, far below Chromium's 8 MB limit for synchronous compilation on
 * the main thread.
 */
import type { WasmBuild } from './builds.js';
import { EMBEDDED_WASM } from './generated/embedded.js';

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const decoded = new Map<WasmBuild, Uint8Array>();

/** The bytes of a build's embedded module (throws when the package was built without it). */
export function wasmBytes(build: WasmBuild): Uint8Array {
  let bytes = decoded.get(build);
  if (bytes === undefined) {
    const b64 = EMBEDDED_WASM[build];
    if (typeof b64 !== 'string' || b64.length === 0)
      throw new Error(`wasmField: the ${build} WebAssembly module is not embedded in this build of the library (npm run build:wasm writes it)`);
    bytes = decodeBase64(b64);
    decoded.set(build, bytes);
  }
  return bytes;
}

/** Whether a build's module is embedded. */
export function wasmPresent(build: WasmBuild): boolean {
  const b64 = EMBEDDED_WASM[build];
  return typeof b64 === 'string' && b64.length > 0;
}
