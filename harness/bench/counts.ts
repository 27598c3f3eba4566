/**
 * Field-multiplication count expectations (bench/expected-counts.json): for each gate set, keyed
 * by its family name (`none`, `default`, `only glv`, `all −glv`; harness/gate-sets.ts), the field
 * multiplications + squarings of one MSM on fixed inputs (the counting field; exact and
 * machine-independent). No timings: time is only judged against a reference measured on the
 * same machine in the same run (harness/timing/).
 *
 * `gate` recounts every passing set and fails (exit 2) when a count grows; a count that shrinks
 * or a set with no entry is reported, not failed. `stepwise-msm bench --update-counts`
 * re-records the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { msmInspect } from '../../src/index.js';
import type { GateSetSpec } from '../gate-sets.js';
import { UsageError } from '../cli/errors.js';
import { benchInputs, DEFAULT_SEED } from './inputs.js';
import { resolveCurve } from './run.js';
import { writeReport } from '../stages.js';

export type CountCurve = 'g1' | 'g2' | 'toy';

export interface CountsFile {
  version: 2;
  curve: CountCurve;
  n: number;
  seed: number;
  note: string;
  /** Family name → field mul + sqr per MSM. */
  sets: Record<string, number>;
}

export interface Counted {
  label: string;
  gates: Readonly<Record<string, boolean>>;
  mulTotal: number;
  /** Wall time of the counted call, ms (optional: JUnit reports it). */
  ms?: number;
}

export type CountVerdict = 'ok' | 'fewer' | 'more' | 'new';

export const COUNTS_NOTE =
  'Field multiplications + squarings per MSM (counting field, deterministic) on the seeded bench inputs, keyed by gate-set family name. No timings. Re-record with `stepwise-msm bench --update-counts`.';

export function readCounts(file: string): CountsFile {
  if (!existsSync(file)) throw new UsageError(`counts file ${file} does not exist: create it with \`stepwise-msm bench --update-counts\``);
  let j: any;
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`counts file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const okSets =
    j &&
    typeof j.sets === 'object' &&
    j.sets !== null &&
    !Array.isArray(j.sets) &&
    Object.values(j.sets).every((v) => Number.isSafeInteger(v) && (v as number) >= 0);
  if (j?.version !== 2 || !okSets || !Number.isSafeInteger(j.n) || j.n < 1 || !Number.isSafeInteger(j.seed) || !['g1', 'g2', 'toy'].includes(j.curve))
    throw new UsageError(
      `counts file ${file} is not a version-2 counts file (expected {version: 2, curve, n, seed, sets: {<family name>: <count>}}): rewrite it with \`stepwise-msm bench --update-counts\``
    );
  return j as CountsFile;
}

export function writeCounts(file: string, c: CountsFile): void {
  writeReport(file, JSON.stringify(c, null, 2) + '\n');
}

/**
 * Runs each set once with counting on, checks the result against the discrete-log oracle, and
 * returns the counts; a set that returns a wrong point or throws is in `failed` (never counted).
 */
export function countSets(
  sets: readonly GateSetSpec[],
  o: { curve: CountCurve; n: number; seed?: number; log?: (line: string) => void }
): { counted: Counted[]; failed: { label: string; note: string; ms: number }[] } {
  const curve = resolveCurve(o.curve);
  const inp = benchInputs(curve, o.n, o.seed ?? DEFAULT_SEED);
  const counted: Counted[] = [];
  const failed: { label: string; note: string; ms: number }[] = [];
  for (const s of sets) {
    const t0 = performance.now();
    try {
      const rep = msmInspect(inp.points as any[], inp.scalars, { curve, gates: s.gates, count: true } as any) as {
        result: unknown;
        counts?: { mulTotal: number };
      };
      if (!curve.isPoint(rep.result) || !curve.equals(rep.result as any, inp.expected)) {
        failed.push({ label: s.label, note: 'wrong result (differs from the discrete-log oracle)', ms: performance.now() - t0 });
        o.log?.(`${s.label}: WRONG RESULT`);
        continue;
      }
      if (!rep.counts) throw new Error('msmInspect returned no counts');
      counted.push({ label: s.label, gates: s.gates, mulTotal: rep.counts.mulTotal, ms: performance.now() - t0 });
      o.log?.(`${s.label}: ${rep.counts.mulTotal} mul`);
    } catch (e) {
      failed.push({ label: s.label, note: `threw: ${(e as Error).message}`, ms: performance.now() - t0 });
      o.log?.(`${s.label}: threw ${(e as Error).message}`);
    }
  }
  return { counted, failed };
}

/** Compares counts with the expectations: `more` (a regression), `fewer`, `ok`, or `new` (no entry). */
export function compareCounts(expected: CountsFile, counted: readonly Counted[], aliasesOf: (label: string) => readonly string[] = () => []) {
  return counted.map((c) => {
    const key = [c.label, ...aliasesOf(c.label)].find((k) => Object.hasOwn(expected.sets, k));
    const e = key === undefined ? null : expected.sets[key];
    const verdict: CountVerdict = e === null ? 'new' : c.mulTotal > e ? 'more' : c.mulTotal < e ? 'fewer' : 'ok';
    return { label: c.label, verdict, expected: e, mulTotal: c.mulTotal };
  });
}

export type CountCheck = ReturnType<typeof compareCounts>[number];
