/**
 * Step 04 — bucketReuse: one bucket array per length, reused across windows and across calls.
 *
 * What it does: fills the `bucketBuffer` slot from a module-level pool (a Map from length to
 * one array). Step 00 allocates a fresh `new Array(count).fill(null)` for every window of
 * every call (86 windows of 7 buckets at n = 1, 32 windows of 2^8 − 1 at n = 4096, 16 windows
 * of 2^16 − 1 at an explicit window of 16); here the array is allocated once per length, and
 * before it is handed out again only the entries the previous user left non-null are reset.
 *
 * Invariant: every array handed out has exactly `count` entries, all null (what the slot
 * promises), whatever the previous user did with it — including a call that threw half-way
 * through a window, because clearing happens on hand-out, not on return. It relies on the
 * pipeline contract (step.ts): the engine reduces window w before accumulating window w + 1,
 * a bucket set is dead once it has been reduced, and `newBuckets` is asked for the bucket set
 * of one window at a time (not for scratch arrays that must coexist with it); MSM calls are
 * synchronous, so within one thread no two calls have a bucket set alive at once (each worker
 * thread has its own module instance and so its own pool).
 *
 * Clearing: the entries written since the last hand-out are not tracked (that would need a
 * hook in every accumulator); instead the array is scanned and non-null entries reset, which
 * costs a read per entry and a write only per used bucket, and allocates nothing.
 *
 * Measured effect (2-core shared VM, same run; "without" = the same gate set without
 * bucketReuse; ms = best of 11 (n = 256) or 3 (n = 4096) interleaved runs; M is unchanged by
 * construction):
 *
 *   | curve | context       | n    | ms without | ms with | ratio |
 *   | G1    | none          | 256  | 396        | 407     | 1.03  |
 *   | G1    | none          | 4096 | 1165       | 1185    | 1.02  |
 *   | G1    | default       | 256  | 194        | 174     | 0.90  |
 *   | G1    | default       | 4096 | 2035       | 1948    | 0.96  |
 *   | toy   | none, c = 8   | 1024 | 0.53       | 0.54    | 1.02  |
 *   | toy   | none, c = 12  | 1024 | 0.64       | 0.66    | 1.04  |
 *   | toy   | none, c = 16  | 256  | 1.03       | 0.68    | 0.66  |
 *
 * Two more runs (ABBA order, min of 8 / 4): none 256 0.99 / 1.15, default 256 1.45 / 1.06 (in
 * the first, one set's own runs ranged 58–143 ms), default 4096 1.05 / 0.97.
 *
 * On G1 the arrays are a negligible cost next to the BigInt field arithmetic (one array of
 * 2^c entries per window against ≥ 2^c additions of 14M each): every ratio is inside this
 * machine's noise (identical-work pairs range 0.6–1.2). Only when the buckets vastly outnumber
 * the work — the toy curve with an explicit window of 16 (65 535 buckets, 256 points) — does
 * skipping the allocation show (0.66).
 *
 * Default: off — no measurable gain on the curves that matter, and the pool keeps up to one
 * array per bucket count alive (≤ 2^16 entries each, holding the last call's bucket points
 * until the next call of that size clears them).
 *
 * Alternatives considered: a per-call buffer (reuse across windows only) keyed on the job in a
 * WeakMap — rejected as it keeps the allocation per call; `fill(null)` of the whole array on
 * hand-out — the same work as the scan for full arrays, more for sparse ones.
 */
import type { Step } from '../step.js';

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

export const bucketReuse: Step = {
  id: 'bucketReuse',
  step: 4,
  title: 'Reuse one bucket array per length across windows and calls',
  default: false,
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
