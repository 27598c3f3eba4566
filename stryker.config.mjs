// Mutation testing of the engine: `npm run mutation` (see docs/mutation.md).
//
// Mutates src/optimized (engine, steps, kernels) and the coordinate field it computes with, and
// runs the fast engine property files (vitest.mutation.config.ts) against each mutant, with
// per-test coverage so a mutant only runs the tests that reach it. Run counts are scaled by
// FC_RUNS and the seed is fixed by the npm script.
//
// Incremental mode: a later run only re-tests mutants whose code or covering tests changed
// (`npm run mutation -- --force` re-tests everything). Stryker's state file is
// reports/mutation/stryker-incremental.json; `npm run mutation` (harness/cli/mutation.ts) unpacks
// the committed, gzipped copy mutation/stryker-incremental.json.gz into it before the run and
// packs it back after (the plain file is tens of MB). Plain `npx stryker run` uses whatever
// state file is in reports/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner', './scripts/stryker-survivor-log.mjs'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [
    'src/optimized/**/*.ts',
    '!src/optimized/wasm/**',
    '!src/optimized/steps/12-*',
    // runs only inside pool worker threads, where no mutant is active (its task handling is
    // runChunkTask in pool-task.ts, which the properties also call in-thread)
    '!src/optimized/pool-worker.ts',
    // re-exports only
    '!src/optimized/index.ts',
    'src/curve/field.ts',
  ],
  coverageAnalysis: 'perTest',
  disableTypeChecks: false,
  // Static mutants (module-level code: constants, the step registry) would each need the whole
  // suite with a fresh module graph; they are reported as 'Ignored' and left out of the score.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 2_000,
  timeoutFactor: 1.5,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress', 'survivor-log'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['coverage', 'reports', 'scratch', 'bench/results', '.git'],
};
