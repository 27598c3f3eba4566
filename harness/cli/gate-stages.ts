/**
 * The gate's stages (harness/stages.ts shape): properties (the catalogue's sets, then random gate
 * sets), engine checks, official vectors, KZG soundness, field-multiplication counts, time.
 */
import {
  failingOf,
  RANDOM_KEY,
  RANDOM_SET,
  NOT_ENGINE,
  propertySeed,
  type CountFigures,
  type GatePropertyDef,
  type GateRun,
  type SetOutcome,
  randomRunsOf,
} from './gate-run.js';
import path from 'node:path';
import { engine } from '../contract.js';
import { labelOf, reportOf, runProperty, type FailureReport, type GateMode } from './cases.js';
import { compareCounts, countSets, type CountCheck } from '../bench/counts.js';
import { DEFAULT_SEED } from '../bench/inputs.js';
import { gateSetsOf, setLabel, type GateSetSpec } from '../gate-sets.js';
import { formatDecision } from '../timing/decide.js';
import { runTimeStage, timeStageLine, timeStageTable, type TimeStageResult } from '../timing/stage.js';
import { corpusReplayCommand, writeCorpus } from './corpus-io.js';
import { UsageError } from './errors.js';
import type { JUnitCase } from './junit.js';
import { makeProgress } from './progress.js';
import { projectRoot } from './project-root.js';
import { runVectors, vectorsTable, type VectorsOutcome } from './vectors.js';
import { runSoundnessStage, type SoundnessStageResult } from '../kzg/soundness.js';
import { runChecks, type CheckOutcome, type EngineCheck } from '../checks/check.js';
import { fmtDuration, mdInline, mdTable } from '../format.js';
import { NOT_RUN, type Row, type Stage, type StageResult } from '../stages.js';

/** Runs one property for one outcome row, records pass or fail (and the corpus file); the failure report, if any. */
function runInto(g: GateRun, so: SetOutcome, p: GatePropertyDef, gates: GateMode, runs: number): FailureReport | undefined {
  const { o, impl } = g;
  const t = performance.now();
  const { curve, minN, maxN, maxWindow, check } = p;
  const spec = { curve, minN, maxN, maxWindow, check, gates };
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
  return rep;
}

/** Every catalogue set × every property; with --bail, the sets after a failing one are not run. */
function runNamedSets(g: GateRun): void {
  const { o, sets, props } = g;
  const progress = makeProgress({ label: 'gate', total: sets.length * props.length, write: g.err });
  let step = 0;
  for (const set of sets) {
    const so: SetOutcome = { set, props: [], ok: true };
    g.outcomes.push(so);
    for (const p of props) {
      progress.update(step, `properties: ${set.label} — ${p.id} (${failingOf(g).length} failing set(s))`);
      step++;
      const skip = !so.ok ? 'set already failed' : o.bail && failingOf(g).length ? '--bail: an earlier set failed' : p.runs(o) === 0 ? 'runs = 0' : null;
      if (skip) {
        so.props.push({ id: p.id, status: 'skipped', runs: 0, ms: 0, note: skip });
        continue;
      }
      const rep = runInto(g, so, p, { kind: 'fixed', gates: { ...set.gates }, label: labelOf(set.gates) }, p.runs(o));
      if (rep) progress.log(`FAIL ${set.label} (${p.id}): n = ${rep.n} after ${rep.numShrinks} shrinks: ${rep.detail}`);
    }
  }
  progress.update(step, `properties done: ${failingOf(g).length} failing set(s)`);
  progress.stop();
}

/** The toy property with the gates drawn per case (every combination reachable, e.g. two gates off out of all); not benchmarked. */
function runRandomSets(g: GateRun): SetOutcome {
  const p = g.props[0];
  const so: SetOutcome = { set: { label: RANDOM_SET, gates: {} }, props: [], ok: true };
  g.err(`[gate] random gate sets: ${p.id}, ${randomRunsOf(g.o)} runs\n`);
  const rep = runInto(g, so, p, { kind: 'random' }, randomRunsOf(g.o));
  if (rep) g.err(`FAIL random gate sets (${p.id}): gates ${rep.gates}, n = ${rep.n} after ${rep.numShrinks} shrinks: ${rep.detail}\n`);
  return so;
}

