/**
 * Verifier soundness, attacked: runs every check of harness/kzg/soundness.ts
 * (the gate runs the same list through runSoundnessStage). Binding of every Fiat–Shamir
 * challenge and verdict to every input, and forgeries that balance the batch verifiers'
 * equations under a predictable random linear combination, which the real verifiers must reject.
 * FC_RUNS scales every check's run count (harness/config.ts), in the tests and in the gate alike.
 */
import { describe, it } from 'vitest';
import { createKzg } from '../../src/kzg/index.js';
import { SOUNDNESS_CHECKS } from '../../harness/kzg/soundness.js';

const kzg = createKzg();

describe('KZG verifier soundness (challenges bind every input; forgeries under a predictable r are rejected)', () => {
  for (const check of SOUNDNESS_CHECKS) {
    it(`${check.attacks}: ${check.name}`, () => {
      check.run({ kzg });
    }, 120_000);
  }
});
