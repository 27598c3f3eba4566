/**
 * The `blst` target (harness/targets/blst): native blst behind the line protocol.
 *
 *  - Valid inputs: blst's answer equals the discrete-log oracle's (points with known logs kᵢ, so
 *    Σ sᵢ·Pᵢ = (Σ kᵢ·sᵢ mod r)·G, one scalar multiplication by noble; no MSM code involved) on the
 *    edge cases written out below (infinity, scalar 0, r, r + 1, r − 1, 2^256 − 1, P and −P,
 *    duplicates, infinity among the points at blst's size boundaries) and on random inputs with
 *    unreduced scalars, for G1 and G2.
 *  - Invalid inputs: each EIP-2537 rejection class, built from the rules (bytes written by hand
 *    here), is answered with `error` naming the item.
 *
 * Without a C compiler or the c-kzg package the target tests are skipped with the reason printed,
 * except under env CI, where they fail (.ci/run installs gcc). The binary is cached, so only the
 * first run of a machine pays the compilation (about 5 s).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalarArb } from '../../harness/arbitraries/scalars.js';
import { nonSubgroupPoint } from '../../harness/arbitraries/target-case.js';
import { oracle, pointOf, progressionPoints } from '../../harness/oracle.js';
import { blstAvailable, buildBlst, openBlst } from '../../harness/targets/blst/index.js';
import { UsageError } from '../../harness/cli/errors.js';
import { curveOfGroup, encodeMsmInput, encodePoint, toHex } from '../../harness/targets/eip2537.js';
import type { Group, Target, TargetReply } from '../../harness/targets/target.js';
import { runs } from '../../harness/config.js';

const UNDER_CI = Boolean(process.env.CI);
const REASON = blstAvailable();
if (REASON !== undefined && !UNDER_CI) console.warn(`[blst] skipping the blst target tests: ${REASON}`);

const r = bls12_381.G1.Point.Fn.ORDER;
const p = bls12_381.fields.Fp.ORDER;
const MAX = (1n << 256n) - 1n;
const GROUPS: readonly Group[] = ['g1', 'g2'];
const ITEM: Record<Group, number> = { g1: 160, g2: 288 };
const POINT: Record<Group, number> = { g1: 128, g2: 256 };

/** A reply as one comparable line: the output's hex, or `error <message>`. */
const shown = (reply: TargetReply) => (reply.kind === 'output' ? toHex(reply.output) : `error ${reply.message}`);

/** Scalars as EIP-2537 callers pass them: any value < 2^256, reduced or not. */
const unreducedScalarArb = fc.oneof(
  scalarArb(r),
  scalarArb(r).chain((s) => fc.bigInt({ min: 0n, max: (MAX - s) / r }).map((m) => s + m * r)),
  fc.constantFrom(r, r + 1n, MAX, MAX - r, 1n << 255n)
);

