/**
 * The WebAssembly field backend (step 12, wasmField; src/optimized/wasm/) against the BigInt
 * field, operation by operation: Montgomery arithmetic on 13 × 30-bit limbs, for the BLS12-381
 * base field and the toy curve's F_1783 (one module, the modulus is a run-time parameter), in both
 * builds of the module (SIMD and scalar: the multiplication's products differ).
 *
 * Edge values: 0, 1, 2, p − 1, p − 2, (p ± 1)/2, values whose Montgomery form (x·2^390 mod p)
 * is 0, 1, p − 1 or a single limb boundary (2^30k − 1, 2^30k), limb boundaries themselves, and
 * random values. Expected values come from bigint arithmetic modulo p (not from the backend).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { G1, TOY } from '../src/index.js';
import { WASM_BUILDS, WasmField, wasmField, type WasmBuild } from '../src/optimized/wasm/backend.js';
import { runs } from '../harness/config.js';

const R = 1n << 390n;

function modInv(a: bigint, p: bigint): bigint {
  let [r0, r1, s0, s1] = [((a % p) + p) % p, p, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % p) + p) % p;
}

/** Edge values for modulus p: canonical, below p. */
function edgeValues(p: bigint): bigint[] {
  const rInv = modInv(R % p, p);
  const raw = [0n, 1n, 2n, 3n, p - 1n, p - 2n, p - 3n, (p - 1n) / 2n, (p + 1n) / 2n];
  // values whose Montgomery representation sits on a boundary
  for (const m of [0n, 1n, 2n, p - 1n, p - 2n]) raw.push((m * rInv) % p);
  for (let k = 1n; k <= 12n; k++) {
    const b = 1n << (30n * k);
    for (const v of [b - 1n, b, b + 1n]) {
      raw.push(v % p);
      raw.push((v * rInv) % p); // Montgomery form = v mod p
    }
  }
  return [...new Set(raw.map((v) => ((v % p) + p) % p))];
}

const CASES: [string, bigint, WasmBuild][] = WASM_BUILDS.flatMap((b): [string, bigint, WasmBuild][] => [
  [`BLS12-381 Fp${b === 'simd' ? '' : ` (${b} build)`}`, G1.Fp.ORDER, b],
  [`toy F_1783${b === 'simd' ? '' : ` (${b} build)`}`, TOY.Fp.ORDER, b],
]);

describe('WebAssembly field (step 12) = BigInt field', () => {
  for (const [name, p, build] of CASES) {
    const W = wasmField(p, build);
    it(`${name}: the instance runs the ${build} build`, () => expect(W.build).toBe(build));
    const edges = edgeValues(p);
    const elem = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: 0n, max: p - 1n }));

    it(`${name}: every pair of edge values, mul/sqr/add/sub/neg`, () => {
      for (const a of edges) {
        expect(W.sqr(a), `sqr(${a})`).toBe((a * a) % p);
        expect(W.neg(a), `neg(${a})`).toBe((p - a) % p);
        for (const b of edges) {
          expect(W.mul(a, b), `mul(${a}, ${b})`).toBe((a * b) % p);
          expect(W.add(a, b), `add(${a}, ${b})`).toBe((a + b) % p);
          expect(W.sub(a, b), `sub(${a}, ${b})`).toBe((((a - b) % p) + p) % p);
        }
      }
    });

    it(`${name}: random and edge operands, all operations`, () => {
      fc.assert(
        fc.property(elem, elem, (a, b) => {
          expect(W.mul(a, b)).toBe((a * b) % p);
          expect(W.sqr(a)).toBe((a * a) % p);
          expect(W.add(a, b)).toBe((a + b) % p);
          expect(W.sub(a, b)).toBe((((a - b) % p) + p) % p);
          expect(W.neg(b)).toBe((p - b) % p);
          if (a !== 0n) expect(W.inv(a)).toBe(modInv(a, p));
        }),
        {
          numRuns: runs(300),
          examples: [
            [p - 1n, p - 1n],
            [p - 2n, p - 1n],
            [1n, p - 1n],
            [0n, 0n],
          ],
        }
      );
    });

    it(`${name}: Montgomery form is x·2^390 mod p (limb layout)`, () => {
      fc.assert(
        fc.property(elem, (a) => {
          expect(W.montOf(a)).toBe((a * R) % p);
        }),
        { numRuns: runs(100) }
      );
    });

    it(`${name}: inversion of edge values; zero throws a RangeError`, () => {
      for (const a of edges) if (a !== 0n) expect(W.inv(a), `inv(${a})`).toBe(modInv(a, p));
      expect(() => W.inv(0n)).toThrow(RangeError);
    });

    it(`${name}: inversion (divsteps) of values whose Montgomery form is ±2^k or 2^k ± 1 (long runs of trailing zeros / ones)`, () => {
      const rInv = modInv(R % p, p);
      const bits = p.toString(2).length;
      for (let k = 0n; k < BigInt(bits); k++)
        for (const m of [1n << k, p - (1n << k), (1n << k) + 1n, (1n << k) - 1n]) {
          const a = ((((m % p) + p) % p) * rInv) % p; // montOf(a) = m mod p
          if (a === 0n) continue;
          expect(W.inv(a), `inv of Montgomery form ${m}`).toBe(modInv(a, p));
        }
    });

    it(`${name}: batch inversion (zeros stay zero) equals element-wise inverses`, () => {
      fc.assert(
        fc.property(fc.array(elem, { maxLength: 40 }), (vs) => {
          expect(W.batchInv(vs)).toEqual(vs.map((v) => (v === 0n ? 0n : modInv(v, p))));
        }),
        { numRuns: runs(60), examples: [[[]], [[0n]], [[0n, 0n, 1n]], [[p - 1n, 0n, p - 1n]]] }
      );
    });
  }

  it('every toy element: mul by edge values and inverse, exhaustively', () => {
    const p = TOY.Fp.ORDER;
    const W = wasmField(p);
    for (let a = 0n; a < p; a++) {
      for (const b of [0n, 1n, 2n, p - 1n, p - 2n, a]) expect(W.mul(a, b)).toBe((a * b) % p);
      if (a !== 0n) expect(W.mul(W.inv(a), a)).toBe(1n);
    }
  });

  it('rejects moduli it cannot hold (even, too small, ≥ 2^384) with a RangeError', () => {
    expect(() => new WasmField(1784n)).toThrow(RangeError);
    expect(() => new WasmField(1n)).toThrow(RangeError);
    expect(() => new WasmField((1n << 384n) + 1n)).toThrow(RangeError);
  });

  it('counts multiplications (squarings included) inside wasm', () => {
    const W = wasmField(G1.Fp.ORDER);
    const before = W.mulCount();
    W.mul(5n, 7n); // put: 2 toMont, the mul, get: 1 fromMont
    expect(W.mulCount() - before).toBe(4);
  });
});
