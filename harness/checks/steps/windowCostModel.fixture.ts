/**
 * Step 02 windowCostModel: the model's answers are those of the model before the steps priced
 * themselves. fixtures/window-model-65d8264.json was recorded from the code at commit 65d8264
 * (step 02 then read every price from the gate names: `modelWindow(n, bits, gates)` and
 * `windowCost(n, bits, c, gates)`), by the script kept beside it
 * (fixtures/window-model-65d8264.recorder.txt), which evaluated, for each of the 2^12 gate
 * combinations of GATE_IDS at that commit (combination k: gate i on iff bit i of k is set):
 *   - modelWindow over n ∈ `ns` × bits ∈ `bits` (one base-17 digit each, n-major), and
 *   - windowCost over n ∈ `costNs` × bits ∈ `costBits` × c ∈ 1..16 (n-major, then bits, then c);
 * identical (windows, costs) rows are stored once (`windowRows`, `costRows`) and `comboRow[k]`
 * names the row of combination k. Nothing here is computed by the old code at check time.
 *
 * For a new step this says: with the new gate off (a recorded combination), the window model's
 * answers do not change. Combinations with wasmField on are left out: step 12's prices changed
 * on purpose after the recording (its inversion became the divstep kernel, 35 instead of 570
 * multiplications, commit 13bdc28), so its 2^11 combinations no longer have the recorded
 * windows. Their prices are judged against counted costs instead (windowCostModel.counted.ts).
 * The checks are exact and cheap (about 2 s), so quick and full counts are the same.
 */
import { readFileSync } from 'node:fs';
import { expect } from '../expect.js';
import { check, suite, type EngineCheck } from '../check.js';
import { GATE_IDS } from '../../../src/index.js';
import { pricesFor } from '../../../src/optimized/engine.js';
import type { Prices } from '../../../src/optimized/step.js';
import { modelWindow, windowCost } from '../../../src/optimized/steps/02-windowCostModel.js';

const FILE = 'properties/steps/windowCostModel.fixture.test.ts';

interface Fixture {
  gateIds: string[];
  ns: number[];
  bits: number[];
  costNs: number[];
  costBits: number[];
  windowRows: string[];
  costRows: number[][];
  comboRow: number[];
}

let cached: Fixture | undefined;
/** Read on first use (the catalogue is imported by every gate run). */
const fixture = (): Fixture => (cached ??= JSON.parse(readFileSync(new URL('./fixtures/window-model-65d8264.json', import.meta.url), 'utf8')) as Fixture);

const gatesOf = (k: number) => Object.fromEntries(fixture().gateIds.map((id, i) => [id, ((k >> i) & 1) === 1]));

/** The combinations still pinned by the recording: wasmField off (see above). */
const wasmBit = () => fixture().gateIds.indexOf('wasmField');
const pinned = (k: number) => ((k >> wasmBit()) & 1) === 0;

/** One representative pinned combination per recorded row that has one. */
const representatives = () =>
  fixture()
    .windowRows.map((_, r) => fixture().comboRow.findIndex((row, k) => row === r && pinned(k)))
    .filter((k) => k >= 0);

/** The model's windows over the recorded (n, bits) grid, as a recorded row (base-17 digits). */
const windowRow = (p: Prices) =>
  fixture()
    .ns.flatMap((n) => fixture().bits.map((b) => modelWindow(n, b, p).toString(17)))
    .join('');

/** The model's costs over the recorded cost grid (n-major, then bits, then c = 1..16). */
function costRow(p: Prices): number[] {
  const f = fixture();
  const costs: number[] = [];
  for (const n of f.costNs) for (const b of f.costBits) for (let c = 1; c <= 16; c++) costs.push(windowCost(n, b, c, p));
  return costs;
}

export const CHECKS: EngineCheck[] = suite(FILE, 'step 02 windowCostModel: same windows and costs as the recorded gate-named model (commit 65d8264)', [
  check('the recorded gates are still registered; the table covers every combination', () => {
    const f = fixture();
    for (const id of f.gateIds) expect(GATE_IDS).toContain(id);
    expect(f.comboRow.length).toBe(2 ** f.gateIds.length);
    expect(wasmBit()).toBeGreaterThanOrEqual(0);
    expect(representatives().length).toBeGreaterThan(1);
  }),
  check('modelWindow on the whole (n, bits) grid, one combination per recorded row', () => {
    const f = fixture();
    for (const k of representatives()) {
      expect(windowRow(pricesFor(gatesOf(k))), `combination ${k} (${JSON.stringify(gatesOf(k))})`).toBe(f.windowRows[f.comboRow[k]]);
    }
  }),
  check('windowCost on the cost grid, exactly, one combination per recorded row', () => {
    const f = fixture();
    for (const k of representatives()) {
      expect(costRow(pricesFor(gatesOf(k))), `combination ${k}`).toEqual(f.costRows[f.comboRow[k]]);
    }
  }),
  check('every pinned combination (the 2^11 with wasmField off): its windows at sample points and its costs at n = 1000, 255 bits are its recorded row', () => {
    const f = fixture();
    const samples: [number, number][] = [
      [7, 8],
      [64, 129],
      [65536, 64],
    ];
    const at = (n: number, b: number) => f.ns.indexOf(n) * f.bits.length + f.bits.indexOf(b);
    const costAt = f.costNs.indexOf(1000) * f.costBits.length * 16 + f.costBits.indexOf(255) * 16;
    const wrong: string[] = [];
    let checked = 0;
    for (let k = 0; k < f.comboRow.length; k++) {
      if (!pinned(k)) continue;
      checked++;
      const r = f.comboRow[k];
      const p = pricesFor(gatesOf(k));
      for (const [n, b] of samples)
        if (modelWindow(n, b, p).toString(17) !== f.windowRows[r][at(n, b)]) wrong.push(`combination ${k}: window at n=${n}, bits=${b}`);
      for (let c = 1; c <= 16; c++) if (windowCost(1000, 255, c, p) !== f.costRows[r][costAt + c - 1]) wrong.push(`combination ${k}: cost at c=${c}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(2 ** (f.gateIds.length - 1));
  }),
]);
