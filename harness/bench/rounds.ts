/**
 * The suites' one timing runner: every task once per round, odd rounds in reverse order (so a
 * burst of load on the shared machine hits every task alike), and each task's median over the
 * rounds, in milliseconds. Ratios are taken between tasks of the same call. The bench runner's
 * rounds pool tinybench samples per task instead (timeSamples).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Bench } from 'tinybench';

export { timeOnce, timeRounds, type TimedTask } from './time-rounds.js';

/**
 * Times `fn` with one tinybench Bench and returns its latency samples (ms). The correctness run
 * (checkMs) already warmed slow tasks; fast ones get a tinybench warm-up as well.
 */
export async function timeSamples(name: string, fn: () => unknown, time: number, iterations: number, checkMs: number): Promise<number[]> {
  const fast = checkMs < time / 10;
  const bench = new Bench({
    name,
    time,
    iterations,
    throws: true,
    retainSamples: true,
    warmup: fast,
    warmupTime: Math.max(1, Math.floor(time / 4)),
    warmupIterations: 4,
  });
  bench.add(name, fn);
  await bench.run();
  const res = bench.tasks[0].result;
  if (res.state !== 'completed') throw new Error(`tinybench task ${name} ended in state ${res.state}`);
  return res.latency.samples ? [...res.latency.samples] : [res.latency.p50];
}

/** The installed tinybench version (reports name it). */
export function tinybenchVersion(): string {
  try {
    const main = createRequire(import.meta.url).resolve('tinybench');
    const pkg = path.join(path.dirname(main), '..', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
