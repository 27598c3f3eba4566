/**
 * Time-to-catch as a regression figure: the cases a campaign runs before its first failure, for
 * every native target wrong on purpose (harness/targets/blst/blst-faulty.c: the four classic
 * faults and four harder ones — wrong only when two points are equal, only on G2, only when
 * n ≥ 2^10 + 1, only when a scalar is ≥ r). Counted in process, as one worker runs a campaign
 * (firstFailingCase: the same case seeds and groups), so the figure does not jitter with the
 * machine's load. One seed keeps it cheap (a few seconds, most of it building the two point
 * pools); the bounds are generous (about ten times the medians of the 20-seed table in
 * docs/targets.md, which scripts/time-to-catch.ts measures): a generator that stops reaching a
 * class or a size fails here.
 *
 * Without a C compiler or the c-kzg package the test is skipped with the reason printed, except
 * under env CI, where it fails.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { firstFailingCase } from '../../harness/cli/target-catch.js';
import { blstAvailable, blstFaultyCommand, type BlstFault } from '../../harness/targets/blst/index.js';
import { cmdTarget, type CmdTarget } from '../../harness/targets/cmd.js';

const UNDER_CI = Boolean(process.env.CI);
const REASON = blstAvailable();
if (REASON !== undefined && !UNDER_CI) console.warn(`[time-to-catch] skipped: ${REASON}`);

/** Fault, its expected verdict, and the most cases the campaign of seed 1 may need. */
const FIXTURES: [BlstFault, string, number][] = [
  ['drop-top-bit', 'wrong', 150],
  ['no-subgroup-check', 'accepts-invalid', 300],
  ['crash-on-infinity', 'crash', 400],
  ['hang', 'timeout', 300],
  ['equal-points', 'wrong', 150],
  ['g2-only', 'wrong', 60],
  ['n-above', 'wrong', 1200],
  ['rejects-scalar-ge-r', 'rejects-valid', 150],
];

const open: CmdTarget[] = [];
afterAll(async () => {
  for (const t of open) await t.close();
});

describe.skipIf(REASON !== undefined && !UNDER_CI)('cases to the first failure (native fixtures)', () => {
  for (const [fault, kind, bound] of FIXTURES)
    it(`${fault}: caught as ${kind} within ${bound} cases (seed 1)`, async () => {
      if (REASON !== undefined) throw new Error(`the blst fixtures must build under CI: ${REASON}`);
      const t = cmdTarget(await blstFaultyCommand(fault, fault === 'n-above' ? { k: 10 } : {}), {
        timeoutMs: fault === 'hang' ? 300 : 10_000,
        startupMs: 5000,
      });
      open.push(t);
      const f = await firstFailingCase(t, { seed: 1, groups: ['g1', 'g2'], maxN: 4097, maxCases: bound, timeoutMs: fault === 'hang' ? 300 : 10_000 });
      expect(f, `seed 1: not caught within ${bound} cases`).not.toBeNull();
      expect(f?.kind).toBe(kind);
      console.log(`[time-to-catch] ${fault}: ${(f?.index ?? 0) + 1} case(s) to the first failure (seed 1)`);
    });
});
