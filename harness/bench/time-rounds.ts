/**
 * The suites' round timing without Node modules (so a browser page times the same way): every
 * task once per round, odd rounds in reverse order (a burst of load on the shared machine hits
 * every task alike), each task's median over the rounds in milliseconds. Ratios are taken between
 * tasks of the same call.
 */
import { median } from '../format.js';

export type TimedTask = readonly [name: string, run: () => unknown];

/** Milliseconds one call of `f` takes (awaited when it returns a promise). */
export async function timeOnce(f: () => unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Median milliseconds of each task over `rounds` alternating-order rounds, keyed by task name (tasks: a list, or an object by name in its order). */
export async function timeRounds(list: readonly TimedTask[] | Readonly<Record<string, () => unknown>>, rounds: number): Promise<Map<string, number>> {
  const tasks: readonly TimedTask[] = Array.isArray(list) ? list : Object.entries(list);
  const samples = new Map<string, number[]>(tasks.map(([k]) => [k, []]));
  for (let i = 0; i < rounds; i++) for (const [k, f] of i % 2 ? [...tasks].reverse() : tasks) samples.get(k)!.push(await timeOnce(f));
  return new Map([...samples].map(([k, v]) => [k, median(v)]));
}
