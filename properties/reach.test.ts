/**
 * Reach is proven, not assumed: the gate's default reach cases (harness/arbitraries/reach-case.ts,
 * REACH_DEFAULTS: the same seed and count the gate uses) are run through their entry points,
 * and for every registered step (the registry is iterated, so a step added with `new-step` is
 * here with no edit) and step 00, every item of its declared reach must be shown exercised
 * through the trace, the counting field and the kernels' branch counters
 * (harness/reach-coverage.ts): its slots ran on a case of each declared entry point, window,
 * scalar and input class, tuning and thread count; each threshold crossed (n after the
 * transforms at threshold − 1, at it and + 1, acting on its side only); a batch larger than each
 * cap (more inversions than without the cap); window 16 with full-size scalars on BLS12-381 G1.
 * A step whose reach is not covered fails here, naming the step and the missing items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkerPool } from '../src/index.js';
import { STEPS, baseline } from '../src/optimized/index.js';
import { REACH_DEFAULTS } from '../harness/arbitraries/reach-case.js';
import { reachCoverage, type ReachCoverage } from '../harness/reach-coverage.js';

let cov: ReachCoverage;

beforeAll(async () => {
  cov = await reachCoverage();
  console.log(
    `[reach] seed ${REACH_DEFAULTS.seed}, ${REACH_DEFAULTS.runsPerEdge} case(s) per edge: ${cov.cases} cases (${Object.entries(cov.perCurve)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}), ${(cov.ms / 1000).toFixed(1)} s; pool tasks ${cov.poolTasks}; branches ${JSON.stringify(cov.branches)}`
  );
}, 900_000);

afterAll(async () => {
  await closeWorkerPool();
});

describe('reach: every step is driven through every item of its declared reach by the default reach cases', () => {
  for (const step of [baseline, ...STEPS])
    it(`step ${String(step.step).padStart(2, '0')} ${step.id}`, () => {
      const s = cov.steps.find((x) => x.id === step.id);
      expect(s, `${step.id} is not in the coverage report`).toBeDefined();
      expect(s!.missing, `step ${step.id}: not reached: ${s!.missing.join('; ')}`).toEqual([]);
      expect(s!.declared, `step ${step.id} declares an empty reach`).toBeGreaterThan(0);
      expect(s!.acted, `step ${step.id} acted on no case`).toBeGreaterThan(0);
    });

  it('the async cases ran chunks on the worker pool, and the cases reached P = Q and P = −Q in the XYZZ and batched affine additions', () => {
    expect(cov.poolTasks).toBeGreaterThan(0);
    for (const k of ['mixedDouble', 'mixedCancel', 'double', 'cancel', 'affine double', 'affine cancel']) expect(cov.branches[k], k).toBeGreaterThan(0);
  });
});
