/**
 * The library's own EIP-2537 entry points (src/kzg/eip2537.ts: its decoder and checks, then the
 * engine) as a fuzz target — the `engine` target of `fuzz --target engine` — over every valid and
 * invalid input class of both groups: a seeded campaign of small inputs (n ≤ 17) where each class
 * is hit many times, the histogram asserted, no case failing. A decoder mistake (a padding byte
 * not checked, x + p reduced, a point off the curve or outside the subgroup accepted, a bad
 * length) is caught here, in npm test, not only by `gate --target engine`.
 */
import { describe, expect, it } from 'vitest';
import { TARGET_CLASSES } from '../../harness/arbitraries/target-case.js';
import { fuzzTarget } from '../../harness/targets/check.js';
import { openTarget } from '../../harness/targets/spec.js';

const RUNS = { g1: 480, g2: 192 } as const;
const AT_LEAST = { g1: 18, g2: 6 } as const;

describe('the engine target: a campaign over every input class', () => {
  for (const group of ['g1', 'g2'] as const) {
    it(`${group}: ${RUNS[group]} cases, every class at least ${AT_LEAST[group]} times, all agreeing`, async () => {
      const target = await openTarget('engine');
      const hist = new Map<string, number>();
      const r = await fuzzTarget(target, {
        seed: group === 'g1' ? 2401 : 2402,
        runs: RUNS[group],
        group,
        maxN: 17,
        poolSeed: 24,
        onCase: (c) => hist.set(c.klass, (hist.get(c.klass) ?? 0) + 1),
      });
      console.log(`[engine campaign] ${group}: ${[...hist].map(([k, v]) => `${k} ${v}`).join(', ')} (${(r.ms / 1000).toFixed(1)} s)`);
      expect(r.failures.map((f) => `${f.verdict.kind}: ${f.verdict.detail}\n${f.line.slice(0, 400)}`)).toEqual([]);
      expect(r.cases).toBe(RUNS[group]);
      for (const k of TARGET_CLASSES) expect(hist.get(k) ?? 0, k).toBeGreaterThanOrEqual(AT_LEAST[group]);
      expect([...hist.values()].reduce((a, b) => a + b, 0)).toBe(RUNS[group]);
    });
  }
});
