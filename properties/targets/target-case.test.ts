/**
 * The target-case arbitrary (harness/arbitraries/target-case.ts): each class is what it says
 * (valid ones decode, invalid ones are rejected for the class's reason, both groups), sizes hit
 * the boundaries, cases print as protocol lines, and shrinking reaches small inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INVALID_CLASSES,
  sizeBoundaries,
  TARGET_CLASSES,
  targetCaseArb,
  targetCaseOfClass,
  VALID_CLASSES,
  type TargetClass,
} from '../../harness/arbitraries/target-case.js';
import { decodeMsmInput, ITEM_SIZE, R_ORDER } from '../../harness/targets/eip2537.js';

const seed = (globalThis as { __FC_SEED__?: number }).__FC_SEED__ ?? 1;

/** What the decoder must say for each invalid class. */
const REASON: Record<(typeof INVALID_CLASSES)[number], RegExp> = {
  'not-on-curve': /^item \d+: point is not on the curve$/,
  'not-in-subgroup': /^item \d+: point is on the curve but not in the prime-order subgroup$/,
  'coordinate-ge-p': /^item \d+: (x|y|x\.c0|x\.c1|y\.c0|y\.c1) is not < p/,
  'nonzero-padding': /^item \d+: (x|y|x\.c0|x\.c1|y\.c0|y\.c1): nonzero padding byte/,
  'bad-length': /^input length \d+ is not a multiple of the G[12] item size/,
  empty: /^empty input \(k = 0\)$/,
};

