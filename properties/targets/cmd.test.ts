/**
 * `cmd:` targets and the verdicts: the fixture subprocesses in properties/targets/fixtures/ (a
 * correct one on noble and ones wrong on purpose) are each caught by fuzzTarget with the right
 * verdict and shrunk to a small input; the protocol framing rejects malformed replies clearly;
 * after a crash or a timeout the target is restarted and usable.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { fuzzTarget, checkTargetCase, isFailure, type VerdictKind } from '../../harness/targets/check.js';
import { cmdTarget, echoTarget, parseReply, type CmdTarget } from '../../harness/targets/cmd.js';
import { shellQuote } from '../../harness/format.js';
import { encodeMsmInput, ITEM_SIZE } from '../../harness/targets/eip2537.js';
import { TargetFailure } from '../../harness/targets/target.js';
import type { TargetClass } from '../../harness/arbitraries/target-case.js';

const FIX = path.join(import.meta.dirname, 'fixtures');
/** The harness's targets wrong on purpose (`faulty.mjs <fault>`), as a path relative to FIX. */
const FAULTY = path.join('..', '..', '..', 'harness', 'targets', 'fixtures', 'faulty.mjs');
const seed = (globalThis as { __FC_SEED__?: number }).__FC_SEED__ ?? 1;
const node = shellQuote(process.execPath);
const open: CmdTarget[] = [];
function fixture(name: string, timeoutMs = 10_000, arg = '', startupMs = 10_000): CmdTarget {
  const t = cmdTarget(`${node} ${shellQuote(path.join(FIX, name))}${arg ? ` ${arg}` : ''}`, { timeoutMs, startupMs });
  open.push(t);
  return t;
}
afterAll(async () => {
  for (const t of open) await t.close();
});

const G1P = bls12_381.G1.Point;
const one = (s: bigint, P = G1P.BASE.multiply(5n)) => encodeMsmInput('g1', [P], [s]);
const items = (line: string) => (line.length - 3) / 2 / ITEM_SIZE.g1;

