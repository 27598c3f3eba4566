/**
 * The engine-check catalogue itself (harness/checks/): every entry has a unique id and is run by
 * the vitest file it names (which exists and imports its module); the two levels differ as
 * stated; the gate's runner reports a failing check with its message and seed and never throws;
 * and the assertions the checks use (harness/checks/expect.ts, on node:assert) fail when they
 * should — each matcher is tried on a value that must pass and one that must fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect as vexpect, it } from 'vitest';
import { checkContext, prop, QUICK_DIVISOR, runChecks, suite, type CheckContext } from '../harness/checks/check.js';
import { expect } from '../harness/checks/expect.js';
import { ENGINE_CHECKS } from '../harness/checks/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('engine-check catalogue', () => {
  it('ids are unique, and every entry is run by an existing vitest file that imports its module', () => {
    vexpect(new Set(ENGINE_CHECKS.map((c) => c.id)).size).toBe(ENGINE_CHECKS.length);
    vexpect(ENGINE_CHECKS.length).toBeGreaterThan(150);
    for (const file of new Set(ENGINE_CHECKS.map((c) => c.file))) {
      vexpect(existsSync(path.join(ROOT, file)), file).toBe(true);
      const src = readFileSync(path.join(ROOT, file), 'utf8');
      vexpect(src, file).toMatch(/harness\/checks\//);
      vexpect(src, file).toMatch(/runChecks\(/);
    }
    // the general contract and every step's targeted cases are in it
    for (const s of ['differential', 'discrete-log oracle', 'algebraic laws on', 'bad input', 'reach cases', 'step 01', 'step 02', 'step 12', 'workers'])
      vexpect(
        ENGINE_CHECKS.some((c) => c.suite.startsWith(s)),
        s
      ).toBe(true);
  });

  it('levels: quick = ⌈full / QUICK_DIVISOR⌉ unless stated, full = npm test’s count; a bad level is a RangeError', () => {
    const q = checkContext('quick', 1);
    const f = checkContext('full', 1);
    vexpect(f.runs(300)).toBe(300);
    vexpect(q.runs(300)).toBe(Math.ceil(300 / QUICK_DIVISOR));
    vexpect(q.runs(300, 7)).toBe(7);
    vexpect(f.runs(300, 7)).toBe(300);
    vexpect(f.reachChecks).toBe(true);
    vexpect(q.reachChecks).toBe(false);
    vexpect(() => checkContext('fast' as any)).toThrow(/level must be quick or full, got fast/);
  });

  it('a seeded context gives each property its own replayable seed', () => {
    const seen = (ctx: CheckContext) => {
      const seeds: number[] = [];
      for (let k = 0; k < 3; k++)
        ctx.assert(
          fc.property(fc.integer(), () => true),
          { numRuns: 1, reporter: (d) => void seeds.push(d.seed) }
        );
      return seeds;
    };
    const a = seen(checkContext('quick', 42));
    vexpect(new Set(a).size).toBe(3);
    vexpect(seen(checkContext('quick', 42))).toEqual(a);
    vexpect(seen(checkContext('quick', 43))).not.toEqual(a);
  });

  it('prop: one property run ctx.runs(full, quick) times, examples first', async () => {
    const count = async (level: 'quick' | 'full', runs: number | [number, number]) => {
      const seen: number[] = [];
      const [, run] = prop('p', runs, () => fc.property(fc.integer({ min: 0, max: 9 }), (x) => void seen.push(x)), { examples: [[42]] });
      await run(checkContext(level, 1));
      return seen;
    };
    const full = await count('full', 12);
    vexpect(full).toHaveLength(12);
    vexpect(full[0]).toBe(42);
    vexpect(await count('quick', 12)).toHaveLength(Math.ceil(12 / QUICK_DIVISOR));
    vexpect(await count('quick', [12, 5])).toHaveLength(5);
    vexpect(await count('full', [12, 5])).toHaveLength(12);
  });

  it('the gate’s runner: a failing check is reported with its message and seed, the others still run', async () => {
    const lines: string[] = [];
    const checks = suite('properties/checks.test.ts', 'fake', [
      ['passes', () => {}],
      [
        'fails',
        (ctx) =>
          ctx.assert(
            fc.property(fc.integer({ min: 0, max: 100 }), (x) => x < 50),
            { numRuns: ctx.runs(200) }
          ),
      ],
      ['throws', () => expect(1, 'one is two').toBe(2)],
      ['async passes', async () => {}],
    ]);
    const out = await runChecks(checks, { level: 'quick', seed: 7, seedOf: (id) => id.length, log: (l) => lines.push(l) });
    vexpect(out.map((o) => o.ok)).toEqual([true, false, false, true]);
    vexpect(out[1].message).toMatch(/Property failed after \d+ tests/);
    vexpect(out[1].seed).toBe('fake › fails'.length);
    vexpect(out[2].message).toMatch(/one is two: expected 1 to be 2/);
    vexpect(lines.filter((l) => l.includes('✗'))).toHaveLength(2);
    // bail (gate --bail): the runner stops after the first failing check
    const bailed = await runChecks(checks, { level: 'quick', seed: 7, seedOf: (id) => id.length, log: () => {}, bail: true });
    vexpect(bailed.map((o) => o.ok)).toEqual([true, false]);
  });
});

describe('harness/checks/expect.ts: every matcher passes and fails as vitest’s', () => {
  const fails = (f: () => unknown, msg?: RegExp) => vexpect(f).toThrow(msg ?? /expected|threw|error message/);
  it('toBe, toEqual, ordering, closeness, undefined/null/defined', () => {
    expect(1).toBe(1);
    fails(() => expect(1).toBe(2));
    fails(() => expect({}).toBe({}));
    expect([1n, { a: 2 }]).toEqual([1n, { a: 2 }]);
    fails(() => expect([1n]).toEqual([2n]));
    fails(() => expect({ a: 1 }).toEqual({ a: 1, b: 2 }));
    expect(3).toBeGreaterThan(2);
    fails(() => expect(2).toBeGreaterThan(2));
    expect(2).toBeGreaterThanOrEqual(2);
    fails(() => expect(1).toBeGreaterThanOrEqual(2));
    expect(1).toBeLessThan(2);
    fails(() => expect(2).toBeLessThan(2));
    expect(2).toBeLessThanOrEqual(2);
    fails(() => expect(3).toBeLessThanOrEqual(2));
    expect(0.1 + 0.2).toBeCloseTo(0.3, 6);
    fails(() => expect(0.31).toBeCloseTo(0.3, 6));
    expect(undefined).toBeUndefined();
    fails(() => expect(0).toBeUndefined());
    expect(0).toBeDefined();
    fails(() => expect(undefined).toBeDefined());
    expect(null).toBeNull();
    fails(() => expect(undefined).toBeNull());
    expect(1).not.toBe(2);
    fails(() => expect(1).not.toBe(1));
    expect([1]).not.toEqual([2]);
    fails(() => expect([1]).not.toEqual([1]));
  });

  it('toMatch, toContain, toMatchObject, the message names the case', () => {
    expect('abc').toMatch(/b/);
    fails(() => expect('abc').toMatch(/d/));
    fails(() => expect(1).toMatch(/1/));
    expect([1, 2]).toContain(2);
    fails(() => expect([1, 2]).toContain(3));
    expect('abc').not.toContain('d');
    fails(() => expect('abc').not.toContain('b'));
    expect({ cls: 'TypeError', message: 'x' }).toMatchObject({ cls: 'TypeError' });
    fails(() => expect({ cls: 'RangeError' }).toMatchObject({ cls: 'TypeError' }));
    vexpect(() => expect(1, 'case n = 3').toBe(2)).toThrow(/^case n = 3: expected 1 to be 2/);
    vexpect(() => expect.fail('boom')).toThrow(/^boom$/);
  });

  it('toThrow (class, regex, string, Error instance), not.toThrow, rejects.toThrow', async () => {
    const thrower = () => {
      throw new RangeError('width must be 2');
    };
    expect(thrower).toThrow();
    expect(thrower).toThrow(RangeError);
    expect(thrower).toThrow(/width/);
    expect(thrower).toThrow('must be');
    expect(thrower).toThrow(new RangeError('width must be 2'));
    fails(() => expect(thrower).toThrow(TypeError));
    fails(() => expect(thrower).toThrow(/height/));
    fails(() => expect(thrower).toThrow(new RangeError('width must be 3')));
    fails(() => expect(thrower).toThrow(new TypeError('width must be 2')));
    fails(() => expect(() => 1).toThrow());
    expect(() => 1).not.toThrow();
    fails(() => expect(thrower).not.toThrow());
    await expect(() => Promise.reject(new TypeError('bad'))).rejects.toThrow(TypeError);
    await expect(Promise.reject(new TypeError('bad'))).rejects.toThrow(/bad/);
    await vexpect(expect(() => Promise.resolve(1)).rejects.toThrow()).rejects.toThrow(/expected a rejection/);
    await vexpect(expect(() => Promise.reject(new TypeError('bad'))).rejects.toThrow(RangeError)).rejects.toThrow(/expected a RangeError/);
  });
});