const propCell = (p: SetOutcome['props'][number]) =>
  p.status === 'pass' ? `✅ ${p.runs} runs` : p.status === 'fail' ? `❌ n = ${p.failure!.n}` : `– (${p.note ?? 'skipped'})`;

/** "Failing gate sets": the table of every failure (the random stage's too) and its replay commands. */
function failingSetsSection(g: GateRun): string[] {
  const failures = failingOf(g).flatMap((s) => s.props.flatMap((p) => (p.failure ? [{ s, p, f: p.failure }] : [])));
  if (failures.length === 0) return [];
  const rows = failures.map(({ s, p, f }) => [
    s.set.label === RANDOM_SET ? `${s.set.label}: ${f.gates}` : s.set.label,
    p.id,
    f.n,
    f.window ?? 'auto',
    f.seed,
    `\`${f.path}\``,
    f.runsToFailure,
  ]);
  return [
    '### Failing gate sets',
    '',
    ...mdTable(['gate set', 'property', 'smallest failing n', 'window', 'seed', 'path', 'runs to failure'], rows, 'llrlrlr'),
    '',
    path.resolve(g.o.corpus) === path.resolve(projectRoot(), 'properties/corpus')
      ? 'Replay (each counterexample is also in the corpus, replayed by `npm test` from now on):'
      : `Replay (each counterexample is also in ${path.relative(process.cwd(), g.o.corpus) || '.'}):`,
    '',
    ...failures.flatMap(({ s, p, f }) => [
      `- **${s.set.label}** (${p.id}, n = ${f.n}): ${mdInline(f.detail)}`,
      `  - \`${f.replay}\``,
      `  - \`${corpusReplayCommand(f, path.relative(process.cwd(), f.corpusPath!))}\``,
    ]),
    '',
  ];
}

const propertyCase = (s: SetOutcome, p: SetOutcome['props'][number]): JUnitCase => {
  const c: JUnitCase = { name: `${s.set.label} — ${p.id}`, classname: 'stepwise-msm.gate.properties', timeSec: p.ms / 1000 };
  if (p.failure)
    c.failure = {
      message: `gate set ${s.set.label}: smallest failing n = ${p.failure.n}: ${p.failure.detail}`,
      body: `seed ${p.failure.seed} path ${p.failure.path}\nreplay: ${p.failure.replay}\ncorpus: ${p.failure.corpusPath ?? ''}`,
    };
  if (p.status === 'skipped') c.skipped = p.note ?? 'skipped';
  return c;
};

