/**
 * `stepwise-msm gate`: the CI correctness gate.
 *
 *  1. properties — for every gate set of the catalogue (harness/gate-sets.ts: none, default,
 *     all, `only X`, `all −X`), fast-check properties with seeds derived from --seed and the set:
 *     toy curve engine = reference = oracle (n ≤ 40, any window 1..16; and n 100..300), and
 *     BLS12-381 G1 engine = discrete-log oracle (n ≤ 24). A failure is shrunk; the summary
 *     names the set, the smallest failing size, seed/path and the replay command, and the
 *     counterexample goes to the corpus folder.
 *     Then the same toy property with the gate set drawn per case (fast-check, all 2^|GATES|
 *     combinations reachable): the families above miss sets such as "06 with signed digits but
 *     07 and 12 off", the only sets where step 06 negates points itself.
 *  1c. engine checks — every entry of the engine-check catalogue (harness/checks/: differential,
 *     oracle, laws, bad input through msm, msmAsync and prepare() handles, each step's targeted
 *     cases, the window model's counted costs), the very checks `npm test` runs: at their quick
 *     counts by default, at npm test's (full) counts with --full; each seeded from --seed and its
 *     id (printed on failure). Only for the engine (not with --impl).
 *  2. vectors — the official KZG vectors (vectors/kzg-runner.ts) when configured: under the
 *     default gates (what users run); --full adds none, all and each single gate.
 *  3. counts — every set that passed is run once more on the seeded bench inputs, checked
 *     against the discrete-log oracle and its field multiplications counted; a count above the
 *     expectation (bench/expected-counts.json, keyed by family name) is a regression (exit 2).
 *  4. time — judged only against a reference measured on this machine in this run
 *     (harness/timing/): `--against <ref>`, or by default the merge base with the default
 *     branch, checked out in a temporary worktree and timed interleaved with the working tree;
 *     a set regresses when the bootstrap interval of its median ratio lies wholly above
 *     1 + --tolerance. On the default branch or outside git, time is reported, not judged.
 *
 * Exit: 0 pass, 1 correctness, 2 performance regression, 3 usage/configuration.
 */
import { g1RunsOf, gateProperties, runsOf, type GateOptions, type GateRun } from './gate-run.js';
import { GATE_STAGES } from './gate-stages.js';
import { FULL_ESTIMATE } from './commands/gate-flags.js';
import { existsSync } from 'node:fs';
import { GATE_IDS } from '../../src/index.js';
import { engine, type MsmImpl } from '../contract.js';
import { readCounts, type CountsFile } from '../bench/counts.js';
import { gateSetsOf, type GateSetSpec } from '../gate-sets.js';
import { fmtDuration } from '../format.js';
import { exitCode, publish, renderJUnit, renderMarkdown, runStages, verdictOf } from '../stages.js';

export type { GateOptions } from './gate-run.js';

/** The exit code and the Markdown summary (each stage's figures stay in its StageResult). */
export interface GateResult {
  code: number;
  markdown: string;
}

/** `impl`: the MSM under test (the engine unless the command was given another, e.g. --impl). */
export async function runGate(o: GateOptions, err: (s: string) => void, impl: MsmImpl = engine): Promise<GateResult> {
  const started = performance.now();
  let expected: CountsFile | null = null;
  let countsNote = '';
  if (!o.skipBench) {
    if (existsSync(o.counts) || o.countsExplicit) expected = readCounts(o.counts);
    else countsNote = `no counts file at ${o.counts}: counted, not checked (create it with \`stepwise-msm bench --update-counts\`)`;
  }
  const sets: GateSetSpec[] = gateSetsOf(o.sets);
  const props = gateProperties();
  if (o.full)
    err(`gate --full: ${sets.length} gate sets × ${props.length} properties at ${runsOf(o)}/${g1RunsOf(o)} runs; expected duration ${FULL_ESTIMATE}\n`);
  const g: GateRun = { o, err, impl, sets, props, expected, countsNote, outcomes: [], passing: [], counted: null };
  const results = await runStages(GATE_STAGES, g, { bail: o.bail });
  const code = exitCode(results);
  const head = [
    `## stepwise-msm gate: ${verdictOf(code)} (exit ${code})`,
    '',
    `Seed ${o.seed}${o.full ? ` · full mode (expected ${FULL_ESTIMATE})` : ''} · ${sets.length} gate sets × ${props.length} properties · total ${fmtDuration(performance.now() - started)}`,
    '',
    `Registered gates (${GATE_IDS.length}): ${GATE_IDS.join(', ')}.`,
    '',
  ];
  const markdown = renderMarkdown(head, results);
  // the whole gate's wall time (summary included) and each stage's, not only the timed cases
  publish(markdown, { file: o.junit ?? null, xml: () => renderJUnit('stepwise-msm gate', results, performance.now() - started) });
  return { code, markdown };
}
