/**
 * `gate`, `bench --update-counts` and `vectors`, run in this process through the CLI's main()
 * (the same code the launcher runs): a step bug makes gate exit 1 with a summary naming the gate
 * set, the smallest failing size and the replay command (also in JUnit and GITHUB_STEP_SUMMARY);
 * the count gate exits 2 on a grown multiplication count (a slower set: timing.test.ts); vectors
 * print a per-function table and exit 1 on a wrong vector.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATE_IDS } from '../../src/index.js';
import type { MsmImpl } from '../../harness/contract.js';
import { dropLast } from './fixtures/faults.js';
import { runCliInProcess, smallGate } from './run-cli.js';

/** In-process CLI with CI set and the summary variable cleared unless given; `impl`: the MSM under test (default: the engine). */
const cli = (args: string[], env: Record<string, string | undefined> = {}, impl?: MsmImpl) =>
  runCliInProcess(args, { CI: '1', GITHUB_STEP_SUMMARY: undefined, ...env }, impl ? { impl } : {});

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'stepwise-gate-'));
const FAST = ['--runs', '12', '--g1-runs', '1', '--skip-vectors', '--random-runs', '0'];

describe('gate', () => {
  it('a bug in one step: exit 1, the summary names the set, smallest failing n and replay command', async () => {
    const dir = tmp();
    const gate = GATE_IDS[GATE_IDS.length - 1];
    const summary = path.join(dir, 'summary.md');
    const junit = path.join(dir, 'junit.xml');
    const r = await cli(
      ['gate', '--sets', 'none,single', ...FAST, '--skip-bench', '--corpus', path.join(dir, 'corpus'), '--junit', junit],
      { GITHUB_STEP_SUMMARY: summary },
      dropLast(gate)
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/## stepwise-msm gate: ❌ correctness failure \(exit 1\)/);
    expect(r.stdout).toMatch(new RegExp(`\\| only ${gate} \\| toy n≤40 \\| [345] \\|`));
    expect(r.stdout).toMatch(/smallest failing n/);
    expect(r.stdout).toMatch(
      new RegExp(`\`npx stepwise-msm replay --seed \\d+ --path [\\d:]+ --curve toy --gates ${gate} --min-n 0 --max-n 40 --max-window 16 --check both\``)
    );
    expect(r.stdout).toMatch(/`npx stepwise-msm replay .*\.json`/);
    // only the broken gate's set fails
    expect(r.stdout).toMatch(/properties \| ❌ 1 of \d+ gate sets failed/);
    expect(readFileSync(summary, 'utf8')).toBe(r.stdout);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="stepwise-msm gate" tests="\d+" failures="1"/);
    expect(xml).toContain(`only ${gate} — toy n≤40`);
    expect(readdirSync(path.join(dir, 'corpus')).length).toBe(1);
    // the printed replay command re-creates the shrunk counterexample: fails with the bug, passes without
    const cmd = new RegExp(`\`npx stepwise-msm (replay --seed [^\`]*--gates ${gate} [^\`]*)\``).exec(r.stdout)![1].split(' ');
    const n = /\| only \w+ \| toy n≤40 \| (\d+) \|/.exec(r.stdout)![1];
    const again = await cli(cmd, {}, dropLast(gate));
    expect(again.code, again.stdout).toBe(1);
    expect(again.stdout).toContain(` n=${n} `);
    expect((await cli(cmd)).code).toBe(0);
  });

  it('--bail: the first failing set stops the gate; the later sets and stages are reported as not run', async () => {
    const dir = tmp();
    const gate = GATE_IDS[0]; // "only <first gate>" comes before the other single-gate sets
    const base = ['gate', '--sets', 'single,none', '--runs', '12', '--g1-runs', '1', '--skip-vectors', '--skip-bench', '--corpus', path.join(dir, 'corpus')];
    const r = await cli([...base, '--bail'], {}, dropLast(gate));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/properties \| ❌ 1 of \d+ gate sets failed \(--bail: [1-9]\d* property runs not run\)/);
    expect(r.stdout).toMatch(/\| random gate sets \| not run \(--bail: an earlier failure\) \|/);
    // without --bail the same gate runs every set and the random stage
    const all = await cli(base, {}, dropLast(gate));
    expect(all.code).toBe(1);
    expect(all.stdout).not.toContain('--bail');
    expect(all.stdout).toMatch(/\| random gate sets \| (✅|❌)/);
  });

  it('random gate sets reach a combination no family names: the families pass, the random stage exits 1 naming the drawn gates', async () => {
    // fires only with 05 + 06 on and 07 + 12 off: none, default, all, "only x" and "all −x" all miss it
    const fault = dropLast('signedDigits+xyzzBuckets-batchAffine-wasmField');
    const dir = tmp();
    const base = ['gate', '--runs', '12', '--g1-runs', '0', '--skip-vectors', '--skip-bench', '--corpus', path.join(dir, 'corpus')];
    const without = await cli([...base, '--random-runs', '0'], {}, fault);
    expect(without.code, without.stdout).toBe(0);
    expect(without.stdout).toMatch(/\| random gate sets \| skipped \(--random-runs 0\) \|/);
    const r = await cli([...base, '--random-runs', '300'], {}, fault);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/\| properties \| ✅ \d+ gate sets passed \|/);
    const drawn = /\| random gate sets \| ❌ failed after \d+ runs: gates (\S+) \|/.exec(r.stdout)?.[1];
    expect(drawn, r.stdout).toBeDefined();
    const on = drawn!.split('+');
    expect(on).toEqual(expect.arrayContaining(['signedDigits', 'xyzzBuckets']));
    expect(on).not.toContain('batchAffine');
    expect(on).not.toContain('wasmField');
    expect(r.stdout).toContain(`| random gate sets: ${drawn} | toy n≤40 |`);
    expect(readdirSync(path.join(dir, 'corpus')).length).toBe(1);
    // the replay command (seed, path, --gates random) re-creates that case: fails with the fault, passes without
    const cmd = /`npx stepwise-msm (replay --seed [^`]*--gates random [^`]*)`/.exec(r.stdout)![1].split(' ');
    expect((await cli(cmd, {}, fault)).code).toBe(1);
    expect((await cli(cmd)).code).toBe(0);
  });

  it('count gate: expectations written by bench --update-counts, keyed by family name, no timings; exit 0, then 2 on more multiplications', async () => {
    const dir = tmp();
    const file = path.join(dir, 'expected-counts.json');
    const up = await cli(['bench', '--update-counts', '--curve', 'toy', '--counts-n', '48', '--counts', file]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/counts written/);
    const b = JSON.parse(readFileSync(file, 'utf8'));
    expect(b.version).toBe(2);
    const g = GATE_IDS[0];
    expect(Object.keys(b.sets)).toEqual(expect.arrayContaining(['none', 'default', 'all', `only ${g}`, `all −${g}`]));
    expect(b.sets.all).toBeGreaterThan(0);
    expect(b.sets.none).toBeGreaterThan(b.sets.all);
    expect(readFileSync(file, 'utf8')).not.toMatch(/ratio|medianMs|"ms"/);
    const args = [
      'gate',
      '--sets',
      'none,all',
      '--runs',
      '2',
      '--g1-runs',
      '0',
      '--skip-vectors',
      '--counts',
      file,
      '--against',
      'none',
      '--time-sets',
      'none',
      '--time-n',
      '4',
      '--time-rounds',
      '1',
      '--time-budget',
      '0',
      '--skip-checks',
    ];
    const ok = await cli(args);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/counts \| ✅ no count grew/);
    expect(ok.stdout).toMatch(/\| time \| ➖ --against none: time is reported, not judged \|/);

    b.sets.all -= 1;
    writeFileSync(file, JSON.stringify(b));
    const mul = await cli(args);
    expect(mul.code).toBe(2);
    expect(mul.stdout).toMatch(/⚠️ performance regression \(exit 2\)/);
    expect(mul.stdout).toMatch(new RegExp(`\\| all \\| ${b.sets.all + 1} \\| ${b.sets.all} \\| ⚠️ more multiplications \\|`));
    expect(mul.stdout).toMatch(/counts \| ⚠️ 1 count\(s\) grew/);

    // fewer multiplications than expected pass (and say how to re-record)
    b.sets.all += 2;
    writeFileSync(file, JSON.stringify(b));
    const fewer = await cli(args);
    expect(fewer.code).toBe(0);
    expect(fewer.stdout).toMatch(/1 fewer: re-record with `stepwise-msm bench --update-counts`/);
  });

  it('engine checks: the catalogue runs in the gate (here filtered to the bad-input table), in the summary and the JUnit; a filter matching nothing exits 3', async () => {
    const dir = tmp();
    const junit = path.join(dir, 'gate.xml');
    const base = ['gate', '--sets', 'none', ...smallGate(1), '--corpus', path.join(dir, 'corpus')];
    const r = await cli([...base, '--checks', 'bad input: identical errors', '--junit', junit]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| engine checks \| ✅ 24 passed \(quick counts\) \|/);
    expect(r.stderr).toMatch(/\[gate\] check ✓ bad input: identical errors from reference and engine › scalar = r \(/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="engine checks" tests="24"/);
    const none = await cli([...base, '--checks', 'no such check at all']);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/--checks: no engine check's id contains "no such check at all"/);
    const skipped = await cli([...base, '--skip-checks']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/\| engine checks \| skipped \(--skip-checks\) \|/);
  });
});

