/**
 * The timing stage of `gate` and `bench --against`: resolve the reference (reference.ts), check
 * it out in a temporary worktree, load both engines in this process, time them interleaved
 * (compare.ts), decide per set (decide.ts), and render the summary table. Without a reference
 * (on the default branch, outside git, or `--against none`) the head is timed alone and time
 * is reported, not judged.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RESAMPLES, formatDecision, MIN_ROUNDS } from './decide.js';
import { type EngineApi, HEAD_ENGINE, HEAD_LOAD, loadEngine, timeAgainst, type SetTiming, type TimingCurve, type TimingOptions } from './compare.js';
import { resolveReference, withWorktree, type Reference } from './reference.js';
import { UsageError } from '../cli/errors.js';
import { ownPackageRoot } from '../cli/project-root.js';
import { fmtMs, mdTable, median } from '../format.js';

/** The timing options of compare.ts, with the reference given as `--against` instead of a loaded engine. */
export interface TimeStageOptions extends Omit<TimingOptions, 'head' | 'ref'> {
  /** Repository root (default: this project). */
  root?: string;
  /** `--against` as given: a git ref, 'none' (do not compare), or null (the default reference). */
  against: string | null;
}

export interface TimeStageResult {
  reference: Reference;
  setup: string[];
  sets: SetTiming[];
  regressions: SetTiming[];
  /** Sets whose head gave a wrong result (never timed): a correctness failure. */
  headFailures: SetTiming[];
  tolerance: number;
  bootSeed: number;
  rounds: number;
  curve: TimingCurve;
  n: number;
  ms: number;
}

export type TimeStage = (o: TimeStageOptions) => Promise<TimeStageResult>;

export const runTimeStage: TimeStage = async (o) => (await runTimeStages({ ...o, sizes: [o.n] }))[0]!;

/**
 * The time stage at several sizes with one reference: the worktree is made (and its npm ci /
 * wasm build paid) once, and each size is timed against the same loaded reference engine.
 */
export async function runTimeStages(o: Omit<TimeStageOptions, 'n'> & { sizes: readonly number[] }): Promise<TimeStageResult[]> {
  const root = o.root ?? ownPackageRoot();
  const log = o.log ?? (() => {});
  // an installed copy (node_modules/stepwise-msm: dist/ only) has no sources to check out, even inside a git repository
  const installed = !existsSync(path.join(root, 'src', 'index.ts'));
  if (installed && o.against !== null && o.against !== 'none')
    throw new UsageError(
      `--against ${o.against}: this copy of stepwise-msm (${root}) is an installed package, not a git checkout of its sources: there is no revision to compare with`
    );
  const reference: Reference =
    o.against === 'none'
      ? { judged: false, ref: null, sha: null, note: '--against none: time is reported, not judged' }
      : installed
        ? { judged: false, ref: null, sha: null, note: 'an installed package (no sources, no git history): time is reported, not judged' }
        : resolveReference(root, o.against);
  log(`[time] ${reference.note}`);
  const timeAll = async (ref: EngineApi | null, setup: string[]): Promise<TimeStageResult[]> => {
    const out: TimeStageResult[] = [];
    for (const n of o.sizes) {
      const t0 = performance.now();
      const sets = await timeAgainst({ ...o, head: HEAD_ENGINE, ref, n, log: (l: string) => log(`[time] ${l}`) });
      const { tolerance, bootSeed, rounds, curve } = o;
      const regressions = sets.filter((x) => x.decision?.verdict === 'slower');
      const headFailures = sets.filter((x) => x.failedSide === 'head');
      out.push({ reference, setup, headFailures, sets, regressions, tolerance, bootSeed, rounds, curve, n, ms: performance.now() - t0 });
    }
    return out;
  };
  if (!reference.judged || !reference.sha) return timeAll(null, []);
  return withWorktree(
    root,
    reference.sha,
    async (w) => {
      log(`[time] reference worktree ${w.dir}: ${w.setup.join('; ')}`);
      const ref = await loadEngine(w.project, w.load);
      try {
        return await timeAll(ref, w.setup);
      } finally {
        await ref.closeWorkerPool?.();
      }
    },
    log,
    { built: HEAD_LOAD === 'built' }
  );
}

const ms = (xs: readonly number[]) => fmtMs(xs.length ? median(xs) : null, { missing: '–' });

/** One line for a stage table: what time was compared against and the outcome. */
export function timeStageLine(r: TimeStageResult): string {
  if (!r.reference.judged) return `➖ ${r.reference.note}`;
  const tol = `tolerance ${(r.tolerance * 100).toFixed(0)} %`;
  return `${r.regressions.length ? `⚠️ ${r.regressions.length} set(s) slower: ${r.regressions.map((s) => `${s.label} ${formatDecision(s.decision!)}`).join(', ')}` : '✅ no set slower'} — ${r.reference.note} (${tol})`;
}

/** The per-set table (Markdown). */
export function timeStageTable(r: TimeStageResult): string {
  const tol = (r.tolerance * 100).toFixed(0);
  const L = [
    `### Time (${r.curve}, n = ${r.n}, ${r.rounds} rounds)`,
    '',
    `Compared: ${r.reference.note}.${r.setup.length ? ` Reference worktree: ${r.setup.join('; ')}.` : ''}`,
    '',
  ];
  if (r.reference.judged) {
    const rows = r.sets.map((s) => {
      const d = s.decision;
      const verdicts = { slower: `⚠️ slower (whole interval > +${tol} %)`, faster: '✅ faster', same: '✅ within tolerance' };
      const v =
        s.status === 'failed'
          ? `❌ ${s.note}`
          : s.status === 'new'
            ? `new: ${s.note}`
            : !d
              ? '–'
              : d.verdict === 'not judged'
                ? `not judged (${d.rounds} < ${MIN_ROUNDS} rounds)`
                : verdicts[d.verdict];
      return [s.label, ms(s.headMs), ms(s.refMs), d ? formatDecision(d) : '–', v];
    });
    L.push(
      ...mdTable(['gate set', 'head ms', 'reference ms', 'head ÷ reference: median [95 % CI]', 'verdict'], rows, 'lrrll'),
      '',
      `Interleaved call by call in one process, alternating order, ${r.rounds} rounds; per-round ratio = head's fastest call ÷ reference's fastest call in that round. Interval: percentile bootstrap of the median ratio (seed ${r.bootSeed}, ${DEFAULT_RESAMPLES} resamples). A set regresses only when the whole interval is above 1 + ${tol} %.`
    );
  } else {
    const rows = r.sets.map((s) => [s.label, s.status === 'failed' ? `❌ ${s.note}` : ms(s.headMs)]);
    L.push(...mdTable(['gate set', 'head ms (median of rounds)'], rows, 'lr'));
  }
  L.push('');
  return L.join('\n');
}
