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
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GATE_IDS } from '../../src/index.js';
import { engine, type MsmImpl } from '../contract.js';
import { caseSeed, labelOf, reportOf, runProperty, type CheckKind, type CurveFlag, type FailureReport, type GateMode } from './cases.js';
import { compareCounts, countSets, readCounts, type CountCheck, type CountsFile } from '../bench/counts.js';
import { DEFAULT_SEED } from '../bench/inputs.js';
import { gateSetsOf, setLabel, type Family, type GateSetSpec } from '../gate-sets.js';
import { formatDecision } from '../timing/decide.js';
import { runTimeStage, timeStageLine, timeStageTable, type TimeStage, type TimeStageResult } from '../timing/stage.js';
import { corpusReplayCommand, writeCorpus } from './corpus-io.js';
import { EXIT, UsageError } from './errors.js';
import { toJUnit, type JUnitCase, type JUnitSuite } from './junit.js';
import { makeProgress } from './progress.js';
import { runVectors, vectorsTable, type VectorsOutcome } from './vectors.js';
import { runSoundnessStage, type SoundnessStageResult } from '../kzg/soundness.js';
import { runChecks, type CheckOutcome } from '../checks/check.js';

export interface GateOptions {
  seed: number;
  families: Family[];
  /** Runs of the toy property per set (the other properties scale from it). */
  runs: number;
  g1Runs: number;
  full: boolean;
  vectorsRoot: string | null;
  skipVectors: boolean;
  /** No counts and no timing. */
  skipBench: boolean;
  /** Count expectations file (bench/expected-counts.json). */
  counts: string;
  /** True when --counts was given (a missing file is then an error, not a note). */
  countsExplicit: boolean;
  /** `--against`: a git ref, 'none', or null for the default reference. */
  against: string | null;
  /** No timing stage at all. */
  skipTime: boolean;
  /** Families timed against the reference. */
  timeSets: Family[];
  timeN: number;
  timeRounds: number;
  /** Budget per side, set and round, ms. */
  timeBudget: number;
  /** Allowed slow-down of the median ratio (fraction, 0.1 = 10 %). */
  tolerance: number;
  /** Seed of the bootstrap (printed). */
  bootSeed: number;
  corpus: string;
  junit: string | null;
  /** Runs of the toy property with a random gate set per case (0 = skip that stage). */
  randomRuns: number;
  /** The timing stage (injected by tests; default harness/timing/stage.ts). */
  timeStage?: TimeStage;
  /** Skip the engine-check catalogue (harness/checks/). */
  skipChecks?: boolean;
  /** Run only the catalogue entries whose id contains this text (case-insensitive). */
  checksFilter?: string;
  /** Stop at the first failure (property, check, vectors or soundness); later stages are reported as skipped. */
  bail?: boolean;
}

export interface GatePropertyDef {
  id: string;
  curve: CurveFlag;
  minN: number;
  maxN: number;
  maxWindow: number;
  check: CheckKind;
  runs: (o: GateOptions) => number;
}

/** Display name and key of the random-gate-set stage's row. */
export const RANDOM_SET = 'random gate sets';
const RANDOM_KEY = 'random';

export function gateProperties(): GatePropertyDef[] {
  return [
    { id: 'toy n≤40', curve: 'toy', minN: 0, maxN: 40, maxWindow: 16, check: 'both', runs: (o) => o.runs },
    { id: 'toy n 100..300', curve: 'toy', minN: 100, maxN: 300, maxWindow: 8, check: 'both', runs: (o) => Math.max(1, Math.ceil(o.runs / 10)) },
    { id: 'G1 oracle n≤24', curve: 'g1', minN: 1, maxN: 24, maxWindow: 8, check: 'oracle', runs: (o) => o.g1Runs },
  ];
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The seed of one (set, property) pair: fixed for a given --seed. */
export function propertySeed(seed: number, setKey: string, propId: string): number {
  return caseSeed(seed, fnv(`${setKey}/${propId}`) & 0x3fffffff);
}

/** A row of the properties stage: a catalogue set, or the random stage's pseudo-set. */
export interface GateRow {
  label: string;
  gates: Readonly<Record<string, boolean>>;
}

export interface SetOutcome {
  set: GateRow;
  props: { id: string; status: 'pass' | 'fail' | 'skipped'; runs: number; ms: number; failure?: FailureReport; note?: string }[];
  ok: boolean;
  /** Smallest failing n over its failing properties. */
  minN: number | null;
}

export interface GateResult {
  code: number;
  /** The engine-check catalogue's outcomes (null when the stage did not run). */
  checks: CheckOutcome[] | null;
  markdown: string;
  sets: SetOutcome[];
  vectors: VectorsOutcome | null;
  counts: CountCheck[];
  time: TimeStageResult | null;
}

const secs = (ms: number) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);

