/**
 * The fast case builder of the target campaigns (harness/targets/pool.ts, the answer keys of
 * harness/arbitraries/target-case.ts, expectedFromKey in harness/targets/check.ts), against the
 * independent oracles: every pool entry is its log times G (noble's own scalar multiplication);
 * a pool with one wrong log or one wrong byte fails its check; every class's answer key gives
 * what the independent decoder and reference MSM give (referenceAnswer, no logs); a wrong key is
 * a HarnessError from the audit, never a verdict; and the reach of a seeded campaign — both
 * groups, all 16 classes, sizes 1…4097, the edge scalars — is what the histogram below says.
 */
import fc from 'fast-check';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { describe, expect, it } from 'vitest';
import { sizeBoundaries, TARGET_CLASSES, targetCaseArb, targetCaseOfClass, type TargetCase } from '../../harness/arbitraries/target-case.js';
import { checkTargetCase, expectedFromKey, HarnessError } from '../../harness/targets/check.js';
import { decodeMsmInput, encodePoint, referenceAnswer, R_ORDER, toHex } from '../../harness/targets/eip2537.js';
import { decodedTarget } from '../../harness/targets/in-process.js';
import { checkPool, pointPool, poolCoords } from '../../harness/targets/pool.js';
import type { Group, TargetReply } from '../../harness/targets/target.js';

const seed = (globalThis as { __FC_SEED__?: number }).__FC_SEED__ ?? 1;
const R = R_ORDER;
const shown = (r: TargetReply) => (r.kind === 'error' ? 'error' : toHex(r.output));
const Point = (g: Group): any => (g === 'g1' ? bls12_381.G1.Point : bls12_381.G2.Point);

describe('the point pool', () => {
  for (const group of ['g1', 'g2'] as const) {
    it(`${group}: every entry's bytes are its log times G (noble's multiply), entries 0…3 are G…4G`, () => {
      const pool = pointPool(group, 67, seed);
      expect(pool.size).toBe(67);
      expect(pool.logs.slice(0, 4)).toEqual([1n, 2n, 3n, 4n]);
      expect(new Set(pool.logs).size).toBe(pool.size);
      for (let i = 0; i < pool.size; i++) {
        const want = encodePoint(group, Point(group).BASE.multiply(pool.logs[i]));
        expect(toHex(pool.bytes.subarray(i * want.length, (i + 1) * want.length)), `entry ${i}`).toBe(toHex(want));
      }
      expect(poolCoords(pool, 0)[0]).toBe(group === 'g1' ? Point('g1').BASE.toAffine().x : Point('g2').BASE.toAffine().x.c0);
    });
  }

  it('a pool with one wrong log, or one wrong byte, fails its check naming the entry', () => {
    const pool = pointPool('g1', 67, seed);
    const wrongLog = { ...pool, logs: pool.logs.map((k, i) => (i === 30 ? (k + 1n) % R : k)) };
    expect(() => checkPool(wrongLog)).toThrow(/fails its check at entry 30/);
    const bytes = pool.bytes.slice();
    bytes[45 * 128 + 100] ^= 1;
    expect(() => checkPool({ ...pool, bytes })).toThrow(/fails its check at entry 45/);
    const small = { ...pool, logs: pool.logs.map((k, i) => (i === 2 ? 5n : k)) };
    expect(() => checkPool(small)).toThrow(/entry 2: not 3·G/);
    expect(() => checkPool(pool)).not.toThrow();
  });

  it('bad arguments are RangeErrors naming them', () => {
    expect(() => pointPool('g3' as never, 4)).toThrow(/group must be 'g1' or 'g2'/);
    expect(() => pointPool('g1', 0)).toThrow(/minSize must be an integer in \[1, 2\^20\], got 0/);
    expect(() => pointPool('g1', 4, 0.5)).toThrow(/seed must be an integer/);
  });
});

