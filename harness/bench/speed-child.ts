/**
 * One peak-RSS measurement of the speed suite (harness/bench/speed-suite.ts), in its own process
 * so that nothing else the suite did (other sizes, KZG tables, peers) is in the figure.
 *
 *   node [--import tsx] harness/bench/speed-child.ts <n> <plain|prepared|table> <seed>
 *
 * Builds the seeded G1 inputs of size n, then (prepared) `prepare(points)` with its default
 * decision, or (table) `prepare(points, { table: true })`, then one MSM (default gates, one
 * thread), checks it against the discrete-log oracle, and prints one JSON line:
 * { rssInputsKB, maxRssKB, msmMs, prepareMs, tableBytes, ok }.
 */
import { G1, msm, prepare } from '../../src/index.js';
import { benchInputs } from './inputs.js';

const [nArg, mode, seedArg] = process.argv.slice(2);
const n = Number(nArg);
if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`speed-child: n must be a positive integer, got ${nArg}`);
if (mode !== 'plain' && mode !== 'prepared' && mode !== 'table') throw new RangeError(`speed-child: mode must be plain, prepared or table, got ${mode}`);
const inp = benchInputs<any>(G1, n, Number(seedArg));
const rssInputsKB = Math.round(process.memoryUsage().rss / 1024);
const t0 = performance.now();
const h = mode === 'plain' ? undefined : prepare(inp.points, mode === 'table' ? { table: true } : {});
const prepareMs = performance.now() - t0;
const t1 = performance.now();
const r = msm(h ?? inp.points, inp.scalars, { gates: { workers: false } });
const msmMs = performance.now() - t1;
const ok = (r as any).equals(inp.expected);
process.stdout.write(JSON.stringify({ rssInputsKB, maxRssKB: process.resourceUsage().maxRSS, msmMs, prepareMs, tableBytes: h?.tableBytes ?? 0, ok }) + '\n');