describe('targetCaseArb classes', () => {
  it('lists valid then invalid classes (the matrix rows)', () => {
    expect(TARGET_CLASSES).toEqual([...VALID_CLASSES, ...INVALID_CLASSES]);
    expect(new Set(TARGET_CLASSES).size).toBe(16);
  });

  for (const group of ['g1', 'g2'] as const) {
    for (const klass of TARGET_CLASSES) {
      it(`${group} ${klass}: ${(VALID_CLASSES as readonly string[]).includes(klass) ? 'decodes, with its logs' : 'is rejected for its reason'}`, () => {
        const maxN = group === 'g1' ? 40 : 6;
        const xs = fc.sample(targetCaseOfClass(klass, { group, maxN }), { seed, numRuns: group === 'g1' ? 6 : 3 });
        for (const c of xs) {
          expect(c.klass).toBe(klass);
          expect(c.group).toBe(group);
          const d = decodeMsmInput(group, c.input);
          if (c.valid) {
            if ('error' in d) throw new Error(`${klass}: a valid case was rejected: ${d.error}`);
            expect(d.points.length).toBe(c.n);
            expect(c.n).toBeGreaterThanOrEqual(1);
            expect(c.n).toBeLessThanOrEqual(maxN);
            // the logs are the points' discrete logs
            d.points.slice(0, 3).forEach((p, i) => {
              const k = (c.logs as bigint[])[i];
              expect(k === 0n ? p.is0() : p.equals(p.constructor.BASE.multiply(k))).toBe(true);
            });
          } else {
            expect('error' in d ? d.error : 'accepted').toMatch(REASON[klass as (typeof INVALID_CLASSES)[number]]);
          }
        }
      });
    }
  }

  it('the unreduced scalar classes do produce scalars ≥ r, the infinity class infinity, negations P and −P', () => {
    const sample = (k: TargetClass) => fc.sample(targetCaseOfClass(k, { group: 'g1', maxN: 8 }), { seed, numRuns: 30 });
    const scalarsOf = (k: TargetClass) => sample(k).flatMap((c) => (decodeMsmInput('g1', c.input) as { scalars: bigint[] }).scalars);
    expect(scalarsOf('scalar-above-r').some((s) => s >= R_ORDER)).toBe(true);
    expect(scalarsOf('scalar-near-r').some((s) => s === R_ORDER || s === R_ORDER + 1n || s === R_ORDER - 1n || s >= R_ORDER)).toBe(true);
    expect(sample('infinity').some((c) => (c.logs as bigint[]).includes(0n))).toBe(true);
    expect(sample('negations').some((c) => (c.logs as bigint[]).some((k, i, ks) => ks.some((m, j) => j !== i && (k + m) % R_ORDER === 0n)))).toBe(true);
    expect(sample('duplicates').some((c) => new Set(c.logs).size < (c.logs as bigint[]).length)).toBe(true);
  });

  it('size boundaries: powers of two and ±1 up to 4097, small sizes, capped at maxN', () => {
    const b = sizeBoundaries(4096);
    for (const n of [1, 2, 3, 9, 15, 16, 17, 31, 32, 33, 255, 256, 257, 1023, 1024, 1025, 4095, 4096]) expect(b).toContain(n);
    expect(b).not.toContain(4097);
    expect(sizeBoundaries(64).at(-1)).toBe(64);
    const ns = fc.sample(targetCaseOfClass('size-boundaries', { group: 'g1', maxN: 300 }), { seed, numRuns: 20 }).map((c) => c.n);
    for (const n of ns) expect(sizeBoundaries(300)).toContain(n);
  });

  it('invalid classes also corrupt large inputs (n up to maxN, any item), not only 1…4 items', () => {
    for (const klass of ['not-on-curve', 'not-in-subgroup', 'coordinate-ge-p', 'nonzero-padding', 'bad-length'] as const) {
      const xs = fc.sample(targetCaseOfClass(klass, { group: 'g1', maxN: 40 }), { seed, numRuns: 60 });
      expect(xs.some((c) => c.n >= 5)).toBe(true);
      expect(xs.every((c) => c.n <= 40)).toBe(true);
      if (klass !== 'bad-length') expect(xs.some((c) => Number(/^item (\d+)/.exec(c.reason ?? '')?.[1]) >= 4)).toBe(true);
    }
  });

  it('a case prints as its protocol request line', () => {
    const [c] = fc.sample(targetCaseArb({ group: 'g2', maxN: 2, classes: ['random-points'] }), { seed, numRuns: 1 });
    expect(fc.stringify(c)).toBe(`g2 ${Buffer.from(c.input).toString('hex')}`);
    expect(c.input.length % ITEM_SIZE.g2).toBe(0);
  });

  it('shrinks to few points with logs 1 (the generator) and small scalars', () => {
    // fails whenever some scalar is ≥ 2^200: the smallest failure is 1 item
    const big = 1n << 200n;
    const d = fc.check(
      fc.property(targetCaseArb({ group: 'g1', maxN: 16, classes: ['random-points', 'scalar-above-r'] }), (c) => {
        const dd = decodeMsmInput('g1', c.input) as { scalars: bigint[] };
        return dd.scalars.every((s) => s < big);
      }),
      { seed, numRuns: 200 }
    );
    expect(d.failed).toBe(true);
    const c = d.counterexample?.[0];
    expect(c?.n).toBe(1);
    expect(c?.logs).toEqual([1n]);
  });

  it('bad options are RangeErrors naming them', () => {
    expect(() => targetCaseArb({ group: 'g3' as never, maxN: 4 })).toThrow(/group must be 'g1' or 'g2'/);
    expect(() => targetCaseArb({ group: 'g1', maxN: 0 })).toThrow(/maxN must be an integer in \[1, 65536\], got 0/);
    expect(() => targetCaseArb({ group: 'g1', maxN: 4, minN: 5 })).toThrow(/minN must be an integer in \[1, maxN = 4\], got 5/);
    expect(() => targetCaseArb({ group: 'g1', maxN: 4, classes: ['nope' as never] })).toThrow(/classes\[0\] = "nope" is not a class/);
    expect(() => targetCaseArb({ group: 'g1', maxN: 4, classes: [] })).toThrow(/must not be empty/);
  });
});
