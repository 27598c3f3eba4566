/**
 * The contract (harness/contract.ts) and the case and gate-set arbitraries it is fed with, checked
 * on implementations whose faults are known: the contract must pass the engine and name what is
 * wrong with a broken MSM (wrong point, thrown error, not a point), each check kind must be
 * wired to its own comparison, and the arbitraries must shrink a failure to the smallest size and
 * the smallest gate set.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GATE_IDS, TOY, msm } from '../src/index.js';
import { gateSetArb } from '../harness/arbitraries/gates.js';
import { msmCaseArb, type MsmCase } from '../harness/arbitraries/msm-case.js';
import { knownPointsArb } from '../harness/arbitraries/points.js';
import { windowArb } from '../harness/arbitraries/window.js';
import { runs } from '../harness/config.js';
import { assertLaw, assertMsmCase, lawFailure, msmCaseFailure, engine, LAW_IDS, type LawCase, type MsmImpl } from '../harness/contract.js';
import { pointOf } from '../harness/oracle.js';
import { dropLast } from './cli/fixtures/faults.js';

const noGates = Object.fromEntries(GATE_IDS.map((id) => [id, false]));
const toyCase = (ks: bigint[], scalars: bigint[], points = ks.map((k) => pointOf(TOY, k))): MsmCase => ({
  curve: TOY,
  points: ks.map((k, i) => ({ k, P: points[i] })),
  scalars,
  gates: { ...noGates },
  window: undefined,
});

describe('contract: msmCaseFailure(impl, case, check)', () => {
  const c = toyCase([1n, 2n, 3n], [1n, 1n, 1n]);

  it('passes the engine, and reports a wrong result against the reference and the oracle', () => {
    expect(msmCaseFailure(engine, c)).toBeUndefined();
    // dropping the last point gives 3·G instead of 6·G
    const three = `(0x${pointOf(TOY, 3n).toAffine().x.toString(16)}, `;
    const d = msmCaseFailure(dropLast(), c, 'differential');
    expect(d).toMatch(/^engine \(0x[0-9a-f]+, 0x[0-9a-f]+\) ≠ reference \(0x[0-9a-f]+, 0x[0-9a-f]+\)$/);
    expect(d!.startsWith(`engine ${three}`)).toBe(true);
    expect(msmCaseFailure(dropLast(), c, 'oracle')).toMatch(/≠ oracle/);
    expect(msmCaseFailure(dropLast(), c, 'both')).toMatch(/≠ reference/);
  });

  it('each check kind compares with its own answer: logs that do not match the points fail the oracle check only', () => {
    const lying = toyCase(
      [1n, 2n, 4n],
      [1n, 1n, 1n],
      [1n, 2n, 3n].map((k) => pointOf(TOY, k))
    );
    expect(msmCaseFailure(engine, lying, 'differential')).toBeUndefined();
    expect(msmCaseFailure(engine, lying, 'oracle')).toMatch(/^engine .* ≠ oracle /);
    expect(msmCaseFailure(engine, lying, 'both')).toMatch(/≠ oracle/);
  });

  it('reports a thrown error and a result that is not a point; rejects an unknown check kind', () => {
    const throws: MsmImpl = () => {
      throw new RangeError('boom');
    };
    expect(msmCaseFailure(throws, c)).toBe('engine threw RangeError: boom');
    expect(msmCaseFailure(() => ({ x: 1n }), c)).toBe('engine returned something that is not a point of the curve');
    expect(msmCaseFailure(() => c.points[0].P.toAffine(), c)).toBe('engine returned something that is not a point of the curve');
    expect(() => msmCaseFailure(engine, c, 'both ' as any)).toThrow(
      new RangeError('msmCaseFailure: check must be one of differential, oracle, both, got both ')
    );
  });

  it('a thrown non-Error value and a returned Promise are named as such', () => {
    const throwsNull: MsmImpl = () => {
      throw null;
    };
    const throwsText: MsmImpl = () => {
      throw 'a string';
    };
    expect(msmCaseFailure(throwsNull, c)).toBe('engine threw a non-Error value: null');
    expect(msmCaseFailure(throwsText, c)).toBe('engine threw a non-Error value: "a string"');
    expect(msmCaseFailure((async (p: readonly any[], s: readonly bigint[]) => msm(p, s, { curve: TOY })) as any, c)).toBe(
      'engine returned a Promise: the MSM under test must return the point itself (synchronously)'
    );
    expect(lawFailure(throwsNull, 'linearity', { ...c, points: c.points.map((p) => p.P), a: c.scalars, b: c.scalars, perm: [0, 1, 2], split: 1 })).toBe(
      'linearity: engine threw a non-Error value: null'
    );
  });

  it('an implementation that changes its arguments is judged on the case as drawn, which stays as drawn', () => {
    const zeroing: MsmImpl = (p, s, call) => {
      (s as bigint[]).fill(0n); // then the sum of nothing: the identity, wrong for this case
      return msm(p, s, call);
    };
    const consuming: MsmImpl = (p, s, call) => {
      const want = msm(p, s, call); // right, then the scalars are used up in place, as C-style code may do
      (s as bigint[]).fill(0n);
      (p as unknown[]).reverse();
      return want;
    };
    const gateFlipping: MsmImpl = (p, s, call) => {
      for (const id of Object.keys(call.gates ?? {})) (call.gates as Record<string, boolean>)[id] = true;
      return msm(p, s, { curve: TOY });
    };
    const own = toyCase([1n, 2n, 3n], [1n, 2n, 3n]);
    const before = JSON.stringify(own, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(msmCaseFailure(zeroing, own)).toMatch(/^engine identity ≠ reference /);
    expect(msmCaseFailure(consuming, own)).toBeUndefined();
    expect(msmCaseFailure(gateFlipping, own)).toBeUndefined();
    expect(JSON.stringify(own, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(before);
    const lawCase = {
      curve: TOY,
      points: own.points.map((p) => p.P),
      a: [1n, 2n, 3n],
      b: [4n, 5n, 6n],
      perm: [2, 0, 1],
      split: 1,
      gates: { ...noGates },
      window: undefined,
    };
    for (const law of LAW_IDS) expect(lawFailure(consuming, law, lawCase), law).toBeUndefined();
    expect(lawCase.a).toEqual([1n, 2n, 3n]);
  });

  it('passes the case options to the implementation, which may ignore them (a plain msm(points, scalars))', () => {
    const seen: unknown[] = [];
    const spy: MsmImpl = (p, s, call) => {
      seen.push(call);
      return msm(p, s, call);
    };
    const w = { ...c, window: 3, gates: { ...noGates, [GATE_IDS[0]]: true } };
    expect(msmCaseFailure(spy, w)).toBeUndefined();
    expect(seen).toEqual([{ gates: w.gates, window: 3, curve: TOY }]);
    const plain = (p: readonly any[], s: readonly bigint[]) => msm(p, s, { curve: TOY });
    expect(msmCaseFailure(plain, c)).toBeUndefined();
  });

  it('assertMsmCase throws naming the case, or returns', () => {
    expect(() => assertMsmCase(engine, c)).not.toThrow();
    expect(() => assertMsmCase(dropLast(), c)).toThrow(/^curve=toy n=3 window=auto gates=\[none\]: engine .* ≠ reference/);
  });

  it('over random cases: a dropped last point is caught exactly when n ≥ 3 and its term sₙ·kₙ is not 0 mod r', () => {
    fc.assert(
      fc.property(msmCaseArb(TOY, { maxN: 12, maxWindow: 8 }), (mc) => {
        const n = mc.points.length;
        const lastTerm = n ? (mc.points[n - 1].k * mc.scalars[n - 1]) % TOY.order : 0n;
        const caught = msmCaseFailure(dropLast(), mc) !== undefined;
        expect(caught).toBe(n >= 3 && lastTerm !== 0n);
      }),
      { numRuns: runs(150) }
    );
  });
});

describe('contract: lawFailure(impl, law, case)', () => {
  const lc: LawCase = {
    curve: TOY,
    points: [1n, 2n, 3n, 4n].map((k) => pointOf(TOY, k)),
    a: [5n, 6n, 7n, 8n],
    b: [1n, 0n, 2n, TOY.order - 1n],
    perm: [3, 2, 1, 0],
    split: 1,
    gates: { ...noGates },
    window: undefined,
  };
  /** An affine map, not a linear one: msm + G. */
  const offset: MsmImpl = (p, s, call) => TOY.add(msm(p, s, call) as any, TOY.BASE);

  it('the engine keeps every law', () => {
    for (const law of LAW_IDS) expect(lawFailure(engine, law, lc), law).toBeUndefined();
  });

  it('msm + G breaks linearity, concatenation and negation but not permutation; a dropped last point breaks permutation only', () => {
    expect(lawFailure(offset, 'linearity', lc)).toMatch(/^linearity: msm\(P, a \+ b\) \(0x.* ≠ msm\(P, a\) \+ msm\(P, b\) \(0x/);
    expect(lawFailure(offset, 'concatenation', lc)).toMatch(/^concatenation: /);
    expect(lawFailure(offset, 'negation', lc)).toMatch(/^negation: msm\(P, r − a\) .* ≠ −msm\(P, a\)/);
    expect(lawFailure(offset, 'permutation', lc)).toBeUndefined();
    expect(lawFailure(dropLast(), 'permutation', lc)).toMatch(/^permutation: msm\(π\(P\), π\(a\)\) .* ≠ msm\(P, a\)/);
    for (const law of ['linearity', 'concatenation', 'negation'] as const) expect(lawFailure(dropLast(), law, { ...lc, split: 4 }), law).toBeUndefined();
  });

  it("negation also compares msm(−P, a): an MSM that ignores the points' signs is caught", () => {
    const unsigned: MsmImpl = (p, s, call) =>
      msm(
        p.map((q: any) => (q.toAffine().y % 2n === 1n ? q.negate() : q)),
        s,
        call
      );
    expect(lawFailure(unsigned, 'negation', lc)).toMatch(/^negation: msm\(−P, a\) .* ≠ −msm\(P, a\)/);
  });

  it('reports non-points and thrown errors, rejects an unknown law; assertLaw throws naming the case', () => {
    expect(lawFailure(() => 7n, 'linearity', lc)).toBe('linearity: msm(P, a + b) returned something that is not a point of the curve');
    expect(
      lawFailure(
        () => {
          throw new TypeError('nope');
        },
        'permutation',
        lc
      )
    ).toBe('permutation: engine threw TypeError: nope');
    expect(() => lawFailure(engine, 'commutativity' as any, lc)).toThrow(
      new RangeError('lawFailure: law must be one of linearity, permutation, concatenation, negation, got commutativity')
    );
    expect(() => assertLaw(engine, 'negation', lc)).not.toThrow();
    expect(() => assertLaw(offset, 'negation', lc)).toThrow(/^curve=toy n=4 window=auto split=1: negation: /);
  });
});