/** 1. Properties over the catalogue's sets, then the random gate sets (its own row, the same suite). */
const propertiesStage: Stage<GateRun, SetOutcome[]> = {
  id: 'properties',
  run(g) {
    const { o, sets } = g;
    const t1 = performance.now();
    runNamedSets(g);
    g.passing = g.outcomes.filter((s) => s.ok);
    const bailed = o.bail === true && failingOf(g).length > 0;
    if (randomRunsOf(o) > 0 && !bailed) g.outcomes.push(runRandomSets(g));
    const ms = performance.now() - t1;
    const named = g.outcomes.filter((s) => s.set.label !== RANDOM_SET);
    const namedFailing = named.filter((s) => !s.ok).length;
    const bailSkipped = named.reduce((k, s) => k + s.props.filter((p) => p.note?.startsWith('--bail')).length, 0);
    const random = g.outcomes.find((s) => s.set.label === RANDOM_SET);
    const rp = random?.props[0];
    const rows: Row[] = [
      {
        stage: 'properties',
        status: namedFailing ? 'fail' : 'pass',
        text: `${namedFailing ? `❌ ${namedFailing} of ${sets.length} gate sets failed` : `✅ ${sets.length} gate sets passed`}${bailSkipped ? ` (--bail: ${bailSkipped} property runs not run)` : ''}`,
        ms,
      },
      !rp
        ? o.bail && randomRunsOf(o) > 0
          ? { stage: RANDOM_SET, status: 'not-run', text: NOT_RUN }
          : { stage: RANDOM_SET, status: 'skipped', text: 'skipped (--random-runs 0)' }
        : {
            stage: RANDOM_SET,
            status: rp.failure ? 'fail' : 'pass',
            text: rp.failure
              ? `❌ failed after ${rp.failure.runsToFailure} runs: gates ${rp.failure.gates}`
              : `✅ ${rp.runs} runs of ${rp.id}, gates drawn per case`,
            ms: rp.ms,
          },
    ];
    const details = [
      '<details><summary>Gate sets</summary>',
      '',
      ...mdTable(
        ['gate set', ...g.props.map((p) => p.id)],
        named.map((s) => [s.set.label, ...s.props.map(propCell)])
      ),
      '',
      '</details>',
      '',
    ];
    const cases = g.outcomes.flatMap((s) => s.props.map((p) => propertyCase(s, p)));
    return { id: 'properties', rows, figures: g.outcomes, junit: { cases, ms }, failures: failingSetsSection(g), details };
  },
};

/** The row of a stage that runs only for the engine: left out by its --skip flag (when set), else n/a under --impl. */
const engineOnly = (g: GateRun, skipFlag: string | false): Omit<Row, 'stage'> | undefined =>
  skipFlag ? { status: 'skipped', text: `skipped (${skipFlag})` } : g.impl !== engine ? { status: 'n/a', text: NOT_ENGINE } : undefined;

/** The engine checks `--checks <text>` selects (all without it); a UsageError when it selects none (checked before the gate runs, too). */
export async function selectChecks(text: string | undefined): Promise<readonly EngineCheck[]> {
  const { ENGINE_CHECKS } = await import('../checks/index.js');
  const f = text?.toLowerCase();
  const selected = f ? ENGINE_CHECKS.filter((c) => c.id.toLowerCase().includes(f)) : ENGINE_CHECKS;
  if (selected.length === 0) throw new UsageError(`--checks: no engine check's id contains "${text}" (ids are "<suite> › <name>", as the gate prints them)`);
  return selected;
}

/** 1c. The engine-check catalogue (the checks npm test runs), at quick counts or, with --full, npm test's. */
const checksStage: Stage<GateRun, CheckOutcome[]> = {
  id: 'engine checks',
  skip: (g) => engineOnly(g, g.o.skipChecks && '--skip-checks'),
  async run({ o, err }) {
    const t = performance.now();
    const { ENGINE_CHECKS } = await import('../checks/index.js');
    const selected = await selectChecks(o.checks);
    const level = o.full ? 'full' : 'quick';
    err(`[gate] engine checks: ${selected.length} of ${ENGINE_CHECKS.length} catalogue entries at ${level} counts (seed ${o.seed})\n`);
    const checks = await runChecks(selected, {
      level,
      seed: o.seed,
      seedOf: (id) => propertySeed(o.seed, 'checks', id),
      // one line per check (✓ with its time, ✗ with its message and seed)
      log: (line) => err(`${line}\n`),
      bail: o.bail,
    });
    const ms = performance.now() - t;
    const bad = checks.filter((c) => !c.ok);
    err(`[gate] engine checks: ${checks.length - bad.length} passed, ${bad.length} failed in ${fmtDuration(ms)}\n`);
    const bailed = o.bail && checks.length < selected.length ? ` (--bail: ${selected.length - checks.length} not run)` : '';
    const failures = bad.length
      ? [
          '### Failing engine checks',
          '',
          "Each is also a vitest test (`npx vitest run <file>`); rerun here with `--checks '<id>'` and the same `--seed`.",
          '',
          ...bad.map((c) => `- ❌ **${c.id}** (\`${c.file}\`, check seed ${c.seed}): ${c.message}`),
          '',
        ]
      : [];
    const cases = checks.map((c): JUnitCase => {
      const j: JUnitCase = { name: c.id, classname: 'stepwise-msm.gate.checks', timeSec: c.ms / 1000 };
      if (!c.ok) j.failure = { message: c.message ?? 'failed', body: `file ${c.file}\ncheck seed ${c.seed}` };
      return j;
    });
    const text = `${bad.length ? `❌ ${bad.length} of ${checks.length} run failed` : `✅ ${checks.length} passed`}${bailed} (${level} counts)`;
    return {
      id: 'engine checks',
      rows: [{ stage: 'engine checks', status: bad.length ? 'fail' : 'pass', text, ms }],
      figures: checks,
      junit: { cases, ms },
      failures,
    };
  },
};