describe.skipIf(REASON !== undefined && !UNDER_CI)('the blst target', () => {
  let target: Target;

  beforeAll(async () => {
    if (REASON !== undefined) throw new Error(`the blst target must build under CI: ${REASON}`);
    const started = Date.now();
    target = await openBlst({ log: (line) => console.log(line) });
    console.log(`[blst] target ready in ${Date.now() - started} ms`);
  });
  afterAll(async () => {
    await target?.close();
  });

  /** Calls blst on points with known logs and compares with the oracle's encoded answer. */
  async function agrees(group: Group, logs: readonly bigint[], scalars: readonly bigint[]): Promise<void> {
    const curve = curveOfGroup(group);
    const points = logs.map((k) => pointOf(curve, k));
    const reply = await target.call(group, encodeMsmInput(group, points, scalars));
    expect(shown(reply)).toBe(toHex(encodePoint(group, oracle(curve, logs, scalars))));
  }

  for (const group of GROUPS) {
    describe(group.toUpperCase(), () => {
      const G = curveOfGroup(group).BASE;
      const zeros = '00'.repeat(POINT[group]);

      it('edge cases: infinity, scalars 0, r, r ± 1, 2^256 − 1 (answers written by hand)', async () => {
        const call = async (points: unknown[], scalars: bigint[]) => shown(await target.call(group, encodeMsmInput(group, points, scalars)));
        const ZERO = curveOfGroup(group).ZERO;
        expect(await call([ZERO], [5n])).toBe(zeros);
        expect(await call([G], [0n])).toBe(zeros);
        expect(await call([G], [r])).toBe(zeros);
        expect(await call([G], [1n])).toBe(toHex(encodePoint(group, G)));
        expect(await call([G], [r + 1n])).toBe(toHex(encodePoint(group, G)));
        expect(await call([G], [r - 1n])).toBe(toHex(encodePoint(group, G.negate())));
        expect(await call([G, G.negate()], [7n, 7n])).toBe(zeros);
        expect(await call([G, G], [MAX, 1n])).toBe(toHex(encodePoint(group, G.multiply((MAX + 1n) % r))));
        expect(await call([ZERO, ZERO, ZERO], [1n, MAX, r])).toBe(zeros);
        // what fuzz --target shrank blst's infinity pitfall to (harness without its filter)
        expect(await call([G, ZERO], [18n, 0n])).toBe(toHex(encodePoint(group, G.multiply(18n))));
      });

      it('edge cases against the oracle: P and −P, duplicates, zero and unreduced scalars', async () => {
        const k = 0x1234567890abcdef1234567890abcdefn;
        await agrees(group, [k, r - k], [11n, 4n]);
        await agrees(group, [k, r - k, k], [MAX, MAX, r + 1n]);
        await agrees(group, [k, k, k, k], [1n, 2n, r - 1n, MAX]);
        await agrees(group, [k, 3n, 0n, 5n], [0n, 0n, 9n, 0n]);
        await agrees(group, [3n], [MAX]);
        await agrees(group, [3n, 5n], [MAX - r, (1n << 255n) + 1n]);
      });

      // blst switches from its 4-bit table method to Pippenger at 64 G1 / 32 G2 points; the table
      // method computes a wrong sum when a point is infinity (the harness filters them out)
      it('infinity among the points, on both sides of blst size boundaries', async () => {
        for (const n of [2, 3, 31, 32, 33, 64, 65, 100]) {
          const { logs } = progressionPoints(curveOfGroup(group), 2n, 3n, n);
          logs[1] = 0n; // P₁ = infinity
          if (n > 40) logs[40] = 0n;
          const scalars = logs.map((_, i) => (i % 3 === 0 ? MAX - BigInt(i) : BigInt(i) * 0x9e3779b97f4a7c15n + 1n));
          await agrees(group, logs, scalars);
        }
      });

      it('larger inputs: every scalar 2^256 − 1, and mixed classes', async () => {
        const n = group === 'g1' ? 4096 : 300;
        const { points, logs } = progressionPoints(curveOfGroup(group), 7n, 0xabcdefn, n);
        const scalars = logs.map((_, i) => [MAX, r, r + 1n, 0n, BigInt(i) ** 5n, r - 1n][i % 6]);
        let reply = await target.call(group, encodeMsmInput(group, points, scalars));
        expect(shown(reply)).toBe(toHex(encodePoint(group, oracle(curveOfGroup(group), logs, scalars))));
        const maxes = logs.map(() => MAX);
        reply = await target.call(group, encodeMsmInput(group, points, maxes));
        expect(shown(reply)).toBe(toHex(encodePoint(group, oracle(curveOfGroup(group), logs, maxes))));
      });

      it('random inputs with unreduced scalars agree with the oracle', async () => {
        const curve = curveOfGroup(group);
        const caseArb = fc.array(fc.tuple(scalarArb(r), unreducedScalarArb), { minLength: 1, maxLength: group === 'g1' ? 48 : 24 }).chain((items) =>
          // duplicates, negations and infinity: rewrite some logs as copies of others
          fc.array(fc.tuple(fc.nat(items.length - 1), fc.nat(items.length - 1), fc.constantFrom('dup', 'neg', 'zero')), { maxLength: 6 }).map((edits) => {
            const logs = items.map(([k]) => k);
            for (const [i, j, how] of edits) logs[i] = how === 'dup' ? logs[j] : how === 'neg' ? (r - logs[j]) % r : 0n;
            return { logs, scalars: items.map(([, s]) => s) };
          })
        );
        await fc.assert(
          fc.asyncProperty(caseArb, async ({ logs, scalars }) => {
            const points = logs.map((k) => pointOf(curve, k));
            const reply = await target.call(group, encodeMsmInput(group, points, scalars));
            expect(shown(reply)).toBe(toHex(encodePoint(group, oracle(curve, logs, scalars))));
          }),
          { numRuns: runs(group === 'g1' ? 30 : 12) }
        );
      });

      describe('invalid inputs are rejected (EIP-2537 rules)', () => {
        /** A valid two-item input (item 1 is corrupted by the cases); its answer is checked too. */
        const valid = () => encodeMsmInput(group, [pointOf(curveOfGroup(group), 5n), pointOf(curveOfGroup(group), 0xfeedn)], [3n, 4n]);
        /** Writes the 48-byte big-endian value v into the field element number `fe` of item 1. */
        const setFe = (bytes: Uint8Array, fe: number, v: bigint) => {
          const at = ITEM[group] + fe * 64 + 16;
          for (let i = 47; i >= 0; i--, v >>= 8n) bytes[at + i] = Number(v & 0xffn);
        };
        const readFe = (bytes: Uint8Array, fe: number) => {
          const at = ITEM[group] + fe * 64 + 16;
          return bytes.slice(at, at + 48).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
        };
        const rejectsItem1 = async (bytes: Uint8Array) => {
          const reply = await target.call(group, bytes);
          expect(reply.kind, shown(reply)).toBe('error');
          expect(shown(reply)).toMatch(/\bitem 1\b/);
        };
        const FIELD_ELEMENTS = group === 'g1' ? 2 : 4;

        it('the valid base input is accepted', async () => {
          expect(shown(await target.call(group, valid()))).toBe(toHex(encodePoint(group, G.multiply(3n * 5n + 4n * 0xfeedn))));
        });

        it('k = 0 and lengths that are not a multiple of the item size', async () => {
          for (const len of [0, 1, ITEM[group] - 1, ITEM[group] + 1, 2 * ITEM[group] - 32, POINT[group]]) {
            const bytes = new Uint8Array(len);
            bytes.set(valid().subarray(0, Math.min(len, 2 * ITEM[group])));
            const reply = await target.call(group, bytes);
            expect(reply.kind, `length ${len}: ${shown(reply)}`).toBe('error');
          }
        });

        it('a nonzero padding byte, in every coordinate and at both ends of the padding', async () => {
          for (let fe = 0; fe < FIELD_ELEMENTS; fe++)
            for (const offset of [0, 15]) {
              const bytes = valid();
              bytes[ITEM[group] + fe * 64 + offset] = 1;
              await rejectsItem1(bytes);
            }
        });

        it('a coordinate ≥ p: p itself, and x + p (congruent to a valid point: accepted only without the range check)', async () => {
          for (let fe = 0; fe < FIELD_ELEMENTS; fe++) {
            const atP = valid();
            setFe(atP, fe, p);
            await rejectsItem1(atP);
            const plusP = valid();
            setFe(plusP, fe, readFe(plusP, fe) + p);
            await rejectsItem1(plusP);
            const maxed = valid();
            setFe(maxed, fe, (1n << 384n) - 1n);
            await rejectsItem1(maxed);
          }
        });

        it('a point not on the curve', async () => {
          const bytes = valid();
          // y → y + 1: (y + 1)² = y² only if 2y + 1 = 0, i.e. y = (p − 1)/2, which is not this y
          const y = readFe(bytes, group === 'g1' ? 1 : 2);
          expect(y).not.toBe((p - 1n) / 2n);
          setFe(bytes, group === 'g1' ? 1 : 2, (y + 1n) % p);
          await rejectsItem1(bytes);
        });

        it('a point on the curve outside the subgroup', async () => {
          const bytes = valid();
          outsideSubgroup(group).forEach((v, i) => setFe(bytes, i, v));
          await rejectsItem1(bytes);
          // and it is rejected wherever it is: first item, alone, with scalar 0
          const alone = bytes.slice(ITEM[group], 2 * ITEM[group]);
          alone.fill(0, POINT[group]);
          const reply = await target.call(group, alone);
          expect(shown(reply)).toMatch(/^error .*\bitem 0\b/);
        });

        it('the target still answers correctly after rejections', async () => {
          await agrees(group, [5n, 0xfeedn], [3n, 4n]);
        });
      });
    });
  }
});

