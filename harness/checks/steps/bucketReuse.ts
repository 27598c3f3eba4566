/**
 * Step 04 bucketReuse: the pooled bucket arrays must not carry state from one window or one
 * call to the next. Sequences of calls interleave curves (G1 and toy), sizes, gate sets and
 * windows, each checked against the reference / oracle; a call that throws half-way (a bucket
 * set left full of the previous curve's points) must not poison the next call; and every array
 * the slot hands out is all-null and of the requested length.
 */
import fc from 'fast-check';
import { windowArb } from '../../arbitraries/window.js';
import { expect } from '../expect.js';
import { prop, suite, type EngineCheck } from '../check.js';
import { msmInspect, referenceMsm, TOY, G1 } from '../../../src/index.js';
import { makeJob, runJob } from '../../../src/optimized/index.js';
import { bucketReuse } from '../../../src/optimized/steps/04-bucketReuse.js';
import { describe, g1Case, gatesArb, oracle, toyCase, type Case } from './early-steps-support.js';

const FILE = 'properties/steps/bucketReuse.test.ts';

const ON = { bucketReuse: true };
/** Every bucket count a window of 1..12 bits gives: 2^c − 1 (unsigned) and 2^(c−1) (signed). */
const BUCKET_COUNTS = [...new Set(Array.from({ length: 12 }, (_, i) => [(2 << i) - 1, 1 << i]).flat())];

const callArb = fc.oneof(
  { arbitrary: fc.record({ c: toyCase(0, 70), gates: gatesArb(ON), window: windowArb(12, 5) }), weight: 4 },
  { arbitrary: fc.record({ c: g1Case(1, 6), gates: gatesArb(ON), window: windowArb(8, 5) }), weight: 1 }
);

function check(c: Case, gates: Record<string, boolean>, window: number | undefined): void {
  const rep = msmInspect(c.points, c.scalars, { gates, curve: c.curve, window });
  const want = c.curve === TOY ? referenceMsm(c.points, c.scalars, TOY) : oracle(c);
  expect(rep.result.equals(want), describe(c, gates, window)).toBe(true);
}

export const CHECKS: EngineCheck[] = [
  ...suite(FILE, 'step 04 bucketReuse', [
    prop('interleaved calls (toy and G1, sizes, gate sets, windows) each equal the reference', 40, () =>
      fc.property(fc.array(callArb, { minLength: 2, maxLength: 6 }), (calls) => {
        for (const { c, gates, window } of calls) check(c, gates, window);
      })
    ),

    prop('a call that throws mid-way does not poison the next call', 40, () =>
      fc.property(toyCase(4, 40, 0), gatesArb({ ...ON, workers: false }), fc.integer({ min: 1, max: 8 }), (c, gates, window) => {
        // Hand out the pooled array and leave it full of G1 points, as a call that threw between
        // accumulate and reduce would: the arrays of every size the next call may ask for.
        for (const k of BUCKET_COUNTS) {
          const a = bucketReuse.bucketBuffer!({} as never, k);
          for (let j = 0; j < k; j += 1 + (j % 3)) a[j] = G1.BASE;
        }
        // And a real call that throws inside the pipeline: the last point has an X that is not
        // a field element, so the first field operation on it throws — after the points before
        // it have filled buckets of the pooled array.
        const broken = { X: undefined as unknown as bigint, Y: 1n, Z: 1n };
        const points = [...c.points, ...c.points, broken];
        const scalars = [...c.scalars, ...c.scalars, 1n];
        expect(() => runJob(makeJob(TOY, points, scalars, gates, window, {}))).toThrow();
        check(c, gates, window);
      })
    ),

    prop('every array handed out has the requested length and only nulls, after any misuse of the previous one', 200, () =>
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 3 }), fc.nat(400)), { minLength: 1, maxLength: 30 }), (ops) => {
        for (const [len, misuse, x] of ops) {
          const a = bucketReuse.bucketBuffer!({} as never, len);
          expect(a.length).toBe(len);
          expect(a.every((v) => v === null)).toBe(true);
          if (misuse === 0) a[x % len] = { X: 1n };
          else if (misuse === 1) a.push(7);
          else if (misuse === 2) a.length = x % len;
          else a.fill(undefined);
        }
      })
    ),
  ]),
];