/** 2. The official KZG vectors under the default gates (--full: none, all and each single gate too). */
const vectorsStage: Stage<GateRun, VectorsOutcome> = {
  id: 'vectors',
  // the KZG functions run on the engine: under --impl they would not test the MSM under test
  skip: (g) => engineOnly(g, g.o.skipVectors && '--skip-vectors'),
  async run({ o, err }) {
    const { vectorGateSets } = await import('../vectors/kzg-runner.js');
    const gs = vectorGateSets(o.full ? ['default', 'none', 'single', 'all'] : ['default'], (id) => setLabel({ family: 'single', gate: id }));
    err(`[gate] vectors: ${o.vectorsRoot ?? 'not configured'}${o.vectorsRoot ? ` (gate sets: ${gs.map((x) => x.label).join(', ')})` : ''}\n`);
    const v = await runVectors({
      root: o.vectorsRoot ?? undefined,
      gateSets: gs,
      onResult: (r) => err(`[gate] vectors ${r.fn} (${r.gates}): ${r.passed}/${r.total} in ${fmtDuration(r.ms)}\n`),
    });
    const status = v.status === 'pass' ? 'pass' : v.status === 'fail' ? 'fail' : 'n/a';
    const icon = v.status === 'pass' ? '✅' : v.status === 'fail' ? '❌' : '➖';
    const cases: JUnitCase[] = v.rows.length
      ? v.rows.map((r): JUnitCase => {
          const c: JUnitCase = { name: `${r.fn} (${r.gates})`, classname: 'stepwise-msm.gate.vectors', timeSec: r.ms / 1000 };
          if (r.failures.length || r.passed !== r.total)
            c.failure = { message: `${r.passed}/${r.total} passed`, body: r.failures.map((f) => `${f.name}: ${f.reason}`).join('\n') };
          return c;
        })
      : [{ name: 'vectors', classname: 'stepwise-msm.gate.vectors', timeSec: 0, skipped: v.note }];
    const details = v.rows.length
      ? [
          '### Vectors',
          '',
          vectorsTable(v.rows),
          '',
          ...v.rows.flatMap((r) => [
            ...r.failures.slice(0, 5).map((f) => `- ❌ ${r.fn} (${r.gates}) ${f.name}: ${f.reason}`),
            ...(r.failures.length > 5
              ? [`- … and ${r.failures.length - 5} more of ${r.fn} (${r.gates}): all in the JUnit report and \`stepwise-msm vectors\``]
              : []),
          ]),
          '',
        ]
      : [];
    return {
      id: 'vectors',
      rows: [{ stage: 'vectors', status, text: `${icon} ${v.note}`, ms: v.ms || undefined }],
      figures: v,
      junit: { cases, ms: v.ms },
      details,
    };
  },
};