describe('answer keys', () => {
  for (const group of ['g1', 'g2'] as const) {
    it(`${group}: every class's key gives the independent decoder's and reference MSM's answer`, () => {
      const maxN = group === 'g1' ? 20 : 5;
      for (const klass of TARGET_CLASSES) {
        const xs = fc.sample(targetCaseOfClass(klass, { group, maxN, poolSeed: seed }), { seed, numRuns: group === 'g1' ? 5 : 2 });
        for (const c of xs) {
          const key = expectedFromKey(c);
          expect(key, klass).toBeDefined();
          // no logs passed: the reference decodes every point (subgroup check) and runs the reference MSM
          const ref = referenceAnswer(group, c.input);
          expect(shown(key as TargetReply), `${klass}: ${fc.stringify(c).slice(0, 80)}`).toBe(shown(ref));
          expect(c.valid).toBe(ref.kind === 'output');
        }
      }
    });
  }

  it('a large size-boundaries case: the key equals noble Pippenger on the decoded points', () => {
    const arb = targetCaseOfClass('size-boundaries', { group: 'g1', maxN: 300, minN: 255, poolSeed: seed });
    const [c] = fc.sample(arb, { seed, numRuns: 1 });
    expect(c.n).toBeGreaterThanOrEqual(255);
    const d = decodeMsmInput('g1', c.input) as { points: any[]; scalars: bigint[] };
    expect(new Set(d.points.map((p) => p.toHex())).size).toBe(c.n);
    const sum = pippenger(
      bls12_381.G1.Point as any,
      d.points,
      d.scalars.map((s) => s % R)
    );
    expect(shown(expectedFromKey(c) as TargetReply)).toBe(toHex(encodePoint('g1', sum)));
  });

  it('a wrong key is a HarnessError from the audit, not a verdict on the target', async () => {
    const noble = decodedTarget({ spec: 'noble', groups: ['g1'] }, (_g, points, scalars) => pippenger(bls12_381.G1.Point as any, points, scalars));
    const [c] = fc.sample(targetCaseOfClass('random-points', { group: 'g1', maxN: 3 }), { seed, numRuns: 1 });
    expect((await checkTargetCase(noble, c, { audit: 'always' })).kind).toBe('agrees');
    const wrong: TargetCase = { ...c, sumLog: ((c.sumLog as bigint) + 1n) % R };
    // unaudited, the wrong key makes a correct target look wrong; audited, the harness refuses
    expect((await checkTargetCase(noble, wrong, { audit: 'never' })).kind).toBe('wrong');
    await expect(checkTargetCase(noble, wrong, { audit: 'always' })).rejects.toThrow(HarnessError);
    const badReason: TargetCase = { ...c, reason: 'item 0: made up' };
    await expect(checkTargetCase(noble, badReason, { audit: 'always' })).rejects.toThrow(/disagrees with the reference decoder/);
  });
});

describe('the reach of a seeded campaign (it must not shrink)', () => {
  it('both groups, all 16 classes, sizes 1…4097 (every size boundary), the edge scalars', () => {
    const classes = new Map<string, number>();
    const sizes = new Set<number>();
    const scalars = new Set<bigint>();
    let aboveTop = 0;
    for (const group of ['g1', 'g2'] as const) {
      const cases = fc.sample(targetCaseArb({ group, maxN: 4097, poolSeed: 7 }), { seed: group === 'g1' ? 7 : 8, numRuns: 640 });
      for (const c of cases) {
        classes.set(`${group} ${c.klass}`, (classes.get(`${group} ${c.klass}`) ?? 0) + 1);
        if (c.valid) sizes.add(c.n);
        if (c.valid && c.n <= 16) {
          const item = group === 'g1' ? 160 : 288;
          for (let at = item - 32; at < c.input.length; at += item) {
            const s = BigInt(`0x${toHex(c.input.subarray(at, at + 32))}`);
            scalars.add(s);
            if (s >> 255n === 1n) aboveTop++;
          }
        }
      }
    }
    console.log(`[reach] classes: ${[...classes].map(([k, v]) => `${k} ${v}`).join(', ')}; ${sizes.size} sizes; ${aboveTop} scalars ≥ 2^255`);
    for (const group of ['g1', 'g2']) for (const k of TARGET_CLASSES) expect(classes.get(`${group} ${k}`) ?? 0, `${group} ${k}`).toBeGreaterThanOrEqual(20);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(4097);
    expect(sizes.size).toBeGreaterThanOrEqual(30);
    // the size class alone reaches every boundary
    const sized = new Set(fc.sample(targetCaseOfClass('size-boundaries', { group: 'g1', maxN: 4097, poolSeed: 7 }), { seed: 7, numRuns: 240 }).map((c) => c.n));
    expect([...sized].sort((a, b) => a - b)).toEqual(sizeBoundaries(4097));
    for (const s of [0n, 1n, R - 1n, R, R + 1n, (1n << 256n) - 1n, 1n << 255n]) expect(scalars.has(s), `scalar ${s}`).toBe(true);
    expect(aboveTop).toBeGreaterThanOrEqual(20);
  });
});