describe('arbitraries: sizes, gate sets and windows shrink to the smallest failure', () => {
  it('a fault firing at n ≥ 3 shrinks to a case of exactly 3 points', () => {
    const out = fc.check(
      fc.property(msmCaseArb(TOY, { maxN: 40, size: 'max' }), (mc) => mc.points.length < 3),
      { seed: 42, numRuns: 100 }
    );
    expect(out.failed).toBe(true);
    expect(out.counterexample![0].points.length).toBe(3);
  });

  it('a fault needing two gates shrinks to the set of exactly those two; forced gates stay on', () => {
    const [a, b] = [GATE_IDS[0], GATE_IDS[GATE_IDS.length - 1]];
    const out = fc.check(
      fc.property(gateSetArb(), (g) => !(g[a] && g[b])),
      { seed: 7, numRuns: 1000 }
    );
    expect(out.failed).toBe(true);
    expect(Object.keys(out.counterexample![0]).sort()).toEqual([...GATE_IDS].sort());
    expect(GATE_IDS.filter((id) => out.counterexample![0][id])).toEqual([a, b]);
    fc.assert(
      fc.property(gateSetArb({ [b]: true, [a]: false }), (g) => g[b] === true && g[a] === false),
      { numRuns: 50 }
    );
  });

  it('windows are undefined or in [1, max] (capped at 16)', () => {
    fc.assert(
      fc.property(windowArb(5), (w) => w === undefined || (Number.isInteger(w) && w >= 1 && w <= 5)),
      { numRuns: 200 }
    );
    fc.assert(
      fc.property(windowArb(99), (w) => w === undefined || (w >= 1 && w <= 16)),
      { numRuns: 200 }
    );
    const seen = new Set(fc.sample(windowArb(3), { seed: 1, numRuns: 300 }));
    expect(seen).toEqual(new Set([undefined, 1, 2, 3]));
  });

  it('known points: kᵢ·G with logs in [0, r), duplicates / negations / identities occur; a failure at n ≥ 4 shrinks to 4 points', () => {
    const r = TOY.order;
    const seen = { dup: 0, neg: 0, zero: 0 };
    fc.assert(
      fc.property(knownPointsArb(TOY, 1, 12), (pts) => {
        expect(pts.length).toBeGreaterThanOrEqual(1);
        expect(pts.length).toBeLessThanOrEqual(12);
        for (const { k, P } of pts) {
          expect(k >= 0n && k < r).toBe(true);
          expect(TOY.equals(P, pointOf(TOY, k))).toBe(true);
        }
        const ks = pts.map((p) => p.k);
        if (ks.some((k, i) => k !== 0n && ks.indexOf(k) !== i)) seen.dup++;
        if (ks.some((k) => k !== 0n && ks.includes(r - k))) seen.neg++;
        if (ks.includes(0n)) seen.zero++;
      }),
      { numRuns: 300, seed: 3 }
    );
    expect(seen.dup).toBeGreaterThan(10);
    expect(seen.neg).toBeGreaterThan(10);
    expect(seen.zero).toBeGreaterThan(10);
    const out = fc.check(
      fc.property(knownPointsArb(TOY, 0, 30), (pts) => pts.length < 4),
      { seed: 9, numRuns: 200 }
    );
    expect(out.failed).toBe(true);
    expect(out.counterexample![0].length).toBe(4);
  });

  it('cases: minN ≤ n ≤ maxN, points are kᵢ·G, scalars and logs in [0, r), duplicates / negations / identities occur', () => {
    const r = TOY.order;
    let dup = 0;
    let neg = 0;
    let zero = 0;
    fc.assert(
      fc.property(msmCaseArb(TOY, { minN: 2, maxN: 30, maxWindow: 6, size: 'max' }), (mc) => {
        expect(mc.points.length).toBeGreaterThanOrEqual(2);
        expect(mc.points.length).toBeLessThanOrEqual(30);
        expect(mc.scalars.length).toBe(mc.points.length);
        for (const { k, P } of mc.points) {
          expect(k >= 0n && k < r).toBe(true);
          expect(TOY.equals(P, pointOf(TOY, k))).toBe(true);
        }
        for (const s of mc.scalars) expect(s >= 0n && s < r).toBe(true);
        const ks = mc.points.map((p) => p.k);
        if (ks.some((k, i) => k !== 0n && ks.indexOf(k) !== i)) dup++;
        if (ks.some((k) => k !== 0n && ks.includes(r - k))) neg++;
        if (ks.includes(0n)) zero++;
      }),
      { numRuns: 200, seed: 5 }
    );
    expect(dup).toBeGreaterThan(10);
    expect(neg).toBeGreaterThan(10);
    expect(zero).toBeGreaterThan(10);
  });
});
