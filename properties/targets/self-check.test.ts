/**
 * The harness's self-check (harness/targets/self-check.ts), which gate --target and conformance
 * run before judging a target: every target wrong on purpose is caught with its expected verdict
 * (wrong, accepts-invalid, rejects-valid, crash, timeout, protocol; subprocess and in-process),
 * the correct one agrees on all 16 classes of both groups, and a fixture that is not caught as
 * expected makes the whole check fail with a text naming it.
 */
import { describe, expect, it } from 'vitest';
import { SELF_CHECK_FIXTURES, selfCheck, selfCheckText } from '../../harness/targets/self-check.js';

describe('self-check', () => {
  it('every fixture gets its expected verdict; the correct one agrees on 32 class cells', async () => {
    const r = await selfCheck();
    console.log(`[self-check] ${selfCheckText(r)}`);
    expect(r.rows.filter((x) => !x.ok).map((x) => `${x.fixture} ${x.group}: ${x.got} (${x.detail})`)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.rows).toHaveLength(SELF_CHECK_FIXTURES.length);
    expect(new Set(r.rows.map((x) => x.got))).toEqual(new Set(['agrees', 'wrong', 'accepts-invalid', 'rejects-valid', 'crash', 'timeout', 'protocol']));
    expect(r.rows.filter((x) => x.expected === 'agrees')).toHaveLength(32);
    expect(r.rows.some((x) => x.fixture.startsWith('in-process') && x.got === 'timeout')).toBe(true);
    expect(selfCheckText(r)).toMatch(/^self-check: 12 targets wrong on purpose caught with their expected verdicts/);
  });

  it('a fixture not caught as expected fails the check, named with what it got', async () => {
    const r = await selfCheck([
      { fault: 'correct', group: 'g1', classes: ['random-points'], expected: 'wrong', runs: 2 },
      { fault: 'nothex', group: 'g1', classes: ['random-points'], expected: 'protocol', runs: 2 },
    ]);
    expect(r.ok).toBe(false);
    expect(r.rows.map((x) => x.ok)).toEqual([false, true]);
    expect(selfCheckText(r)).toMatch(
      /^the harness failed its own self-check, so it will not judge the target .*1 of 2 fixture\(s\) not caught as expected:\n {2}- cmd:faulty correct on g1 random-points: expected wrong, got agrees after 2 case\(s\)$/
    );
  });
});
