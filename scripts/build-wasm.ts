/**
 * Builds the WebAssembly backend of step 12 (wasmField): generates the unrolled field kernels
 * (scripts/gen-wasm-field.ts) and compiles src/optimized/wasm/assembly/index.ts with
 * AssemblyScript into its two builds (src/optimized/wasm/builds.ts): build/wasm/msm.wasm (SIMD)
 * and build/wasm/msm-scalar.wasm (no SIMD instruction), then embeds both for the browser loader
 * (scripts/embed-wasm.ts). Skips the compile when both .wasm files are newer than
 * every source (pass --force to rebuild). Run by `npm run build:wasm`, which `prepare`
 * (npm ci), `test`, `gate` and `bench` run first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ascFlags } from '../src/optimized/wasm/backend.js';
import { EMBEDDED_FILE, writeEmbeddedWasm } from './embed-wasm.js';
import { wasmOutputs, wasmStaleness } from './wasm-freshness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outs = wasmOutputs(root);
const asmDir = join(root, 'src', 'optimized', 'wasm', 'assembly');
const force = process.argv.includes('--force');

if (!force && wasmStaleness(root) === undefined && existsSync(join(asmDir, 'generated', 'field.ts'))) {
  console.log(`build:wasm: ${outs.map((o) => o.out).join(', ')} up to date`);
} else {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'gen-wasm-field.ts')], { stdio: 'inherit', cwd: root });
  const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
  for (const { build, out } of outs) {
    mkdirSync(dirname(out), { recursive: true });
    execFileSync(process.execPath, [asc, join(asmDir, 'index.ts'), '-o', out, ...ascFlags(build)], { stdio: 'inherit', cwd: root });
    console.log(`build:wasm: wrote ${out} (${build})`);
  }
}
if (writeEmbeddedWasm(root)) console.log(`build:wasm: wrote ${join(root, EMBEDDED_FILE)}`);
