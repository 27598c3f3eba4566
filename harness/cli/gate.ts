/**
 * `stepwise-msm gate`: the CI correctness gate.
 *
 *  1. properties — for every gate set of gate-sets.ts (none, default, all, each single gate, all
 *     but each gate), fast-check properties with seeds derived from --seed and the set's key:
 *     toy curve engine = reference = oracle (n ≤ 40, any window 1..16; and n 100..300), and
 *     BLS12-381 G1 engine = discrete-log oracle (n ≤ 24). A failure is shrunk; the summary
 *     names the set, the smallest failing size, seed/path and the replay command, and the
 *     counterexample goes to the corpus folder.
 *     Then the same toy property with the gate set drawn per case (fast-check, all 2^|GATES|
 *     combinations reachable): the families above miss sets such as "06 with signed digits but
 *     07 and 12 off", the only sets where step 06 negates points itself.
 *  2. vectors — the official KZG vectors (vectors/kzg-runner.ts) when configured: under the
 *     default gates (what users run); --full adds none, all and each single gate.
 *  3. bench smoke — every set that passed, timed through the bench harness at the baseline's
 *     size (failed sets are listed, never timed).
 *  4. regression — ratios to "none" and multiplication counts against the committed baseline.
 *
 * Exit: 0 pass, 1 correctness, 2 performance regression, 3 usage/configuration.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engine, type MsmImpl } from '../contract.js';
import { caseSeed, reportOf, runProperty, type CheckKind, type CurveFlag, type FailureReport, type GateMode } from './cases.js';
import { compare, isRegression, readBaseline, type BaselineFile, type Comparison } from './baseline.js';
import { writeCorpus } from './corpus-io.js';
import { EXIT } from './errors.js';
import { gateSetsOf, type Family, type NamedGateSet } from './gate-sets.js';
import { toJUnit, type JUnitCase, type JUnitSuite } from './junit.js';
import { measureSets, type MeasureResult } from './measure.js';
import { makeProgress } from './progress.js';
import { runVectors, vectorsTable, type VectorsOutcome } from './vectors.js';
import { runSoundnessStage, type SoundnessStageResult } from '../kzg/soundness.js';

export interface GateOptions {
  seed: number;
  families: Family[];
  /** Runs of the toy property per set (the other properties scale from it). */
  runs: number;
  g1Runs: number;
  full: boolean;
  vectorsRoot: string | null;
  skipVectors: boolean;
  skipBench: boolean;
  baseline: string;
  /** True when --baseline was given (a missing file is then an error, not a note). */
  baselineExplicit: boolean;
  tolerance: number;
  corpus: string;
  junit: string | null;
  /** Bench smoke time budget per set, ms. */
  benchTime: number;
  benchRounds: number;
  /** Runs of the toy property with a random gate set per case (0 = skip that stage). */
  randomRuns: number;
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

export interface SetOutcome {
  set: NamedGateSet;
  props: { id: string; status: 'pass' | 'fail' | 'skipped'; runs: number; ms: number; failure?: FailureReport; note?: string }[];
  ok: boolean;
  /** Smallest failing n over its failing properties. */
  minN: number | null;
}

export interface GateResult {
  code: number;
  markdown: string;
  sets: SetOutcome[];
  vectors: VectorsOutcome | null;
  comparisons: Comparison[];
}

