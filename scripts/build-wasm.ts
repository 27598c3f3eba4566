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
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ascFlags } from '../src/optimized/wasm/backend.js';
import { WASM_BUILDS, WASM_FILE_NAMES } from '../src/optimized/wasm/builds.js';
import { EMBEDDED_FILE, writeEmbeddedWasm } from './embed-wasm.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outs = WASM_BUILDS.map((b) => ({ build: b, out: join(root, 'build', 'wasm', WASM_FILE_NAMES[b]) }));
const asmDir = join(root, 'src', 'optimized', 'wasm', 'assembly');
const sources = [
  join(root, 'scripts', 'gen-wasm-field.ts'),
  join(root, 'scripts', 'build-wasm.ts'),
  join(root, 'src', 'optimized', 'wasm', 'builds.ts'),
  join(root, 'src', 'optimized', 'wasm', 'layout.ts'),
  ...readdirSync(asmDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(asmDir, f)),
];
const force = process.argv.includes('--force');

const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
if (!force && outs.every(({ out }) => existsSync(out) && statSync(out).mtimeMs >= newest) && existsSync(join(asmDir, 'generated', 'field.ts'))) {
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
// the browser twin of the loader reads the modules embedded as base64 (scripts/embed-wasm.ts)
if (writeEmbeddedWasm(root)) console.log(`build:wasm: wrote ${join(root, EMBEDDED_FILE)}`);
