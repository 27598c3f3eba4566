/**
 * A case that never returns (an MSM in an endless synchronous loop) is a failure of `fuzz`, with
 * --runs (it used to hang the campaign) and with --time (its worker was dropped at the hard stop
 * and the campaign passed): the pool reads the case each worker is in from a shared clock.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGateMode } from '../../harness/cli/cases.js';
import { runFuzz, type FuzzOptions } from '../../harness/cli/fuzz.js';
import { parseImplSpec } from '../../harness/cli/impl.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-fuzz-hang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spinning = path.join(dir, 'spin.mjs');
writeFileSync(spinning, 'export function msm() {\n  for (;;) {}\n}\n');

const options = (over: Partial<FuzzOptions>): FuzzOptions => ({
  seed: 7,
  runs: 3,
  timeSec: null,
  shard: { index: 0, count: 1 },
  workers: 1,
  curve: 'toy',
  minN: 0,
  maxN: 3,
  maxWindow: 16,
  gates: parseGateMode('random'),
  check: 'both',
  cases: 'msm',
  corpus: path.join(dir, 'corpus'),
  json: null,
  recordIndices: false,
  impl: parseImplSpec(spinning),
  hangMs: 1500,
  ...over,
});

describe('fuzz: a case that never returns', () => {
  for (const [mode, over] of [
    ['--runs', {}],
    ['--time (the hang outlives the hard stop at --time + 5 s)', { runs: null, timeSec: 4, hangMs: 12_000 }],
  ] as const)
    it(`is a failure with ${mode}: exit 1, the case's seed and a replay command, no corpus file`, async () => {
      let out = '';
      const r = await runFuzz(
        options(over),
        (s) => (out += s),
        () => {}
      );
      expect(r.code).toBe(1);
      expect(r.hangs).toHaveLength(1);
      expect(r.hangs[0]).toMatchObject({ index: 0 });
      expect(r.hangs[0].ms).toBeGreaterThanOrEqual(over.hangMs ?? 1500);
      expect(out).toContain('## stepwise-msm fuzz: ❌ FAILED');
      expect(out).toContain(`**Hang**: case 0 (seed ${r.hangs[0].seed}) gave no answer after`);
      expect(r.hangs[0].replay).toMatch(new RegExp(`^npx stepwise-msm replay --seed ${r.hangs[0].seed} --path 0 --curve toy .*--impl `));
      expect(readdirSync(dir)).not.toContain('corpus');
    }, 60_000);
});
