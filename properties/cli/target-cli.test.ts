/**
 * `--target` on fuzz, replay, gate and bench, against the cmd: fixtures of the target layer
 * (properties/targets/fixtures/: an EIP-2537 MSM written on noble, `correct`, and wrong on purpose:
 * `drop-top-bit` clears bit 255 of every scalar, `no-subgroup-check`, `crash-on-infinity` exits on
 * a point at infinity, `hang` never answers a request with a zero scalar, `g2-hangs` no subgroup
 * check and no reply to G2) and properties/cli/fixtures/drop-last.mjs (ignores the last item). The
 * expected verdicts follow from those faults, not from the harness: a dropped top bit is a wrong
 * point for a scalar ≥ 2^255; a point outside the subgroup must be rejected; a dropped item is a
 * wrong point for ordinary inputs. What is about the process (a call or a worker cut when the
 * time is up, a hung target under gate and conformance, bench's timing) runs as the user runs it,
 * in a child process; the rest calls the same main() in this process (the installed command runs
 * gate --target in journeys/install.test.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCmd as cmd, ROOT, runCli, runCliInProcess, smallTargetGate } from './run-cli.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'stepwise-target-'));
const FIXTURES = path.join(ROOT, 'properties', 'targets', 'fixtures');
/** The command in this process (the same main() the launcher runs), in the file's environment (below). */
const inProcess = (args: string[]) => runCliInProcess(args);
// set once for the file (so that in-process calls may run side by side): what a child sees, CI set and
// no step summary; and no EIP-2537 vectors from the environment, so a gate run sees only the folder it is given
const savedEnv = {
  CI: process.env.CI,
  GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY,
  STEPWISE_VECTORS: process.env.STEPWISE_VECTORS,
  STEPWISE_EIP2537_VECTORS: process.env.STEPWISE_EIP2537_VECTORS,
};
beforeAll(() => {
  process.env.CI = '1';
  for (const k of ['GITHUB_STEP_SUMMARY', 'STEPWISE_VECTORS', 'STEPWISE_EIP2537_VECTORS']) delete process.env[k];
});
afterAll(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** fuzz --target <fixture> on G1's input class `cls`, one worker, `more` options after the fixed ones. */
const fuzzG1 = (fixture: string, cls: string, runs: number, seed: number, maxN: number, ...more: string[]) =>
  inProcess([
    'fuzz',
    '--target',
    cmd(fixture),
    '--group',
    'g1',
    '--classes',
    cls,
    '--runs',
    String(runs),
    '--seed',
    String(seed),
    '--max-n',
    String(maxN),
    '--workers',
    '1',
    ...more,
  ]);

// the BLS12-381 G1 generator in EIP-2537 encoding (x ‖ y, each 16 zero bytes ‖ 48 bytes), from the EIP
const G =
  '0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb' +
  '0000000000000000000000000000000008b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1';
const INF = '00'.repeat(128);
const scalar = (k: number) => k.toString(16).padStart(64, '0');

/** A folder of EIP-2537 vectors in the official layout: 2 success vectors (∞·5 + G·1 = G; G·1 = G) and a bad length that must be rejected. */
function eip2537Folder(): string {
  const dir = tmp();
  writeFileSync(
    path.join(dir, 'msm_G1_bls.json'),
    JSON.stringify([
      { Name: 'inf-then-g', Input: INF + scalar(5) + G + scalar(1), Expected: G },
      { Name: 'g', Input: G + scalar(1), Expected: G },
    ])
  );
  writeFileSync(
    path.join(dir, 'fail-msm_G1_bls.json'),
    JSON.stringify([{ Name: 'short', Input: G + scalar(1).slice(2), ExpectedError: 'invalid input length' }])
  );
  return dir;
}

/** The items of a G1 request line: scalars as bigints. */
function g1Scalars(line: string): bigint[] {
  const hex = line.slice(3);
  const out: bigint[] = [];
  for (let at = 0; at < hex.length; at += 320) out.push(BigInt('0x' + hex.slice(at + 256, at + 320)));
  return out;
}

describe('fuzz --target and replay --target', () => {
  it('a target that drops the top scalar bit: caught as "wrong", shrunk, printed as its protocol line, written to the corpus, replayed', async () => {
    const dir = tmp();
    const r = await fuzzG1('drop-top-bit', 'scalar-above-r', 20, 1, 4, '--corpus', dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/fuzz --target .*: ❌ FAILED/);
    expect(r.stdout).toMatch(/\*\*wrong\*\* \(g1, scalar-above-r, case \d+, fast-check seed \d+, path `[\d:]+`\)/);
    // the campaign went on after the first failure: every failing case counted, one kind, shrunk once
    expect(r.stdout).toMatch(/❌ FAILED: (\d+) failing case\(s\) of 20/);
    expect(r.stdout).toMatch(/\| wrong \| g1 \| scalar-above-r \| \d+ \| \d+ \|/);
    const line = /```\n(g1 [0-9a-f]+)\n```/.exec(r.stdout)![1];
    expect((line.length - 3) % 320).toBe(0);
    const scalars = g1Scalars(line);
    // shrunk: few items, and the fault needs a scalar with bit 255 set
    expect(scalars.length).toBeLessThanOrEqual(2);
    expect(scalars.some((s) => s >> 255n === 1n)).toBe(true);
    const files = readdirSync(path.join(dir, 'targets'));
    expect(files).toHaveLength(1);
    const file = path.join(dir, 'targets', files[0]);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ format: 'stepwise-msm target case', group: 'g1', verdict: 'wrong', line, input: line.slice(3) });
    expect(r.stdout).toContain(`replay --target`);

    const text = path.join(dir, 'requests.txt');
    writeFileSync(text, `# pasted from fuzz\n${line}\n`);
    const [broken, fixed, fromText] = await Promise.all([
      inProcess(['replay', '--target', cmd('drop-top-bit'), file]),
      inProcess(['replay', '--target', cmd('correct'), file]),
      inProcess(['replay', '--target', cmd('drop-top-bit'), text]),
    ]);
    expect(broken.code, broken.stderr).toBe(1);
    expect(broken.stdout).toMatch(/FAIL: wrong: target .* ≠ reference/);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/PASS: agrees/);
    expect(fromText.code, fromText.stderr).toBe(1);
    expect(fromText.stdout).toMatch(/requests\.txt:2: g1, \d+ bytes: FAIL: wrong/);
  });

  it('a target without a subgroup check: caught as "accepts-invalid" with a one-point request; --until-failure stops there, cutting the call another worker is stuck in', async () => {
    // worker 0 runs the G1 cases (caught at once), worker 1 the G2 ones, which this target never
    // answers: without the cut, the run would wait for the one-minute per-call limit
    const r = await runCli([
      'fuzz',
      '--until-failure',
      '--target',
      cmd('g2-hangs'),
      '--classes',
      'not-in-subgroup',
      '--time',
      '60',
      '--timeout',
      '60000',
      '--seed',
      '2',
      '--max-n',
      '4',
      '--workers',
      '2',
      '--no-echo',
      '--corpus',
      tmp(),
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\*\*accepts-invalid\*\* \(g1,/);
    expect(r.stdout).toMatch(/❌ FAILED: 1 failing case\(s\) of 1\n/);
    expect(r.stdout).toContain('Stopped at the first failure (--until-failure).');
    expect(Number(/\| ([\d.]+) s \|/.exec(r.stdout)![1])).toBeLessThan(20);
    const line = /```\n(g1 [0-9a-f]+)\n```/.exec(r.stdout)![1];
    expect(line.length - 3).toBe(320);
  });

  it('a target that dies on infinity is a "crash", one that never answers a zero scalar a "timeout" (--timeout); both shrunk to one item', async () => {
    const [crash, hang] = await Promise.all([
      fuzzG1('crash-on-infinity', 'infinity', 10, 4, 3, '--corpus', tmp()),
      fuzzG1('hang', 'scalar-zero-one', 10, 4, 3, '--timeout', '400', '--corpus', tmp()),
    ]);
    expect(crash.code, crash.stderr).toBe(1);
    expect(crash.stdout).toMatch(/\*\*crash\*\* \(g1,/);
    expect(hang.code, hang.stderr).toBe(1);
    expect(hang.stdout).toMatch(/\*\*timeout\*\* \(g1,/);
    for (const r of [crash, hang]) {
      const line = /```\n(g1 [0-9a-f]+)\n```/.exec(r.stdout)![1];
      expect(line.length - 3).toBe(320);
    }
    // the crashing request: a point at infinity (128 zero bytes)
    expect(/```\n(g1 [0-9a-f]+)\n```/.exec(crash.stdout)![1].slice(3, 259)).toBe('0'.repeat(256));
    // the hanging one: a zero scalar
    expect(/```\n(g1 [0-9a-f]+)\n```/.exec(hang.stdout)![1].slice(259)).toBe('0'.repeat(64));
  });

  it('a correct target passes; the summary gives the rate, the time in calls and the protocol share; --shard splits the cases', async () => {
    const runs = await Promise.all(
      ['0/2', '1/2'].map((s) =>
        inProcess(['fuzz', '--target', cmd('correct'), '--runs', '6', '--seed', '3', '--max-n', '3', '--workers', '1', '--shard', s, '--corpus', tmp()])
      )
    );
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/: ✅ passed/);
      // both groups by default (the fixture implements g1 and g2); 3 of the 6 cases in each shard
      expect(r.stdout).toMatch(/\| g1, g2 \| ≤ 3 \| 3 \| [\d.]+ s \| \d+ \| \d+ % \| \d+ % of call time \| 3 \|/);
    }
    expect(runs[0].stderr).toMatch(/seed 3, shard 0\/2/);
  });
});

