/**
 * EIP-2537 BLS12_G1MSM / BLS12_G2MSM vectors through the
 * decoding layer (src/kzg/eip2537.ts) and the engine, under default gates and gates 'none'
 * (plus single gates with STEPWISE_VECTORS_GATES=single): success files must give `Expected`
 * byte for byte; failure files must be rejected by the decoding layer with Eip2537Error of the
 * matching reason. The vectors have ≤ 8 pairs per case, so large-k G2 differential cases
 * (engine vs noble's pippenger, adversarial scalars/points) follow; they need no vectors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eip2537G1Msm, eip2537G2Msm, Eip2537Error, encodeG2, type Eip2537Reason } from '../src/kzg/index.js';
import { msm } from '../src/optimized/index.js';
import { eip2537Dir, gateSetsFromEnv, HOW_TO_GET_EIP2537 } from '../harness/vectors/kzg-runner.js';

const dir = eip2537Dir();
const sets = gateSetsFromEnv();

interface Ok {
  Input: string;
  Name: string;
  Expected: string;
}
interface Fail {
  Input: string;
  Name: string;
  ExpectedError: string;
}

const REASONS: [RegExp, Eip2537Reason][] = [
  [/invalid input length/, 'LENGTH'],
  [/top bytes/, 'TOP_BYTES'],
  [/fp\.Element encoding/, 'FP_RANGE'],
  [/not on curve/, 'NOT_ON_CURVE'],
  [/not in the correct subgroup/, 'NOT_IN_SUBGROUP'],
];

const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const load = <T>(file: string): T[] => JSON.parse(readFileSync(join(dir!, file), 'utf8')) as T[];

describe('EIP-2537 MSM vectors', () => {
  if (!dir || !existsSync(dir)) {
    if (process.env.CI)
      it('EIP-2537 vectors are configured (required under CI)', () => {
        throw new Error(`no EIP-2537 vectors folder${dir ? ` at ${dir}` : ''}: ${HOW_TO_GET_EIP2537}`);
      });
    else {
      console.warn(`[vectors] skipping the EIP-2537 vectors: ${HOW_TO_GET_EIP2537}`);
      it.skip(`EIP-2537 vectors (${HOW_TO_GET_EIP2537})`, () => {});
    }
    return;
  }
  const groups = [
    { g: 'G1', run: eip2537G1Msm, files: ['msm_G1_bls.json', 'mul_G1_bls.json'], fail: ['fail-msm_G1_bls.json', 'fail-mul_G1_bls.json'] },
    { g: 'G2', run: eip2537G2Msm, files: ['msm_G2_bls.json', 'mul_G2_bls.json'], fail: ['fail-msm_G2_bls.json', 'fail-mul_G2_bls.json'] },
  ];
  for (const { g, run, files, fail } of groups) {
    for (const s of sets) {
      it(`${g} success files, gates ${s.label}`, () => {
        let n = 0;
        for (const f of files) {
          const cases = load<Ok>(f);
          expect(cases.length).toBeGreaterThan(0);
          for (const c of cases) {
            const got = Buffer.from(run(bytes(c.Input), s.gates)).toString('hex');
            expect(got, `${f}: ${c.Name}`).toBe(c.Expected);
            n++;
          }
        }
        expect(n).toBeGreaterThan(150);
      });
    }
    it(`${g} failure files are rejected by the decoding layer with the matching reason`, () => {
      for (const f of fail) {
        const cases = load<Fail>(f);
        expect(cases.length).toBe(8);
        for (const c of cases) {
          const want = REASONS.find(([re]) => re.test(c.ExpectedError))?.[1];
          expect(want, `unmapped ExpectedError ${c.ExpectedError}`).toBeDefined();
          let err: unknown;
          try {
            run(bytes(c.Input), 'none');
          } catch (e) {
            err = e;
          }
          expect(err, `${f}: ${c.Name}`).toBeInstanceOf(Eip2537Error);
          expect((err as Eip2537Error).reason, `${f}: ${c.Name}`).toBe(want);
        }
      }
    });
  }
});

describe('EIP-2537 G2MSM: large-k differential (engine on Fp2 vs noble pippenger)', () => {
  const G2 = bls12_381.G2.Point;
  const r = G2.Fn.ORDER;
  const scalarBytes = (s: bigint) => Buffer.from(s.toString(16).padStart(64, '0'), 'hex');
  it('random and adversarial G2 MSMs, k = 40..96, default and none gates, through the byte layer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 96 }),
        fc.array(fc.bigInt({ min: 1n, max: r - 1n }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.oneof(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.constantFrom(0n, 1n, r - 1n, r, r + 1n, (1n << 128n) + 1n, (1n << 255n) - 1n)), {
          minLength: 96,
          maxLength: 96,
        }),
        (k, seeds, raw) => {
          const base = seeds.map((s) => G2.BASE.multiply(s));
          const pts = Array.from({ length: k }, (_, i) => (i % 11 === 3 ? G2.ZERO : i % 7 === 2 ? base[i % 8].negate() : base[i % 8]));
          const scalars = raw.slice(0, k);
          const input = Buffer.concat(pts.map((p, i) => Buffer.concat([Buffer.from(encodeG2(p)), scalarBytes(scalars[i])])));
          const reduced = scalars.map((s) => s % r);
          const expected = pippenger(G2, pts, reduced);
          const want = Buffer.from(encodeG2(expected)).toString('hex');
          for (const gates of [undefined, 'none'] as const) {
            expect(Buffer.from(eip2537G2Msm(Uint8Array.from(input), gates)).toString('hex')).toBe(want);
          }
          expect(msm(pts, reduced, { gates: 'all' }).equals(expected)).toBe(true);
        }
      ),
      { numRuns: 3 }
    );
  }, 170_000);
});
