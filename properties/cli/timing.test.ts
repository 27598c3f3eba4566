/**
 * Time judged against a reference revision (harness/timing/), without timing anything:
 *  - the decision on synthetic per-round ratios (bootstrap interval of the median, tolerance,
 *    seeding, bad input);
 *  - the reference: default = merge base with the default branch, not judged on that branch or
 *    outside git, unknown refs rejected; the temporary worktree holds the reference's files,
 *    reuses node_modules when the lock files match, and is removed afterwards (also on failure);
 *  - `gate` with a timing stage injected: exit 2 naming the slower set with its interval.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGate, type GateOptions } from '../../harness/cli/gate.js';
import { UsageError } from '../../harness/cli/errors.js';
import { bootstrapMedian, decide, formatDecision } from '../../harness/timing/decide.js';
import { resolveReference, withWorktree } from '../../harness/timing/reference.js';
import type { TimeStage } from '../../harness/timing/stage.js';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

describe('decision on per-round ratios head ÷ reference', () => {
  const o = { tolerance: 0.1, seed: 7 };

  it('a clear slow-down (every round ≈ 1.3) is slower; its interval holds the median and lies above 1.1', () => {
    const d = decide([1.31, 1.28, 1.35, 1.3, 1.27, 1.33, 1.29], o);
    expect(d.verdict).toBe('slower');
    expect(d.median).toBe(1.3);
    expect(d.lo).toBeGreaterThan(1.1);
    expect(d.lo).toBeLessThanOrEqual(d.median);
    expect(d.hi).toBeGreaterThanOrEqual(d.median);
    expect(formatDecision(d)).toMatch(/^1\.300 \[1\.\d{3}, 1\.\d{3}\] \(\+30\.0 %\)$/);
  });

  it('noise around 1 is within tolerance, even with single rounds far off', () => {
    expect(decide([0.8, 1.25, 0.95, 1.6, 1.02, 0.7, 1.1], o).verdict).toBe('same');
    // a slow-down whose interval reaches below 1 + tolerance is not judged a regression
    expect(decide([1.5, 1.4, 1.05, 0.9, 1.45, 1.0, 1.3], o).verdict).toBe('same');
  });

  it('a clear speed-up is faster; exactly 1 + tolerance everywhere is not slower', () => {
    expect(decide([0.7, 0.72, 0.69, 0.71, 0.7], o).verdict).toBe('faster');
    const edge = decide([1.1, 1.1, 1.1, 1.1, 1.1], o);
    expect(edge).toMatchObject({ median: 1.1, lo: 1.1, hi: 1.1, verdict: 'same' });
    expect(decide([1.1001, 1.1001, 1.1001], o).verdict).toBe('slower');
    expect(decide([1.3, 1.3, 1.3], { ...o, tolerance: 0.5 }).verdict).toBe('same');
  });

  it('fewer than 3 rounds are not judged', () => {
    expect(decide([2, 2], o)).toMatchObject({ verdict: 'not judged', median: 2, rounds: 2 });
    expect(decide([], o).verdict).toBe('not judged');
  });

  it('the bootstrap is seeded: same ratios and seed give the same interval; bounds are resampled medians', () => {
    const xs = [0.9, 1.4, 1.1, 1.25, 0.95, 1.3, 1.05, 1.2, 1.15];
    const a = bootstrapMedian(xs, { seed: 3 });
    expect(bootstrapMedian(xs, { seed: 3 })).toEqual(a);
    const seeds = new Set([1, 2, 3, 4, 5, 6].map((s) => JSON.stringify(bootstrapMedian(xs, { seed: s, resamples: 50 }))));
    expect(seeds.size).toBeGreaterThan(1);
    // with 3 values every resampled median is one of them, and 2000 resamples reach both ends
    const b = bootstrapMedian([1, 2, 3], { seed: 1 });
    expect(b).toEqual({ median: 2, lo: 1, hi: 3 });
    expect(bootstrapMedian([5, 5, 5, 5], { seed: 9 })).toEqual({ median: 5, lo: 5, hi: 5 });
  });

  it('bad input: RangeError naming the argument, index and allowed range', () => {
    expect(() => decide([1, Number.NaN, 1], o)).toThrow(/ratios\[1\] must be a finite number > 0, got NaN/);
    expect(() => decide([1, -2, 1], o)).toThrow(RangeError);
    expect(() => decide([1, 1, 1], { ...o, tolerance: -0.1 })).toThrow(/tolerance must be a finite number >= 0/);
    expect(() => bootstrapMedian([], { seed: 1 })).toThrow(/must not be empty/);
    expect(() => bootstrapMedian([1], { seed: 1, resamples: 0 })).toThrow(/resamples must be an integer >= 1/);
    expect(() => bootstrapMedian([1], { seed: 1, level: 1 })).toThrow(/level must be in \(0, 1\)/);
  });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();
}

/** A tiny repository: main with one commit (v1), branch feature with a second (v2). */
function tinyRepo(): { dir: string; v1: string; v2: string } {
  const dir = tmp('stepwise-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(path.join(dir, 'engine.txt'), 'v1\n');
  mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'dep', 'index.js'), 'export default 1;\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'v1');
  const v1 = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'feature');
  writeFileSync(path.join(dir, 'engine.txt'), 'v2\n');
  git(dir, 'commit', '-q', '-am', 'v2');
  return { dir, v1, v2: git(dir, 'rev-parse', 'HEAD') };
}

