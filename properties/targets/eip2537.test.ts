/**
 * The EIP-2537 codec (harness/targets/eip2537.ts): encodings checked against bytes written from
 * the EIP's layout by hand (hex strings of the coordinates, not the codec), round trips, each
 * rejection rule, and referenceAnswer against noble's own scalar multiplication. With
 * STEPWISE_VECTORS set, also against the official EIP-2537 MSM vectors.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import {
  decodeMsmInput,
  decodeOutput,
  encodeG1,
  encodeG2,
  encodeMsmInput,
  fromHex,
  parseRequestLine,
  referenceAnswer,
  requestLine,
  toHex,
} from '../../harness/targets/eip2537.js';
import { nonSubgroupPoint } from '../../harness/arbitraries/target-case.js';

const G1P = bls12_381.G1.Point;
const G2P = bls12_381.G2.Point;
const P = bls12_381.fields.Fp.ORDER;
const R = bls12_381.fields.Fr.ORDER;

/** One EIP-2537 field element written by hand: 32 hex zeros, then 96 hex digits. */
const fe = (v: bigint) => '0'.repeat(32) + v.toString(16).padStart(96, '0');
const sc = (v: bigint) => v.toString(16).padStart(64, '0');
const g1hex = (p: any) => (p.is0() ? '0'.repeat(256) : fe(p.toAffine().x) + fe(p.toAffine().y));
const g2hex = (p: any) => {
  if (p.is0()) return '0'.repeat(512);
  const { x, y } = p.toAffine();
  return fe(x.c0) + fe(x.c1) + fe(y.c0) + fe(y.c1);
};
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

// the G1 generator's coordinates as published (EIP-2537 / the BLS12-381 spec)
const G1X = 0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn;
const G1Y = 0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1n;

const scalarArb = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.constantFrom(0n, 1n, R - 1n, R, R + 1n, (1n << 256n) - 1n));
const g1Arb = fc.oneof(
  fc.constant(G1P.ZERO),
  fc.bigInt({ min: 1n, max: R - 1n }).map((k) => G1P.BASE.multiply(k))
);
const g2Arb = fc.oneof(
  fc.constant(G2P.ZERO),
  fc.bigInt({ min: 1n, max: R - 1n }).map((k) => G2P.BASE.multiply(k))
);

