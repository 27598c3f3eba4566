/**
 * Micro-benchmarks of scalar digit extraction (step 05's kernel, kernels/digits.ts):
 *  - window-value extraction: step 00's unsignedDigits (one BigInt shift and mask per digit)
 *    vs. unsignedDigitsLimbs (one BigInt→32-bit-limbs conversion per scalar, int32 shifts);
 *  - Booth (signed) recoding: the same recoding on BigInt shifts vs. on limbs;
 *  - the limb conversion alone (its share of the limb-based cost).
 * Every pair is first checked to produce identical tables.
 *
 *   npx tsx bench/micro-digits.bench.ts            (n = 4096 BLS12-381 scalars; c = 8, 10, 13, 16)
 *   npx tsx bench/micro-digits.bench.ts 1024 12    (n and one window size)
 */
import { isDeepStrictEqual } from 'node:util';
import { Bench } from 'tinybench';
import { G1 } from '../src/index.js';
import { scalarLimbs, signedDigitsBigInt, signedDigitsLimbs, unsignedDigitsLimbs } from '../src/optimized/kernels/digits.js';
import { unsignedDigits } from '../src/optimized/steps/00-baseline.js';

const n = Number(process.argv[2] ?? 4096);
const windows = process.argv[3] !== undefined ? [Number(process.argv[3])] : [8, 10, 13, 16];
const bits = G1.scalarBits;

// deterministic pseudo-random scalars below r (a 64-bit LCG, 5 draws per scalar)
let state = 0x2545f4914f6cdd1dn;
const draw = (): bigint => (state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn);
const scalars = Array.from({ length: n }, () => {
  let v = 0n;
  for (let j = 0; j < 5; j++) v = (v << 64n) | draw();
  return v % G1.order;
});

const bench = new Bench({ time: 400, warmup: true, throws: true });
for (const c of windows) {
  if (!isDeepStrictEqual(unsignedDigits(scalars, bits, c), unsignedDigitsLimbs(scalars, bits, c))) throw new Error(`unsigned tables differ at c = ${c}`);
  if (!isDeepStrictEqual(signedDigitsBigInt(scalars, bits, c), signedDigitsLimbs(scalars, bits, c))) throw new Error(`signed tables differ at c = ${c}`);
  bench
    .add(`unsigned c=${c} BigInt shift/mask (step 00)`, () => void unsignedDigits(scalars, bits, c))
    .add(`unsigned c=${c} limbs`, () => void unsignedDigitsLimbs(scalars, bits, c))
    .add(`signed   c=${c} BigInt shift/mask`, () => void signedDigitsBigInt(scalars, bits, c))
    .add(`signed   c=${c} limbs (step 05)`, () => void signedDigitsLimbs(scalars, bits, c));
}
bench.add('limb conversion alone', () => void scalarLimbs(scalars, bits));

await bench.run();
console.log(`digit extraction, n = ${n} scalars of ${bits} bits`);
const rows = bench.tasks.map((t) => {
  const r = t.result as { state?: string; latency?: { mean: number; p50?: number; rme?: number } } | undefined;
  const lat = r?.latency;
  return {
    task: t.name,
    'mean ms': lat ? lat.mean.toFixed(3) : '?',
    'median ms': lat?.p50 !== undefined ? lat.p50.toFixed(3) : '?',
    'rme %': lat?.rme !== undefined ? lat.rme.toFixed(1) : '?',
  };
});
console.table(rows);
// BigInt/limbs ratios per window, from medians
const med = (name: string) => (bench.tasks.find((t) => t.name === name)?.result as { latency?: { p50?: number } } | undefined)?.latency?.p50 ?? NaN;
for (const c of windows) {
  const u = med(`unsigned c=${c} BigInt shift/mask (step 00)`) / med(`unsigned c=${c} limbs`);
  const s = med(`signed   c=${c} BigInt shift/mask`) / med(`signed   c=${c} limbs (step 05)`);
  console.log(`c=${c}: limbs are ${u.toFixed(1)}x faster (unsigned), ${s.toFixed(1)}x faster (signed)`);
}
