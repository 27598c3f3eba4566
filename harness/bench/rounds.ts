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
import { median } from '../format.js';

export type TimedTask = readonly [name: string, run: () => unknown];

/** Milliseconds one call of `f` takes (awaited when it returns a promise). */
export async function timeOnce(f: () => unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Median milliseconds of each task over `rounds` alternating-order rounds, keyed by task name. */
export async function timeRounds(tasks: readonly TimedTask[], rounds: number): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(tasks.map(([k]) => [k, []]));
  for (let i = 0; i < rounds; i++) for (const [k, f] of i % 2 ? [...tasks].reverse() : tasks) samples.get(k)!.push(await timeOnce(f));
  return new Map([...samples].map(([k, v]) => [k, median(v)]));
}

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
