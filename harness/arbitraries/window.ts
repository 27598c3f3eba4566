/**
 * The window arbitrary: an explicit window in [MIN_WINDOW, max] (max capped at MAX_WINDOW; the
 * bucket count 2^window bounds the cost), or undefined (the engine then chooses) with weight
 * 1/freq.
 */
import fc from 'fast-check';
import { MAX_WINDOW, MIN_WINDOW } from '../../src/index.js';

export function windowArb(max: number = MAX_WINDOW, freq = 3): fc.Arbitrary<number | undefined> {
  return fc.option(fc.integer({ min: MIN_WINDOW, max: Math.min(max, MAX_WINDOW) }), { nil: undefined, freq });
}
