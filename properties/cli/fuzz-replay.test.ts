/**
 * `fuzz` and `replay`: a clean run passes (exit 0); with a deliberately broken MSM
 * (`--impl` pointed at the test fixture properties/cli/fixtures/drop-last.ts) fuzz shrinks, writes a corpus file and prints the replay
 * command (exit 1), and replay reproduces the failure from the file and from seed + path;
 * `--shard i/n` partitions the case indices without overlap.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCase } from '../../src/corpus.js';
import { caseSeed } from '../../harness/cli/cases.js';
import { appendAll } from '../../harness/cli/fuzz.js';
import { shardIndices } from '../../harness/cli/worker-pool.js';
import { reachArbOf } from '../../harness/cli/reach-cases.js';
import fc from 'fast-check';
import { DROP_LAST, runCli } from './run-cli.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'stepwise-fuzz-'));

describe('fuzz', () => {
  it('a clean toy campaign passes (exit 0) and prints the rate', async () => {
    const r = await runCli(['fuzz', '--curve', 'toy', '--runs', '40', '--seed', '3', '--max-n', '24', '--corpus', tmp()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fuzz: ✅ passed/);
    expect(r.stdout).toMatch(/\| toy \| random over the gate space \| msm \| 1\.\.24 \| [\d.]+ \| both \| 40 \|/);
    expect(r.stderr).toMatch(/\[fuzz\] 40\/40 cases, [\d.]+ cases\/s, \d+ s elapsed, 0 failure\(s\)/);
    // the share of the workers' time inside the engine (the rest is the harness's)
    const share = Number(/Time of the workers: (\d+) % inside the engine's msm calls/.exec(r.stdout)?.[1]);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(100);
  });

  it("--cases reach: the campaign draws the steps' reach (entry points, thresholds, tuning); replay --cases reach re-creates a case from seed + path", async () => {
    const dir = tmp();
    const r = await runCli(['fuzz', '--curve', 'toy', '--cases', 'reach', '--max-n', '600', '--runs', '60', '--seed', '4', '--workers', '2', '--corpus', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| toy \| random over the gate space \| reach \| ≤ 600 \| [\d.]+ \| both \| 60 \|/);
    expect(readdirSync(dir)).toEqual([]);
    const seed = caseSeed(4, 7);
    const replayArgs = [
      'replay',
      '--cases',
      'reach',
      '--seed',
      String(seed),
      '--path',
      '0',
      '--curve',
      'toy',
      '--gates',
      'random',
      '--max-n',
      '600',
      '--max-window',
      '16',
    ];
    const rep = await runCli(replayArgs);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).toMatch(/replay seed \d+ path 0: curve=toy n=\d+ entry=(plain|prepared|async).* edge="/);
    expect(rep.stdout).toMatch(/PASS: engine = reference = oracle/);
    // the same seed and path give the same case
    expect((await runCli(replayArgs)).stdout).toBe(rep.stdout);
    // usage errors: reach with --impl, --reach-exclude without reach, a bad regular expression
    expect((await runCli(['fuzz', '--cases', 'reach', '--runs', '1', '--impl', DROP_LAST])).code).toBe(3);
    expect((await runCli(['fuzz', '--reach-exclude', 'x', '--runs', '1'])).code).toBe(3);
    expect((await runCli(['fuzz', '--cases', 'reach', '--reach-exclude', '(', '--runs', '1'])).code).toBe(3);
    // a path with a shrink step the case does not have is a usage error, plain and reach alike
    for (const cases of [[], ['--cases', 'reach']]) {
      const bad = await runCli(['replay', '--curve', 'toy', ...cases, '--seed', '1', '--path', '0:99999:5']);
      expect(bad.code).toBe(3);
      expect(bad.stderr).toContain('--path "0:99999:5" does not name a case of this property (seed 1)');
      expect(bad.stderr).not.toContain('    at ');
    }
  });

  it("appendAll: a worker's 500 000 case indices join the list (a spread push overflowed the stack at the end of a campaign shard)", () => {
    const big = Array.from({ length: 500_000 }, (_, i) => 2 * i);
    expect(() => [0].push(...big)).toThrow(RangeError);
    const out = appendAll([-1], big);
    expect(out.length).toBe(500_001);
    expect(out[0]).toBe(-1);
    expect(out[500_000]).toBe(999_998);
  });

  it('--reach-exclude: the matching edges are never drawn, the others still are', () => {
    const spec = { curve: 'g1', minN: 1, maxN: 24, maxWindow: 8, gates: { kind: 'random' }, check: 'oracle', cases: 'reach' } as const;
    const all = fc.sample(reachArbOf(spec), { numRuns: 400, seed: 2 }).map((c) => c.edge);
    expect(all.some((t) => /full-size scalars/.test(t))).toBe(true);
    const kept = fc.sample(reachArbOf({ ...spec, reachExclude: 'full-size scalars' }), { numRuns: 400, seed: 2 }).map((c) => c.edge);
    expect(kept.some((t) => /full-size scalars/.test(t))).toBe(false);
    expect(new Set(kept).size).toBeGreaterThan(20);
  });

  it('corpus round trip: a broken MSM is caught, shrunk to n ≈ 3, written, and replayed', async () => {
    const dir = tmp();
    const r = await runCli(['fuzz', '--curve', 'toy', '--runs', '30', '--seed', '11', '--workers', '1', '--corpus', dir, '--impl', DROP_LAST]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/fuzz: ❌ FAILED/);
    // the fault needs n ≥ 3; fast-check's shrinking gets there or very close
    const n = Number(/smallest failing size n = (\d+)/.exec(r.stdout)![1]);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThanOrEqual(5);
    const files = readdirSync(dir);
    expect(files.length).toBe(1);
    const file = path.join(dir, files[0]);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const c = decodeCase(json);
    expect(c.points.length).toBe(n);
    expect(json.seed).toBeTypeOf('number');
    expect(json.path).toMatch(/^\d+(:\d+)*$/);
    // the failure names the MSM under test, and both printed replay commands carry its --impl
    expect(r.stdout).toMatch(new RegExp(`\\n- ${escapeRe(DROP_LAST)} .* ≠ (reference|oracle) `));
    expect(r.stdout).not.toMatch(/- engine /);
    const replay = /replay: `npx stepwise-msm (replay --seed .*?)`/.exec(r.stdout)![1];
    expect(replay).toMatch(new RegExp(` --impl ${escapeRe(DROP_LAST)}$`));
    expect(r.stdout).toContain(`npx stepwise-msm replay ${path.relative(process.cwd(), file)} --impl ${DROP_LAST}`);
    const args = replay.split(' ').map((a) => a.replace(/^'(.*)'$/, '$1'));

    const [fromFileBroken, fromFileFixed, fromSeedBroken, fromSeedFixed] = await Promise.all([
      runCli(['replay', file, '--impl', DROP_LAST]),
      runCli(['replay', file]),
      runCli(args),
      runCli(args.slice(0, args.indexOf('--impl'))),
    ]);
    expect(fromFileBroken.code, fromFileBroken.stderr).toBe(1);
    expect(fromFileBroken.stdout).toMatch(/FAIL/);
    expect(fromFileBroken.stdout).toContain(`\n${DROP_LAST} `);
    expect(fromFileFixed.code, fromFileFixed.stderr).toBe(0);
    expect(fromFileFixed.stdout).toMatch(/PASS: engine = reference = oracle/);
    // the printed command as printed reproduces the failure, with the same text
    expect(fromSeedBroken.code, fromSeedBroken.stderr).toBe(1);
    expect(fromSeedBroken.stdout).toContain(`n=${n}`);
    expect(fromSeedBroken.stdout).toContain(`FAIL: ${DROP_LAST} `);
    expect(fromSeedFixed.code).toBe(0);
  });

  it('--shard i/n: the shards partition the case indices without overlap', async () => {
    const runs = 25;
    const dir = tmp();
    const outs = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const json = path.join(dir, `s${i}.json`);
        const r = await runCli([
          'fuzz',
          '--curve',
          'toy',
          '--runs',
          String(runs),
          '--seed',
          '9',
          '--max-n',
          '8',
          '--shard',
          `${i}/3`,
          '--workers',
          '2',
          '--json',
          json,
          '--corpus',
          dir,
        ]);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(readFileSync(json, 'utf8')).indices as number[];
      })
    );
    const all = outs.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: runs }, (_, i) => i));
    outs.forEach((idx, i) => {
      expect(idx).toEqual(shardIndices(runs, { index: i, count: 3 }));
      for (const x of idx) expect(x % 3).toBe(i);
    });
  });

  it('shardIndices and caseSeed: partitions for any shard count; seeds depend on (seed, index) only', () => {
    for (const count of [1, 2, 3, 7]) {
      const seen = new Set<number>();
      for (let i = 0; i < count; i++)
        for (const x of shardIndices(50, { index: i, count })) {
          expect(seen.has(x)).toBe(false);
          seen.add(x);
        }
      expect(seen.size).toBe(50);
    }
    expect(caseSeed(5, 17)).toBe(caseSeed(5, 17));
    expect(new Set(Array.from({ length: 1000 }, (_, i) => caseSeed(5, i))).size).toBe(1000);
    expect(caseSeed(5, 1)).not.toBe(caseSeed(6, 1));
  });
});
