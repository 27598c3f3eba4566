/**
 * The regression baseline (bench/baseline.json): for each gate set, its median time divided by
 * the all-off ("none") median measured in the same run, and its field multiplications per MSM
 * (counting field; deterministic). Absolute times are recorded for information only and are
 * never compared across runs.
 *
 * `gate` re-measures the same ratios and fails (exit 2) when a ratio worsens by more than the
 * tolerance or a multiplication count grows at all. Sets are matched by key (their on-gates),
 * so a set whose configuration changed (e.g. "all" after a new step landed) has no baseline
 * until `bench --update-baseline` rewrites the file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from './errors.js';

export interface BaselineEntry {
  name: string;
  gates: Record<string, boolean>;
  /** median / none median, same run. */
  ratio: number;
  mulTotal: number | null;
  /** Informational only. */
  medianMs: number;
}

export interface BaselineFile {
  version: 1;
  curve: 'g1' | 'g2' | 'toy';
  n: number;
  seed: number;
  created: string;
  machine: string;
  note: string;
  sets: Record<string, BaselineEntry>;
}

export interface Measured {
  key: string;
  name: string;
  gates: Record<string, boolean>;
  ratio: number | null;
  mulTotal: number | null;
  medianMs: number | null;
}

export type Verdict = 'ok' | 'slower' | 'more-mul' | 'new' | 'not-measured';

export interface Comparison {
  key: string;
  name: string;
  verdict: Verdict;
  baseRatio: number | null;
  ratio: number | null;
  /** ratio / baseRatio − 1. */
  change: number | null;
  baseMul: number | null;
  mul: number | null;
}

export function readBaseline(file: string): BaselineFile {
  if (!existsSync(file)) throw new UsageError(`baseline file ${file} does not exist: create it with \`stepwise-msm bench --update-baseline\``);
  let j: any;
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`baseline file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (j?.version !== 1 || typeof j.sets !== 'object' || !Number.isInteger(j.n) || !['g1', 'g2', 'toy'].includes(j.curve))
    throw new UsageError(`baseline file ${file} is not a version-1 baseline (expected {version: 1, curve, n, sets}): rewrite it with \`stepwise-msm bench --update-baseline\``);
  return j as BaselineFile;
}

export function writeBaseline(file: string, b: BaselineFile): void {
  writeFileSync(file, JSON.stringify(b, null, 2) + '\n');
}

export function compare(base: BaselineFile, now: readonly Measured[], tolerance: number): Comparison[] {
  return now.map((m) => {
    const b = base.sets[m.key];
    const c: Comparison = { key: m.key, name: m.name, verdict: 'ok', baseRatio: b?.ratio ?? null, ratio: m.ratio, change: null, baseMul: b?.mulTotal ?? null, mul: m.mulTotal };
    if (!b) c.verdict = 'new';
    else if (m.ratio === null) c.verdict = 'not-measured';
    else {
      c.change = m.ratio / b.ratio - 1;
      if (b.mulTotal !== null && m.mulTotal !== null && m.mulTotal > b.mulTotal) c.verdict = 'more-mul';
      else if (c.change > tolerance) c.verdict = 'slower';
    }
    return c;
  });
}

export function isRegression(c: Comparison): boolean {
  return c.verdict === 'slower' || c.verdict === 'more-mul';
}