/** Expected duration of `--full`: 10× the property runs (≈ 1 min → 10 min) and the vectors under 14 gate sets instead of 1 (≈ 1.5–3 min of CPU each, single-threaded), from the default run measured on the 2-core shared VM. */
export const FULL_ESTIMATE =
  'about 30 min on an idle 2-core machine, over 1 h on a loaded shared one (default mode measured on the 2-core VM: 3.8 min quiet, 11.4 min loaded)';

/** `impl`: the MSM under test (the engine unless the command was given another, e.g. --impl). */
export async function runGate(o: GateOptions, err: (s: string) => void, impl: MsmImpl = engine): Promise<GateResult> {
  const started = performance.now();
  let expected: CountsFile | null = null;
  let countsNote = '';
  if (!o.skipBench) {
    if (existsSync(o.counts) || o.countsExplicit) expected = readCounts(o.counts);
    else countsNote = `no counts file at ${o.counts}: counted, not checked (create it with \`stepwise-msm bench --update-counts\`)`;
  }
  const sets: GateSetSpec[] = gateSetsOf(o.families);
  const props = gateProperties();
  if (o.full) err(`gate --full: ${sets.length} gate sets × ${props.length} properties at ${o.runs}/${o.g1Runs} runs; expected duration ${FULL_ESTIMATE}\n`);

  /** Runs one property for one outcome row, records pass or fail (corpus file, smallest n); the failure report, if any. */
  const runInto = (so: SetOutcome, p: GatePropertyDef, gates: GateMode, runs: number): FailureReport | undefined => {
    const t = performance.now();
    const spec = { curve: p.curve, minN: p.minN, maxN: p.maxN, maxWindow: p.maxWindow, check: p.check, gates };
    const out = runProperty(spec, propertySeed(o.seed, so.set.label === RANDOM_SET ? RANDOM_KEY : labelOf(so.set.gates), p.id), runs, impl);
    const ms = performance.now() - t;
    if (out.ok) {
      so.props.push({ id: p.id, status: 'pass', runs: out.runs, ms });
      return undefined;
    }
    const rep = reportOf(out.failure!, `found by stepwise-msm gate (seed ${o.seed}, set ${so.set.label}, property ${p.id})`, impl);
    writeCorpus(o.corpus, rep);
    so.props.push({ id: p.id, status: 'fail', runs: out.runs, ms, failure: rep });
    so.ok = false;
    so.minN = so.minN === null ? rep.n : Math.min(so.minN, rep.n);
    return rep;
  };

  // 1. properties
  const t1 = performance.now();
  const outcomes: SetOutcome[] = [];
  const progress = makeProgress({ label: 'gate', total: sets.length * props.length, write: err });
  let step = 0;
  for (const set of sets) {
    const so: SetOutcome = { set, props: [], ok: true, minN: null };
    outcomes.push(so);
    for (const p of props) {
      progress.update(step, `properties: ${set.label} — ${p.id} (${outcomes.filter((x) => !x.ok).length} failing set(s))`);
      step++;
      if (!so.ok) {
        so.props.push({ id: p.id, status: 'skipped', runs: 0, ms: 0, note: 'set already failed' });
        continue;
      }
      if (o.bail && outcomes.some((x) => !x.ok)) {
        so.props.push({ id: p.id, status: 'skipped', runs: 0, ms: 0, note: '--bail: an earlier set failed' });
        continue;
      }
      if (p.runs(o) === 0) {
        so.props.push({ id: p.id, status: 'skipped', runs: 0, ms: 0, note: 'runs = 0' });
        continue;
      }
      const rep = runInto(so, p, { kind: 'fixed', gates: { ...set.gates }, label: labelOf(set.gates) }, p.runs(o));
      if (rep) progress.log(`FAIL ${set.label} (${p.id}): n = ${rep.n} after ${rep.numShrinks} shrinks: ${rep.detail}`);
    }
  }
  progress.update(step, `properties done: ${outcomes.filter((x) => !x.ok).length} failing set(s)`);
  progress.stop();
  const passing = outcomes.filter((s) => s.ok);

  // 1b. random gate sets: the toy property with the gates drawn per case, so combinations no
  // family names (e.g. two gates off out of all) are reached too; not benchmarked.
  /** --bail: true once anything has failed (later stages do not run). */
  const bailed = () => o.bail === true && outcomes.some((x) => !x.ok);
  if (o.randomRuns > 0 && !bailed()) {
    const p = props[0];
    const so: SetOutcome = { set: { label: RANDOM_SET, gates: {} }, props: [], ok: true, minN: null };
    err(`[gate] random gate sets: ${p.id}, ${o.randomRuns} runs\n`);
    const rep = runInto(so, p, { kind: 'random' }, o.randomRuns);
    if (rep) err(`FAIL random gate sets (${p.id}): gates ${rep.gates}, n = ${rep.n} after ${rep.numShrinks} shrinks: ${rep.detail}\n`);
    outcomes.push(so);
  }
  const propMs = performance.now() - t1;
  const failing = outcomes.filter((s) => !s.ok);

  // 1c. the engine-check catalogue (the checks npm test runs), quick or full counts
  let checks: CheckOutcome[] | null = null;
  let checksTotal: number | undefined;
  let checksMs = 0;
  const checksApply = impl === engine && !o.skipChecks && !bailed();
  if (checksApply) {
    const t = performance.now();
    const { ENGINE_CHECKS } = await import('../checks/index.js');
    const f = o.checksFilter?.toLowerCase();
    const selected = f ? ENGINE_CHECKS.filter((c) => c.id.toLowerCase().includes(f)) : ENGINE_CHECKS;
    if (selected.length === 0)
      throw new UsageError(`--checks: no engine check's id contains "${o.checksFilter}" (ids are "<suite> › <name>", as the gate prints them)`);
    const level = o.full ? 'full' : 'quick';
    checksTotal = selected.length;
    err(`[gate] engine checks: ${selected.length} of ${ENGINE_CHECKS.length} catalogue entries at ${level} counts (seed ${o.seed})\n`);
    checks = await runChecks(selected, {
      level,
      seed: o.seed,
      seedOf: (id) => propertySeed(o.seed, 'checks', id),
      // one line per check (✓ with its time, ✗ with its message and seed)
      log: (line) => err(`${line}\n`),
      bail: o.bail,
    });
    checksMs = performance.now() - t;
    const bad = checks.filter((c) => !c.ok);
    err(`[gate] engine checks: ${checks.length - bad.length} passed, ${bad.length} failed in ${secs(checksMs)}\n`);
  }
  const checksFailed = checks?.filter((c) => !c.ok) ?? [];
  const stop = () => bailed() || (o.bail === true && checksFailed.length > 0);

  // 2. vectors
  let vectors: VectorsOutcome | null = null;
  if (!o.skipVectors && !stop()) {
    const { vectorGateSets } = await import('../vectors/kzg-runner.js');
    const gs = vectorGateSets(o.full ? ['default', 'none', 'single', 'all'] : ['default'], (id) => setLabel({ family: 'single', gate: id }));
    err(`[gate] vectors: ${o.vectorsRoot ?? 'not configured'}${o.vectorsRoot ? ` (gate sets: ${gs.map((g) => g.label).join(', ')})` : ''}\n`);
    vectors = await runVectors({
      root: o.vectorsRoot ?? undefined,
      gateSets: gs,
      onResult: (r) => err(`[gate] vectors ${r.fn} (${r.gates}): ${r.passed}/${r.total} in ${secs(r.ms)}\n`),
    });
  }

  // 2b. KZG verifier soundness (harness/kzg/soundness.ts, as properties/kzg/soundness.test.ts); runs with the vectors stage
  const sound: SoundnessStageResult | null = o.skipVectors || stop() || (o.bail && vectors?.status === 'fail') ? null : runSoundnessStage(o.seed, err);

  // 3. counts (expectations read up front: a bad file is a usage error) + 4. time
  let counted: { label: string; mulTotal: number; ms?: number }[] = [];
  let benchFailed: { label: string; note: string; ms: number }[] = [];
  let counts: CountCheck[] = [];
  let countMs = 0;
  let time: TimeStageResult | null = null;
  const countCurve = expected?.curve ?? 'g1';
  const countN = expected?.n ?? 256;
  // counts and time measure the engine: with another MSM under test (--impl) they do not apply
  const engineUnderTest = impl === engine;
  const bailedAll = o.bail === true && (stop() || vectors?.status === 'fail' || sound?.ok === false);
  const counting = !o.skipBench && engineUnderTest && passing.length > 0 && !bailedAll;
  if (counting) {
    const t = performance.now();
    err(
      `[gate] counts: ${passing.length} passing set(s) on ${countCurve} n = ${countN}${failing.length ? `; ${failing.length} failing set(s) not counted` : ''}\n`
    );
    const bp = makeProgress({ label: 'gate', total: passing.length });
    let k = 0;
    const res = countSets(
      passing.map((s) => s.set as GateSetSpec),
      { curve: countCurve, n: countN, seed: expected?.seed ?? DEFAULT_SEED, log: (line) => bp.update(++k, `counts: ${line}`) }
    );
    bp.stop();
    counted = res.counted;
    benchFailed = res.failed;
    if (expected) counts = compareCounts(expected, res.counted, (label) => sets.find((x) => x.label === label)?.aliases ?? []);
    countMs = performance.now() - t;
    if (!o.skipTime && benchFailed.length === 0) {
      const timedKeys = gateSetsOf(o.timeSets)
        .map((x) => x.label)
        .filter((l) => passing.some((p) => p.set.label === l) || !sets.some((x) => x.label === l));
      if (timedKeys.length) {
        err(`[gate] time: ${timedKeys.join(', ')} on g1 n = ${o.timeN}, ${o.timeRounds} rounds\n`);
        time = await (o.timeStage ?? runTimeStage)({
          against: o.against,
          families: o.timeSets,
          only: timedKeys,
          curve: 'g1',
          n: o.timeN,
          rounds: o.timeRounds,
          budgetMs: o.timeBudget,
          minCalls: 2,
          bootSeed: o.bootSeed,
          tolerance: o.tolerance,
          log: (line) => err(`${line}\n`),
        });
      }
    }
  }
  const vectorsFailed = vectors?.status === 'fail';
  const grown = counts.filter((c) => c.verdict === 'more');
  const slower = time?.regressions ?? [];
  const timeFailed = time?.headFailures ?? [];
  const code =
    failing.length || checksFailed.length || vectorsFailed || sound?.ok === false || benchFailed.length || timeFailed.length
      ? EXIT.CORRECTNESS
      : grown.length || slower.length
        ? EXIT.PERF
        : EXIT.PASS;

  // Markdown summary
  const L: string[] = [];
  const verdict = code === EXIT.PASS ? '✅ passed' : code === EXIT.CORRECTNESS ? '❌ correctness failure' : '⚠️ performance regression';
  L.push(`## stepwise-msm gate: ${verdict} (exit ${code})`);
  L.push('');
  L.push(
    `Seed ${o.seed}${o.full ? ` · full mode (expected ${FULL_ESTIMATE})` : ''} · ${sets.length} gate sets × ${props.length} properties · total ${secs(performance.now() - started)}`
  );
  L.push('');
  L.push(`Registered gates (${GATE_IDS.length}): ${GATE_IDS.join(', ')}.`);
  L.push('');
  L.push('| stage | result | time |');
  L.push('|---|---|---:|');
  const named = outcomes.filter((s) => s.set.label !== RANDOM_SET);
  const namedFailing = named.filter((s) => !s.ok).length;
  const random = outcomes.find((s) => s.set.label === RANDOM_SET);
  const notRun = (stage: string) => `| ${stage} | not run (--bail: an earlier failure) | |`;
  const bailSkipped = named.reduce((k, s) => k + s.props.filter((p) => p.note?.startsWith('--bail')).length, 0);
  L.push(
    `| properties | ${namedFailing ? `❌ ${namedFailing} of ${sets.length} gate sets failed` : `✅ ${sets.length} gate sets passed`}${bailSkipped ? ` (--bail: ${bailSkipped} property runs not run)` : ''} | ${secs(propMs)} |`
  );
  if (!random) L.push(o.bail && o.randomRuns > 0 ? notRun('random gate sets') : '| random gate sets | skipped (--random-runs 0) | |');
  else {
    const rp = random.props[0];
    L.push(
      `| random gate sets | ${rp.failure ? `❌ failed after ${rp.failure.runsToFailure} runs: gates ${rp.failure.gates}` : `✅ ${rp.runs} runs of ${rp.id}, gates drawn per case`} | ${secs(rp.ms)} |`
    );
  }
  if (!checks && o.bail && !o.skipChecks && impl === engine) L.push(notRun('engine checks'));
  else if (!checks)
    L.push(`| engine checks | ${o.skipChecks ? 'skipped (--skip-checks)' : '➖ not applicable: the MSM under test is not the engine (--impl)'} | |`);
  else
    L.push(
      `| engine checks | ${checksFailed.length ? `❌ ${checksFailed.length} of ${checks.length} run failed` : `✅ ${checks.length} passed`}${o.bail && checks.length < (checksTotal ?? checks.length) ? ` (--bail: ${checksTotal! - checks.length} not run)` : ''} (${o.full ? 'full' : 'quick'} counts) | ${secs(checksMs)} |`
    );
  if (o.skipVectors) L.push('| vectors | skipped (--skip-vectors) | |');
  else if (!vectors) L.push(notRun('vectors'));
  else if (vectors)
    L.push(
      `| vectors | ${vectors.status === 'pass' ? '✅' : vectors.status === 'fail' ? '❌' : '➖'} ${vectors.note} | ${vectors.ms ? secs(vectors.ms) : ''} |`
    );
  if (!sound && !o.skipVectors) L.push(notRun('kzg soundness'));
  if (sound)
    L.push(
      `| kzg soundness | ${sound.ok ? '✅' : '❌'} ${sound.passed} of ${sound.passed + sound.failures.length} checks passed${sound.failures.map((f) => `; ${f.message}`).join('')} | ${secs(sound.ms)} |`
    );
  if (o.skipBench) L.push('| counts | skipped (--skip-bench) | |');
  else if (!engineUnderTest) L.push('| counts | ➖ not applicable: the MSM under test is not the engine (--impl) | |');
  else if (bailedAll) L.push(notRun('counts'));
  else if (!counting) L.push('| counts | not run: no gate set passed | |');
  else {
    const head = benchFailed.length ? `❌ ${benchFailed.length} set(s) gave a wrong result; ` : '';
    const body = !expected
      ? `➖ ${counted.length} set(s) counted; ${countsNote}`
      : grown.length
        ? `⚠️ ${grown.length} count(s) grew vs \`${o.counts}\`: ${grown.map((c) => `${c.label} ${c.expected} → ${c.mulTotal}`).join(', ')}`
        : `✅ no count grew (${counted.length} set(s) vs \`${o.counts}\`${counts.some((c) => c.verdict === 'new') ? `; ${counts.filter((c) => c.verdict === 'new').length} new` : ''}${counts.some((c) => c.verdict === 'fewer') ? `; ${counts.filter((c) => c.verdict === 'fewer').length} fewer: re-record with \`stepwise-msm bench --update-counts\`` : ''})`;
    L.push(`| counts | ${head}${body} | ${secs(countMs)} |`);
  }
  if (o.skipBench || o.skipTime) L.push(`| time | skipped (${o.skipBench ? '--skip-bench' : '--skip-time'}) | |`);
  else if (!engineUnderTest) L.push('| time | ➖ not applicable: the MSM under test is not the engine (--impl) | |');
  else if (bailedAll) L.push(notRun('time'));
  else if (!time) L.push(`| time | not run: ${benchFailed.length ? 'a set gave a wrong result' : 'no timed set passed'} | |`);
  else L.push(`| time | ${timeStageLine(time)} | ${secs(time.ms)} |`);
  L.push('');

  if (failing.length) {
    const failures = failing.flatMap((s) => s.props.flatMap((p) => (p.failure ? [{ s, p, f: p.failure }] : [])));
    L.push('### Failing gate sets');
    L.push('');
    L.push('| gate set | property | smallest failing n | window | seed | path | runs to failure |');
    L.push('|---|---|---:|---|---:|---|---:|');
    for (const { s, p, f } of failures)
      L.push(
        `| ${s.set.label === RANDOM_SET ? `${s.set.label}: ${f.gates}` : s.set.label} | ${p.id} | ${f.n} | ${f.window ?? 'auto'} | ${f.seed} | \`${f.path}\` | ${f.runsToFailure} |`
      );
    L.push('');
    L.push('Replay (each counterexample is also in the corpus, replayed by `npm test` from now on):');
    L.push('');
    for (const { s, p, f } of failures) {
      L.push(`- **${s.set.label}** (${p.id}, n = ${f.n}): ${f.detail}`);
      L.push(`  - \`${f.replay}\``);
      L.push(`  - \`${corpusReplayCommand(f, path.relative(process.cwd(), f.corpusPath!))}\``);
    }
    L.push('');
  }

  if (checksFailed.length) {
    L.push('### Failing engine checks');
    L.push('');
    L.push("Each is also a vitest test (`npx vitest run <file>`); rerun here with `--checks '<id>'` and the same `--seed`.");
    L.push('');
    for (const c of checksFailed) L.push(`- ❌ **${c.id}** (\`${c.file}\`, check seed ${c.seed}): ${c.message}`);
    L.push('');
  }

  L.push('<details><summary>Gate sets</summary>');
  L.push('');
  L.push(`| gate set | ${props.map((p) => p.id).join(' | ')} |`);
  L.push(`|---|${props.map(() => '---').join('|')}|`);
  for (const s of named)
    L.push(
      `| ${s.set.label} | ${s.props.map((p) => (p.status === 'pass' ? `✅ ${p.runs} runs` : p.status === 'fail' ? `❌ n = ${p.failure!.n}` : `– (${p.note ?? 'skipped'})`)).join(' | ')} |`
    );
  L.push('');
  L.push('</details>');
  L.push('');

  if (vectors?.rows.length) {
    L.push('### Vectors');
    L.push('');
    L.push(vectorsTable(vectors.rows));
    L.push('');
    for (const r of vectors.rows) for (const f of r.failures.slice(0, 5)) L.push(`- ❌ ${r.fn} (${r.gates}) ${f.name}: ${f.reason}`);
    L.push('');
  }

  if (counting && counted.length) {
    L.push(`### Field multiplications (${countCurve}, n = ${countN}${expected ? `, vs \`${o.counts}\`` : ''})`);
    L.push('');
    L.push('| gate set | field mul | expected | verdict |');
    L.push('|---|---:|---:|---|');
    for (const c of counted) {
      const x = counts.find((y) => y.label === c.label);
      const v = !x
        ? ''
        : x.verdict === 'ok'
          ? '✅'
          : x.verdict === 'new'
            ? 'new (no expectation)'
            : x.verdict === 'fewer'
              ? '✅ fewer'
              : '⚠️ more multiplications';
      L.push(`| ${c.label} | ${c.mulTotal} | ${x?.expected ?? '–'} | ${v} |`);
    }
    for (const f of benchFailed) L.push(`| ${f.label} | ❌ ${f.note} | | failed |`);
    for (const f of failing) if (f.set.label !== RANDOM_SET) L.push(`| ${f.set.label} | failed — not counted | | |`);
    L.push('');
  }
  if (time) L.push(timeStageTable(time));
  const markdown = L.join('\n');

  if (o.junit) mkdirSync(path.dirname(path.resolve(o.junit)), { recursive: true });
  // the whole gate's wall time (summary included) and each stage's, not only the timed cases
  if (o.junit)
    writeFileSync(
      o.junit,
      junitOf(outcomes, vectors, counts, time, benchFailed, { totalMs: performance.now() - started, propMs, countMs, checksMs }, checks, counted)
    );
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown + '\n');
  return { code, checks, markdown, sets: outcomes, vectors, counts, time };
}

function junitOf(
  outcomes: SetOutcome[],
  vectors: VectorsOutcome | null,
  counts: CountCheck[],
  time: TimeStageResult | null,
  benchFailed: { label: string; note: string; ms: number }[],
  times: { totalMs: number; propMs: number; countMs: number; checksMs: number },
  checks: CheckOutcome[] | null,
  counted: readonly { label: string; ms?: number }[]
): string {
  const suites: JUnitSuite[] = [];
  suites.push({
    name: 'properties',
    timeSec: times.propMs / 1000,
    cases: outcomes.flatMap((s) =>
      s.props.map((p): JUnitCase => {
        const c: JUnitCase = { name: `${s.set.label} — ${p.id}`, classname: 'stepwise-msm.gate.properties', timeSec: p.ms / 1000 };
        if (p.failure)
          c.failure = {
            message: `gate set ${s.set.label}: smallest failing n = ${p.failure.n}: ${p.failure.detail}`,
            body: `seed ${p.failure.seed} path ${p.failure.path}\nreplay: ${p.failure.replay}\ncorpus: ${p.failure.corpusPath ?? ''}`,
          };
        if (p.status === 'skipped') c.skipped = p.note ?? 'skipped';
        return c;
      })
    ),
  });
  if (checks)
    suites.push({
      name: 'engine checks',
      timeSec: times.checksMs / 1000,
      cases: checks.map((c): JUnitCase => {
        const j: JUnitCase = { name: c.id, classname: 'stepwise-msm.gate.checks', timeSec: c.ms / 1000 };
        if (!c.ok) j.failure = { message: c.message ?? 'failed', body: `file ${c.file}\ncheck seed ${c.seed}` };
        return j;
      }),
    });
  if (vectors)
    suites.push({
      name: 'vectors',
      timeSec: vectors.ms / 1000,
      cases: vectors.rows.length
        ? vectors.rows.map((r): JUnitCase => {
            const c: JUnitCase = { name: `${r.fn} (${r.gates})`, classname: 'stepwise-msm.gate.vectors', timeSec: r.ms / 1000 };
            if (r.failures.length || r.passed !== r.total)
              c.failure = { message: `${r.passed}/${r.total} passed`, body: r.failures.map((f) => `${f.name}: ${f.reason}`).join('\n') };
            return c;
          })
        : [{ name: 'vectors', classname: 'stepwise-msm.gate.vectors', timeSec: 0, skipped: vectors.note }],
    });
  suites.push({
    name: 'counts',
    timeSec: times.countMs / 1000,
    cases: [
      // every counted set; without an expectations file, counted and not checked (skipped)
      ...counted.map(({ label, ms }): JUnitCase => {
        const j: JUnitCase = { name: label, classname: 'stepwise-msm.gate.counts', timeSec: (ms ?? 0) / 1000 };
        const c = counts.find((x) => x.label === label);
        if (!c) j.skipped = 'no counts file: counted, not checked';
        else if (c.verdict === 'more') j.failure = { message: `field multiplications grew: ${c.expected} → ${c.mulTotal}`, body: '' };
        else if (c.verdict === 'new') j.skipped = 'no expectation (re-record with stepwise-msm bench --update-counts)';
        return j;
      }),
      ...benchFailed.map(
        (f): JUnitCase => ({ name: f.label, classname: 'stepwise-msm.gate.counts', timeSec: f.ms / 1000, failure: { message: f.note, body: '' } })
      ),
    ],
  });
  if (time)
    suites.push({
      name: 'time',
      timeSec: time.ms / 1000,
      cases: time.sets.map((t): JUnitCase => {
        const j: JUnitCase = { name: t.label, classname: 'stepwise-msm.gate.time', timeSec: t.ms / 1000 };
        const d = t.decision;
        if (d?.verdict === 'slower')
          j.failure = {
            message: `slower than ${time.reference.ref}: head ÷ reference ${formatDecision(d)}, whole interval above 1 + ${(time.tolerance * 100).toFixed(0)} %`,
            body: `ratios per round: ${t.ratios.map((x) => x.toFixed(3)).join(', ')}`,
          };
        else if (t.status === 'failed') j.failure = { message: t.note ?? 'failed', body: '' };
        else if (!d) j.skipped = t.status === 'new' ? (t.note ?? 'new') : time.reference.note;
        return j;
      }),
    });
  return toJUnit('stepwise-msm gate', suites, { timeSec: times.totalMs / 1000 });
}
