/**
 * Step 05 — signedDigits: signed (Booth-style) window digits, half as many buckets.
 *
 * What it does: fills the `recode` slot. Each c-bit window value v (plus the carry from the
 * window below) becomes a digit in [−2^(c−1) + 1, 2^(c−1)]: if v > 2^(c−1) the digit is v − 2^c
 * and 1 is carried into the next window. A negative digit d adds −P to bucket |d| − 1 (negation
 * is free in projective coordinates), so a window needs 2^(c−1) buckets instead of 2^c − 1:
 * half the bucket-reduction work per window, and no more additions in accumulation. The carry
 * out of the top window (only possible when c ≥ 2 divides job.bits, e.g. an 11-bit toy scalar
 * with c = 11; with c = 1 the digits are just the bits) gets one extra window, added only
 * when some scalar needs it. Digits are read from 32-bit limbs (kernels/digits.ts: one
 * BigInt→limbs conversion per scalar, then int32 shifts and a branch-free carry) instead of one
 * BigInt shift and mask per digit.
 *
 * Invariant: for every scalar, Σ_w d_w·2^(w·c) = s with |d_w| ≤ 2^(c−1) = bucketCount, for any
 * c in [1, 16] and any s < 2^job.bits (properties/steps/signedDigits.test.ts checks both for all
 * c over adversarial scalars, and the MSM against the reference with the other gates random).
 *
 * Measured effect (2-core shared VM, BLS12-381 G1, random scalars, heuristic window, every other
 * gate off, same run; field multiplications from msmInspect(count) do not jitter, the timings
 * were taken at load average 9–15 from the other helpers, paired runs, median ratio):
 *   n      window  buckets/window  mulTotal off → on          ratio   time ratio
 *   256    7       127 → 64        196 616 → 165 298          0.841   0.87 (21 pairs)
 *   4096   10      1023 → 512      1 847 842 → 1 669 776      0.904   0.79 (3 pairs)
 *   with glv on (n = 256, c = 8): 170 036 → 143 366 mults (0.843), time 0.83 (21 pairs).
 *   default gates (workers off) with vs. without signedDigits (window from the cost model):
 *   256    7 → 8   127 → 128       81 929 → 72 475            0.885   0.91 (15 pairs)
 *   4096   10 → 11 1023 → 1024     775 304 → 718 745          0.927   0.89 (10 pairs)
 * At a fixed window: the same bucket additions, half the running-sum reduction per window; the
 * cost model turns the saving into a window one wider. Default on.
 * Digit extraction alone (bench/micro-digits.bench.ts, n = 4096, 255-bit scalars): the limb
 * Booth recoding takes ~1 ms against 8–20 ms for the same recoding on BigInt shifts/masks
 * (~8–19× faster; the unsigned limb extraction likewise vs. step 00's unsignedDigits).
 *
 * Alternatives tried and rejected (micro-benchmark): converting scalars to limbs with
 * toString(16) + parseInt (~40× slower than the BigUint64Array store) or with
 * BigInt.asUintN(64) chunks split by `& 0xffffffffn` / `>> 32n` (~5× slower); a branch on v > 2^(c−1) for the carry (3–5×
 * slower than the branch-free form on random scalars: the branch is unpredictable); a
 * scalar-major loop (slightly slower than window-major, which writes the table sequentially).
 * Considered: always allocating the extra top window (an empty window still costs c doublings
 * in Horner), so it is added only when some scalar carries out.
 */
import { signedDigitsLimbs } from '../kernels/digits.js';
import type { Step } from '../step.js';

export const signedDigits: Step = {
  id: 'signedDigits',
  step: 5,
  title: 'Signed (Booth) window digits: 2^(c−1) buckets per window, limb-based digit extraction',
  default: true,
  recode: (job) => signedDigitsLimbs(job.scalars, job.bits, job.window),
  price: (p) => ({ ...p, signed: true }),
};