describe('reference revision and its worktree', () => {
  it('outside git: time reported, not judged; an explicit ref is a usage error', () => {
    const dir = tmp('stepwise-nogit-');
    expect(resolveReference(dir, null)).toMatchObject({
      judged: false,
      sha: null,
      note: expect.stringMatching(/not a git checkout: time is reported, not judged/),
    });
    expect(() => resolveReference(dir, 'HEAD')).toThrow(UsageError);
  });

  it('default reference: the merge base with main; on main itself not judged; explicit and unknown refs', () => {
    const { dir, v1, v2 } = tinyRepo();
    expect(resolveReference(dir, null)).toMatchObject({ judged: true, sha: v1, ref: 'merge-base(HEAD, main)' });
    expect(resolveReference(dir, 'HEAD')).toMatchObject({ judged: true, sha: v2, ref: 'HEAD' });
    expect(resolveReference(dir, 'HEAD~1').sha).toBe(v1);
    expect(() => resolveReference(dir, 'no-such-branch')).toThrow(/--against: "no-such-branch" is not a commit git knows/);
    git(dir, 'checkout', '-q', 'main');
    expect(resolveReference(dir, null)).toMatchObject({
      judged: false,
      note: expect.stringMatching(/HEAD is the merge base with main \(on the default branch\): time is reported, not judged/),
    });
    // no default branch at all
    git(dir, 'checkout', '-q', 'feature');
    git(dir, 'branch', '-q', '-D', 'main');
    expect(resolveReference(dir, null)).toMatchObject({ judged: false, note: expect.stringMatching(/no default branch/) });
  });

  it('the worktree holds the reference files, reuses node_modules when the lock files match, and is removed (also on failure)', async () => {
    const { dir, v1 } = tinyRepo();
    let seen = '';
    const got = await withWorktree(dir, v1, async (w) => {
      seen = w.dir;
      expect(readFileSync(path.join(w.dir, 'engine.txt'), 'utf8')).toBe('v1\n');
      expect(lstatSync(path.join(w.dir, 'node_modules')).isSymbolicLink()).toBe(true);
      expect(existsSync(path.join(w.dir, 'node_modules', 'dep', 'index.js'))).toBe(true);
      expect(w.setup).toContain('node_modules: symlink (package-lock.json identical)');
      expect(git(dir, 'worktree', 'list')).toContain(w.dir);
      return 42;
    });
    expect(got).toBe(42);
    expect(existsSync(seen)).toBe(false);
    expect(git(dir, 'worktree', 'list').split('\n')).toHaveLength(1);
    // the working tree's own files are untouched
    expect(readFileSync(path.join(dir, 'engine.txt'), 'utf8')).toBe('v2\n');
    await expect(
      withWorktree(dir, v1, async (w) => {
        seen = w.dir;
        throw new Error('boom');
      })
    ).rejects.toThrow('boom');
    expect(existsSync(seen)).toBe(false);
    expect(git(dir, 'worktree', 'list').split('\n')).toHaveLength(1);
  });
});

