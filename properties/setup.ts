/**
 * Global fast-check configuration for every property file: a replayable seed, printed once
 * per file. Set FC_SEED to replay a run; FC_RUNS scales the number of runs (default 1).
 *
 * Time limits (fail fast, never hang). vitest's testTimeout cannot fire while a test runs a
 * synchronous loop (the worker's timers wait for the loop), and most properties here are
 * synchronous, CPU-bound and slow per run, so a failing one could shrink for hours. So:
 *  1. a global fast-check plugin ends every property at its test's own time limit (the test's
 *     `timeout`: vitest fails a synchronous test that overran it only once it returns), and ends shrinking FC_SHRINK_MS (default 10 s) after the first
 *     failure: the failure is then reported with the smallest counterexample found so far and
 *     the seed/path to resume shrinking; a property cut at the test's limit before any failure
 *     is reported as a failure too (never as a silent pass with fewer runs);
 *  2. a watchdog thread (it has its own event loop, so a blocked test cannot silence it) prints
 *     the file and the test, then ends the test worker with a non-zero status, when a test runs
 *     twice its own time limit (at least STEPWISE_WATCHDOG_GRACE_MS, default 30 s, past it), or when the whole file runs past
 *     STEPWISE_FILE_TIMEOUT_MS (default 15 min; the longest file takes under 2 min on an idle 2-core
 *     machine, and a test's own limit is the main bound: this one catches hung imports and hooks).
 *     Ending the worker loses the results it had not yet sent to vitest (at worst the tests just
 *     before the hung one); the watchdog's line names the hung test, and the run exits non-zero.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { takeCoverage } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { timeLimitPlugin } from '../harness/time-limits.js';

const envSeed = process.env.FC_SEED;
const seed = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
if (!Number.isInteger(seed)) throw new RangeError(`FC_SEED must be an integer, got ${JSON.stringify(envSeed)}`);
fc.configureGlobal({ seed, verbose: 1 });
(globalThis as { __FC_SEED__?: number }).__FC_SEED__ = seed;
console.log(`[fast-check] seed=${seed} (replay: FC_SEED=${seed} npm test)`);

function msFromEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${JSON.stringify(v)}`);
  return n;
}
const SHRINK_MS = msFromEnv('FC_SHRINK_MS', 10_000);
const FILE_MS = msFromEnv('STEPWISE_FILE_TIMEOUT_MS', 900_000);
const WATCHDOG_GRACE_MS = msFromEnv('STEPWISE_WATCHDOG_GRACE_MS', 30_000);

// ---- 1. fast-check: a property never outlives its test, shrinking is bounded ----

/** End of the running test's time budget (epoch ms), read by the plugin when a property starts. */
let testDeadline = Number.POSITIVE_INFINITY;
let testLimitMs = 0;

fc.installGlobalPlugin(
  timeLimitPlugin({
    shrinkMs: SHRINK_MS,
    deadline: () => testDeadline,
    deadlineLabel: () => `its test's time limit (${testLimitMs} ms)`,
    onShrinkCut: (ms) =>
      console.error(`[fast-check] shrinking stopped ${ms} ms after the first failure (FC_SHRINK_MS); the counterexample below may not be minimal`),
  })
);

// ---- 2. watchdog thread: names the file and the test, and ends the worker ----

// Shared state: [0] test deadline + grace (0 = no test running), [1] file deadline; then the name.
const sab = new SharedArrayBuffer(16 + 4 + 2048);
const deadlines = new Float64Array(sab, 0, 2);
const nameLen = new Int32Array(sab, 16, 1);
const nameBytes = new Uint8Array(sab, 20, 2048);
const fileStart = Date.now();
deadlines[1] = fileStart + FILE_MS;
let fileName = '(test file still loading)';

function publish(name: string, testDeadlineWithGrace: number): void {
  const b = new TextEncoder().encode(name).subarray(0, nameBytes.length);
  nameBytes.set(b);
  Atomics.store(nameLen, 0, b.length);
  deadlines[0] = testDeadlineWithGrace;
}
publish(fileName, 0);

const watchdogSource = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const d = new Float64Array(workerData.sab, 0, 2);
const len = new Int32Array(workerData.sab, 16, 1);
const bytes = new Uint8Array(workerData.sab, 20, 2048);
setInterval(() => {
  const now = Date.now();
  const t = d[0];
  const overTest = t > 0 && now > t;
  const overFile = now > d[1];
  if (!overTest && !overFile) return;
  const name = new TextDecoder().decode(bytes.slice(0, Atomics.load(len, 0)));
  const why = overTest
    ? 'ran past twice its own time limit (at least ' + workerData.grace + ' ms past it)'
    : 'the file ran past its time limit of ' + workerData.fileMs + ' ms (STEPWISE_FILE_TIMEOUT_MS)';
  writeSync(2, '\\n[watchdog] FAIL ' + name + ': ' + why + ' (a synchronous loop blocks vitest\\'s own timeout); ending this test worker (pid ' + process.pid + ') with a failure\\n');
  process.kill(process.pid, 'SIGKILL');
}, 250);
`;
const watchdog = new Worker(watchdogSource, { eval: true, workerData: { sab, grace: WATCHDOG_GRACE_MS, fileMs: FILE_MS } });
watchdog.unref();

// biome-ignore lint/correctness/noEmptyPattern: vitest reads the hook's first parameter as a fixture pattern; the suite is the second
beforeAll(({}, suite) => {
  fileName = suite.file?.name ?? suite.name ?? fileName;
  publish(`${fileName} (collection or beforeAll hooks)`, 0);
});

beforeEach((ctx) => {
  const limit = ctx.task.timeout;
  const now = Date.now();
  testLimitMs = limit;
  testDeadline = limit > 0 ? now + limit : Number.POSITIVE_INFINITY;
  // the watchdog waits twice the test's limit (at least limit + grace): it is for endless loops,
  // while an overrun on a loaded machine is already failed by vitest once the test returns
  publish(ctx.task.fullName, limit > 0 ? now + limit + Math.max(WATCHDOG_GRACE_MS, limit) : 0);
});

afterEach(() => {
  testDeadline = Number.POSITIVE_INFINITY;
  publish(`${fileName} (between tests or afterEach/afterAll hooks)`, 0);
});

// Coverage under c8: vitest's forked workers may end without running Node's exit-time coverage
// dump, so flush V8 coverage to NODE_V8_COVERAGE after every test file.
afterAll(() => {
  if (process.env.NODE_V8_COVERAGE) takeCoverage();
});
