/**
 * `stepwise-msm fuzz`: a long randomized campaign of engine-vs-reference (toy) or
 * engine-vs-oracle (G1, G2) cases, one worker thread per core, sharded as worker-pool.ts says.
 */
import os from 'node:os';
import path from 'node:path';
import { caseSeed, replayArgs, type FailureReport, type PropertySpec } from './cases.js';
import { corpusReplayCommand, writeCorpus, writeJsonFile } from './corpus-io.js';
import type { ImplRef } from './impl.js';
import { EXIT } from './errors.js';
import { fmtPct, mdInline, shellQuote } from '../format.js';
import { planCampaign, runWorkerPool, type CampaignSize, type WorkerShare } from './worker-pool.js';
import type { WorkerFigures, WorkerInput, WorkerMessage } from './fuzz-worker.js';

/** The campaign's property (see PropertySpec), its size, and where its results go. */
export interface FuzzOptions extends CampaignSize, PropertySpec {
  corpus: string;
  json: string | null;
  /** Record the case indices run (in the --json file). */
  recordIndices: boolean;
  /** The MSM under test as a module each worker loads (--impl), or null for the engine. */
  impl: ImplRef | null;
  /** A case that has not returned after this long (ms) is a hang, a failure (default HANG_MS). */
  hangMs?: number;
}

/** A case that has not returned after a minute is a hang (an MSM in an endless loop passed a --time campaign). */
export const HANG_MS = 60_000;

/** A case that did not return: its index, its seed (fast-check path 0 re-runs it), how long it ran, the command that re-runs it. */
export interface Hang {
  index: number;
  seed: number;
  ms: number;
  replay: string;
}

export interface FuzzResult {
  code: number;
  cases: number;
  failures: FailureReport[];
  hangs: Hang[];
  elapsedMs: number;
  casesPerMinute: number;
  /** Mean MSM size of the cases run. */
  meanN: number;
  /** Share of the workers' time inside the MSM under test (msm cases; null for reach cases). */
  implShare: number | null;
  indices: number[] | null;
}

/**
 * Appends `more` to `into` without spreading it into call arguments: a campaign's worker can
 * report hundreds of thousands of case indices, past the engine's argument limit
 * (`push(...more)` threw "Maximum call stack size exceeded" at the end of a 500 000-case shard).
 */
export function appendAll<T>(into: T[], more: readonly T[]): T[] {
  for (const x of more) into.push(x);
  return into;
}

export function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** What the workers reported: cases done, their n sum and time split per worker, the failures, the indices run. */
interface EngineCampaign {
  cases: number;
  nSum: number;
  implMs: number;
  loopMs: number;
  failures: FailureReport[];
  hangs: Hang[];
  indices: number[];
  interrupted: boolean;
  elapsedMs: number;
}

const gatesTextOf = (o: FuzzOptions) => (o.gates.kind === 'random' ? 'random over the gate space' : o.gates.label);

/** Runs the campaign: workers → the corpus → the summary (stdout) and --json. */
export async function runFuzz(o: FuzzOptions, out: (s: string) => void, err: (s: string) => void): Promise<FuzzResult> {
  const c = await runCampaign(o, err);
  const { cases, failures, elapsedMs, indices } = c;
  for (const f of failures) writeCorpus(o.corpus, f);
  indices.sort((a, b) => a - b);
  const cpm = cases / Math.max(elapsedMs / 60000, 1e-9);
  const meanN = cases ? c.nSum / cases : 0;
  const implShare = o.cases !== 'reach' && c.loopMs > 0 ? c.implMs / c.loopMs : null;
  out(summaryLines(o, c, { cpm, meanN, implShare }).join('\n') + '\n');
  const result: FuzzResult = {
    code: failures.length || c.hangs.length ? EXIT.CORRECTNESS : c.interrupted ? EXIT.INTERRUPTED : cases === 0 ? EXIT.USAGE : EXIT.PASS,
    cases,
    failures,
    hangs: c.hangs,
    elapsedMs,
    casesPerMinute: cpm,
    meanN,
    implShare,
    indices: o.recordIndices ? indices : null,
  };
  if (o.json) writeJsonFile(o.json, { ...result, options: { ...o, impl: o.impl?.spec ?? null, gates: o.gates.kind === 'random' ? 'random' : o.gates.gates } });
  return result;
}