describe('EIP-2537 encoding', () => {
  it('G1: the generator is its published coordinates, each behind 16 zero bytes; infinity is 128 zero bytes', () => {
    expect(toHex(encodeG1(G1P.BASE))).toBe(fe(G1X) + fe(G1Y));
    expect(toHex(encodeG1(G1P.BASE)).slice(0, 32)).toBe('0'.repeat(32));
    expect(encodeG1(G1P.ZERO)).toEqual(new Uint8Array(128));
  });

  it('G2: x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, 256 bytes; infinity is 256 zero bytes', () => {
    const { x, y } = G2P.BASE.toAffine();
    expect(toHex(encodeG2(G2P.BASE))).toBe(fe(x.c0) + fe(x.c1) + fe(y.c0) + fe(y.c1));
    expect(encodeG2(G2P.ZERO)).toEqual(new Uint8Array(256));
  });

  it('an MSM input is point ‖ 32-byte big-endian scalar per item, scalars unreduced', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(g1Arb, scalarArb), { minLength: 1, maxLength: 4 }), (items) => {
        const got = encodeMsmInput(
          'g1',
          items.map((x) => x[0]),
          items.map((x) => x[1])
        );
        expect(toHex(got)).toBe(items.map(([p, s]) => g1hex(p) + sc(s)).join(''));
      }),
      { numRuns: 20 }
    );
    const g2 = encodeMsmInput('g2', [G2P.BASE], [(1n << 256n) - 1n]);
    expect(toHex(g2)).toBe(g2hex(G2P.BASE) + 'f'.repeat(64));
  });

  it('round trip: decode(encode(points, scalars)) gives the same points and the same (unreduced) scalars', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(g1Arb, scalarArb), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(g2Arb, scalarArb), { minLength: 1, maxLength: 2 }),
        (a, b) => {
          for (const [group, items] of [
            ['g1', a],
            ['g2', b],
          ] as const) {
            const d = decodeMsmInput(
              group,
              encodeMsmInput(
                group,
                items.map((x) => x[0]),
                items.map((x) => x[1])
              )
            );
            if ('error' in d) throw new Error(d.error);
            expect(d.scalars).toEqual(items.map((x) => x[1]));
            d.points.forEach((p, i) => expect(p.equals(items[i][0])).toBe(true));
          }
        }
      ),
      { numRuns: 10 }
    );
  });

  it('decodeOutput reads an output back; wrong length and bad bytes are errors', () => {
    const Q = G1P.BASE.multiply(12345n);
    const d = decodeOutput('g1', bytes(g1hex(Q)));
    expect('point' in d && d.point.equals(Q)).toBe(true);
    const z = decodeOutput('g2', new Uint8Array(256));
    expect('point' in z && z.point.is0()).toBe(true);
    expect(decodeOutput('g1', new Uint8Array(127))).toEqual({ error: 'output is 127 bytes, expected 128 for G1' });
    expect(decodeOutput('g1', bytes(fe(G1X) + fe(G1Y + 1n)))).toEqual({ error: 'output: point is not on the curve' });
  });

  it('toHex / fromHex, and bad hex named', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(fromHex('0x000FfF')).toEqual(new Uint8Array([0, 15, 255]));
    expect(() => fromHex('abc')).toThrow(RangeError);
    expect(() => fromHex('zz')).toThrow(/not an even-length hex string: "zz"/);
  });

  it('request lines: requestLine and parseRequestLine are inverse; bad lines are named', () => {
    const input = encodeMsmInput('g2', [G2P.BASE], [7n]);
    const line = requestLine('g2', input);
    expect(line).toBe(`g2 ${g2hex(G2P.BASE)}${sc(7n)}`);
    expect(parseRequestLine(line)).toEqual({ group: 'g2', input });
    expect(parseRequestLine('g1 ')).toEqual({ group: 'g1', input: new Uint8Array(0) });
    expect(parseRequestLine('g2')).toEqual({ group: 'g2', input: new Uint8Array(0) });
    expect(parseRequestLine(`${line}\n`)).toEqual({ group: 'g2', input });
    expect(() => parseRequestLine('g3 00')).toThrow(/not a request line "g1 <hex>" or "g2 <hex>".*: "g3 00"/);
    expect(() => parseRequestLine('g1 0')).toThrow(RangeError);
    expect(() => parseRequestLine('g1 zz')).toThrow(RangeError);
  });

  it('bad arguments are TypeError / RangeError naming them', () => {
    expect(() => encodeG1(G2P.BASE)).toThrow(TypeError);
    expect(() => encodeG2(G1P.BASE)).toThrow(TypeError);
    expect(() => encodeMsmInput('g1', [G1P.BASE], [-1n])).toThrow(/item 0: encodeScalar: expected 0 <= s < 2\^256/);
    expect(() => encodeMsmInput('g1', [G1P.BASE], [1n << 256n])).toThrow(RangeError);
    expect(() => encodeMsmInput('g1', [G1P.BASE, G1P.BASE], [1n])).toThrow(/points.length = 2, scalars.length = 1/);
    expect(() => decodeMsmInput('g3' as never, new Uint8Array(160))).toThrow(/group must be 'g1' or 'g2', got "g3"/);
    expect(() => decodeMsmInput('g1', [1, 2] as never)).toThrow(TypeError);
  });
});