const secs = (ms: number) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);
const pct = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`);

/** Expected duration of `--full`: 10× the property runs (≈ 1 min → 10 min) and the vectors under 14 gate sets instead of 1 (≈ 1.5–3 min of CPU each, single-threaded), from the default run measured on the 2-core shared VM. */
export const FULL_ESTIMATE = 'about 30 min on an idle 2-core machine, over 1 h on a loaded shared one (default mode measured on the 2-core VM: 3.8 min quiet, 11.4 min loaded)';

/** `impl`: the MSM under test (the engine unless the command was given another, e.g. --impl). */
export async function runGate(o: GateOptions, err: (s: string) => void, impl: MsmImpl = engine): Promise<GateResult> {
  const started = performance.now();
  let base: BaselineFile | null = null;
  let baseNote = '';
  if (!o.skipBench) {
    if (existsSync(o.baseline) || o.baselineExplicit) base = readBaseline(o.baseline);
    else baseNote = `no baseline file at ${o.baseline}: regression gate skipped (create one with \`stepwise-msm bench --update-baseline\`)`;
  }
  const sets = gateSetsOf(o.families);
  const props = gateProperties();
  if (o.full) err(`gate --full: ${sets.length} gate sets × ${props.length} properties at ${o.runs}/${o.g1Runs} runs; expected duration ${FULL_ESTIMATE}\n`);

  /** Runs one property for one outcome row, records pass or fail (corpus file, smallest n); the failure report, if any. */
  const runInto = (so: SetOutcome, p: GatePropertyDef, gates: GateMode, runs: number): FailureReport | undefined => {
    const t = performance.now();
    const spec = { curve: p.curve, minN: p.minN, maxN: p.maxN, maxWindow: p.maxWindow, check: p.check, gates };
    const out = runProperty(spec, propertySeed(o.seed, so.set.key, p.id), runs, impl);
    const ms = performance.now() - t;
    if (out.ok) {
      so.props.push({ id: p.id, status: 'pass', runs: out.runs, ms });
      return undefined;
    }
    const rep = reportOf(out.failure!, `found by stepwise-msm gate (seed ${o.seed}, set ${so.set.name}, property ${p.id})`);
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
      progress.update(step, `properties: ${set.name} — ${p.id} (${outcomes.filter((x) => !x.ok).length} failing set(s))`);
      step++;
      if (!so.ok) {
        so.props.push({ id: p.id, status: 'skipped', runs: 0, ms: 0, note: 'set already failed' });
        continue;
      }
      if (p.runs(o) === 0) {
        so.props.push({ id: p.id, status: 'skipped', runs: 0, ms: 0, note: 'runs = 0' });
        continue;
      }
      const rep = runInto(so, p, { kind: 'fixed', gates: set.gates, label: set.key }, p.runs(o));
      if (rep) progress.log(`FAIL ${set.name} (${p.id}): n = ${rep.n} after ${rep.numShrinks} shrinks: ${rep.detail}`);
    }
  }
  progress.update(step, `properties done: ${outcomes.filter((x) => !x.ok).length} failing set(s)`);
  progress.stop();
  const passing = outcomes.filter((s) => s.ok);

  // 1b. random gate sets: the toy property with the gates drawn per case, so combinations no
  // family names (e.g. two gates off out of all) are reached too; not benchmarked.
  if (o.randomRuns > 0) {
    const p = props[0];
    const so: SetOutcome = { set: { name: RANDOM_SET, key: RANDOM_KEY, gates: {} }, props: [], ok: true, minN: null };
    err(`[gate] random gate sets: ${p.id}, ${o.randomRuns} runs\n`);
    const rep = runInto(so, p, { kind: 'random' }, o.randomRuns);
    if (rep) err(`FAIL random gate sets (${p.id}): gates ${rep.gates}, n = ${rep.n} after ${rep.numShrinks} shrinks: ${rep.detail}\n`);
    outcomes.push(so);
  }
  const propMs = performance.now() - t1;
  const failing = outcomes.filter((s) => !s.ok);

  // 2. vectors
  let vectors: VectorsOutcome | null = null;
  if (!o.skipVectors) {
    const gs = o.full
      ? [{ label: 'default', gates: undefined }, { label: 'none', gates: 'none' }, ...gateSetsOf(['single']).map((s) => ({ label: s.name, gates: s.gates })), { label: 'all', gates: 'all' }]
      : [{ label: 'default', gates: undefined as unknown }];
    err(`[gate] vectors: ${o.vectorsRoot ?? 'not configured'}${o.vectorsRoot ? ` (gate sets: ${gs.map((g) => g.label).join(', ')})` : ''}\n`);
    vectors = await runVectors({
      root: o.vectorsRoot ?? undefined,
      gateSets: gs,
      onResult: (r) => err(`[gate] vectors ${r.fn} (${r.gates}): ${r.passed}/${r.total} in ${secs(r.ms)}\n`),
    });
  }

  // 2b. KZG verifier soundness (harness/kzg/soundness.ts, as properties/kzg/soundness.test.ts); runs with the vectors stage
  const sound: SoundnessStageResult | null = o.skipVectors ? null : runSoundnessStage(o.seed, err);

  // 3. bench smoke + 4. regression (baseline read up front: a bad file is a usage error)
  let measured: MeasureResult | null = null;
  let comparisons: Comparison[] = [];
  let benchMs = 0;
  if (!o.skipBench && passing.length > 0) {
    const t = performance.now();
    const curve = base?.curve ?? 'g1';
    const n = base?.n ?? 256;
    err(`[gate] bench smoke: ${passing.length} passing set(s) on ${curve} n = ${n}${failing.length ? `; ${failing.length} failing set(s) not timed` : ''}\n`);
    const timed = passing.map((s) => s.set);
    const bp = makeProgress({ label: 'gate', total: (timed.length + 1) * o.benchRounds });
    let k = 0;
    measured = await measureSets(timed, {
      curve,
      n,
      time: o.benchTime,
      iterations: 3,
      rounds: o.benchRounds,
      seed: base?.seed,
      log: (line) => bp.update(++k, `bench smoke: ${line}`),
      impl: impl === engine ? undefined : impl,
    });
    bp.stop();
    if (base) {
      comparisons = compare(base, measured.measured, o.tolerance);
      // confirm apparent slow-downs once (noise on shared machines); counts are deterministic
      const suspect = comparisons.filter((c) => c.verdict === 'slower');
      if (suspect.length) {
        err(`[gate] re-measuring ${suspect.length} set(s) that look slower: ${suspect.map((c) => c.name).join(', ')}\n`);
        const again = await measureSets(
          timed.filter((s) => suspect.some((c) => c.key === s.key)),
          { curve, n, time: o.benchTime, iterations: 3, rounds: Math.max(3, o.benchRounds), seed: base.seed, count: false, impl: impl === engine ? undefined : impl }
        );
        for (const c of suspect) {
          const m = again.measured.find((x) => x.key === c.key);
          if (m?.ratio != null && c.ratio !== null && m.ratio < c.ratio) {
            c.ratio = m.ratio;
            c.change = m.ratio / c.baseRatio! - 1;
            if (c.change <= o.tolerance) c.verdict = 'ok';
          }
        }
      }
    }
    benchMs = performance.now() - t;
  }

  const benchFailed = measured?.failed ?? [];
  const vectorsFailed = vectors?.status === 'fail';
  const regressions = comparisons.filter(isRegression);
  const code = failing.length || vectorsFailed || sound?.ok === false || benchFailed.length ? EXIT.CORRECTNESS : regressions.length ? EXIT.PERF : EXIT.PASS;

  // Markdown summary
  const L: string[] = [];
  const verdict = code === EXIT.PASS ? '✅ passed' : code === EXIT.CORRECTNESS ? '❌ correctness failure' : '⚠️ performance regression';
  L.push(`## stepwise-msm gate: ${verdict} (exit ${code})`);
  L.push('');
  L.push(`Seed ${o.seed}${o.full ? ` · full mode (expected ${FULL_ESTIMATE})` : ''} · ${sets.length} gate sets × ${props.length} properties · total ${secs(performance.now() - started)}`);
  L.push('');
  L.push('| stage | result | time |');
  L.push('|---|---|---:|');
  const named = outcomes.filter((s) => s.set.key !== RANDOM_KEY);
  const namedFailing = named.filter((s) => !s.ok).length;
  const random = outcomes.find((s) => s.set.key === RANDOM_KEY);
  L.push(`| properties | ${namedFailing ? `❌ ${namedFailing} of ${sets.length} gate sets failed` : `✅ ${sets.length} gate sets passed`} | ${secs(propMs)} |`);
  if (!random) L.push('| random gate sets | skipped (--random-runs 0) | |');
  else {
    const rp = random.props[0];
    L.push(`| random gate sets | ${rp.failure ? `❌ failed after ${rp.failure.runsToFailure} runs: gates ${rp.failure.gates}` : `✅ ${rp.runs} runs of ${rp.id}, gates drawn per case`} | ${secs(rp.ms)} |`);
  }
  if (o.skipVectors) L.push('| vectors | skipped (--skip-vectors) | |');
  else if (vectors) L.push(`| vectors | ${vectors.status === 'pass' ? '✅' : vectors.status === 'fail' ? '❌' : '➖'} ${vectors.note} | ${vectors.ms ? secs(vectors.ms) : ''} |`);
  if (sound) L.push(`| kzg soundness | ${sound.ok ? '✅' : '❌'} ${sound.passed} of ${sound.passed + sound.failures.length} checks passed${sound.failures.map((f) => `; ${f.message}`).join('')} | ${secs(sound.ms)} |`);
  if (o.skipBench) L.push('| bench smoke | skipped (--skip-bench) | |');
  else if (!measured) L.push('| bench smoke | not run: no gate set passed | |');
  else
    L.push(
      `| bench smoke | ${benchFailed.length ? `❌ ${benchFailed.length} set(s) gave a wrong result; ` : ''}${measured.measured.length} set(s) timed${failing.length ? `, ${failing.length} failing set(s) not timed` : ''} | ${secs(benchMs)} |`
    );
  if (o.skipBench) L.push('| regression | skipped | |');
  else if (!base) L.push(`| regression | ➖ ${baseNote || 'not run'} | |`);
  else
    L.push(
      `| regression | ${regressions.length ? `⚠️ ${regressions.length} regression(s)` : '✅ none'} vs \`${o.baseline}\` (tolerance ${(o.tolerance * 100).toFixed(0)} %, counts must not grow) | |`
    );
  L.push('');

  if (failing.length) {
    L.push('### Failing gate sets');
    L.push('');
    L.push('| gate set | property | smallest failing n | window | seed | path | runs to failure |');
    L.push('|---|---|---:|---|---:|---|---:|');
    for (const s of failing)
      for (const p of s.props.filter((x) => x.failure)) {
        const f = p.failure!;
        L.push(`| ${s.set.key === RANDOM_KEY ? `${s.set.name}: ${f.gates}` : s.set.name} | ${p.id} | ${f.n} | ${f.window ?? 'auto'} | ${f.seed} | \`${f.path}\` | ${f.runsToFailure} |`);
      }
    L.push('');
    L.push('Replay (each counterexample is also in the corpus, replayed by `npm test` from now on):');
    L.push('');
    for (const s of failing)
      for (const p of s.props.filter((x) => x.failure)) {
        const f = p.failure!;
        L.push(`- **${s.set.name}** (${p.id}, n = ${f.n}): ${f.detail}`);
        L.push(`  - \`${f.replay}\``);
        L.push(`  - \`npx stepwise-msm replay ${path.relative(process.cwd(), f.corpusPath!)}\``);
      }
    L.push('');
  }

  L.push('<details><summary>Gate sets</summary>');
  L.push('');
  L.push(`| gate set | ${props.map((p) => p.id).join(' | ')} |`);
  L.push(`|---|${props.map(() => '---').join('|')}|`);
  for (const s of named)
    L.push(`| ${s.set.name} | ${s.props.map((p) => (p.status === 'pass' ? `✅ ${p.runs} runs` : p.status === 'fail' ? `❌ n = ${p.failure!.n}` : `– (${p.note ?? 'skipped'})`)).join(' | ')} |`);
  L.push('');
  L.push('</details>');
  L.push('');

  if (vectors && vectors.rows.length) {
    L.push('### Vectors');
    L.push('');
    L.push(vectorsTable(vectors.rows));
    L.push('');
    for (const r of vectors.rows) for (const f of r.failures.slice(0, 5)) L.push(`- ❌ ${r.fn} (${r.gates}) ${f.name}: ${f.reason}`);
    L.push('');
  }

  if (measured) {
    L.push(`### Bench smoke and regression (${base?.curve ?? 'g1'}, n = ${base?.n ?? 256}, ratio = median / none median in this run)`);
    L.push('');
    L.push('| gate set | median ms | ratio | baseline ratio | change | field mul | baseline mul | verdict |');
    L.push('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const m of measured.measured) {
      const c = comparisons.find((x) => x.key === m.key);
      const v = !base ? '' : !c ? '' : c.verdict === 'ok' ? '✅' : c.verdict === 'new' ? 'new (no baseline)' : c.verdict === 'slower' ? `⚠️ slower > ${(o.tolerance * 100).toFixed(0)} %` : c.verdict === 'more-mul' ? '⚠️ more multiplications' : c.verdict;
      L.push(
        `| ${m.name} | ${m.medianMs?.toFixed(2) ?? '–'} | ${(c?.ratio ?? m.ratio)?.toFixed(3) ?? '–'} | ${c?.baseRatio?.toFixed(3) ?? '–'} | ${pct(c?.change ?? null)} | ${m.mulTotal ?? '–'} | ${c?.baseMul ?? '–'} | ${v} |`
      );
    }
    for (const f of benchFailed) L.push(`| ${f.name} | ❌ ${f.note} | | | | | | failed |`);
    for (const s of failing) L.push(`| ${s.set.name} | failed — not timed | | | | | | |`);
    L.push('');
    if (base) L.push(`Ratios are medians of ${o.benchRounds} round(s); sets that looked slower were re-measured once before being reported. Absolute times are never compared across runs.`);
    L.push('');
  }
  const markdown = L.join('\n');

  if (o.junit) mkdirSync(path.dirname(path.resolve(o.junit)), { recursive: true });
  // the whole gate's wall time (summary included) and each stage's, not only the timed cases
  if (o.junit) writeFileSync(o.junit, junitOf(outcomes, vectors, comparisons, benchFailed, { totalMs: performance.now() - started, propMs, benchMs }));
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown + '\n');
  return { code, markdown, sets: outcomes, vectors, comparisons };
}