describe('fixture cmd: targets under fuzzTarget', () => {
  it('the correct noble fixture agrees on every class, G1 and G2', async () => {
    const t = fixture('correct.mjs');
    const r1 = await fuzzTarget(t, { seed, runs: 40, group: 'g1', maxN: 8 });
    expect(r1.failures.map((f) => f.verdict)).toEqual([]);
    expect(r1.cases).toBe(40);
    const r2 = await fuzzTarget(t, { seed, runs: 12, group: 'g2', maxN: 4 });
    expect(r2.failures.map((f) => f.verdict)).toEqual([]);
    expect(t.starts).toBe(1);
  });

  const cases: [string, VerdictKind, TargetClass[], number][] = [
    // a scalar ≥ 2^255 is needed: the unreduced classes
    ['drop-top-bit.mjs', 'wrong', ['scalar-above-r', 'scalar-near-r'], 10_000],
    ['no-subgroup-check.mjs', 'accepts-invalid', ['not-in-subgroup', 'random-points'], 10_000],
    ['crash-on-infinity.mjs', 'crash', ['infinity', 'random-points'], 10_000],
    ['hang.mjs', 'timeout', ['scalar-zero-one'], 400],
  ];
  for (const [file, kind, classes, timeoutMs] of cases) {
    it(`${file} is caught as "${kind}" and shrunk to one point`, async () => {
      // the hang fixture: a short per-call limit, and 2 s for each restarted process to start
      const t = fixture(file, timeoutMs, '', 2000);
      const r = await fuzzTarget(t, { seed, runs: 60, group: 'g1', maxN: 8, classes, shrinkMs: 30_000 });
      expect(r.failures).toHaveLength(1);
      const f = r.failures[0];
      console.log(`[targets] ${file}: ${f.verdict.kind} after ${r.cases} case(s), ${f.numShrinks} shrink(s): ${f.verdict.detail.split('\n')[0]}\n  ${f.line}`);
      expect(f.verdict.kind).toBe(kind);
      expect(items(f.line)).toBe(1);
      expect(f.line).toBe(`g1 ${Buffer.from(f.case.input).toString('hex')}`);
      expect(f.verdict.line).toBe(f.line);
      expect(String(f.seed)).toMatch(/^-?\d+$/);
      // the shrunk failure replays from (seed, path)
      const again = await fuzzTarget(t, { seed: f.seed, path: f.path, group: 'g1', maxN: 8, classes });
      expect(again.failures[0]?.line).toBe(f.line);
      // and the target is still usable: a plain valid request after the failures
      const ok = await checkTargetCase(t, { group: 'g1', input: one(3n) });
      expect(ok.kind).toBe('agrees');
    });
  }

  it('crash details: exit code and the last stderr lines; the next call restarts the process', async () => {
    const t = fixture('crash-on-infinity.mjs');
    const v = await checkTargetCase(t, { group: 'g1', input: one(3n, G1P.ZERO) });
    expect(v.kind).toBe('crash');
    expect(v.detail).toMatch(/exited with code 3 before replying/);
    expect(v.detail).toMatch(/fixture: cannot handle the point at infinity/);
    expect(isFailure(v)).toBe(true);
    expect((await checkTargetCase(t, { group: 'g1', input: one(3n) })).kind).toBe('agrees');
    expect(t.starts).toBe(2);
  });

  it('a timeout kills the process; the next call restarts it; the message says how long answered calls of that size took and names --timeout and --max-n', async () => {
    const t = fixture('hang.mjs', 300, '', 5000);
    // the first request to a new process has the start-up allowance on top of the limit
    expect((await checkTargetCase(t, { group: 'g1', input: one(8n) })).kind).toBe('agrees');
    expect((await checkTargetCase(t, { group: 'g1', input: one(7n) })).kind).toBe('agrees');
    const v = await checkTargetCase(t, { group: 'g1', input: one(0n) });
    expect(v.kind).toBe('timeout');
    expect(v.detail).toMatch(
      /^no reply within 300 ms \(the process was killed\), on a G1 request of 1 item\(s\)\. The slowest answered G1 call with 1 item\(s\) took \d+ ms\. A correct but slower target needs a larger --timeout <ms> \(or a smaller --max-n <n>\)\. If the target answers but does not flush stdout after each reply line/
    );
    expect((await checkTargetCase(t, { group: 'g1', input: one(9n) })).kind).toBe('agrees');
    expect(t.starts).toBe(2);
    // a per-call limit overrides the target's; no answered call of that size yet: the slowest of the group
    const two = encodeMsmInput('g1', [G1P.BASE, G1P.BASE.double()], [0n, 1n]);
    const w = await checkTargetCase(t, { group: 'g1', input: two }, { timeoutMs: 150 });
    expect(w.detail).toMatch(
      /^no reply within 150 ms \(the process was killed\), on a G1 request of 2 item\(s\)\. No G1 call with 2 item\(s\) has been answered yet; the slowest answered G1 call took \d+ ms \(1 item\(s\)\)\./
    );
    // a hang on the first request of a fresh process: limit + allowance (a restart: from the first process's start-up, at least 2 s)
    const x = await checkTargetCase(t, { group: 'g1', input: one(0n) }, { timeoutMs: 100 });
    expect(x.detail).toMatch(/^no reply within 100 ms \(\+ (\d+) ms start-up allowance\) \(the process was killed\)/);
    const allowance = Number(/\+ (\d+) ms/.exec(x.detail)![1]);
    expect(allowance).toBeGreaterThanOrEqual(2000);
    expect(allowance).toBeLessThanOrEqual(5000);
  });

  it('a target that does not flush stdout: the timeout says its reply came out only when stdin was closed, and how to flush', async () => {
    const t = fixture('no-flush.mjs', 300, '', 500);
    const v = await checkTargetCase(t, { group: 'g1', input: one(3n) });
    expect(v.kind).toBe('timeout');
    expect(v.detail).toMatch(
      /^no reply within 300 ms \(\+ 500 ms start-up allowance\) \(the process was killed\): its reply "0{32}[0-9a-f]+… \(256 chars\)" came out only when the harness closed the target's stdin, so the target does not flush stdout after each reply line .*fflush\(stdout\)/
    );
  });

  it('a reply flushed without its newline: the timeout says so (not that stdout is not flushed)', async () => {
    const t = fixture('progress-stderr.mjs', 300, 'nonl', 500);
    const v = await checkTargetCase(t, { group: 'g1', input: one(0n) });
    expect(v.kind).toBe('timeout');
    expect(v.detail).toMatch(
      /^no reply within 300 ms \(\+ 500 ms start-up allowance\) \(the process was killed\): it wrote "0{32}.*\(256 chars\)", a reply without a terminating newline/
    );
    expect(v.detail).not.toMatch(/flush/);
  });

  it('stderr that never ends its line (\\r progress bars) costs no rescan: 300 requests of 200 KB of it each stay fast', async () => {
    const t = fixture('progress-stderr.mjs');
    const input = one(0n);
    await t.call('g1', input);
    const t0 = performance.now();
    for (let i = 0; i < 300; i++) expect((await t.call('g1', input)).kind).toBe('output');
    // 60 MB of one unended stderr line: rescanning what came before on every chunk took ~50 s
    expect(performance.now() - t0).toBeLessThan(15_000);
  }, 60_000);

  it('a command that does not exist is a crash naming the shell status (the commands refuse it before running: probe)', async () => {
    const t = cmdTarget('./no-such-msm-binary --serve', { cwd: FIX });
    open.push(t);
    const v = await checkTargetCase(t, { group: 'g1', input: one(1n) });
    expect(v.kind).toBe('crash');
    expect(v.detail).toMatch(/exited with code 127 \(the shell could not find the command\)/);
    expect(v.detail).toMatch(/no-such-msm-binary/);
  });
});