describe('EIP-2537 rejections (each names the item and the rule)', () => {
  const good = (n: number) => Array.from({ length: n }, (_, i) => g1hex(G1P.BASE.multiply(BigInt(i + 2))) + sc(BigInt(i + 7))).join('');
  const reject = (group: 'g1' | 'g2', hex: string) => decodeMsmInput(group, bytes(hex));

  it('k = 0 and lengths that are not a multiple of the item size', () => {
    expect(reject('g1', '')).toEqual({ error: 'empty input (k = 0)' });
    expect(reject('g2', '')).toEqual({ error: 'empty input (k = 0)' });
    expect(reject('g1', good(2).slice(0, -2))).toEqual({ error: expect.stringMatching(/^input length 319 is not a multiple of the G1 item size 160/) });
    expect(reject('g1', good(1) + '00')).toEqual({ error: expect.stringMatching(/^input length 161 /) });
    expect(reject('g2', good(2))).toEqual({ error: expect.stringMatching(/^input length 320 is not a multiple of the G2 item size 288/) });
  });

  it('a nonzero padding byte (any of the 16 before each coordinate)', () => {
    const h = good(3);
    // item 2, y coordinate, padding byte 5 := 0x80
    const at = 2 * 320 + 128 + 10;
    expect(reject('g1', h.slice(0, at) + '80' + h.slice(at + 2))).toEqual({ error: 'item 2: y: nonzero padding byte 0x80 at offset 5 of the 16-byte padding' });
  });

  it('a coordinate ≥ p, including x + p (the same residue) and p itself', () => {
    const { x, y } = G1P.BASE.multiply(3n).toAffine();
    expect(reject('g1', good(1) + fe(x + P) + fe(y) + sc(1n))).toEqual({ error: 'item 1: x is not < p (coordinate ≥ field modulus)' });
    expect(reject('g1', fe(0n) + fe(P) + sc(1n))).toEqual({ error: 'item 0: y is not < p (coordinate ≥ field modulus)' });
    const q = G2P.BASE.toAffine();
    expect(reject('g2', fe(q.x.c0) + fe(q.x.c1 + P) + fe(q.y.c0) + fe(q.y.c1) + sc(1n))).toEqual({
      error: 'item 0: x.c1 is not < p (coordinate ≥ field modulus)',
    });
  });

  it('a point off the curve', () => {
    expect(reject('g1', fe(G1X) + fe(G1Y + 1n) + sc(1n))).toEqual({ error: 'item 0: point is not on the curve' });
    // (0, 2) is on y² = x³ + 4 and ≠ infinity; (0, 1) is not on the curve
    expect(reject('g1', fe(0n) + fe(1n) + sc(1n))).toEqual({ error: 'item 0: point is not on the curve' });
    const q = G2P.BASE.toAffine();
    expect(reject('g2', fe(q.x.c0) + fe(q.x.c1) + fe(q.y.c0 + 1n) + fe(q.y.c1) + sc(1n))).toEqual({ error: 'item 0: point is not on the curve' });
  });

  it('a point on the curve outside the prime-order subgroup', () => {
    // (0, 2): on the curve (2² = 0³ + 4), order 3
    expect(reject('g1', good(1) + fe(0n) + fe(2n) + sc(1n))).toEqual({ error: 'item 1: point is on the curve but not in the prime-order subgroup' });
    const c2 = nonSubgroupPoint('g2', 5n);
    const pt = G2P.fromAffine({ x: bls12_381.fields.Fp2.fromBigTuple([c2[0], c2[1]]), y: bls12_381.fields.Fp2.fromBigTuple([c2[2], c2[3]]) });
    expect(pt.isTorsionFree()).toBe(false);
    expect(reject('g2', c2.map(fe).join('') + sc(1n))).toEqual({ error: 'item 0: point is on the curve but not in the prime-order subgroup' });
  });

  it('the same bytes decode the same; bytes changed in place after a decode are decoded afresh', () => {
    const input = encodeMsmInput('g1', [G1P.BASE, G1P.BASE.multiply(2n)], [3n, 4n]);
    const a = decodeMsmInput('g1', input);
    expect('points' in a && a.scalars).toEqual([3n, 4n]);
    // the result is a copy: changing it does not change the next decode
    if ('points' in a) a.scalars[0] = 99n;
    expect((decodeMsmInput('g1', input) as { scalars: bigint[] }).scalars).toEqual([3n, 4n]);
    input[160 + 5] = 1; // item 1, padding of x
    expect(decodeMsmInput('g1', input)).toEqual({ error: 'item 1: x: nonzero padding byte 0x01 at offset 5 of the 16-byte padding' });
    input[160 + 5] = 0;
    input[159] = 9; // item 0's scalar, last byte
    expect((decodeMsmInput('g1', input) as { scalars: bigint[] }).scalars).toEqual([9n, 4n]);
    // same bytes, other group: not the G1 result
    expect(decodeMsmInput('g2', input)).toEqual({ error: expect.stringMatching(/^input length 320 is not a multiple of the G2 item size 288/) });
  });

  it('the point at infinity and any scalar up to 2^256 − 1 are valid', () => {
    const d = reject('g1', '0'.repeat(256) + 'f'.repeat(64));
    expect('points' in d && d.points[0].is0() && d.scalars[0] === (1n << 256n) - 1n).toBe(true);
  });
});

