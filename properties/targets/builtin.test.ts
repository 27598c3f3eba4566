/**
 * Target specs and the in-process targets: parseTargetSpec's accepted forms and usage errors;
 * engine (several gate sets), noble, mcl-wasm, micro-eth-signer and module: targets pass small
 * cases of every class they support (a target that lacks a group says so).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { UsageError } from '../../harness/cli/errors.js';
import { checkTargetCase, fuzzTarget } from '../../harness/targets/check.js';
import { encodeMsmInput } from '../../harness/targets/eip2537.js';
import { BUILTIN_TARGETS, openTarget, parseTargetSpec, targetHelp } from '../../harness/targets/spec.js';
import { TargetFailure, type Target } from '../../harness/targets/target.js';

const FIX = path.join(import.meta.dirname, 'fixtures');
const seed = (globalThis as { __FC_SEED__?: number }).__FC_SEED__ ?? 1;
const opened: Target[] = [];
async function open(spec: string): Promise<Target> {
  const t = await openTarget(spec, { cwd: FIX });
  opened.push(t);
  return t;
}
afterAll(async () => {
  for (const t of opened) await t.close();
});

describe('parseTargetSpec', () => {
  it('engine, engine:<gates>, built-ins, module:, cmd:', () => {
    expect(parseTargetSpec('engine')).toMatchObject({ kind: 'engine', label: 'default' });
    expect(parseTargetSpec('engine:none')).toMatchObject({ kind: 'engine', label: 'none' });
    const all = parseTargetSpec('engine:all');
    expect(all.kind === 'engine' && Object.values(all.gates).every(Boolean)).toBe(true);
    expect(parseTargetSpec('engine:glv+wasmField')).toMatchObject({ kind: 'engine', label: 'glv+wasmField' });
    expect(parseTargetSpec('engine:{"glv":true}')).toMatchObject({ kind: 'engine' });
    expect(parseTargetSpec('noble')).toEqual({ kind: 'builtin', spec: 'noble', name: 'noble' });
    expect(parseTargetSpec('module:./x.mjs')).toEqual({ kind: 'module', spec: 'module:./x.mjs', path: './x.mjs' });
    expect(parseTargetSpec('cmd:./msm --serve "a b"')).toEqual({ kind: 'cmd', spec: 'cmd:./msm --serve "a b"', command: './msm --serve "a b"' });
  });

  it('bad specs are usage errors naming what is allowed', () => {
    expect(() => parseTargetSpec('nobel')).toThrow(UsageError);
    expect(() => parseTargetSpec('nobel')).toThrow(/unknown target "nobel": allowed: engine, engine:<gates>, noble, mcl-wasm, micro-eth-signer/);
    expect(() => parseTargetSpec('engine:glvv')).toThrow(/--target engine:glvv: unknown gate "glvv": known gates are/);
    expect(() => parseTargetSpec('engine:random')).toThrow(/"random" is not allowed/);
    expect(() => parseTargetSpec('cmd:')).toThrow(/the command is missing/);
    expect(() => parseTargetSpec('module:  ')).toThrow(/the module path is missing/);
    expect(() => parseTargetSpec('')).toThrow(UsageError);
  });

  it('help lists every built-in with a description', () => {
    const names = targetHelp().map((h) => h.name);
    for (const b of BUILTIN_TARGETS) expect(names).toContain(b.name);
    expect(names).toEqual(expect.arrayContaining(['engine[:<gates>]', 'module:<path>', 'cmd:<command line>']));
    for (const h of targetHelp()) expect(h.description.length).toBeGreaterThan(20);
  });

  it('module: errors: missing file, no usable export', async () => {
    await expect(openTarget('module:./nope.mjs', { cwd: FIX })).rejects.toThrow(/no module at .*nope\.mjs/);
    await expect(openTarget('module:./lib.mjs', { cwd: FIX })).rejects.toThrow(/exports neither eip2537\(input, group\) nor msm\(points, scalars\)/);
  });
});

describe('module: targets run in a thread of their own', () => {
  it('a call that never returns (a synchronous loop) fails with a timeout at its limit; the next call gets a fresh thread', async () => {
    const t = await openTarget('module:./spin-module.mjs', { cwd: FIX, timeoutMs: 300 });
    opened.push(t);
    const t0 = Date.now();
    await expect(t.call('g1', new Uint8Array(160))).rejects.toMatchObject({ kind: 'timeout' });
    await expect(t.call('g1', new Uint8Array(160))).rejects.toThrow(/no result within 300 ms \(the call did not return: its thread was stopped\)/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 30_000);
});

describe('in-process targets pass small cases', () => {
  const specs: [string, ('g1' | 'g2')[]][] = [
    ['engine', ['g1', 'g2']],
    ['engine:none', ['g1']],
    ['engine:all', ['g1']],
    ['noble', ['g1', 'g2']],
    ['mcl-wasm', ['g1', 'g2']],
    ['micro-eth-signer', ['g1']],
    ['module:./eip2537-module.mjs', ['g1', 'g2']],
    ['module:./msm-module.mjs', ['g1', 'g2']],
  ];
  for (const [spec, groups] of specs) {
    it(`${spec}: ${groups.join(', ')}`, async () => {
      const t = await open(spec);
      expect(t.spec).toBe(spec);
      for (const group of groups) {
        const r = await fuzzTarget(t, { seed, runs: group === 'g1' ? 20 : 8, group, maxN: group === 'g1' ? 12 : 4 });
        expect(r.failures.map((f) => `${f.verdict.kind}: ${f.verdict.detail} ${f.line.slice(0, 80)}`)).toEqual([]);
      }
    });
  }

  it("decodesInput: false for decoded-point targets (the invalid classes are the harness decoder's), true for the engine (the library's own EIP-2537 decoder), eip2537 modules and cmd:", async () => {
    expect((await open('noble')).decodesInput).toBe(false);
    expect((await open('engine')).decodesInput).toBe(true);
    expect((await open('engine:none')).decodesInput).toBe(true);
    expect((await open('module:./msm-module.mjs')).decodesInput).toBe(false);
    expect((await open('module:./eip2537-module.mjs')).decodesInput).toBe(true);
    expect((await open('cmd:node correct.mjs')).decodesInput).toBe(true);
  });

  it('fuzzTarget draws only the valid classes for a harness-decoded target, every class for one that decodes', async () => {
    const { applicableClasses } = await import('../../harness/targets/check.js');
    const { TARGET_CLASSES, VALID_CLASSES } = await import('../../harness/arbitraries/target-case.js');
    expect(applicableClasses(await open('noble'))).toEqual(VALID_CLASSES);
    expect(applicableClasses(await open('module:./eip2537-module.mjs'))).toEqual(TARGET_CLASSES);
    expect(applicableClasses(await open('engine'))).toEqual(TARGET_CLASSES);
  });

  it('fuzzTarget with a time budget runs until it is spent and counts the cases', async () => {
    const t = await open('noble');
    const r = await fuzzTarget(t, { seed, timeSec: 1.5, group: 'g1', maxN: 2 });
    expect(r.failures).toEqual([]);
    expect(r.cases).toBeGreaterThan(0);
    expect(r.ms).toBeGreaterThanOrEqual(1500);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('a target without a group says so', async () => {
    const t = await open('micro-eth-signer');
    expect(t.groups).toEqual(['g1']);
    await expect(fuzzTarget(t, { seed, runs: 1, group: 'g2', maxN: 2 })).rejects.toThrow(/does not implement G2 \(it implements g1\)/);
    await expect(t.call('g2', encodeMsmInput('g2', [bls12_381.G2.Point.BASE], [1n]))).rejects.toThrow(/does not implement G2/);
  });

  it('a module MSM that returns a wrong point is "wrong"; one that throws on valid input "rejects-valid"; a non-point is a protocol failure; a timeout says how long answered calls took and names --timeout and --max-n', async () => {
    const { decodedTarget } = await import('../../harness/targets/in-process.js');
    const input = encodeMsmInput('g1', [bls12_381.G1.Point.BASE], [5n]);
    const wrong = decodedTarget({ spec: 'wrong', groups: ['g1'] }, () => bls12_381.G1.Point.BASE);
    expect((await checkTargetCase(wrong, { group: 'g1', input })).kind).toBe('wrong');
    const throws = decodedTarget({ spec: 'throws', groups: ['g1'] }, () => {
      throw new Error('too many points');
    });
    expect(await checkTargetCase(throws, { group: 'g1', input })).toMatchObject({
      kind: 'rejects-valid',
      detail: expect.stringMatching(/Error: too many points/),
    });
    const junk = decodedTarget({ spec: 'junk', groups: ['g1'] }, () => 42);
    await expect(junk.call('g1', input)).rejects.toThrow(TargetFailure);
    expect((await checkTargetCase(junk, { group: 'g1', input })).kind).toBe('protocol');
    const slow = decodedTarget({ spec: 'slow', groups: ['g1'], timeoutMs: 50 }, () => new Promise(() => {}));
    expect(await checkTargetCase(slow, { group: 'g1', input })).toMatchObject({ kind: 'timeout' });
    // answers its first call after 10 ms, never the second: the timeout says how long the answered one took and names the options
    let calls = 0;
    const slower = decodedTarget({ spec: 'slower', groups: ['g1'], timeoutMs: 200 }, (_g, points) =>
      calls++ === 0 ? new Promise((ok) => setTimeout(() => ok(points[0].multiply(5n)), 10)) : new Promise(() => {})
    );
    expect((await checkTargetCase(slower, { group: 'g1', input })).kind).toBe('agrees');
    expect(await checkTargetCase(slower, { group: 'g1', input })).toMatchObject({
      kind: 'timeout',
      detail: expect.stringMatching(
        /^no result within 200 ms, on a G1 request of 1 item\(s\)\. The slowest answered G1 call with 1 item\(s\) took \d+ ms\. A correct but slower target needs a larger --timeout <ms> \(or a smaller --max-n <n>\)\.$/
      ),
    });
  });
});
