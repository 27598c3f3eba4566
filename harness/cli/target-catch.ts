/**
 * `fuzz --target <spec> --until-failure --seeds K`: time-to-catch. K campaigns (seeds seed …
 * seed + K − 1), each stopping at its first failure or at --time; for each, when the first
 * failure was seen (time since the campaign started, before shrinking) and how many cases had
 * run by then. The summary gives the median and the worst of both over the seeds (a seed that
 * caught nothing counts as the cap: its time and cases are lower bounds, marked ≥).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT } from './errors.js';
import { median } from '../format.js';
import type { TargetClass } from '../arbitraries/target-case.js';
import type { Group, Target } from '../targets/target.js';
import { runTargetFuzz, type TargetFuzzOptions } from './target-fuzz.js';
import { campaignCase, type CampaignCases } from './target-fuzz-worker.js';

/**
 * In this process, without workers: the index of a campaign's first failing case (the campaign
 * of one worker: cases 0, 1, 2, … with their own seeds and groups, as fuzz --target runs them),
 * or null when none of the first `maxCases` fails. Counts do not jitter with the machine's load:
 * the regression test of time-to-catch bounds this number.
 */
export async function firstFailingCase(
  target: Target,
  o: CampaignCases & { maxCases: number; classes?: readonly TargetClass[] }
): Promise<{ index: number; kind: string; klass: string; group: Group } | null> {
  const { fuzzTarget } = await import('../targets/check.js');
  for (let index = 0; index < o.maxCases; index++) {
    const c = campaignCase(o, index);
    const r = await fuzzTarget(target, { ...c, shrink: () => false });
    const f = r.failures[0];
    if (f) return { index, kind: f.verdict.kind, klass: f.case.klass, group: c.group };
  }
  return null;
}

export interface CatchRun {
  seed: number;
  caught: boolean;
  /** ms to the first failure (or the campaign's length when none). */
  ms: number;
  /** Cases run by the first failure (or in all when none). */
  cases: number;
  /** The first failing case's index, verdict and class. */
  index: number | null;
  kind: string | null;
  klass: string | null;
}

export interface CatchSummary {
  spec: string;
  runs: CatchRun[];
  caught: number;
  medianMs: number;
  worstMs: number;
  medianCases: number;
  worstCases: number;
}

export interface CatchOptions extends Omit<TargetFuzzOptions, 'untilFailure' | 'json' | 'runs' | 'corpus'> {
  /** Campaigns: seeds seed … seed + seeds − 1. */
  seeds: number;
  /** Where failures are written (default: a temporary folder). */
  corpus?: string;
}

export async function timeToCatch(o: CatchOptions, err: (s: string) => void): Promise<CatchSummary> {
  const corpus = o.corpus ?? mkdtempSync(path.join(os.tmpdir(), 'stepwise-catch-'));
  const runs: CatchRun[] = [];
  for (let k = 0; k < o.seeds; k++) {
    const seed = (o.seed + k) | 0;
    const r = await runTargetFuzz(
      { ...o, seed, untilFailure: true, runs: null, json: null, corpus },
      () => {},
      () => {}
    );
    const f = r.firstFailure;
    const run: CatchRun = f
      ? { seed, caught: true, ms: f.ms, cases: f.cases, index: f.index, kind: f.kind, klass: f.klass }
      : { seed, caught: false, ms: r.elapsedMs, cases: r.cases, index: null, kind: null, klass: null };
    runs.push(run);
    err(
      `[catch] ${o.spec}: seed ${seed}: ${run.caught ? `caught after ${(run.ms / 1000).toFixed(1)} s, ${run.cases} case(s) (${run.kind}, ${run.klass}, case ${run.index})` : `not caught in ${(run.ms / 1000).toFixed(1)} s (${run.cases} cases)`}\n`
    );
  }
  const ms = runs.map((r) => r.ms);
  const cases = runs.map((r) => r.cases);
  return {
    spec: o.spec,
    runs,
    caught: runs.filter((r) => r.caught).length,
    medianMs: median(ms),
    worstMs: Math.max(...ms),
    medianCases: median(cases),
    worstCases: Math.max(...cases),
  };
}

/** The summary as Markdown: one row per seed, then the median and the worst. */
export function catchMarkdown(s: CatchSummary, capSec: number | null): string {
  const ge = s.caught === s.runs.length ? '' : '≥ ';
  return [
    `## stepwise-msm fuzz --target ${s.spec} --until-failure: time to catch over ${s.runs.length} seed(s)`,
    '',
    `Caught in ${s.caught} of ${s.runs.length} campaign(s)${capSec !== null ? ` (each capped at ${capSec} s)` : ''}; to the first failure: median ${ge}${(s.medianMs / 1000).toFixed(1)} s and ${ge}${s.medianCases} case(s), worst ${ge}${(s.worstMs / 1000).toFixed(1)} s and ${ge}${s.worstCases} case(s).`,
    '',
    '| seed | caught | time to first failure | cases run | first failing case |',
    '|---:|---|---:|---:|---|',
    ...s.runs.map(
      (r) =>
        `| ${r.seed} | ${r.caught ? 'yes' : 'no'} | ${r.caught ? '' : '≥ '}${(r.ms / 1000).toFixed(1)} s | ${r.caught ? '' : '≥ '}${r.cases} | ${r.caught ? `${r.index} (${r.kind}, ${r.klass})` : '–'} |`
    ),
    '',
  ].join('\n');
}

/** The command: exit 1 when a campaign caught a failure (as fuzz), 0 when none did. */
export async function timeToCatchCommand(o: CatchOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const s = await timeToCatch(o, err);
  out(catchMarkdown(s, o.timeSec));
  return s.caught > 0 ? EXIT.CORRECTNESS : EXIT.PASS;
}
