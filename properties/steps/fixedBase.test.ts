/**
 * Step 10 (fixedBase): prepare() handles and the table path.
 *
 * Failure modes aimed at: tables reused across calls going stale or being mutated by a call;
 * two handles' tables mixed up (both handles of the same length, interleaved calls); the
 * signed base-2^c recoding losing its top carry (c dividing bits, c = 1, scalars near r);
 * identity bases and zero scalars; the table path composed with every other gate (its
 * accumulate / reduce come from whatever bucket step is on); msm(handle) with the gate off.
 * Expected values come from the discrete-log oracle (points kᵢ·G) and the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { G1, G2, TOY, msm, msmInspect, prepare, referenceMsm, type AnyCurve } from '../../src/index.js';
import { fixedBaseDigits } from '../../src/optimized/steps/10-fixedBase.js';
import { gateSetArb } from '../../harness/arbitraries/gates.js';
import { knownPointsArb, type KnownPoint } from '../../harness/arbitraries/points.js';
import { scalarArb } from '../../harness/arbitraries/scalars.js';
import { runs } from '../../harness/config.js';
import { oracle } from '../../harness/oracle.js';
import { show } from '../../harness/show.js';

const on = (g: Record<string, boolean>) => ({ ...g, fixedBase: true });

function vectorsArb(curve: AnyCurve, n: number, max: number): fc.Arbitrary<bigint[][]> {
  return fc.array(fc.array(scalarArb(curve.order), { minLength: n, maxLength: n }), { minLength: 1, maxLength: max });
}

function check(curve: AnyCurve, pts: KnownPoint[], got: unknown, scalars: bigint[], label: string): void {
  expect(show(curve, got), label).toBe(
    show(
      curve,
      oracle(
        curve,
        pts.map((p) => p.k),
        scalars
      )
    )
  );
}

describe('fixedBase: signed table digits', () => {
  it('recombine to the scalar, stay in [−2^(c−1), 2^(c−1)], any c and bits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(TOY, G1),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.constant(0), { maxLength: 5 }),
        (curve, c, shape) => {
          const rows = Math.ceil((curve.scalarBits + 1) / c);
          const scalars = shape.map((_, i) => (i === 0 ? curve.order - 1n : ((1n << BigInt(curve.scalarBits)) - 1n) % curve.order) - BigInt(i));
          const t = fixedBaseDigits(scalars, rows, c, new Uint8Array(scalars.length));
          for (let i = 0; i < scalars.length; i++) {
            let v = 0n;
            for (let j = rows - 1; j >= 0; j--) {
              const d = t.digits[i * rows + j];
              expect(Math.abs(d)).toBeLessThanOrEqual(t.bucketCount);
              v = (v << BigInt(c)) + BigInt(d);
            }
            expect(v).toBe(scalars[i]);
          }
        }
      ),
      { numRuns: runs(60) }
    );
  });
});

describe('fixedBase: toy curve', () => {
  it('one handle reused over many scalar vectors equals the oracle, any other gates', () => {
    fc.assert(
      fc.property(
        knownPointsArb(TOY, 1, 24).chain((pts) =>
          fc.tuple(fc.constant(pts), fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }), vectorsArb(TOY, pts.length, 6), fc.array(gateSetArb(), { minLength: 6, maxLength: 6 }))
        ),
        ([pts, window, vectors, gateSets]) => {
          const h = prepare(
            pts.map((p) => p.P),
            { curve: TOY, window }
          );
          vectors.forEach((s, t) => {
            const rep = msmInspect(h, s, { gates: on(gateSets[t]) });
            // (a transform such as skipZero may empty the job first: then nothing runs at all)
            if (rep.trace.n > 0) expect(rep.trace.path).toBe('fixedBase');
            check(TOY, pts, rep.result, s, `call ${t} window=${h.window}`);
          });
        }
      ),
      { numRuns: runs(150) }
    );
  });

  it('two handles of the same length, calls interleaved, never mix tables', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }).chain((n) =>
          fc.tuple(knownPointsArb(TOY, n, n), knownPointsArb(TOY, n, n), vectorsArb(TOY, n, 8), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), gateSetArb())
        ),
        ([a, b, vectors, which, gates]) => {
          const ha = prepare(
            a.map((p) => p.P),
            { curve: TOY }
          );
          const hb = prepare(
            b.map((p) => p.P),
            { curve: TOY }
          );
          vectors.forEach((s, t) => {
            const [h, pts] = which[t] ? [ha, a] : [hb, b];
            check(TOY, pts, msm(h, s, { gates: on(gates) }), s, `call ${t} on handle ${which[t] ? 'a' : 'b'}`);
          });
        }
      ),
      { numRuns: runs(120) }
    );
  });

  it('msm(handle) with random gates (fixedBase on or off) and random explicit window equals msm(points)', () => {
    fc.assert(
      fc.property(
        knownPointsArb(TOY, 0, 20).chain((pts) =>
          fc.tuple(fc.constant(pts), vectorsArb(TOY, pts.length, 3), gateSetArb(), fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }))
        ),
        ([pts, vectors, gates, window]) => {
          const P = pts.map((p) => p.P);
          const h = prepare(P, { curve: TOY });
          for (const s of vectors) {
            const got = msm(h, s, { gates, window, curve: TOY });
            expect(show(TOY, got)).toBe(show(TOY, msm(P, s, { gates, window, curve: TOY })));
            check(TOY, pts, got, s, `gates=${JSON.stringify(gates)} window=${window}`);
          }
        }
      ),
      { numRuns: runs(120) }
    );
  });
});

describe('fixedBase: BLS12-381 G1', () => {
  it('handle reuse and interleaving, any other gates, equals the reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(knownPointsArb(G1, n, n), knownPointsArb(G1, n, n), vectorsArb(G1, n, 3), gateSetArb())
        ),
        ([a, b, vectors, gates]) => {
          const ha = prepare(a.map((p) => p.P));
          const hb = prepare(b.map((p) => p.P));
          vectors.forEach((s, t) => {
            const [h, pts] = t % 2 === 0 ? [ha, a] : [hb, b];
            const want = referenceMsm(
              pts.map((p) => p.P),
              s
            );
            expect(show(G1, msm(h, s, { gates: on(gates) })), `call ${t}`).toBe(show(G1, want));
          });
        }
      ),
      { numRuns: runs(12) }
    );
  });
});

describe('fixedBase: BLS12-381 G2 (Fp2 tables)', () => {
  it('handle reused over two scalar vectors, any other gates, equals the oracle', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(knownPointsArb(G2, n, n), vectorsArb(G2, n, 2), gateSetArb())),
        ([pts, vectors, gates]) => {
          const h = prepare(
            pts.map((p) => p.P),
            { curve: G2 }
          );
          for (const s of vectors) check(G2, pts, msm(h, s, { gates: on(gates) }), s, 'G2');
        }
      ),
      { numRuns: runs(4) }
    );
  });
});

describe('fixedBase: the handle', () => {
  it('is frozen, reports its table, validates scalars against its points, rejects look-alikes', () => {
    const P = [TOY.BASE, TOY.ZERO, TOY.BASE.multiply(5n)];
    const h = prepare(P, { curve: TOY, window: 4 });
    expect(Object.isFrozen(h)).toBe(true);
    expect(Object.isFrozen(h.points)).toBe(true);
    expect(h.window).toBe(4);
    expect(h.rows).toBe(3); // ⌈12/4⌉
    expect(h.tableBytes).toBe(3 * 3 * 3 * 2);
    expect(h.buildMs).toBeGreaterThanOrEqual(0);
    expect(() => msm(h, [1n, 2n], { gates: { fixedBase: true } })).toThrow(RangeError);
    expect(() => msm(h, [1n, 2n, TOY.order], { gates: { fixedBase: true } })).toThrow(RangeError);
    expect(() => msm(h, [1n, 2n, 3 as unknown as bigint], { gates: { fixedBase: true } })).toThrow(TypeError);
    expect(() => msm({ ...h } as never, [1n, 2n, 3n])).toThrow(TypeError);
    expect(() => msm(h, [1n, 2n, 3n], { curve: G1 })).toThrow(TypeError);
    expect(() => prepare(P, { curve: TOY, window: 17 })).toThrow(RangeError);
    expect(() => prepare([G1.BASE, TOY.BASE])).toThrow(TypeError);
    // an explicit window other than the handle's is honoured: the normal pipeline runs
    const rep = msmInspect(h, [3n, 4n, 5n], { gates: { fixedBase: true }, window: 2 });
    expect(rep.trace.window).toBe(2);
    expect(rep.trace.path).not.toBe('fixedBase');
    expect(rep.result.equals(referenceMsm(P, [3n, 4n, 5n], TOY))).toBe(true);
    // empty handle
    const e = prepare<typeof TOY.ZERO>([], { curve: 'toy' });
    expect(msm(e, [], { gates: { fixedBase: true } }).equals(TOY.ZERO)).toBe(true);
    // window 16 and window 1 tables
    for (const window of [1, 16]) {
      const hw = prepare(P, { curve: TOY, window });
      const s = [TOY.order - 1n, 7n, 1024n];
      expect(msm(hw, s, { gates: { fixedBase: true } }).equals(referenceMsm(P, s, TOY))).toBe(true);
    }
  });
});