describe('vectors', () => {
  const real = process.env.STEPWISE_VECTORS || '/work/shared/vectors';
  const src = path.join(real, 'kzg', 'compute_challenge', 'kzg-mainnet');
  it.skipIf(!existsSync(src))('per-function table; exit 0 on the official cases, 1 on a corrupted one', async () => {
    const root = tmp();
    const dst = path.join(root, 'kzg', 'compute_challenge', 'kzg-mainnet');
    mkdirSync(dst, { recursive: true });
    cpSync(src, dst, { recursive: true });
    const good = await cli(['vectors', '--vectors', root, '--functions', 'compute_challenge', '--gates', 'default,none']);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/\| function \| gates default \| gates none \|/);
    expect(good.stdout).toMatch(/\| compute_challenge \| ✅ (\d+)\/\1 \| ✅ \1\/\1 \|/);
    const one = readdirSync(dst).find((d) => d.includes('valid'))!;
    const f = path.join(dst, one, 'data.yaml');
    writeFileSync(
      f,
      readFileSync(f, 'utf8').replace(/output: '0x(.)/, (_m, c: string) => `output: '0x${c === '0' ? '1' : '0'}`)
    );
    const bad = await cli(['vectors', '--vectors', root, '--functions', 'compute_challenge', '--gates', 'default']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/❌ compute_challenge \(default\) .*: output differs/);
  });
});
