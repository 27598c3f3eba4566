/**
 * Fixture of properties/time-limits.test.ts (not part of the suite: its name does not end in
 * .test.ts). Run by a child vitest with tiny limits; each case must end as a reported failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const busy = (ms: number) => {
  const t = Date.now();
  while (Date.now() - t < ms);
};

describe('time-limit fixture', () => {
  it('passes quickly', () => {
    expect(1 + 1).toBe(2);
  });
  it('slow failing property whose shrinking would take hours', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 1n << 256n }), { minLength: 96, maxLength: 96 }), (xs) => {
        busy(100);
        expect(xs.length).toBeLessThan(10);
      })
    );
  }, 60_000);
  it('slow passing property that cannot finish in its time', () => {
    fc.assert(
      fc.property(fc.nat(), () => busy(100)),
      { numRuns: 1000 }
    );
  }, 2_000);
  it('synchronous endless loop', async () => {
    // first let the worker report the earlier tests: the watchdog ends the worker, and results
    // not yet sent to the main process would be lost with it
    await new Promise((r) => setTimeout(r, 1000));
    let x = 0;
    while (x >= 0) x = (x + 1) % 1000;
  }, 3_000);
});