describe('referenceAnswer: the expected reply', () => {
  it('is Σ (sᵢ mod r)·Pᵢ, computed independently with noble multiply, for unreduced scalars', () => {
    const A = G1P.BASE.multiply(11n);
    const B = G1P.BASE.multiply(13n);
    const s = [R + 5n, (1n << 256n) - 1n, R];
    const want = A.multiply(5n).add(B.multiply(((1n << 256n) - 1n) % R));
    const got = referenceAnswer('g1', bytes(g1hex(A) + sc(s[0]) + g1hex(B) + sc(s[1]) + g1hex(B) + sc(s[2])));
    expect(got).toEqual({ kind: 'output', output: bytes(g1hex(want)) });
    const C = G2P.BASE.multiply(3n);
    expect(referenceAnswer('g2', bytes(g2hex(C) + sc(2n * R - 1n)))).toEqual({ kind: 'output', output: bytes(g2hex(C.negate())) });
  });

  it('is all zeros when the sum is infinity (P + (−P)), and a rejection for invalid input', () => {
    const A = G1P.BASE.multiply(7n);
    expect(referenceAnswer('g1', bytes(g1hex(A) + sc(1n) + g1hex(A.negate()) + sc(1n)))).toEqual({ kind: 'output', output: new Uint8Array(128) });
    expect(referenceAnswer('g1', new Uint8Array(0))).toEqual({ kind: 'error', message: 'empty input (k = 0)' });
  });

  it('with logs above 64 points (the oracle) gives the same bytes as without (the reference MSM)', () => {
    const ks = Array.from({ length: 65 }, (_, i) => BigInt(i * 1000 + 3));
    const ss = ks.map((k) => (k * 0x1234567n) % (1n << 256n));
    const input = encodeMsmInput(
      'g1',
      ks.map((k) => G1P.BASE.multiply(k)),
      ss
    );
    const a = referenceAnswer('g1', input);
    expect(referenceAnswer('g1', input, { logs: ks })).toEqual(a);
    // wrong logs give a different answer: the hint is used
    expect(referenceAnswer('g1', input, { logs: ks.map((k) => k + 1n) })).not.toEqual(a);
    expect(() => referenceAnswer('g1', input, { logs: ks.slice(1) })).toThrow(/hint.logs has 64 entries but the input has 65 items/);
  });
});

const VECTORS = process.env.STEPWISE_VECTORS;
const dir = VECTORS ? path.join(VECTORS, 'eip2537') : '';
if (!VECTORS || !existsSync(dir)) console.log(`[targets] official EIP-2537 vectors skipped: ${VECTORS ? `${dir} not found` : 'STEPWISE_VECTORS is not set'}`);

describe.skipIf(!VECTORS || !existsSync(dir))('official EIP-2537 MSM vectors', () => {
  for (const [group, file] of [
    ['g1', 'msm_G1_bls'],
    ['g2', 'msm_G2_bls'],
    ['g1', 'fail-msm_G1_bls'],
    ['g2', 'fail-msm_G2_bls'],
  ] as const) {
    it(`${file}: referenceAnswer gives Expected, or rejects the fail- vectors`, () => {
      const vs = JSON.parse(readFileSync(path.join(dir, `${file}.json`), 'utf8')) as {
        Name: string;
        Input: string;
        Expected?: string;
        ExpectedError?: string;
      }[];
      // the first 24 (the discount-table tail grows to 128 items: slow with the reference MSM)
      for (const v of vs.slice(0, 24)) {
        const a = referenceAnswer(group, fromHex(v.Input));
        if (v.ExpectedError !== undefined) expect(a.kind, v.Name).toBe('error');
        else expect(a.kind === 'output' ? toHex(a.output) : a.message, v.Name).toBe(v.Expected);
      }
    });
  }
});
