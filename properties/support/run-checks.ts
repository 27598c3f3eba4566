/**
 * The vitest runner of the engine checks (harness/checks/): one `describe` per suite and one
 * `it` per entry, at the full level (npm test's counts, scaled by FC_RUNS; volume checks at
 * their slice), seeded by properties/setup.ts (FC_SEED). The gate runs the same entries (harness/cli/gate.ts).
 */
import { describe, it } from 'vitest';
import { checkContext, type EngineCheck } from '../../harness/checks/check.js';

export function runChecks(checks: readonly EngineCheck[]): void {
  if (checks.length === 0) throw new Error('runChecks: no checks given (a runner must run something)');
  const suites = new Map<string, EngineCheck[]>();
  for (const c of checks) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c]);
  for (const [name, entries] of suites)
    describe(name, () => {
      for (const c of entries) it(c.name, () => c.run(checkContext('full', undefined, { slice: true })), c.timeoutMs);
    });
}
