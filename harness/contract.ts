/**
 * The contract every gate set must pass (the analogue of fast-check's shared arbitrary
 * contract): for a case, the engine equals the reference, and equals the discrete-log oracle.
 * Assertions compare rendered points so a failure shows a readable diff.
 */
import { expect } from 'vitest';
import { msm, referenceMsm, type AnyCurve } from '../src/index.js';
import { describeCase, type MsmCase } from './arbitraries/msm-case.js';
import { show } from './show.js';

export function engineOf(c: MsmCase): any {
  return msm(
    c.points.map((p) => p.P),
    c.scalars,
    { gates: c.gates, window: c.window, curve: c.curve }
  );
}

/** (Σ kᵢ·sᵢ mod r)·G: the answer computed without any MSM code. */
export function oracle(curve: AnyCurve, ks: readonly bigint[], scalars: readonly bigint[]): any {
  let e = 0n;
  for (let i = 0; i < ks.length; i++) e = (e + ks[i] * scalars[i]) % curve.order;
  return e === 0n ? curve.ZERO : curve.BASE.multiply(e);
}

export function checkDifferential(c: MsmCase): void {
  const got = engineOf(c);
  const want = referenceMsm(
    c.points.map((p) => p.P),
    c.scalars,
    c.curve
  );
  expect(show(c.curve, got), describeCase(c)).toBe(show(c.curve, want));
}

export function checkOracle(c: MsmCase): void {
  const got = engineOf(c);
  const want = oracle(
    c.curve,
    c.points.map((p) => p.k),
    c.scalars
  );
  expect(show(c.curve, got), describeCase(c)).toBe(show(c.curve, want));
}
