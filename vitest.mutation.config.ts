import { defineConfig } from 'vitest/config';

// Test selection for mutation testing (`npm run mutation`, stryker.config.mjs): only the fast
// property files that exercise the engine, the field and the curve kernels (oracle, laws and
// corpus repeat the differential contract and are left out: every extra file costs each
// surviving mutant a module reload). Unlike
// vitest.config.ts this uses Vite's default module runner, through which Stryker's vitest runner
// applies mutants and measures per-test coverage. Run counts are scaled down by FC_RUNS (set in
// the npm script) and the seed is fixed (FC_SEED) so a re-run tests mutants the same way.
export default defineConfig({
  test: {
    include: [
      'properties/differential.test.ts',
      'properties/field.test.ts',
      'properties/bad-input.test.ts',
      'properties/steps/*.test.ts',
      'properties/engine.test.ts',
      'properties/kernels.test.ts',
    ],
    // step 12 is not mutated; workers.test.ts is in (its pool code runs in this thread; the
    // workers themselves run the unmutated code, as Stryker activates mutants per thread)
    exclude: ['properties/steps/wasmField.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    setupFiles: ['properties/setup.ts'],
  },
});
