/**
 * Exhaustive pass on the toy curve (r = 1867): every scalar s ∈ [0, r) for n = 1 and for n = 2
 * (second scalar tied to the first), under every window size, with all gates off, default and
 * all on. Expected values come from a table of multiples built by repeated addition of G
 * (noble's group law), not from any MSM code.
 */
import { expect } from './expect.js';
import { type CheckContext, check, suite, type EngineCheck } from './check.js';
import { ALL_GATES, DEFAULT_GATES, MAX_WINDOW, msm, NO_GATES, TOY } from '../../src/index.js';
import { show } from '../show.js';

const FILE = 'properties/exhaustive-toy.test.ts';

const r = Number(TOY.order);
const multiples: any[] = [TOY.ZERO];
for (let k = 1; k < r; k++) multiples.push(multiples[k - 1].add(TOY.BASE));
const multShown = multiples.map((p) => show(TOY, p));

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'exhaustive toy curve', [
    check('the table of multiples closes: r·G = identity, and every k·G for k < r is distinct', () => {
      expect(TOY.isZero(multiples[r - 1].add(TOY.BASE))).toBe(true);
      expect(new Set(multShown).size).toBe(r);
    }),

    ...(
      [
        ['none', NO_GATES],
        ['default', DEFAULT_GATES],
        ['all', ALL_GATES],
      ] as const
    ).map(([name, gates]): [string, (ctx: CheckContext) => void] => [
      `n = 1 and n = 2, every scalar, every window 1..${MAX_WINDOW}, gates ${name}`,
      (ctx) => {
        const P = multiples[5];
        const Q = multiples[r - 7]; // −7·G: sums cancel and collide with P's multiples
        let failures = 0;
        const first: string[] = [];
        for (let c = 1; c <= MAX_WINDOW; c++) {
          // windows above 11 give one window with up to 2^16 buckets: sample scalars there
          // every scalar at the full level (npm test, gate --full); the default gate takes every 8th
          const step = (c <= 11 ? 1 : 97) * ctx.stride();
          for (let s = 0; s < r; s += step) {
            const t = (s * 3 + 11) % r;
            const got1 = show(TOY, msm([P], [BigInt(s)], { gates, window: c }));
            const got2 = show(TOY, msm([P, Q], [BigInt(s), BigInt(t)], { gates, window: c }));
            const want1 = multShown[(5 * s) % r];
            const want2 = multShown[(((5 * s - 7 * t) % r) + r) % r];
            if (got1 !== want1 || got2 !== want2) {
              failures++;
              if (first.length < 5) first.push(`window=${c} s=${s} t=${t}: got ${got1} / ${got2}, want ${want1} / ${want2}`);
            }
          }
        }
        expect(first, `${failures} failures`).toEqual([]);
      },
    ]),
  ]),
];
