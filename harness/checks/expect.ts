/**
 * The assertions of the engine checks: the subset of vitest's `expect` the checks use, on
 * node:assert (so the checks run in the gate, where vitest is not installed, and under vitest
 * alike, with the same meaning). `expect(value, message)` — the message names the case and is
 * part of the failure.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual, inspect } from 'node:util';

const show = (v: unknown) => inspect(v, { depth: 4, breakLength: Infinity, maxStringLength: 300 });

type Thrown = (new (...a: any[]) => unknown) | Error | RegExp | string | undefined;

function thrownMatches(e: unknown, want: Thrown): string | undefined {
  if (want === undefined) return undefined;
  const msg = (e as Error)?.message ?? String(e);
  if (typeof want === 'string') return msg.includes(want) ? undefined : `error message ${show(msg)} does not include ${show(want)}`;
  if (want instanceof Error)
    return e instanceof want.constructor && msg === want.message ? undefined : `threw ${show(e)}; expected ${want.constructor.name}(${show(want.message)})`;
  if (want instanceof RegExp) return want.test(msg) ? undefined : `error message ${show(msg)} does not match ${want}`;
  return e instanceof want ? undefined : `threw ${(e as Error)?.constructor?.name ?? typeof e}: ${msg}; expected a ${want.name}`;
}

function subsetOf(got: unknown, want: unknown): boolean {
  if (want === null || typeof want !== 'object') return Object.is(got, want);
  if (got === null || typeof got !== 'object') return false;
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => subsetOf(got[i], w));
  return Object.entries(want as Record<string, unknown>).every(([k, w]) => subsetOf((got as Record<string, unknown>)[k], w));
}

export interface Matchers {
  toBe(want: unknown): void;
  toEqual(want: unknown): void;
  toBeGreaterThan(x: number | bigint): void;
  toBeGreaterThanOrEqual(x: number | bigint): void;
  toBeLessThan(x: number | bigint): void;
  toBeLessThanOrEqual(x: number | bigint): void;
  toBeCloseTo(x: number, digits?: number): void;
  toBeUndefined(): void;
  toBeDefined(): void;
  toBeNull(): void;
  toMatch(re: RegExp | string): void;
  toContain(x: unknown): void;
  toMatchObject(want: object): void;
  toThrow(want?: Thrown): void;
}

export interface Expectation extends Matchers {
  not: Pick<Matchers, 'toBe' | 'toEqual' | 'toContain' | 'toThrow' | 'toMatch'>;
  rejects: { toThrow(want?: Thrown): Promise<void> };
}

type Outcome = { threw: true; e: unknown } | { threw: false };

function expectOf(got: unknown, message?: string): Expectation {
  const say = (what: string) => (message ? `${message}: ${what}` : what);
  const fail = (what: string): never => assert.fail(say(what));
  const cmp = (ok: boolean, op: string, x: unknown) => ok || fail(`expected ${show(got)} ${op} ${show(x)}`);
  const matches = (re: RegExp | string) => typeof got === 'string' && (typeof re === 'string' ? got.includes(re) : re.test(got));
  const contains = (x: unknown) => (Array.isArray(got) || typeof got === 'string') && (got as any).includes(x);
  const callThrows = (): Outcome => {
    if (typeof got !== 'function') fail(`expected a function, got ${show(got)}`);
    try {
      (got as () => unknown)();
    } catch (e) {
      return { threw: true, e };
    }
    return { threw: false };
  };
  /** Fails unless the call threw (the promise rejected) an error that matches `want`; `expected, instead` say what happened else. */
  const threwMatching = (r: Outcome, want: Thrown, expected: string, instead: string) => {
    if (!r.threw) fail(`expected ${expected}${want !== undefined ? ` ${show(want)}` : ''}, ${instead}`);
    const bad = thrownMatches((r as { e: unknown }).e, want);
    if (bad) fail(bad);
  };
  const m: Expectation = {
    toBe: (want) => Object.is(got, want) || fail(`expected ${show(got)} to be ${show(want)}`),
    toEqual: (want) => isDeepStrictEqual(got, want) || fail(`expected ${show(got)} to equal ${show(want)}`),
    toBeGreaterThan: (x) => cmp((got as number) > x, '>', x),
    toBeGreaterThanOrEqual: (x) => cmp((got as number) >= x, '>=', x),
    toBeLessThan: (x) => cmp((got as number) < x, '<', x),
    toBeLessThanOrEqual: (x) => cmp((got as number) <= x, '<=', x),
    toBeCloseTo: (x, digits = 2) => cmp(Math.abs((got as number) - x) < 10 ** -digits / 2, `within ${10 ** -digits / 2} of`, x),
    toBeUndefined: () => got === undefined || fail(`expected undefined, got ${show(got)}`),
    toBeDefined: () => got !== undefined || fail('expected a defined value, got undefined'),
    toBeNull: () => got === null || fail(`expected null, got ${show(got)}`),
    toMatch: (re) => matches(re) || fail(`expected ${show(got)} to match ${show(re)}`),
    toContain: (x) => contains(x) || fail(`expected ${show(got)} to contain ${show(x)}`),
    toMatchObject: (want) => subsetOf(got, want) || fail(`expected ${show(got)} to match the object ${show(want)}`),
    toThrow: (want) => threwMatching(callThrows(), want, 'the call to throw', 'it returned'),
    not: {
      toBe: (want) => !Object.is(got, want) || fail(`expected ${show(got)} not to be ${show(want)}`),
      toEqual: (want) => !isDeepStrictEqual(got, want) || fail(`expected ${show(got)} not to equal ${show(want)}`),
      toContain: (x) => !contains(x) || fail(`expected ${show(got)} not to contain ${show(x)}`),
      toMatch: (re) => !matches(re) || fail(`expected ${show(got)} not to match ${show(re)}`),
      toThrow: (want) => {
        const r = callThrows();
        if (r.threw && (want === undefined || thrownMatches(r.e, want) === undefined))
          fail(`expected the call not to throw, it threw ${show((r.e as Error)?.message ?? r.e)}`);
      },
    },
    rejects: {
      toThrow: async (want) => {
        let r: Outcome = { threw: false };
        try {
          await (typeof got === 'function' ? (got as () => unknown)() : got);
        } catch (e) {
          r = { threw: true, e };
        }
        threwMatching(r, want, 'a rejection', 'the promise resolved');
      },
    },
  };
  return m;
}

/** expect(value, message?) and expect.fail(message). */
export const expect: ((got: unknown, message?: string) => Expectation) & { fail(message: string): never } = Object.assign(expectOf, {
  fail: (message: string): never => assert.fail(message),
});