describe('probe: does the command start?', () => {
  const probe = (command: string) => cmdTarget(command, { cwd: FIX }).probe();
  it('a correct target (exits 0 at the end of an empty input) passes', async () => {
    expect(await probe(`${node} correct.mjs`)).toBeNull();
  });
  it('not found, not executable, exits with an error, prints on stdout: each says why', async () => {
    const [missing, notExec, fails, banner] = await Promise.all([
      probe('./no-such-msm-binary --serve'),
      probe('./lib.mjs'),
      probe(`${node} no-such-script.mjs`),
      probe(`${node} -e "console.log('ready'); process.stdin.resume()"`),
    ]);
    expect(missing).toMatch(/^the command was not found: `\.\/no-such-msm-binary --serve` exited with code 127 .*\n.*not found/s);
    expect(notExec).toMatch(/^the command cannot be executed \(permissions\?\): .*code 126/s);
    expect(fails).toMatch(/^the target exited with code 1 when started, before any request .*Cannot find module/s);
    expect(banner).toBe('the target printed "ready" on stdout before any request: stdout carries replies only (one per request); write logs to stderr');
  });
});

describe('protocol framing', () => {
  const modes: [string, RegExp][] = [
    ['nothex', /reply is neither "error <message>" nor hex: "result: 0000/],
    ['short', /reply is 254 hex digits, expected 256 \(128 bytes for G1\)/],
    ['twolines', /more than one reply line for one request/],
    ['silent-exit', /exited with code 0 before replying/],
  ];
  for (const [mode, msg] of modes) {
    it(`${mode}: a ${mode === 'silent-exit' ? 'crash' : 'protocol failure'} with a clear message`, async () => {
      const t = fixture(FAULTY, 10_000, mode);
      const v = await checkTargetCase(t, { group: 'g1', input: one(2n) });
      expect(v.kind).toBe(mode === 'silent-exit' ? 'crash' : 'protocol');
      expect(v.detail).toMatch(msg);
    });
  }

  it('unsolicited: a line printed after the reply fails the next request and restarts', async () => {
    const t = fixture('unsolicited.mjs');
    expect((await checkTargetCase(t, { group: 'g1', input: one(2n) })).kind).toBe('agrees');
    await new Promise((r) => setTimeout(r, 600));
    const v = await checkTargetCase(t, { group: 'g1', input: one(2n) });
    expect(v).toMatchObject({ kind: 'protocol', detail: 'the target printed "hello" after its previous reply (no request pending)' });
    expect(t.starts).toBe(1);
    expect((await checkTargetCase(t, { group: 'g1', input: one(2n) })).kind).toBe('agrees');
    expect(t.starts).toBe(2);
  });

  it('parseReply: error lines, exact hex lengths, long replies quoted truncated', () => {
    expect(parseReply('g1', 'error bad point')).toEqual({ kind: 'error', message: 'bad point' });
    expect(parseReply('g1', 'error')).toEqual({ kind: 'error', message: '(no message)' });
    expect(parseReply('g2', '00'.repeat(256))).toEqual({ kind: 'output', output: new Uint8Array(256) });
    expect(() => parseReply('g2', '00'.repeat(128))).toThrow(/512/);
    expect(() => parseReply('g1', '')).toThrow(TargetFailure);
    const long = 'x'.repeat(1000);
    expect(() => parseReply('g1', long)).toThrow(`"${'x'.repeat(160)}… (1000 chars)"`);
  });

  it('requests are serialized: concurrent calls each get their own reply', async () => {
    const t = fixture('correct.mjs');
    const inputs = [1n, 2n, 3n, 4n, 5n].map((s) => one(s));
    const vs = await Promise.all(inputs.map((input) => checkTargetCase(t, { group: 'g1', input })));
    expect(vs.map((v) => v.kind)).toEqual(['agrees', 'agrees', 'agrees', 'agrees', 'agrees']);
  });

  it('the echo target answers every request with the zero output of its group', async () => {
    const t = echoTarget();
    open.push(t);
    expect(await t.call('g1', one(1n))).toEqual({ kind: 'output', output: new Uint8Array(128) });
    expect(await t.call('g2', encodeMsmInput('g2', [bls12_381.G2.Point.BASE], [1n]))).toEqual({ kind: 'output', output: new Uint8Array(256) });
    expect(t.spec).toBe('echo');
  });

  it('bad options are errors naming them', () => {
    expect(() => cmdTarget('')).toThrow(TypeError);
    expect(() => cmdTarget('x', { timeoutMs: 0 })).toThrow(/timeoutMs must be a positive number/);
  });
});
