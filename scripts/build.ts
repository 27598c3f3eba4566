/**
 * `npm run build`: the package as JavaScript in dist/ — what `npm pack` ships and what the
 * `stepwise-msm` launcher (bin/stepwise-msm.js) runs, with no TypeScript loader at run time.
 *  1. the WebAssembly module of step 12 in its two builds (scripts/build-wasm.ts → build/wasm/msm.wasm
 *     and msm-scalar.wasm, and their base64 copies for the browser, src/optimized/wasm/generated/;
 *     skipped when up to date);
 *  2. tsc -p tsconfig.build.json: src/ and harness/ → dist/src, dist/harness (.js + .d.ts);
 *  3. the plain-JavaScript files tsc does not emit (worker bootstraps, *.mjs), the checks' JSON
 *     fixtures (fixtures/*.json) and the C source of
 *     the blst target (*.c, compiled on first use) copied beside their compiled neighbours — except development shims (*.dev.mjs: they register tsx to run
 *     a .ts worker from the sources, and the package has neither);
 *  4. build/wasm/msm.wasm and msm-scalar.wasm copied to dist/src/optimized/wasm/, next to the
 *     compiled loader, which reads them from there on Node (src/optimized/wasm/load.ts);
 *  5. dist/.stamp written last.
 * Steps 2–5 are skipped when dist/.stamp is newer than every input (files and folders of src/,
 * harness/, bin/, the build scripts, the tsconfigs, package.json and the .wasm); --force rebuilds.
 * The stamp lists those inputs, so the launcher can tell a stale build from a fresh one.
 * --engine-only: dist/src alone, emitted without a second type check and without a stamp (what
 * the time stage of `gate`/`bench --against` builds in a reference revision's worktree).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const started = Date.now();
const step = (s: string) => console.log(`build: ${s} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-wasm.ts')], { stdio: 'inherit', cwd: root });
const WASM_FILES = ['msm.wasm', 'msm-scalar.wasm'];
for (const f of WASM_FILES) if (!existsSync(join(root, 'build', 'wasm', f))) throw new Error(`build: build/wasm/${f} was not produced`);
step('wasm ready');

/** The build's inputs (files and folders, relative to the root). */
const INPUTS = [
  'src',
  'harness',
  'bin',
  'scripts/build.ts',
  'scripts/build-wasm.ts',
  'scripts/gen-wasm-field.ts',
  'scripts/embed-wasm.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'build/wasm/msm.wasm',
  'build/wasm/msm-scalar.wasm',
];
/** Newest modification time of the build's inputs (folders count: a deleted file changes its folder's). */
function newestInput(): number {
  let newest = 0;
  const visit = (p: string) => {
    const st = statSync(p);
    newest = Math.max(newest, st.mtimeMs);
    if (st.isDirectory()) for (const e of readdirSync(p)) if (e !== 'generated') visit(join(p, e));
  };
  for (const p of INPUTS) visit(join(root, p));
  return newest;
}
const engineOnly = process.argv.includes('--engine-only');
const stamp = join(dist, '.stamp');
if (!engineOnly && !process.argv.includes('--force') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput()) {
  step(`dist/ is up to date (built ${readFileSync(stamp, 'utf8').trim().split('\n')[0]}; --force rebuilds)`);
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
if (engineOnly) {
  // src/ only, emit without the type check (isolatedModules: the same JavaScript)
  const cfg = join(root, 'tsconfig.engine-only.tmp.json');
  writeFileSync(cfg, JSON.stringify({ extends: './tsconfig.build.json', compilerOptions: { noCheck: true, declaration: false }, include: ['src'] }));
  try {
    execFileSync(process.execPath, [tsc, '-p', cfg], { stdio: 'inherit', cwd: root });
  } finally {
    rmSync(cfg, { force: true });
  }
} else execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
step('tsc done');

/** Files under dir (recursive), skipping the AssemblyScript sources (compiled into the .wasm). */
function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'assembly') yield* walk(p);
    } else yield p;
  }
}
let copied = 0;
for (const top of engineOnly ? ['src'] : ['src', 'harness'])
  for (const f of walk(join(root, top)))
    if ((f.endsWith('.mjs') && !f.endsWith('.dev.mjs')) || f.endsWith('.c') || (f.endsWith('.json') && f.includes(`${sep}fixtures${sep}`))) {
      const to = join(dist, relative(root, f));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(f, to);
      copied++;
    }
const wasmTo = join(dist, 'src', 'optimized', 'wasm');
mkdirSync(wasmTo, { recursive: true });
for (const f of WASM_FILES) copyFileSync(join(root, 'build', 'wasm', f), join(wasmTo, f));
// first line: when; then the inputs the launcher (bin/stepwise-msm.js) compares it with
if (!engineOnly) writeFileSync(stamp, `${new Date().toISOString()}\n${INPUTS.join('\n')}\n`);
step(`wrote ${relative(root, dist)}/ (${copied} .mjs / .c / fixture file(s) copied, ${WASM_FILES.map((f) => relative(root, join(wasmTo, f))).join(', ')})`);
