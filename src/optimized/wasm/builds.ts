/**
 * The two builds of the WebAssembly backend (step 12, wasmField), both shipped: 'simd' (the field
 * multiplication's limb products by WebAssembly SIMD) and 'scalar' (the same kernels without a
 * single SIMD instruction, for runtimes without WebAssembly SIMD). The build is chosen by feature
 * detection — `WebAssembly.validate` of a tiny module with one SIMD instruction — unless a call
 * forces one (options.tuning.wasmBuild); msmInspect's trace names the build that ran
 * (trace.wasmBuild).
 */

export type WasmBuild = 'simd' | 'scalar';

export const WASM_BUILDS: readonly WasmBuild[] = Object.freeze(['simd', 'scalar'] as const);

/** The module file of each build (next to the compiled backend, or in build/wasm/). */
export const WASM_FILE_NAMES: Readonly<Record<WasmBuild, string>> = Object.freeze({ simd: 'msm.wasm', scalar: 'msm-scalar.wasm' });

/** (module (func (result v128) (i8x16.splat (i32.const 0)))): valid exactly where WebAssembly SIMD is. */
export const SIMD_PROBE: Uint8Array = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);

type Validate = (bytes: Uint8Array) => boolean;

const WA = (globalThis as unknown as { WebAssembly?: { validate?: Validate } }).WebAssembly;

/** Whether the runtime validates a SIMD instruction (`validate`: the runtime's WebAssembly.validate). */
export function simdSupported(validate: Validate | undefined = WA?.validate?.bind(WA)): boolean {
  if (validate === undefined) return false;
  try {
    return validate(SIMD_PROBE) === true;
  } catch {
    return false;
  }
}

let detected: WasmBuild | undefined;

/** The build this runtime uses by default: 'simd' where WebAssembly SIMD validates, else 'scalar' (detected once). */
export function defaultBuild(): WasmBuild {
  if (detected === undefined) detected = simdSupported() ? 'simd' : 'scalar';
  return detected;
}

/** The build a call runs: the one it forces (options.tuning.wasmBuild), else the detected one. */
export function buildFor(forced: WasmBuild | undefined, detectedBuild: WasmBuild = defaultBuild()): WasmBuild {
  return forced ?? detectedBuild;
}