/** 2b. KZG verifier soundness (harness/kzg/soundness.ts, as properties/kzg/soundness.test.ts); runs with the vectors stage. */
const soundnessStage: Stage<GateRun, SoundnessStageResult> = {
  id: 'kzg soundness',
  skip: (g) => (g.o.skipVectors ? null : g.impl !== engine ? { status: 'n/a', text: NOT_ENGINE } : undefined),
  run({ o, err }) {
    const sound = runSoundnessStage(o.seed, err);
    const text = `${sound.ok ? '✅' : '❌'} ${sound.passed} of ${sound.passed + sound.failures.length} checks passed${sound.failures.map((f) => `; ${f.message}`).join('')}`;
    return { id: 'kzg soundness', rows: [{ stage: 'kzg soundness', status: sound.ok ? 'pass' : 'fail', text, ms: sound.ms }], figures: sound };
  },
};

const verdictCell = (c: CountCheck | undefined) =>
  !c ? '' : c.verdict === 'ok' ? '✅' : c.verdict === 'new' ? 'new (no expectation)' : c.verdict === 'fewer' ? '✅ fewer' : '⚠️ more multiplications';

/** The counts row: a wrong set fails, a grown count regresses, without an expectations file the counts are listed. */
function countsRow(g: GateRun, c: CountFigures, ms: number): Row {
  const grown = c.checks.filter((x) => x.verdict === 'more');
  const head = c.failed.length ? `❌ ${c.failed.length} set(s) gave a wrong result; ` : '';
  const n = (v: CountCheck['verdict']) => c.checks.filter((x) => x.verdict === v).length;
  const body = !g.expected
    ? `➖ ${c.counted.length} set(s) counted; ${g.countsNote}`
    : grown.length
      ? `⚠️ ${grown.length} count(s) grew vs \`${g.o.counts}\`: ${grown.map((x) => `${x.label} ${x.expected} → ${x.mulTotal}`).join(', ')}`
      : `✅ no count grew (${c.counted.length} set(s) vs \`${g.o.counts}\`${n('new') ? `; ${n('new')} new` : ''}${n('fewer') ? `; ${n('fewer')} fewer: re-record with \`stepwise-msm bench --update-counts\`` : ''})`;
  const status = c.failed.length ? 'fail' : grown.length ? 'regression' : g.expected ? 'pass' : 'n/a';
  return { stage: 'counts', status, text: `${head}${body}`, ms };
}

/** 3. Every passing set counted on the seeded bench inputs, checked against the oracle and the expectations. */
const countsStage: Stage<GateRun, CountFigures> = {
  id: 'counts',
  junitAlways: true,
  skip: (g) => engineOnly(g, g.o.skipBench && '--skip-bench'),
  run(g) {
    if (g.passing.length === 0)
      return { id: 'counts', rows: [{ stage: 'counts', status: 'not-run', text: 'not run: no gate set passed' }], junit: { cases: [], ms: 0 } };
    const { expected, passing } = g;
    const t = performance.now();
    const curve = expected?.curve ?? 'g1';
    const n = expected?.n ?? 256;
    const failing = failingOf(g);
    g.err(`[gate] counts: ${passing.length} passing set(s) on ${curve} n = ${n}${failing.length ? `; ${failing.length} failing set(s) not counted` : ''}\n`);
    const bp = makeProgress({ label: 'gate', total: passing.length });
    let k = 0;
    const res = countSets(
      passing.map((s) => s.set as GateSetSpec),
      { curve, n, seed: expected?.seed ?? DEFAULT_SEED, log: (line) => bp.update(++k, `counts: ${line}`) }
    );
    bp.stop();
    const checks = expected ? compareCounts(expected, res.counted, (label) => g.sets.find((x) => x.label === label)?.aliases ?? []) : [];
    const c: CountFigures = { counted: res.counted, failed: res.failed, checks, curve, n };
    g.counted = c;
    const ms = performance.now() - t;
    const details = c.counted.length
      ? [
          `### Field multiplications (${curve}, n = ${n}${expected ? `, vs \`${g.o.counts}\`` : ''})`,
          '',
          ...mdTable(
            ['gate set', 'field mul', 'expected', 'verdict'],
            [
              ...c.counted.map((x) => {
                const e = checks.find((y) => y.label === x.label);
                return [x.label, x.mulTotal, e?.expected ?? '–', verdictCell(e)];
              }),
              ...c.failed.map((f) => [f.label, `❌ ${f.note}`, '', 'failed']),
              ...failing.filter((f) => f.set.label !== RANDOM_SET).map((f) => [f.set.label, 'failed — not counted', '', '']),
            ],
            'lrrl'
          ),
          '',
        ]
      : [];
    const cases = [
      // every counted set; without an expectations file, counted and not checked (skipped)
      ...c.counted.map(({ label, ms: caseMs }): JUnitCase => {
        const j: JUnitCase = { name: label, classname: 'stepwise-msm.gate.counts', timeSec: (caseMs ?? 0) / 1000 };
        const x = checks.find((y) => y.label === label);
        if (!x) j.skipped = 'no counts file: counted, not checked';
        else if (x.verdict === 'more') j.failure = { message: `field multiplications grew: ${x.expected} → ${x.mulTotal}`, body: '' };
        else if (x.verdict === 'new') j.skipped = 'no expectation (re-record with stepwise-msm bench --update-counts)';
        return j;
      }),
      ...c.failed.map(
        (f): JUnitCase => ({ name: f.label, classname: 'stepwise-msm.gate.counts', timeSec: f.ms / 1000, failure: { message: f.note, body: '' } })
      ),
    ];
    return { id: 'counts', rows: [countsRow(g, c, ms)], figures: c, junit: { cases, ms }, details };
  },
};

