/**
 * Step 05 — signedDigits: signed (Booth-style) window digits, half as many buckets.
 *
 * What (slot `recode`): each c-bit window value v (plus the carry from the window below) becomes a
 * digit in [−2^(c−1) + 1, 2^(c−1)]: if v > 2^(c−1) the digit is v − 2^c and 1 is carried into the
 * next window. A negative digit d adds −P to bucket |d| − 1 (negation is free), so a window needs
 * 2^(c−1) buckets instead of 2^c − 1: half the reduction work, no more accumulation. The carry out
 * of the top window (only possible when c ≥ 2 divides job.bits) gets one extra window, added only
 * when some scalar needs it. Digits are read from 32-bit limbs (kernels/digits.ts: one BigInt→limbs
 * conversion per scalar, then int32 shifts and a branch-free carry).
 * Invariant: for every scalar, Σ_w d_w·2^(w·c) = s with |d_w| ≤ 2^(c−1) = bucketCount, for any c in
 * [1, 16] and any s < 2^job.bits (properties/steps/signedDigits.test.ts checks both for all c).
 * Default: on — the same bucket additions and half the reduction at a fixed window; the cost model
 * turns that into a wider window.
 * References: signed radix-2^c digits as in Bernstein–Duif–Lange–Schwabe–Yang, "High-speed
 * high-security signatures" (Ed25519), 2011; 2^(c−1) buckets as in gnark-crypto's multiexp.
 * Rejected: limbs via toString(16) + parseInt or BigInt.asUintN chunks (slower than BigUint64Array
 * stores); a branch for the carry (unpredictable on random scalars); a scalar-major loop (the
 * window-major one writes the table sequentially); always adding the extra top window (an empty
 * window still costs c doublings in Horner).
 */
import { signedDigitsLimbs } from '../kernels/digits.js';
import { EVERY_WINDOW, reach, type Step } from '../step.js';

export const signedDigits: Step<'signedDigits'> = {
  id: 'signedDigits',
  step: 5,
  title: 'Signed (Booth) window digits: 2^(c−1) buckets per window, limb-based digit extraction',
  default: true,
  // every window c in [1, 16]: carries between windows and out of the top one (c | bits)
  reach: reach({
    entries: ['plain'],
    windows: EVERY_WINDOW,
    wideG1: true,
    scalars: ['fullSize', 'zeroDigits', 'carries', 'nearOrder'],
  }),
  recode: (job) => signedDigitsLimbs(job.scalars, job.bits, job.window),
  price: (p) => ({ ...p, signed: true }),
};
