/**
 * Global fast-check configuration for every property file: a replayable seed, printed once
 * per file. Set FC_SEED to replay a run; FC_RUNS scales the number of runs (default 1).
 */
import fc from 'fast-check';

const envSeed = process.env.FC_SEED;
const seed = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
if (!Number.isInteger(seed)) throw new RangeError(`FC_SEED must be an integer, got ${JSON.stringify(envSeed)}`);
fc.configureGlobal({ seed, verbose: 1 });
(globalThis as { __FC_SEED__?: number }).__FC_SEED__ = seed;
console.log(`[fast-check] seed=${seed} (replay: FC_SEED=${seed} npm test)`);

// Coverage under c8: vitest's forked workers may end without running Node's exit-time coverage
// dump, so flush V8 coverage to NODE_V8_COVERAGE after every test file.
import { afterAll } from 'vitest';
import { takeCoverage } from 'node:v8';
afterAll(() => {
  if (process.env.NODE_V8_COVERAGE) takeCoverage();
});
