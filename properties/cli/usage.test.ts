/**
 * `stepwise-msm`: help for every subcommand (exit 0) and usage/configuration errors (exit 3)
 * that say what was wrong and what is allowed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, runCliInProcess } from './run-cli.js';

const inProcess = runCliInProcess;

const SUBCOMMANDS = ['gate', 'fuzz', 'replay', 'bench', 'conformance', 'vectors', 'new-step'];

describe('stepwise-msm help and usage errors', () => {
  it('top-level --help lists every subcommand and the exit codes (exit 0)', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of SUBCOMMANDS) expect(r.stdout).toContain(c);
    expect(r.stdout).toMatch(/0 pass, 1 correctness failure, 2 performance regression, 3 bad usage/);
  });

  it('every subcommand has --help (exit 0)', async () => {
    const runs = await Promise.all(SUBCOMMANDS.map((c) => inProcess([c, '--help'])));
    runs.forEach((r, i) => {
      expect(r.code, SUBCOMMANDS[i]).toBe(0);
      expect(r.stdout).toContain(`Usage: stepwise-msm ${SUBCOMMANDS[i]}`);
      // defaults read as a user types them: no JSON of parsed values, one default per option
      expect(r.stdout, SUBCOMMANDS[i]).not.toMatch(/default: [{[]/);
      const options = r.stdout.split(/\n(?= {2}-)/);
      for (const o of options) expect(o.match(/\bdefault(?::| \d)/g)?.length ?? 0, `${SUBCOMMANDS[i]}: ${o}`).toBeLessThanOrEqual(1);
    });
    const fuzz = runs[SUBCOMMANDS.indexOf('fuzz')]!.stdout.replace(/\s+/g, ' ');
    expect(fuzz).toContain('--shard <i/n> run only case indices ≡ i (mod n) (default: 0/1)');
    expect(fuzz).toMatch(/--max-n <n> largest MSM size \(default: 64; \d+ with --target\)/);
  });

  it('no arguments prints help and exits 3', async () => {
    const r = await inProcess([]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Usage: stepwise-msm');
  });

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'stepwise-usage-'));
  const aFile = path.join(tmp, 'a-file');
  writeFileSync(aFile, '');
  const arrayCounts = path.join(tmp, 'array-counts.json');
  writeFileSync(arrayCounts, JSON.stringify({ version: 2, curve: 'g1', n: 256, seed: 1, sets: [1, 2] }));
  const targetCase = path.join(tmp, 'target-case.json');
  writeFileSync(targetCase, JSON.stringify({ format: 'stepwise-msm target case', version: 1, group: 'g1', input: '00' }));
  const cases: [string, string[], RegExp, Record<string, string | undefined>?][] = [
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown option', ['fuzz', '--bogus'], /unknown option '--bogus'/],
    ['bad curve', ['fuzz', '--curve', 'g3'], /Allowed choices are g1, g2, toy/],
    ['unknown gate', ['fuzz', '--gates', '{"noSuchGate":true}'], /unknown gate "noSuchGate": known gates are/],
    ['bad gates JSON', ['fuzz', '--gates', '{oops'], /invalid JSON.*expected none, all, default, random/],
    ['bad gates preset', ['fuzz', '--gates', 'most'], /unknown gate "most".*or use none, all, default, random, or a JSON record/],
    ['bad gates list', ['fuzz', '--gates', 'glv+nope'], /unknown gate "nope"/],
    ['bad gates syntax', ['fuzz', '--gates', 'glv,nope'], /allowed: none, all, default, random/],
    ['bad shard', ['fuzz', '--shard', '3/3'], /expected 0 ≤ i < n/],
    ['bad shard syntax', ['fuzz', '--shard', 'x'], /expected i\/n/],
    ['time and runs together', ['fuzz', '--time', '5', '--runs', '3'], /cannot be used with option '--runs/],
    ['min-n above max-n', ['fuzz', '--min-n', '9', '--max-n', '3'], /--min-n \(9\) must not exceed --max-n \(3\)/],
    ['bad integer', ['fuzz', '--runs', 'many'], /expected an integer in \[1, /],
    ['--junit names a folder', ['gate', '--junit', tmp], /'--junit <file>' argument .* is invalid\. cannot write ".*": it is a folder/],
    ['--json under a file', ['fuzz', '--json', path.join(aFile, 'x.json')], /cannot write ".*x\.json": .*a-file is a file, not a folder/],
    ['--corpus is a file', ['fuzz', '--corpus', aFile], /cannot write into ".*a-file": it is a file/],
    ['bench --out is a file', ['bench', '--out', aFile], /cannot write into ".*a-file": it is a file/],
    ['conformance --html names a folder', ['conformance', '--html', tmp], /cannot write ".*": it is a folder/],
    [
      'fuzz --target: --max-n above the case limit',
      ['fuzz', '--target', 'noble', '--max-n', '65537', '--runs', '1'],
      /--max-n must be an integer in \[1, 65536\], got 65537/,
    ],
    ['gate --target: --max-n above the case limit', ['gate', '--target', 'noble', '--max-n', '65537'], /expected an integer in \[1, 65536\], got "65537"/],
    ['conformance: --max-n 0', ['conformance', '--max-n', '0'], /expected an integer in \[1, 65536\], got "0"/],
    ['replay: min-n above max-n', ['replay', '--seed', '1', '--path', '0', '--min-n', '10', '--max-n', '5'], /--min-n \(10\) must not exceed --max-n \(5\)/],
    ['replay: a bad --reach-exclude', ['replay', '--seed', '1', '--path', '0', '--cases', 'reach', '--reach-exclude', '('], /not a regular expression/],
    [
      'replay: --reach-exclude without reach cases',
      ['replay', '--seed', '1', '--path', '0', '--reach-exclude', 'x'],
      /--reach-exclude applies to --cases reach only/,
    ],
    [
      'replay: --reach-exclude leaves no reach edge',
      ['replay', '--seed', '1', '--path', '0', '--curve', 'toy', '--cases', 'reach', '--reach-exclude', '.*'],
      /--cases reach --reach-exclude "\.\*": no reach edge on toy/,
    ],
    [
      'fuzz: --reach-exclude leaves no reach edge',
      ['fuzz', '--curve', 'toy', '--runs', '2', '--workers', '1', '--cases', 'reach', '--reach-exclude', '.*'],
      /--cases reach --reach-exclude "\.\*": no reach edge on toy/,
    ],
    [
      'fuzz: --runs leaves the shard no case',
      ['fuzz', '--curve', 'toy', '--runs', '2', '--shard', '4/5', '--workers', '1'],
      /--runs 2 gives shard 4\/5 no case/,
    ],
    ['gate --target: an engine-only --bail', ['gate', '--target', 'noble', '--bail'], /gate --target: --bail applies to the engine only/],
    [
      'gate --target: engine-only checks options',
      ['gate', '--target', 'noble', '--skip-checks', '--checks', 'x'],
      /--checks, --skip-checks apply to the engine only/,
    ],
    ['fuzz --target: engine-only --cases', ['fuzz', '--target', 'noble', '--cases', 'reach'], /fuzz --target: --cases applies to the engine only/],
    [
      'replay --target: engine-only --reach-exclude',
      ['replay', 'x.json', '--target', 'noble', '--reach-exclude', 'x'],
      /--reach-exclude applies to the engine only/,
    ],
    [
      'gate --target: a --vectors folder that does not exist',
      ['gate', '--target', 'noble', '--vectors', path.join(tmp, 'no-vectors')],
      /--vectors .*no-vectors: no folder at/,
    ],
    ['gate --target: a --vectors folder without EIP-2537 files', ['gate', '--target', 'noble', '--vectors', tmp], /no EIP-2537 vector file \(msm_G1_bls\.json/],
    ['vectors: an empty --gates list', ['vectors', '--vectors', tmp, '--gates', ','], /--gates: empty list/],
    [
      'conformance: a --group the target lacks',
      ['conformance', '--target', 'noble', '--target', 'micro-eth-signer', '--group', 'g2'],
      /--group g2: target micro-eth-signer supports g1/,
    ],
    [
      'bench --target: a module that does not exist',
      ['bench', '--target', `module:${path.join(tmp, 'none.mjs')}`, '--sizes', '16'],
      /--target module:.*none\.mjs/,
    ],
    [
      'bench --target with another suite',
      ['bench', '--suite', 'wasm', '--target', 'noble'],
      /--target times targets beside the engine suite: not with --suite wasm/,
    ],
    ['bench --timeout without --target', ['bench', '--timeout', '1000'], /--timeout applies with --target <spec> only/],
    ['replay: a target case without --target', ['replay', targetCase], /target-case\.json is a target case: replay it with --target <spec>/],
    [
      'gate counts file whose sets are an array',
      ['gate', '--sets', 'none', '--runs', '1', '--g1-runs', '0', '--random-runs', '0', '--skip-vectors', '--skip-checks', '--counts', arrayCounts],
      /is not a version-2 counts file/,
    ],
    ['replay without input', ['replay'], /needs a corpus file, or both --seed and --path/],
    [
      'replay FILE with property flags',
      ['replay', 'x.json', '--curve', 'g1', '--max-n', '3'],
      /replay FILE: --curve, --max-n apply to --seed\/--path replays only/,
    ],
    ['replay missing file', ['replay', path.join(tmp, 'nope.json')], /cannot read .*nope\.json/],
    ['replay file and seed', ['replay', 'x.json', '--seed', '1', '--path', '0'], /either a corpus file or --seed/],
    ['gate bad family', ['gate', '--sets', 'singles'], /unknown family "singles": allowed: none, default, all, single, minus-one/],
    [
      'gate missing explicit counts file',
      ['gate', '--sets', 'none', '--runs', '1', '--g1-runs', '0', '--skip-vectors', '--counts', path.join(tmp, 'no-counts.json')],
      /does not exist: create it with `stepwise-msm bench --update-counts`/,
    ],
    [
      'gate unknown --against ref',
      ['gate', '--sets', 'none', '--runs', '1', '--g1-runs', '0', '--random-runs', '0', '--skip-vectors', '--skip-checks', '--against', 'no-such-ref-xyz'],
      /--against: "no-such-ref-xyz" is not a commit git knows/,
    ],
    ['gate bad --time-sets', ['gate', '--time-sets', 'ladders'], /unknown family "ladders": allowed: none, default, all, single, minus-one, ladder, pairs/],
    ['gate vectors dir missing', ['gate', '--vectors', path.join(tmp, 'no-vectors')], /vectors folder .* does not exist/],
    ['vectors not configured', ['vectors'], /no vectors configured: set STEPWISE_VECTORS/, { STEPWISE_VECTORS: '' }],
    ['vectors bad gate set', ['vectors', '--vectors', tmp, '--gates', 'most'], /unknown set "most": allowed: default, none, all, single/],
    ['bench bad sizes', ['bench', '--sizes', '16,x'], /--sizes: "x" is not an integer/],
    ['bench bad view', ['bench', '--views', 'ladders'], /unknown view "ladders"/],
    ['bench bad peer', ['bench', '--peers', 'openssl'], /unknown peer "openssl": allowed: /],
    ['bench bad suite', ['bench', '--suite', 'gpu'], /Allowed choices are engine, wasm, kzg/],
    ['bench bad wasm section', ['bench', '--suite', 'wasm', '--sections', 'mul,gpu'], /--sections: unknown section "gpu": allowed: mul, ladder, msm, kzg/],
    [
      'bench unknown --against ref',
      ['bench', '--against', 'no-such-ref-xyz', '--sizes', '4', '--curve', 'toy'],
      /--against: "no-such-ref-xyz" is not a commit git knows/,
    ],
    ['new-step bad name', ['new-step', 'Bad-Name', '--root', tmp], /camelCase/],
    ['new-step reserved name', ['new-step', 'all', '--root', tmp], /reserved/],
    ['new-step object-member name', ['new-step', 'constructor', '--root', tmp], /step name "constructor" is a property every object has/],
    ['new-step title over two lines', ['new-step', 'fine', '--root', tmp, '--title', 'a\nb'], /--title: one line of text, without "\*\/"/],
    ['new-step title closing the comment', ['new-step', 'fine', '--root', tmp, '--title', 'a */ b'], /--title: one line of text/],
    ['new-step no registry', ['new-step', 'fine', '--root', tmp], /no step registry/],
    [
      'new-step bad entry point',
      ['new-step', 'fine', '--root', tmp, '--entries', 'plain,sync'],
      /--entries: unknown value "sync": allowed: plain, prepared, async/,
    ],
    ['new-step bad window', ['new-step', 'fine', '--root', tmp, '--windows', 'auto,17'], /--windows: "17" is not allowed: use every \(1\.\.16\), auto/],
    ['new-step bad input class', ['new-step', 'fine', '--root', tmp, '--inputs', 'twins'], /--inputs: unknown value "twins": allowed: zeroScalars, identity/],
  ];
  it('a devDependency that the installed command loads on demand and cannot find is a usage error saying how to get it (exit 3), not a crash', async () => {
    const { importDevDependency } = await import('../../harness/browser/bundle.js');
    const { UsageError } = await import('../../harness/cli/errors.js');
    const e = await importDevDependency('stepwise-no-such-package').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/stepwise-no-such-package cannot be loaded .*npm install --no-save stepwise-no-such-package/);
  });

  it('gate: --checks that selects nothing and a vectors folder without vectors are refused before the properties run (exit 3)', async () => {
    const base = ['gate', '--sets', 'none', '--runs', '1', '--g1-runs', '0', '--random-runs', '0', '--skip-bench'];
    const checks = await inProcess([...base, '--skip-vectors', '--checks', 'zzznomatch']);
    expect(checks.code, checks.stderr).toBe(3);
    expect(checks.stderr).toMatch(/--checks: no engine check's id contains "zzznomatch"/);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'stepwise-no-vectors-'));
    const vectors = await inProcess([...base, '--skip-checks', '--vectors', empty]);
    expect(vectors.code, vectors.stderr).toBe(3);
    expect(vectors.stderr).toMatch(/no KZG vectors under /);
    for (const r of [checks, vectors]) expect(r.stderr).not.toMatch(/\[gate\] properties/);
  });

  it('exit 3 through the launcher too (child process)', async () => {
    const r = await runCli(['fuzz', '--curve', 'g3']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Allowed choices are g1, g2, toy/);
  });

  it('npm run bench is the same command: bad usage exits 3, not 2 (child process, through npm)', async () => {
    const { spawnSync } = await import('node:child_process');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS') env[k] = v;
    const r = spawnSync('npm', ['run', '--silent', 'bench', '--', '--sizes', '16,x'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/--sizes: "x" is not an integer/);
  });

  for (const [name, args, msg, env] of cases)
    it(`exit 3: ${name}`, async () => {
      const r = await inProcess(args, env);
      expect(r.code, r.stderr + r.stdout).toBe(3);
      expect(r.stderr).toMatch(msg);
    });
});
