/**
 * Measures every registered step on and off, with the bench runner (harness/bench/run.ts), writes
 * the bench reports to docs/data/steps.json, and regenerates docs/steps.md from it
 * (scripts/steps-doc.ts; `npm run docs:steps` does only that part).
 *
 * Gate sets, at each size: none, default, and for every step its gate switched on over `none`
 * and switched over in `default` (on → off for a default-on step, off → on for a default-off
 * one). Primary figures: the counting field's mulTotal (exact, machine-independent); secondary:
 * same-run median time ratios (the machine, load and date are in each report's `meta`).
 * A second run on prepare() handles (`--prepared`) measures fixedBase, which acts only on those.
 *
 *   npm run docs:steps:measure                       # sizes 16,256,4096, both runs
 *   npm run docs:steps:measure -- --sizes 16,256 --time 200 --rounds 2 --seed 24301
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATES, DEFAULT_GATES, NO_GATES, closeWorkerPool } from '../src/index.js';
import { runBench, type BenchReport } from '../harness/bench/run.js';
import type { GateSetSpec } from '../harness/gate-sets.js';
import { DEFAULT_SEED } from '../harness/bench/inputs.js';
import { STEPS_DATA, STEPS_DOC, stepsDoc, type StepsData } from './steps-doc.js';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The gate sets of the plain-points run: none, default, and each step toggled in both contexts. */
export function stepGateSets(): GateSetSpec[] {
  const spec = (label: string, gates: Record<string, boolean>, baseline = false): GateSetSpec => ({
    label,
    gates: Object.freeze({ ...gates }),
    views: [],
    aliases: [],
    baseline,
  });
  const sets = [spec('none', { ...NO_GATES }, true), spec('default', { ...DEFAULT_GATES })];
  for (const g of [...GATES].sort((a, b) => a.step - b.step)) {
    sets.push(spec(`only ${pad2(g.step)} ${g.id}`, { ...NO_GATES, [g.id]: true }));
    sets.push(spec(`default ${g.default ? '−' : '+'}${pad2(g.step)} ${g.id}`, { ...DEFAULT_GATES, [g.id]: !g.default }));
  }
  return sets;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '16,256,4096').split(',').map(Number);
  const time = Number(arg('time', '300'));
  const rounds = Number(arg('rounds', '2'));
  const seed = Number(arg('seed', String(DEFAULT_SEED)));
  const preparedSizes = arg('prepared-sizes', arg('sizes', '16,256,4096')).split(',').map(Number);
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  log(`steps-measure: sizes ${sizes.join(',')}, time ${time} ms, rounds ${rounds}, seed ${seed}`);
  const runs: StepsData['runs'] = [];
  const plain: BenchReport = await runBench({ curve: 'g1', sizes, gateSets: stepGateSets(), time, iterations: 1, rounds, seed, peers: [], count: true, log });
  runs.push({ name: 'plain', report: plain });
  if (preparedSizes.length && !process.argv.includes('--no-prepared')) {
    const fb = GATES.find((g) => g.id === 'fixedBase');
    if (fb) {
      const sets = stepGateSets().filter((s) => s.label === 'none' || s.label === 'default' || s.label.endsWith(` ${fb.id}`));
      const prepared = await runBench({
        curve: 'g1',
        sizes: preparedSizes,
        gateSets: sets,
        time,
        iterations: 1,
        rounds,
        seed,
        peers: [],
        count: true,
        prepared: true,
        log,
      });
      runs.push({ name: 'prepared', report: prepared });
    }
  }
  await closeWorkerPool();
  const data: StepsData = {
    about:
      'Bench reports of scripts/steps-measure.ts (npm run docs:steps:measure): every step on vs off over `none` and in `default`. ' +
      'mulTotal (counting field) is exact; times are same-run medians on the machine in meta. docs/steps.md is generated from this file.',
    runs,
  };
  mkdirSync(path.dirname(STEPS_DATA), { recursive: true });
  writeFileSync(STEPS_DATA, JSON.stringify(data, null, 1) + '\n');
  log(`wrote ${path.relative(process.cwd(), STEPS_DATA)}`);
  writeFileSync(STEPS_DOC, stepsDoc(data));
  log(`wrote ${path.relative(process.cwd(), STEPS_DOC)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
