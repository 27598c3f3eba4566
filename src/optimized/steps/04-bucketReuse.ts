/**
 * Step 04 — bucketReuse: one bucket array per length, reused across windows and across calls.
 *
 * What (slot `bucketBuffer`): arrays come from a module-level pool (a Map from length to one array)
 * instead of step 00's fresh `new Array(count).fill(null)` per window of every call. Before an
 * array is handed out again, its non-null entries are reset by a scan (a read per entry, a write per
 * used bucket, no allocation); written entries are not tracked, which would need a hook in every
 * accumulator.
 * Invariant: every array handed out has exactly `count` entries, all null, whatever the previous
 * user did with it — including a call that threw half-way through a window, because clearing happens
 * on hand-out, not on return. It relies on the pipeline contract (step.ts): window w is reduced
 * before window w + 1 is accumulated, a bucket set is dead once reduced, and `newBuckets` is asked
 * for one window's bucket set at a time (not for scratch arrays that coexist with it); MSM calls are
 * synchronous, so within one thread no two calls hold a bucket set at once (each worker thread has
 * its own module instance and pool).
 * Default: off — allocation is negligible next to BigInt field arithmetic on the real curves, and the
 * pool keeps one array per bucket count alive (≤ 2^16 entries, holding the last call's points).
 * Rejected: a per-call buffer keyed on the job in a WeakMap (still allocates per call); `fill(null)`
 * of the whole array on hand-out (the same work for full arrays, more for sparse ones).
 */
import { EVERY_WINDOW, reach, type Step } from '../step.js';

const pool = new Map<number, unknown[]>();

/** Largest array kept in the pool (2^16 − 1 buckets: the largest unsigned window). */
export const MAX_POOLED = 1 << 16;

/** Number of arrays currently pooled (for properties and benches). */
export function bucketPoolSize(): number {
  return pool.size;
}

/** Empties the pool (frees its memory). */
export function clearBucketPool(): void {
  pool.clear();
}

export const bucketReuse: Step<'bucketReuse'> = {
  id: 'bucketReuse',
  step: 4,
  title: 'Reuse one bucket array per length across windows and calls',
  default: false,
  // one pooled array per bucket count: every window (2^c − 1 and 2^(c−1) buckets), reused
  reach: reach({
    entries: ['plain', 'prepared'],
    windows: EVERY_WINDOW,
    wideG1: true,
    scalars: ['fullSize', 'zeroDigits'],
    inputs: ['identity', 'duplicates'],
  }),
  bucketBuffer(_job, count) {
    if (count > MAX_POOLED) return new Array(count).fill(null);
    let a = pool.get(count);
    if (a === undefined) {
      a = new Array(count).fill(null);
      pool.set(count, a);
      return a;
    }
    // A previous user may have changed the length (push/pop) or left entries behind.
    if (a.length !== count) a.length = count;
    for (let j = 0; j < count; j++) if (a[j] !== null) a[j] = null;
    return a;
  },
};