describe('gate --target', () => {
  it('a correct target passes (exit 0) with a JUnit report of every class, and the vectors folder it is given', async () => {
    const dir = tmp();
    const junit = path.join(dir, 'junit.xml');
    const r = await inProcess(['gate', '--target', cmd('correct'), ...smallTargetGate(2, 3), '--vectors', eip2537Folder(), '--junit', junit, '--corpus', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| vectors \| ✅ 3\/3 EIP-2537 vectors in 2 file\(s\)/);
    expect(r.stdout).toMatch(/\| msm_G1_bls\.json \| g1 \| success \| 2\/2 \| ✅ \|/);
    expect(r.stdout).toMatch(/gate --target .*: ✅ passed \(exit 0\)/);
    expect(r.stdout).toMatch(/\| properties \| ✅ 16 class cells agree \|/);
    // the harness checked itself first: targets wrong on purpose caught, the correct one agreeing
    expect(r.stdout).toMatch(/\| self-check \| ✅ 12 targets wrong on purpose caught with their expected verdicts .*\| [\d.]+ s \|/);
    expect(r.stderr).toMatch(/\[gate\] self-check: 12 targets wrong on purpose caught/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="properties" tests="16" failures="0"/);
    expect(xml).not.toContain('<failure');
    // every class cell that ran carries its own duration (they were all time="0.000")
    const cells = [...xml.matchAll(/<testcase name="[^"]+" classname="stepwise-msm\.gate\.target" time="([\d.]+)"\/>/g)].map((m) => Number(m[1]));
    expect(cells.length).toBe(16);
    for (const t of cells) expect(t).toBeGreaterThan(0);
  });

  it('a target that accepts points outside the subgroup fails (exit 1): summary, JUnit failure, corpus file; without a vectors folder, that stage says so', async () => {
    const dir = tmp();
    const junit = path.join(dir, 'junit.xml');
    const r = await inProcess(['gate', '--target', cmd('no-subgroup-check'), ...smallTargetGate(3, 3), '--junit', junit, '--corpus', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\| vectors \| ➖ skipped: no EIP-2537 vectors folder/);
    expect(r.stdout).toMatch(/❌ correctness failure \(exit 1\)/);
    expect(r.stdout).toMatch(/\*\*g1 · not-in-subgroup\*\*: accepts-invalid/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<failure message="g1 not-in-subgroup: accepts-invalid/);
    // the failure's text holds the command that replays it, as the Markdown summary does
    expect(xml).toMatch(/\nreplay: npx stepwise-msm replay --target .*no-subgroup-check.* .*targets\/[^\s<]*accepts-invalid[^\s<]*\.json/);
    expect(readdirSync(path.join(dir, 'targets')).some((f) => f.includes('accepts-invalid'))).toBe(true);
  });
});

describe('a timeout is a failure in every command; --time is kept', () => {
  it('gate --target and conformance --strict exit 1 on a target that hangs (verdict timeout)', async () => {
    // never answers the empty request (k = 0): one class times out, with nothing to shrink
    const hangEmpty = `cmd:"${process.execPath}" ${path.join(ROOT, 'harness', 'targets', 'fixtures', 'faulty.mjs')} hang-empty`;
    const base = ['--group', 'g1', '--runs', '2', '--max-n', '2', '--timeout', '500'];
    const [gate, conf] = await Promise.all([
      runCli(['gate', '--target', hangEmpty, ...base, '--skip-bench', '--skip-vectors', '--corpus', tmp()]),
      runCli(['conformance', '--target', hangEmpty, ...base, '--strict']),
    ]);
    expect(gate.code, gate.stderr).toBe(1);
    expect(gate.stdout).toMatch(/\*\*g1 · empty\*\*: timeout: no reply within 500 ms/);
    expect(conf.code, conf.stderr).toBe(1);
    expect(conf.stdout).toMatch(/⏱ timeout/);
  });

  it('fuzz --runs on a module: target whose call never returns (a synchronous loop): a timeout failure with its replay line, no hang', async () => {
    const spec = `module:${path.join(FIXTURES, 'zero-spin-module.mjs')}`;
    const args = ['--target', spec, '--group', 'g1', '--classes', 'scalar-zero-one', '--max-n', '2', '--timeout', '500'];
    const r = await runCli(['fuzz', ...args, '--runs', '40', '--seed', '1', '--workers', '1', '--until-failure', '--corpus', tmp()]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\*\*timeout\*\* \(g1, scalar-zero-one, .*no result within 500 ms \(the call did not return: its thread was stopped\)/);
    expect(r.stdout).toMatch(/- replay: `npx stepwise-msm replay --target /);
  }, 60_000);

  it('a timeout found with --timeout replays as one: the corpus file records the limit, the printed replay command gives it', async () => {
    const dir = tmp();
    const spec = `module:${path.join(FIXTURES, 'zero-slow-module.mjs')}`;
    const args = ['--target', spec, '--group', 'g1', '--classes', 'scalar-zero-one', '--max-n', '2', '--timeout', '500'];
    const r = await runCli(['fuzz', ...args, '--runs', '40', '--seed', '1', '--workers', '1', '--until-failure', '--corpus', 'corpus'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const printed = /- replay: `npx stepwise-msm (replay [^`]*)`/.exec(r.stdout)?.[1] ?? '';
    expect(printed).toMatch(/ --timeout 500$/);
    const file = /- corpus file: `([^`]*)`/.exec(r.stdout)?.[1] ?? '';
    expect(JSON.parse(readFileSync(path.join(dir, file), 'utf8')).timeoutMs).toBe(500);
    // the file alone replays with its limit (the slow call times out again); --timeout overrides it
    const [again, longer] = await Promise.all([
      runCli(['replay', '--target', spec, file], { cwd: dir }),
      runCli(['replay', '--target', spec, file, '--timeout', '5000'], { cwd: dir }),
    ]);
    expect(again.stdout).toMatch(/per-call timeout 500 ms \(recorded\)/);
    expect(again.stdout).toMatch(/FAIL: timeout/);
    expect(again.code, again.stdout).toBe(1);
    expect(longer.code, longer.stdout).toBe(0);
  }, 90_000);

  it('fuzz --time: a call still running is cut a few seconds after the time is up (subprocess), a worker stuck in a synchronous call is ended; a campaign that checked nothing exits 3', async () => {
    const t0 = Date.now();
    const [hang, spin] = await Promise.all([
      // every zero scalar hangs with a one-minute limit: without the cut, the run would last a minute
      runCli([
        'fuzz',
        '--target',
        cmd('hang'),
        '--group',
        'g1',
        '--classes',
        'scalar-zero-one',
        '--timeout',
        '60000',
        '--time',
        '3',
        '--workers',
        '1',
        '--corpus',
        tmp(),
      ]),
      runCli(['fuzz', '--target', `module:${path.join(FIXTURES, 'spin-module.mjs')}`, '--group', 'g1', '--time', '2', '--workers', '1', '--corpus', tmp()]),
    ]);
    const wall = (Date.now() - t0) / 1000;
    // a campaign that checked nothing is not a pass (exit 3, naming the options to change): the
    // spinning target never answers; the hanging one answers the cases without a zero scalar,
    // if any was drawn before the time was up (a pass then)
    const casesOf = (out: string) => Number(/\| (\d+) \| [\d.]+ s \|/.exec(out)![1]);
    expect(casesOf(spin.stdout)).toBe(0);
    for (const r of [hang, spin]) {
      if (casesOf(r.stdout) === 0) {
        expect(r.code, r.stderr).toBe(3);
        expect(r.stdout).toMatch(/: ⚠️ nothing checked: no call of the target finished within --time \(exit 3: raise --time or --timeout, or lower --max-n\)/);
      } else {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/: ✅ passed/);
      }
    }
    for (const r of [hang, spin]) {
      const elapsed = Number(/\| ([\d.]+) s \|/.exec(r.stdout)![1]);
      // --time plus the graces (calls cut 2 s after, shrinking 5 s after, stuck workers ended 3 s later)
      expect(elapsed).toBeLessThan(20);
    }
    expect(wall).toBeLessThan(45);
  });
});

describe('gate --target: the EIP-2537 vectors stage', () => {
  // the folder passing, and no folder at all: the gate --target runs above
  it('a target that drops the last item fails one vector of the folder it is given', async () => {
    const wrong = await inProcess(['gate', '--target', cmd('drop-last'), ...smallTargetGate(1, 2), '--vectors', eip2537Folder(), '--corpus', tmp()]);
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(wrong.stdout).toMatch(/\| msm_G1_bls\.json \| g1 \| success \| 1\/2 \| ❌ \|/);
    // the first differing byte and the bytes around it, not the leading zeros of the padding
    expect(wrong.stdout).toMatch(/- ❌ msm_G1_bls\.json inf-then-g: output differs from byte (\d+) \(of 128\): …[0-9a-f]{32}… ≠ expected …[0-9a-f]{32}…/);
    expect(Number(/output differs from byte (\d+)/.exec(wrong.stdout)?.[1])).toBeGreaterThanOrEqual(16);
  });
});

describe('bench --target', () => {
  it('times a cmd: target with its echo overhead, and refuses to time a wrong one (exit 1), both in one run', async () => {
    const dir = tmp();
    const r = await runCli([
      'bench',
      '--target',
      cmd('correct'),
      '--target',
      cmd('drop-last'),
      '--sizes',
      '2',
      '--time',
      '1',
      '--iterations',
      '1',
      '--peers',
      'none',
      '--out',
      dir,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(1);
    // net = raw − echo, flagged ⚠ (or below zero) when the echo takes more than half of the raw time, as it may on a loaded machine
    expect(r.stdout).toMatch(/\| cmd:.*correct\.mjs \| g1 \| 2 \| [\d.]+ \| [\d.]+ \(echo\) \| -?[\d.]+(?: ⚠)? \|/);
    expect(readFileSync(path.join(dir, 'targets.md'), 'utf8')).toContain('(echo)');
    expect(r.stdout).toMatch(/drop-last\.mjs.*wrong-result: not benchmarked/);
  });
});

describe('target usage errors exit 3 with the reason', () => {
  const dir = tmp();
  const cases: [string, string[], RegExp][] = [
    ['unknown target', ['fuzz', '--target', 'bogus'], /--target: unknown target "bogus": allowed: engine, engine:<gates>, noble/],
    ['empty cmd:', ['conformance', '--target', 'cmd:'], /the command is missing/],
    ['bad engine gates', ['gate', '--target', 'engine:nope'], /unknown gate "nope"/],
    ['unknown bench target', ['bench', '--target', 'nope'], /unknown target "nope"/],
    ['missing module', ['replay', '--target', `module:${path.join(dir, 'none.mjs')}`, path.join(dir, 'x.json')], /cannot read|no module at/],
    ['engine-only option', ['gate', '--target', 'noble', '--sets', 'none'], /--sets applies to the engine only/],
    ['target-only option', ['fuzz', '--group', 'g1', '--runs', '1'], /--group applies with --target <spec> only/],
    ['target-only negated option', ['fuzz', '--no-echo', '--runs', '1'], /fuzz: --no-echo applies with --target <spec> only/],
    ['impl and target', ['fuzz', '--target', 'noble', '--impl', 'x.ts'], /not both/],
    ['unsupported group', ['fuzz', '--target', 'micro-eth-signer', '--group', 'g2'], /supports g1/],
    ['unknown class', ['fuzz', '--target', 'noble', '--classes', 'nope'], /unknown class "nope": allowed: random-points/],
  ];
  // in this process (the same main() the launcher runs): these are about the parser, not the process
  it.each(cases)('%s', async (_name, args, re) => {
    const r = await inProcess(args);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toMatch(re);
  });

  it('nothing that reaches the target is not a pass: --classes only invalid on a decoded-point target, replay of a group it lacks', async () => {
    const none = await inProcess(['fuzz', '--target', 'noble', '--classes', 'not-on-curve,empty', '--runs', '4', '--workers', '1']);
    expect(none.code, none.stdout + none.stderr).toBe(3);
    expect(none.stderr).toMatch(/--classes not-on-curve,empty: no class reaches the target \(noble takes decoded points/);
    const file = path.join(tmp(), 'g2.txt');
    writeFileSync(file, `g2 ${'00'.repeat(288)}\n`);
    const na = await inProcess(['replay', '--target', 'micro-eth-signer', file]);
    expect(na.code, na.stdout + na.stderr).toBe(3);
    expect(na.stdout).toMatch(/n\/a \(the target does not support g2\)\n⚠️ nothing checked: 0 of 1 request\(s\) reach the target \(1 n\/a\)/);
    expect(na.stdout).not.toMatch(/PASS/);
  });

  it('docs/cli.md names the --target commands without --group, as their --help shows', async () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
    const without = (/`--group g1\|g2` \(not ([a-z, ]+)\)/.exec(doc)?.[1] ?? '').split(', ');
    for (const c of ['fuzz', 'gate', 'replay', 'bench', 'conformance']) {
      const r = await inProcess([c, '--help']);
      expect(r.stdout.includes('--group <'), c).toBe(!without.includes(c));
    }
  });

  it('--help of the target commands lists the built-in targets', async () => {
    const rs = await Promise.all(['fuzz', 'gate', 'replay', 'conformance'].map((c) => inProcess([c, '--help'])));
    for (const r of rs) {
      expect(r.code).toBe(0);
      for (const t of ['engine[:<gates>]', 'noble', 'mcl-wasm', 'micro-eth-signer', 'module:<path>', 'cmd:<command line>']) expect(r.stdout).toContain(t);
    }
  });
});
