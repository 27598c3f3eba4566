/**
 * The contract on the reach-driven cases (harness/arbitraries/reach-case.ts): every edge of
 * every active step's declared reach (entry point plain / prepare() handle / msmAsync, windows up
 * to 16 with full-size scalars on G1, G2 for the steps that name it, sizes around each threshold, batches past each cap,
 * tunings, threads, scalar and input classes) yields cases that must equal the reference and the
 * discrete-log oracle through their entry point; and a random walk over all edges and gate
 * sets. So a new step's declared edges are run by the gate and by npm test without editing the
 * harness. Run by properties/reach-contract.test.ts and by the gate.
 */
import fc from 'fast-check';
import { G1, G2, TOY } from '../../src/index.js';
import { reachCaseFailure, defaultReachCases, reachCaseArb, type ReachCase } from '../arbitraries/reach-case.js';
import { check, suite, type CheckContext, type EngineCheck } from './check.js';
import { expect } from './expect.js';

async function every(cases: readonly ReachCase[], check: 'both' | 'oracle'): Promise<void> {
  const bad: string[] = [];
  for (const c of cases) {
    const f = await reachCaseFailure(c, check);
    if (f !== undefined) bad.push(f);
    if (bad.length >= 3) break;
  }
  expect(bad, `${bad.length} reach case(s) of ${cases.length} broke the contract`).toEqual([]);
}

export const REACH_CHECKS: EngineCheck[] = suite(
  'properties/reach-contract.test.ts',
  'reach cases: every step\u2019s declared edges, through their entry points',
  [
    check(
      'toy curve: cases for every edge of every step (any gates), engine = reference = oracle',
      (ctx: CheckContext) => every(defaultReachCases(TOY, { seed: ctx.seed(0), runsPerEdge: ctx.level === 'full' ? 3 : 2 }), 'both'),
      { timeoutMs: 600_000 }
    ),
    check(
      'BLS12-381 G1: cases for every edge of every step (wide windows, full-size scalars), engine = oracle',
      (ctx: CheckContext) => every(defaultReachCases(G1, { seed: ctx.seed(1), runsPerEdge: 1 }), 'oracle'),
      { timeoutMs: 600_000 }
    ),
    check(
      'BLS12-381 G2: cases for the steps that name the curve in their reach (Fp2 kernels), engine = oracle',
      (ctx: CheckContext) => every(defaultReachCases(G2, { seed: ctx.seed(2), runsPerEdge: ctx.level === 'full' ? 3 : 2 }), 'oracle'),
      { timeoutMs: 600_000 }
    ),
    check(
      'toy curve: random edges and gate sets (fast-check, shrinking), engine = reference = oracle',
      async (ctx: CheckContext) =>
        ctx.assert(
          fc.asyncProperty(reachCaseArb(TOY), async (c) => {
            const f = await reachCaseFailure(c, 'both');
            if (f !== undefined) throw new Error(f);
          }),
          { numRuns: ctx.runs(200, 40) }
        ),
      { timeoutMs: 600_000 }
    ),
  ]
);
