/**
 * Verifier soundness, attacked (issue 13, item 7): runs every check of harness/kzg/soundness.ts
 * (the gate runs the same list through runSoundnessChecks). Binding of every Fiat–Shamir
 * challenge and verdict to every input, and forgeries that balance the batch verifiers'
 * equations under a predictable random linear combination, which the real verifiers must reject.
 * FC_RUNS scales the run counts.
 */
import { describe, it } from 'vitest';
import { createKzg } from '../../src/kzg/index.js';
import { SOUNDNESS_CHECKS } from '../../harness/kzg/soundness.js';

const kzg = createKzg();
const scale = Math.max(1, Number(process.env.FC_RUNS ?? 1) || 1);

describe('KZG verifier soundness (challenges bind every input; forgeries under a predictable r are rejected)', () => {
  for (const check of SOUNDNESS_CHECKS) {
    it(`${check.target}: ${check.name}`, () => {
      check.run({ kzg }, scale > 1 ? { numRuns: 3 * scale } : undefined);
    }, 120_000);
  }
});
