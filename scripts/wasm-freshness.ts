/**
 * Whether build/wasm holds modules compiled from the AssemblyScript sources as they are now:
 * both builds exist and are newer than every source they are made from (mtime). Used by
 * scripts/build-wasm.ts to skip the compile and by the test setup to refuse a stale build
 * (a test run from the sources after an edit in assembly/ would otherwise test the old module).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WASM_BUILDS, WASM_FILE_NAMES } from '../src/optimized/wasm/builds.js';

/** The two built modules, with the build each one is. */
export const wasmOutputs = (root: string) => WASM_BUILDS.map((build) => ({ build, out: join(root, 'build', 'wasm', WASM_FILE_NAMES[build]) }));

/** Every file the built modules are made from. */
export function wasmSources(root: string): string[] {
  const asmDir = join(root, 'src', 'optimized', 'wasm', 'assembly');
  return [
    join(root, 'scripts', 'gen-wasm-field.ts'),
    join(root, 'scripts', 'build-wasm.ts'),
    join(root, 'src', 'optimized', 'wasm', 'builds.ts'),
    join(root, 'src', 'optimized', 'wasm', 'layout.ts'),
    ...readdirSync(asmDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(asmDir, f)),
  ];
}

/** Why build/wasm is not up to date (a missing module, or the newest source newer than a module), or undefined when it is. */
export function wasmStaleness(root: string): string | undefined {
  const sources = wasmSources(root);
  const newest = sources.reduce((a, f) => (statSync(f).mtimeMs > statSync(a).mtimeMs ? f : a));
  for (const { out } of wasmOutputs(root)) {
    if (!existsSync(out)) return `${out} is not built`;
    if (statSync(out).mtimeMs < statSync(newest).mtimeMs) return `${out} is older than ${newest}`;
  }
  return undefined;
}