describe('gate with an injected timing stage (no timing in tests)', () => {
  /** A stage that returns the given per-round ratios for each set, decided by the real decision. */
  const fakeStage =
    (ratios: Record<string, number[]>): TimeStage =>
    async (o) => {
      const sets = Object.entries(ratios).map(([label, rs]) => ({
        label,
        status: 'timed' as const,
        note: null,
        headMs: rs.map((r) => 10 * r),
        refMs: rs.map(() => 10),
        ratios: rs,
        decision: decide(rs, { tolerance: o.tolerance, seed: o.bootSeed }),
        ms: 20 * rs.length,
      }));
      return {
        reference: { judged: true, ref: 'main', sha: 'f'.repeat(40), note: 'against main (ffffffffffff), measured in this run on this machine' },
        setup: [],
        headFailures: [],
        sets,
        regressions: sets.filter((s) => s.decision.verdict === 'slower'),
        tolerance: o.tolerance,
        bootSeed: o.bootSeed,
        rounds: o.rounds,
        curve: o.curve,
        n: o.n,
        ms: 1,
      };
    };

  const options = (dir: string, timeStage: TimeStage): GateOptions => ({
    seed: 1,
    sets: ['none', 'all'],
    runs: 2,
    g1Runs: 0,
    full: false,
    vectorsRoot: null,
    skipVectors: true,
    skipBench: false,
    counts: path.join(dir, 'no-counts.json'),
    countsExplicit: false,
    skipTime: false,
    timeSets: ['all'],
    timeN: 8,
    timeRounds: 5,
    timeBudget: 0,
    tolerance: 10,
    bootSeed: 1,
    corpus: path.join(dir, 'corpus'),
    junit: path.join(dir, 'junit.xml'),
    randomRuns: 0,
    skipChecks: true,
    bail: false,
    timeStage,
  });

  it('a set whose whole interval is above 1 + tolerance: exit 2, the summary and JUnit name it with its interval', async () => {
    const dir = tmp('stepwise-gate-time-');
    const slow = await runGate(options(dir, fakeStage({ all: [1.4, 1.35, 1.45, 1.38, 1.42] })), () => {});
    expect(slow.code).toBe(2);
    expect(slow.markdown).toMatch(/## stepwise-msm gate: ⚠️ performance regression \(exit 2\)/);
    expect(slow.markdown).toMatch(/\| time \| ⚠️ 1 set\(s\) slower: all 1\.400 \[1\.\d{3}, 1\.\d{3}\] \(\+40\.0 %\) — against main/);
    expect(slow.markdown).toMatch(/\| all \| 14\.0 \| 10\.0 \| 1\.400 \[1\.\d{3}, 1\.\d{3}\] \(\+40\.0 %\) \| ⚠️ slower \(whole interval > \+10 %\) \|/);
    expect(slow.markdown).toMatch(/counts \| ➖ \d+ set\(s\) counted; no counts file/);
    const xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/slower than main: head ÷ reference 1\.400 \[/);
    // each counted and each timed set carries its own duration (they were all time="0.000")
    const counted = [...xml.matchAll(/<testcase name="[^"]+" classname="stepwise-msm\.gate\.counts" time="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(counted.length).toBeGreaterThan(0);
    for (const t of counted) expect(t).toBeGreaterThan(0);
    expect(xml).toMatch(/<testcase name="all" classname="stepwise-msm\.gate\.time" time="0\.100">/);

    const ok = await runGate(options(dir, fakeStage({ all: [1.4, 0.9, 1.05, 1.3, 0.95] })), () => {});
    expect(ok.code, ok.markdown).toBe(0);
    expect(ok.markdown).toMatch(/\| time \| ✅ no set slower — against main/);
  });
});