function junitOf(
  outcomes: SetOutcome[],
  vectors: VectorsOutcome | null,
  comparisons: Comparison[],
  benchFailed: { name: string; note: string }[],
  times: { totalMs: number; propMs: number; benchMs: number }
): string {
  const suites: JUnitSuite[] = [];
  suites.push({
    name: 'properties',
    timeSec: times.propMs / 1000,
    cases: outcomes.flatMap((s) =>
      s.props.map((p): JUnitCase => {
        const c: JUnitCase = { name: `${s.set.name} — ${p.id}`, classname: 'stepwise-msm.gate.properties', timeSec: p.ms / 1000 };
        if (p.failure)
          c.failure = {
            message: `gate set ${s.set.name}: smallest failing n = ${p.failure.n}: ${p.failure.detail}`,
            body: `seed ${p.failure.seed} path ${p.failure.path}\nreplay: ${p.failure.replay}\ncorpus: ${p.failure.corpusPath ?? ''}`,
          };
        if (p.status === 'skipped') c.skipped = p.note ?? 'skipped';
        return c;
      })
    ),
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
    name: 'regression',
    timeSec: times.benchMs / 1000,
    cases: [
      ...comparisons.map((c): JUnitCase => {
        const j: JUnitCase = { name: c.name, classname: 'stepwise-msm.gate.regression', timeSec: 0 };
        if (isRegression(c))
          j.failure = {
            message: c.verdict === 'more-mul' ? `field multiplications grew: ${c.baseMul} → ${c.mul}` : `ratio worsened ${pct(c.change)}: ${c.baseRatio?.toFixed(3)} → ${c.ratio?.toFixed(3)}`,
            body: '',
          };
        if (c.verdict === 'new') j.skipped = 'no baseline entry';
        return j;
      }),
      ...benchFailed.map((f): JUnitCase => ({ name: f.name, classname: 'stepwise-msm.gate.bench', timeSec: 0, failure: { message: f.note, body: '' } })),
    ],
  });
  return toJUnit('stepwise-msm gate', suites, { timeSec: times.totalMs / 1000 });
}
