/**
 * Journey: a contributor's branch, as the README and docs/adding-a-step.md tell them to work, on
 * the built command in a scratch clone (one commit on main):
 *  1. a branch with one commit: `npm run gate` passes (exit 0) with its time stage judged against
 *     the merge base with main (the reference worktree built and loaded as the head is);
 *  2. `new-step` prints its next commands; run before rebuilding, the command refuses the old
 *     build (exit 3, saying to run `npm run build`); run as printed (`npm run build && … gate
 *     --sets single,minus-one && … fuzz --gates '{"<name>":true}'`, with small budgets added),
 *     the gate has the new step's sets and fuzz takes its gate;
 *  3. the new step slowed on purpose (its transform waits 20 ms a call): `npm run gate` fails the
 *     time stage (exit 2), its reference taken from the cache the first run filled.
 * Small budgets throughout (2 runs per property, n = 16 timed over 3 rounds); a 50 % tolerance
 * keeps step 1 from failing on a loaded machine while the 20 ms wait is many times the call.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallGate } from '../cli/run-cli.js';
import { ensureBuilt, git, NPM, ok, run, scratchRepo, shellWords } from './scratch.js';

const SMALL = [
  '--sets',
  'none',
  ...smallGate(2, { bench: true, checks: false }),
  '--time-n',
  '16',
  '--time-rounds',
  '3',
  '--time-budget',
  '100',
  '--tolerance',
  '50',
];

let dir = '';
const timings: string[] = [];
const timed = <T extends { s: number }>(what: string, r: T): T => {
  timings.push(`${what} ${r.s.toFixed(1)} s`);
  return r;
};

describe('journey: a branch, new-step and the gate judged against main (built command, scratch clone)', () => {
  beforeAll(() => {
    ensureBuilt();
    dir = scratchRepo('stepwise-journey-gate-');
    git(dir, 'checkout', '-q', '-b', 'feature');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'work in progress');
  }, 300_000);

  it('npm run gate on a branch with one commit: exit 0, the time stage judged against the merge base with main', () => {
    const r = timed('npm run gate', run(NPM, ['run', '--silent', 'gate', '--', ...SMALL, '--time-sets', 'default,all'], dir));
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/## stepwise-msm gate: ✅ passed \(exit 0\)/);
    const base = git(dir, 'rev-parse', 'main').slice(0, 12);
    expect(r.stdout).toContain(`| time | ✅ no set slower — against the merge base with main (${base}), measured in this run on this machine (tolerance 50 %)`);
    expect(r.stdout).toMatch(/\| default \| [\d.]+ \| [\d.]+ \| [\d.]+ \[[\d.]+, [\d.]+\]/);
    // the reference is the built engine of main: here main's build inputs are the branch's
    expect(r.stderr).toMatch(/reference worktree .*: node_modules: symlink \(package-lock\.json identical\); wasm: copied \(sources identical\); dist: copied/);
  }, 300_000);

  it("new-step → its printed commands: refused (exit 3) until rebuilt, then the gate and fuzz take the new step; slowed on purpose, the gate's time stage fails (exit 2)", () => {
    const ns = timed('new-step', ok(run('node', ['bin/stepwise-msm.js', 'new-step', 'lazyThing', '--title', 'A step of the journey test'], dir), 'new-step'));
    const next = /\n {2}(npm run build && npx stepwise-msm gate [^\n]+)\n/.exec(ns.stdout)?.[1];
    expect(next, ns.stdout).toBeDefined();
    const [build, gate, fuzz] = next!.split(' && ').map(shellWords);
    expect(build).toEqual(['npm', 'run', 'build']);
    expect(gate!.slice(0, 3)).toEqual(['npx', 'stepwise-msm', 'gate']);
    expect(fuzz!.slice(0, 7)).toEqual(['npx', 'stepwise-msm', 'fuzz', '--cases', 'reach', '--gates', '{"lazyThing":true}']);
    // `npx stepwise-msm …` runs the checkout's launcher, bin/stepwise-msm.js: run it directly (npx's first call in a
    // folder also installs that folder into npm's own cache, running its prepare script: a build of its own)
    const gateArgs = ['bin/stepwise-msm.js', ...gate!.slice(2), ...smallGate(2, { checks: false })];
    const timeAt = fuzz!.indexOf('--time');
    const fuzzArgs = ['bin/stepwise-msm.js', ...fuzz!.slice(2, timeAt), ...fuzz!.slice(timeAt + 2), '--runs', '12', '--curve', 'toy', '--workers', '1'];

    // the printed gate before the build: the old build would leave the new step out, so it refuses
    const stale = timed('stale gate', run('node', gateArgs, dir));
    expect(stale.code, stale.stdout).toBe(3);
    expect(stale.stderr).toMatch(/stepwise-msm: dist\/ is older than the sources \(\S+ changed after the last build\)/);
    expect(stale.stderr).toContain('Run `npm run build`');

    // slow the new step down: every call waits 20 ms in its transform
    const stepFile = path.join(dir, 'src', 'optimized', 'steps', '13-lazyThing.ts');
    const src = readFileSync(stepFile, 'utf8');
    expect(src).toContain('  default: false,\n');
    writeFileSync(
      stepFile,
      src.replace(
        '  default: false,\n',
        '  default: false,\n  transform() {\n    for (const until = performance.now() + 20; performance.now() < until; );\n  },\n'
      )
    );
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'step 13 lazyThing');

    // the printed commands, in order
    timed('npm run build', ok(run(NPM, ['run', '--silent', 'build'], dir), 'npm run build'));
    const g = timed('gate --sets single,minus-one', run('node', gateArgs, dir));
    expect(g.code, `${g.stdout}\n${g.stderr}`).toBe(0);
    expect(g.stdout).toMatch(/Registered gates \(13\): .*, lazyThing\./);
    expect(g.stdout).toMatch(/\| only lazyThing \| ✅ 2 runs \|/);
    expect(g.stdout).toMatch(/\| all −lazyThing \| ✅ 2 runs \|/);
    const f = timed('fuzz --gates', run('node', fuzzArgs, dir));
    expect(f.code, `${f.stdout}\n${f.stderr}`).toBe(0);
    expect(f.stdout).toMatch(/\| toy \| [^|]*\blazyThing \| reach \|/);

    // the slow step: `all` turns it on, so the time stage judges `all` slower than on main
    const slow = timed('npm run gate (slowed)', run(NPM, ['run', '--silent', 'gate', '--', ...SMALL, '--time-sets', 'all'], dir));
    expect(slow.code, `${slow.stdout}\n${slow.stderr}`).toBe(2);
    expect(slow.stdout).toMatch(/## stepwise-msm gate: ⚠️ performance regression \(exit 2\)/);
    expect(slow.stdout).toMatch(/\| time \| ⚠️ 1 set\(s\) slower: all [\d.]+ \[[\d.]+, [\d.]+\] \(\+[\d.]+ %\) — against the merge base with main/);
    expect(slow.stderr).toMatch(/dist: from the cache/);
    console.log(`[journey gate] ${timings.join(', ')}`);
  }, 900_000);
});
