import { defineConfig } from 'vitest/config';

// Test files and sources are loaded by Node itself through tsx (not by Vite's module runner),
// so that c8 reads V8 coverage of the real modules, with tsx's source maps back to the .ts files.
export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts', 'vectors/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    execArgv: ['--import', 'tsx'],
    experimental: { viteModuleRunner: false, nodeLoader: false },
    setupFiles: ['properties/setup.ts'],
  },
});