/** The worker threads over the shard, with a progress line; the first failure stops them all. */
async function runCampaign(o: FuzzOptions, err: (s: string) => void): Promise<EngineCampaign> {
  // the property every worker checks
  const { curve, minN, maxN, maxWindow, gates, check, reachExclude } = o;
  const spec: PropertySpec = { curve, minN, maxN, maxWindow, gates, check, cases: o.cases ?? 'msm', reachExclude };
  if (spec.cases === 'reach') (await import('./reach-cases.js')).reachArbOf(spec); // a usage error here, not in every worker
  const plan = planCampaign(o);
  const { shardCases, workers } = plan;
  err(
    `fuzz: curve ${o.curve}, gates ${gatesTextOf(o)}, ${o.cases === 'reach' ? `reach cases (n ≤ ${o.maxN}, explicit windows ≤ ${o.maxWindow}${o.curve === 'g1' ? ', larger ones at n ≤ 3' : ''}${o.reachExclude ? `; targets matching /${o.reachExclude}/ left out` : ''})` : `n ${o.minN}..${o.maxN}`}, check ${o.check}, ` +
      `${o.runs !== null ? `${shardCases} of ${o.runs} cases` : `${o.timeSec} s`}, seed ${o.seed}, shard ${o.shard.index}/${o.shard.count}, ${workers} worker(s)${o.impl ? `, MSM under test ${o.impl.spec}` : ''}\n`
  );
  // each worker's last figures (every message carries them)
  const last = Array.from({ length: workers }, (_, worker): WorkerFigures => ({ worker, done: 0, nSum: 0, implMs: 0, loopMs: 0 }));
  const sum = (k: Exclude<keyof WorkerFigures, 'worker'>) => last.reduce((a, x) => a + x[k], 0);
  const failures: FailureReport[] = [];
  const hangs: Hang[] = [];
  const indices: number[] = [];
  const { interrupted, elapsedMs } = await runWorkerPool<WorkerMessage>({
    campaign: plan,
    module: 'fuzz-worker',
    input: (): Omit<WorkerInput, keyof WorkerShare> => ({ spec, recordIndices: o.recordIndices, impl: o.impl }),
    onMessage: (_w, m, pool) => {
      last[m.worker] = m;
      if (m.type === 'failure') {
        failures.push(m.report);
        pool.log(`FAILURE at case ${m.index} (n = ${m.report.n} after shrinking, gates ${m.report.gates}): ${m.report.detail}`);
        pool.stopAll();
        return false;
      }
      if (m.type === 'done') {
        if (m.indices) appendAll(indices, m.indices);
        return true;
      }
      return false;
    },
    terminateOnDone: true,
    // a case still running a few seconds after --time is given up to the hang limit
    graceMs: 5000,
    hang: {
      ms: o.hangMs ?? HANG_MS,
      found: (_w, index, ms, pool) => {
        const seed = caseSeed(o.seed, index);
        const replay = `npx stepwise-msm ${replayArgs({ spec, seed, path: '0' }, o.impl?.spec ?? null)
          .map(shellQuote)
          .join(' ')}`;
        hangs.push({ index, seed, ms, replay });
        pool.log(`FAILURE at case ${index}: no answer after ${(ms / 1000).toFixed(1)} s (a hang)`);
        pool.stopAll();
      },
    },
    perMinute: false,
    count: () => ({ done: sum('done'), failures: failures.length }),
    err,
  });
  return { cases: sum('done'), nSum: sum('nSum'), implMs: sum('implMs'), loopMs: sum('loopMs'), failures, hangs, indices, interrupted, elapsedMs };
}

/** The summary: verdict, the campaign's table, the share of time in the MSM under test, each counterexample. */
/** The summary's verdict; a campaign in which no case finished checked nothing, and says so (exit 3). */
function verdictOf(c: EngineCampaign): string {
  if (c.failures.length || c.hangs.length) return '❌ FAILED';
  if (c.interrupted) return '⏹ interrupted (Ctrl-C): partial result, no failure so far';
  return c.cases === 0 ? '⚠️ nothing checked: no case finished within --time (exit 3: raise --time)' : '✅ passed';
}

function summaryLines(o: FuzzOptions, c: EngineCampaign, fig: { cpm: number; meanN: number; implShare: number | null }): string[] {
  const { cases, failures } = c;
  const L = [
    `## stepwise-msm fuzz: ${verdictOf(c)}`,
    '',
    `| curve | gates | cases from | n | mean n | check | cases | elapsed | cases/min | seed | shard |`,
    `|---|---|---|---|---:|---|---:|---:|---:|---:|---|`,
    `| ${o.curve} | ${gatesTextOf(o)} | ${o.cases === 'reach' ? 'reach' : 'msm'} | ${o.cases === 'reach' ? `≤ ${o.maxN}` : `${o.minN}..${o.maxN}`} | ${fig.meanN.toFixed(1)} | ${o.check} | ${cases} | ${(c.elapsedMs / 1000).toFixed(1)} s | ${fig.cpm.toFixed(0)} | ${o.seed} | ${o.shard.index}/${o.shard.count} |`,
  ];
  if (fig.implShare !== null)
    L.push(
      '',
      `Time of the workers: ${fmtPct(100 * fig.implShare, 0)} inside the ${o.impl ? `--impl module's` : "engine's"} msm calls, the rest in the harness (drawing cases and their points, the reference / oracle answer, comparing).`
    );
  for (const h of c.hangs)
    L.push(
      '',
      `**Hang**: case ${h.index} (seed ${h.seed}) gave no answer after ${(h.ms / 1000).toFixed(1)} s: the MSM under test loops, or is far too slow for this size. No corpus file (the case never finished).`,
      '',
      `- re-run it: \`${h.replay}\``
    );
  for (const f of failures) {
    const corpusPath = path.relative(process.cwd(), f.corpusPath!);
    L.push(
      '',
      `**Counterexample** (shrunk in ${f.numShrinks} steps): gates \`${f.gates}\`, smallest failing size n = ${f.n}, window ${f.window ?? 'auto'}, seed ${f.seed}, path \`${f.path}\``,
      '',
      `- ${mdInline(f.detail)}`,
      `- corpus file: \`${corpusPath || f.corpusPath}\``,
      `- replay: \`${f.replay}\``,
      `- or: \`${corpusReplayCommand(f, corpusPath)}\``
    );
  }
  return L;
}