const timeCase = (time: TimeStageResult, t: TimeStageResult['sets'][number]): JUnitCase => {
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
};

/** 4. Time, judged only against a reference revision timed on this machine in this run (harness/timing/). */
const timeStage: Stage<GateRun, TimeStageResult> = {
  id: 'time',
  skip: (g) => engineOnly(g, g.o.skipBench ? '--skip-bench' : g.o.skipTime && '--skip-time'),
  async run(g) {
    const { o } = g;
    const notRun = (why: string): StageResult<TimeStageResult> => ({ id: 'time', rows: [{ stage: 'time', status: 'not-run', text: `not run: ${why}` }] });
    if (!g.counted || g.counted.failed.length) return notRun(g.counted?.failed.length ? 'a set gave a wrong result' : 'no timed set passed');
    const timedKeys = gateSetsOf(o.timeSets)
      .map((x) => x.label)
      .filter((l) => g.passing.some((p) => p.set.label === l) || !g.sets.some((x) => x.label === l));
    if (timedKeys.length === 0) return notRun('no timed set passed');
    g.err(`[gate] time: ${timedKeys.join(', ')} on g1 n = ${o.timeN}, ${o.timeRounds} rounds\n`);
    const time = await (o.timeStage ?? runTimeStage)({
      against: o.against ?? null,
      families: o.timeSets,
      only: timedKeys,
      curve: 'g1',
      n: o.timeN,
      rounds: o.timeRounds,
      budgetMs: o.timeBudget,
      minCalls: 2,
      bootSeed: o.bootSeed,
      tolerance: o.tolerance / 100,
      log: (line) => g.err(`${line}\n`),
    });
    const status = time.headFailures.length ? 'fail' : time.regressions.length ? 'regression' : 'pass';
    return {
      id: 'time',
      rows: [{ stage: 'time', status, text: timeStageLine(time), ms: time.ms }],
      figures: time,
      junit: { cases: time.sets.map((t) => timeCase(time, t)), ms: time.ms },
      details: [timeStageTable(time)],
    };
  },
};

export const GATE_STAGES = [propertiesStage, checksStage, vectorsStage, soundnessStage, countsStage, timeStage] as const;