/**
 * A point on the curve outside the subgroup (E(Fp) for G1, E'(Fp2) for G2): the harness's finder
 * (harness/arbitraries/target-case.ts), its coordinates x then y, checked here with noble.
 */
function outsideSubgroup(group: Group): bigint[] {
  const c = nonSubgroupPoint(group, 1n);
  const Fp2 = bls12_381.fields.Fp2;
  const P =
    group === 'g1'
      ? bls12_381.G1.Point.fromAffine({ x: c[0], y: c[1] })
      : bls12_381.G2.Point.fromAffine({ x: Fp2.fromBigTuple([c[0], c[1]]), y: Fp2.fromBigTuple([c[2], c[3]]) });
  // on the curve (noble checks the equation first), not in the subgroup
  expect(() => P.assertValidity()).toThrow(/not in prime-order subgroup/);
  expect(P.isTorsionFree()).toBe(false);
  return c;
}

describe('building the blst target', () => {
  it('no C compiler (CC names a missing program) → a clear reason, and buildBlst rejects with a UsageError', async () => {
    const prev = process.env.CC;
    process.env.CC = 'stepwise-no-such-compiler-x';
    try {
      const reason = blstAvailable();
      // when c-kzg itself is missing, that is the reason given first
      expect(reason).toMatch(/CC="stepwise-no-such-compiler-x"|c-kzg/);
      const err = await buildBlst().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe(reason);
    } finally {
      if (prev === undefined) delete process.env.CC;
      else process.env.CC = prev;
    }
  });

  it.skipIf(process.platform === 'win32')('a compiler that fails → an Error quoting its output, and nothing is cached', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-blst-'));
    const fakeCc = path.join(dir, 'fake-cc');
    writeFileSync(fakeCc, '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "fake-cc 1.0"; exit 0; fi\necho "fake-cc: cannot compile this" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const prev = process.env.CC;
    process.env.CC = fakeCc;
    try {
      const err = await buildBlst({ cacheDir: path.join(dir, 'cache') }).catch((e: unknown) => e);
      if (blstAvailable() !== undefined) {
        // no c-kzg here: that is what is reported, before any compiler is run
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(/c-kzg/);
      } else {
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(/could not compile .*blst-msm\.c/);
        expect((err as Error).message).toContain('fake-cc: cannot compile this');
        expect(readdirSync(path.join(dir, 'cache'))).toEqual([]);
      }
    } finally {
      if (prev === undefined) delete process.env.CC;
      else process.env.CC = prev;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(REASON !== undefined && !UNDER_CI)('the binary is cached: a second build returns the same path without compiling', async () => {
    const first = await buildBlst();
    const lines: string[] = [];
    const again = await buildBlst({ log: (l) => lines.push(l) });
    expect(again).toBe(first);
    expect(lines).toEqual([]);
    expect(first).toMatch(/[/\\]\.cache[/\\]stepwise-msm[/\\]blst-msm-[0-9a-f]{16}(\.exe)?$/);
  });
});
