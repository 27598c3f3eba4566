/**
 * The bench runner's tinybench sampling (its rounds pool tinybench samples per task); the
 * suites' round runner, medians of alternating-order rounds, is time-rounds.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Bench } from 'tinybench';

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
