import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { wasmStaleness } from './scripts/wasm-freshness.js';

// Tests load build/wasm/*.wasm: after an edit in src/optimized/wasm/assembly/ without a rebuild they
// would test the old module, so a stale build stops the run here (`npm test` builds first).
const stale = wasmStaleness(import.meta.dirname);
if (stale !== undefined) throw new Error(`the WebAssembly build is stale: ${stale}. Run \`npm run build:wasm\` (or \`npm run build\`) before the tests.`);

// Test files and sources are loaded by Node itself through tsx (not by Vite's module runner),
// so that c8 reads V8 coverage of the real modules, with tsx's source maps back to the .ts files.
export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts', 'vectors/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // at least two test files at a time, also on a 2-core machine (vitest's default is one fewer
    // than the cores): most files wait on child processes, browsers and worker threads, not on their own CPU
    maxWorkers: Math.max(2, availableParallelism() - 1),
    execArgv: ['--import', 'tsx'],
    experimental: { viteModuleRunner: false, nodeLoader: false },
    setupFiles: ['properties/setup.ts'],
  },
});
