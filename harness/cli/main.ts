/**
 * `stepwise-msm` — the command line: gate, fuzz, replay, bench, conformance, vectors, new-step.
 * Exit codes (every subcommand): 0 pass · 1 correctness failure · 2 performance regression ·
 * 3 bad usage or configuration.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { MsmImpl } from '../contract.js';
import { CURVE_FLAGS, parseGateMode, type CheckKind, type CurveFlag, type PropertySpec } from './cases.js';
import { intArg, numArg } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { FAMILIES, GATE_FAMILIES, parseFamilies } from '../gate-sets.js';
import { addBenchOptions } from './bench-options.js';
import { FULL_ESTIMATE } from './gate.js';
import { defaultFromRoot, projectRoot } from './project-root.js';
import { DEFAULT_TARGET_MAX_N, DEFAULT_TIMEOUT_MS, groupOption, targetHelp, targetOption } from './target-options.js';
import { conformanceTargetCommand, fuzzTargetCommand, gateTargetCommand, listArg, rejectTargetOnly, replayTargetCommand } from './target-commands.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** What the commands depend on besides argv and io (tests inject a broken MSM here). */
export interface CliDeps {
  /** The MSM that gate and replay check instead of the engine (fuzz, which runs it in worker threads, takes a module: --impl). */
  impl?: MsmImpl;
}

/** "i/n" with 0 ≤ i < n. */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`expected i/n (e.g. 0/4), got "${v}".`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new InvalidArgumentError(`expected 0 ≤ i < n in i/n, got "${v}".`);
  return { index, count };
}

function gatesArg(v: string) {
  try {
    return parseGateMode(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message.replace(/^--gates: /, ''));
  }
}

function familiesArg(v: string) {
  try {
    return parseFamilies(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message.replace(/^--sets: /, ''));
  }
}

/** --against: a git ref, or none (time reported, not judged). */
function refArg(v: string) {
  if (v.trim() === '' || v.startsWith('-'))
    throw new InvalidArgumentError(`expected a git ref (branch, tag, commit, e.g. main or HEAD~1) or none, got "${v}".`);
  return v.trim();
}

const curveOption = (dflt: CurveFlag) => new Option('--curve <curve>', 'curve').choices(CURVE_FLAGS as string[]).default(dflt);
const implOption = () =>
  new Option(
    '--impl <module>',
    'check this MSM instead of the engine: an ES module (path[#export]) exporting msm(points, scalars, { gates, window, curve }) → point'
  );

/** The MSM under test of a command: deps.impl, else the --impl module, else the engine. */
async function implOf(deps: CliDeps, spec: string | undefined): Promise<MsmImpl | undefined> {
  if (spec !== undefined && deps.impl) throw new UsageError('--impl: an implementation was already given by the caller (main deps); give one, not both');
  if (deps.impl) return deps.impl;
  if (spec === undefined) return undefined;
  const { loadImpl } = await import('./impl.js');
  return loadImpl(spec);
}

/** Where counterexamples of another MSM (--impl) go by default: not properties/corpus, which npm test replays against the engine. */
export const IMPL_CORPUS = 'reports/corpus';

/** The corpus folder of gate and fuzz: --corpus as given; by default properties/corpus for the engine, IMPL_CORPUS for another MSM (both under the project root). */
function corpusOf(cmd: Command, given: string, otherImpl: boolean): string {
  return otherImpl && cmd.getOptionValueSource('corpus') === 'default' ? path.resolve(projectRoot(), IMPL_CORPUS) : defaultFromRoot(cmd, 'corpus', given);
}

/** --corpus of gate and fuzz: properties/corpus for the engine, IMPL_CORPUS for another MSM (corpusOf). */
const corpusOption = () =>
  new Option('--corpus <dir>', 'where counterexamples are written').default('properties/corpus', `properties/corpus; ${IMPL_CORPUS} with --impl`);

const checkOption = () =>
  new Option('--check <kind>', 'compare with the reference, the discrete-log oracle, or both').choices(['differential', 'oracle', 'both']);

/** The version in the package's own package.json (beside harness/). */
export function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  // harness/cli (sources) or dist/harness/cli (compiled): the nearest package.json named stepwise-msm
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'stepwise-msm') return typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      // no package.json here: keep going up
    }
    const up = path.dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

export function buildProgram(io: Io, setCode: (c: number) => void, deps: CliDeps = {}): Command {
  const program = new Command();
  program
    .name('stepwise-msm')
    .version(packageVersion(), '-V, --version', 'print the version of stepwise-msm')
    .description('Verification and benchmark suite for multi-scalar multiplication on BLS12-381 (gated Pippenger engine).')
    .addHelpText(
      'after',
      `
Exit codes: 0 pass, 1 correctness failure, 2 performance regression, 3 bad usage or configuration.
Default paths (bench/expected-counts.json, properties/corpus, reports, stryker.config.mjs) are relative
to the project root: the nearest folder up from the current one that holds a package.json.
Run "stepwise-msm <command> --help" for the options of a command.`
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true);

  program
    .command('gate')
    .description('the CI correctness gate: properties over the gate space, official vectors, field-multiplication counts, time against a reference revision')
    .option('--seed <n>', 'seed the property seeds are derived from', intArg(0, 0x7fffffff), 1)
    .addOption(
      new Option('--sets <families>', `gate-set families, comma-separated: ${FAMILIES.join(', ')}`)
        .argParser(familiesArg)
        .default([...GATE_FAMILIES], GATE_FAMILIES.join(','))
    )
    .option('--runs <k>', 'toy-curve runs per gate set (n 100..300 gets k/10)', intArg(1, 1_000_000))
    .option('--g1-runs <k>', 'BLS12-381 G1 oracle runs per gate set', intArg(0, 1_000_000))
    .option(
      '--random-runs <k>',
      'toy-curve runs with the gate set drawn per case (reaches combinations the families leave out; 0 skips; default 5 × --runs)',
      intArg(0, 10_000_000)
    )
    .option('--full', `10× the runs, and the vectors under every single-gate set; expected ${FULL_ESTIMATE}`, false)
    .option('--skip-checks', 'do not run the engine-check catalogue (harness/checks/: the checks npm test runs)', false)
    .option('--bail', 'stop at the first failure (property, engine check, vectors, soundness); the later stages are reported as not run', false)
    .option('--checks <text>', 'run only the engine checks whose id contains this text (case-insensitive)')
    .option('--vectors <dir>', 'official vectors folder (default: env STEPWISE_VECTORS)')
    .option('--skip-vectors', 'do not run the vectors', false)
    .option('--skip-bench', 'no counts and no timing', false)
    .option('--counts <file>', 'field-multiplication expectations, keyed by family name', 'bench/expected-counts.json')
    .option('--against <ref>', 'git ref to judge time against (default: the merge base with the default branch; none: report time, do not judge)', refArg)
    .option('--skip-time', 'no timing stage', false)
    .addOption(
      new Option('--time-sets <families>', 'families timed against the reference')
        .argParser((v) => {
          try {
            return parseFamilies(v, '--time-sets');
          } catch (e) {
            throw new InvalidArgumentError((e as Error).message.replace(/^--time-sets: /, ''));
          }
        })
        .default(['default', 'all'], 'default,all')
    )
    .option('--time-n <n>', 'MSM size of the timing stage (G1)', intArg(1, 1 << 16), 256)
    .option('--time-rounds <k>', 'timing rounds (reference and head interleaved, alternating order)', intArg(1, 100), 9)
    .option('--time-budget <ms>', 'time budget per set and round (both sides, calls interleaved), ms', intArg(0, 600_000), 300)
    .option(
      '--tolerance <pct>',
      'a set regresses when the whole interval of its median ratio head ÷ reference is above 1 + tolerance, percent',
      numArg(0, 1000),
      10
    )
    .option('--boot-seed <n>', 'seed of the bootstrap interval (printed)', intArg(0, 0x7fffffff), 1)
    .addOption(corpusOption())
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--mutation', 'also run the mutation testing of the engine (Stryker, as `npm run mutation`; tens of minutes) and report its score', false)
    .option('--mutation-config <file>', 'Stryker config file for --mutation', 'stryker.config.mjs')
    .option('--mutation-threshold <pct>', 'required mutation score of src/optimized for --mutation, percent', numArg(0, 100), 90)
    .option('--mutation-force', 'with --mutation: re-test every mutant instead of the incremental run', false)
    .addOption(implOption())
    .addOption(targetOption('gate this MSM (any implementation, EIP-2537 requests) instead of the engine: see below'))
    .addOption(groupOption())
    .option('--shard <i/n>', 'with --target: run only the class cells and vectors of index ≡ i (mod n) (the bench on shard 0)', parseShard)
    .option('--timeout <ms>', 'with --target: per-call limit, ms', intArg(1, 3_600_000), DEFAULT_TIMEOUT_MS)
    .option('--max-n <n>', `with --target: largest MSM size of the class properties (default ${DEFAULT_TARGET_MAX_N})`, intArg(1, 100_000))
    .addHelpText(
      'after',
      `
Stages: properties (toy: engine = reference = oracle, n ≤ 40 and 100..300; G1: engine = oracle,
n ≤ 24) for none, default, all, each single gate and all-but-each gate, then the toy property
with a random gate set per case (--random-runs) → engine checks: every check npm test applies
to the engine (harness/checks/: differential, oracle, laws, bad input, each step's targeted
cases, the window model's counted costs) at quick counts, npm test's counts with --full → official vectors (when configured) → counts:
every passing set checked against the oracle and its field multiplications counted; a count
above --counts fails (exit 2) → time: --time-sets timed against a reference revision checked
out in a temporary git worktree, interleaved in one process over --time-rounds rounds; a set
regresses (exit 2) when the bootstrap 95 % interval of its median ratio head ÷ reference lies
wholly above 1 + --tolerance. Default reference: the merge base with the default branch
(origin/HEAD, main, master); on that branch or outside git, time is reported, not judged.
--mutation adds Stryker's mutation testing (npm run mutation, docs/mutation.md) as a last stage:
a src/optimized score below --mutation-threshold exits 1, a failed Stryker run 3.
The Markdown summary goes to stdout and is appended to $GITHUB_STEP_SUMMARY when set.
With --target <spec>: the gate of an external MSM: every input class on each group it supports
(--runs cases per class, default 20, 200 with --full; seed printed), the EIP-2537 MSM vectors when
present (else a printed skip), and a same-run bench against the engine and the peers at n = 16, 64,
256 (report only); --junit and --shard i/n as above.
Exit: 0 pass, 1 correctness, 2 performance regression, 3 usage/configuration.` + targetHelp()
    )
    .action(async (o, cmd: Command) => {
      if (o.target !== undefined) {
        setCode(await gateTargetCommand(o, cmd, io, deps));
        return;
      }
      rejectTargetOnly(cmd, ['group', 'shard', 'timeout', 'maxN'], 'gate');
      const { runGate } = await import('./gate.js');
      const { vectorsRootFrom } = await import('./vectors.js');
      const full = o.full as boolean;
      const runs: number = o.runs ?? (full ? 1000 : 100);
      const impl = await implOf(deps, o.impl);
      const res = await runGate(
        {
          seed: o.seed,
          families: o.sets,
          runs,
          g1Runs: o.g1Runs ?? (full ? 120 : 12),
          full,
          vectorsRoot: o.skipVectors ? null : vectorsRootFrom(o.vectors),
          skipVectors: o.skipVectors,
          skipBench: o.skipBench,
          counts: defaultFromRoot(cmd, 'counts', o.counts),
          countsExplicit: program.commands.find((c) => c.name() === 'gate')!.getOptionValueSource('counts') === 'cli',
          against: o.against ?? null,
          skipTime: o.skipTime,
          timeSets: o.timeSets,
          timeN: o.timeN,
          timeRounds: o.timeRounds,
          timeBudget: o.timeBudget,
          tolerance: o.tolerance / 100,
          bootSeed: o.bootSeed,
          corpus: corpusOf(cmd, o.corpus, impl !== undefined),
          junit: o.junit ?? null,
          randomRuns: o.randomRuns ?? 5 * runs,
          skipChecks: o.skipChecks,
          checksFilter: o.checks,
          bail: o.bail,
        },
        io.err,
        impl
      );
      io.out(res.markdown + '\n');
      let code = res.code;
      if (o.mutation) {
        const { runMutation } = await import('./mutation.js');
        const m = await runMutation({ root: projectRoot(), config: o.mutationConfig, force: o.mutationForce, threshold: o.mutationThreshold }, io.err);
        io.out(m.markdown + '\n');
        if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, m.markdown + '\n');
        if (code === EXIT.PASS) code = m.code;
      }
      setCode(code);
    });

  program
    .command('mutation')
    .description('mutation testing of the engine (Stryker over src/optimized and the field; tens of minutes): prints the score, exit 1 below --threshold')
    .option('--force', 're-test every mutant instead of the incremental run', false)
    .option('--config <file>', 'Stryker config file', 'stryker.config.mjs')
    .option('--threshold <pct>', 'required mutation score of src/optimized, percent', numArg(0, 100), 90)
    .addHelpText(
      'after',
      `
Runs Stryker with FC_RUNS=0.03 FC_SEED=20261126 (docs/mutation.md). The committed incremental
state mutation/stryker-incremental.json.gz is unpacked first and written back after the run,
so only mutants whose code or covering tests changed are re-tested. The score is given with
and without the mutants triaged equivalent, unreachable or test-hook (mutation/equivalent.json);
the required score is the latter (cost-only survivors count against it).
Exit: 0 score ≥ threshold, 1 below, 3 Stryker failed.`
    )
    .action(async (o) => {
      const { runMutation } = await import('./mutation.js');
      const m = await runMutation({ root: projectRoot(), config: o.config, force: o.force, threshold: o.threshold }, io.err);
      io.out(m.markdown + '\n');
      setCode(m.code);
    });

  program
    .command('fuzz')
    .description('long randomized runs of the engine against the reference / discrete-log oracle, one worker per core')
    .addOption(
      new Option('--gates <set>', 'none | all | default | random | a+b (exactly these on) | JSON record (others at default), e.g. \'{"glv":true}\'')
        .argParser(gatesArg)
        .default(parseGateMode('random'), 'random')
    )
    .addOption(curveOption('g1'))
    .option('--min-n <n>', 'smallest MSM size', intArg(0, 100_000), 1)
    .addOption(new Option('--max-n <n>', 'largest MSM size').argParser(intArg(0, 100_000)).default(64, `64; ${DEFAULT_TARGET_MAX_N} with --target`))
    .option('--max-window <w>', 'largest explicit window drawn (1..16); the engine also chooses its own', intArg(1, 16))
    .addOption(
      new Option(
        '--cases <kind>',
        "case generator: msm (plain points, sync msm) or reach (the active steps' declared reach: entry points msm / prepare() handle / msmAsync, windows, thresholds, caps, tuning, threads, scalar and input classes)"
      )
        .choices(['msm', 'reach'])
        .default('msm')
    )
    .option(
      '--reach-exclude <regex>',
      'with --cases reach: leave out the reach targets whose label ("step: item", as fuzz prints them) matches, e.g. "full-size scalars" for the costly window-16 cases',
      (v: string) => {
        try {
          new RegExp(v);
        } catch (e) {
          throw new InvalidArgumentError(`not a regular expression: ${(e as Error).message}`);
        }
        return v;
      }
    )
    .addOption(checkOption())
    .addOption(new Option('--time <s>', 'time budget in seconds').argParser(numArg(0.1, 7 * 24 * 3600)).conflicts('runs'))
    .option('--runs <k>', 'number of cases (over all shards)', intArg(1, Number.MAX_SAFE_INTEGER))
    .option('--seed <n>', 'campaign seed (case i uses a seed derived from (seed, i))', intArg(0, 0x7fffffff))
    .addOption(new Option('--shard <i/n>', 'run only case indices ≡ i (mod n)').argParser(parseShard).default({ index: 0, count: 1 }, '0/1'))
    .option('--workers <k>', 'worker threads (default: one per core)', intArg(1, 256))
    .addOption(corpusOption())
    .option('--json <file>', 'write a JSON result (cases, rate, failures, case indices with --runs)')
    .addOption(implOption())
    .addOption(targetOption('fuzz this MSM (any implementation, EIP-2537 requests) instead of the engine: see Targets below'))
    .addOption(groupOption())
    .option('--classes <list>', 'with --target: only these input classes (comma-separated; default all)', listArg)
    .option('--timeout <ms>', 'with --target: per-call limit, ms (past it: a "timeout" failure)', intArg(1, 3_600_000), DEFAULT_TIMEOUT_MS)
    .option('--no-echo', 'with --target cmd:/blst: do not time the echo of each request (the protocol round trip)')
    .option('--until-failure', 'with --target: stop at the first failure (default: go on, count every failing case, shrink the first of each kind)')
    .option(
      '--seeds <k>',
      'with --target --until-failure: time to catch — k campaigns (seeds seed … seed + k − 1, each capped by --time), the median and worst time and cases to the first failure',
      intArg(1, 10_000)
    )
    .addHelpText(
      'after',
      `
Without --time or --runs, fuzz runs for 60 s. On a failure it shrinks the case, writes it to the
corpus folder, prints the replay command and exits 1. Default check: "both" on the toy curve,
"oracle" on g1/g2 (the reference is too slow there beyond a few points).
With --target: the target's own campaign (valid adversarial inputs vs the reference answer,
invalid inputs that must be rejected, crashes, hangs) over both groups it supports (or --group),
one target per worker. It goes on after a failure (--until-failure: it stops) and counts every
failing case; the first failure of each kind (verdict × group × input class) is printed as its
shrunk protocol line and written to <corpus>/targets/ (replay --target <spec> <file>).` + targetHelp()
    )
    .action(async (o, cmd: Command) => {
      const { runFuzz, defaultWorkers } = await import('./fuzz.js');
      if (o.target !== undefined) {
        setCode(await fuzzTargetCommand(o, cmd, io, deps));
        return;
      }
      rejectTargetOnly(cmd, ['group', 'classes', 'timeout', 'echo', 'untilFailure', 'seeds'], 'fuzz');
      if (o.minN > o.maxN) throw new UsageError(`--min-n (${o.minN}) must not exceed --max-n (${o.maxN})`);
      if (deps.impl)
        throw new UsageError('fuzz runs the MSM in worker threads: give the implementation under test as a module (--impl <module>), not as a function');
      if (o.reachExclude !== undefined && o.cases !== 'reach') throw new UsageError('--reach-exclude applies to --cases reach only');
      if (o.cases === 'reach' && o.impl !== undefined)
        throw new UsageError("--cases reach drives the engine's own entry points (prepare() handles, msmAsync, tuning): it does not apply to --impl");
      let impl = null;
      if (o.impl !== undefined) {
        // load it once here, so a bad module is a usage error before any worker starts
        const { parseImplSpec, importImpl } = await import('./impl.js');
        impl = parseImplSpec(o.impl);
        await importImpl(impl);
      }
      const curve = o.curve as CurveFlag;
      const seed = o.seed ?? Date.now() & 0x7fffffff;
      const res = await runFuzz(
        {
          curve,
          gates: o.gates,
          minN: o.minN,
          maxN: o.maxN,
          maxWindow: o.maxWindow ?? (curve === 'toy' ? 16 : 10),
          check: (o.check ?? (curve === 'toy' ? 'both' : 'oracle')) as CheckKind,
          runs: o.runs ?? null,
          timeSec: o.runs ? null : (o.time ?? 60),
          seed,
          shard: o.shard,
          workers: o.workers ?? defaultWorkers(),
          corpus: corpusOf(cmd, o.corpus, impl !== null),
          json: o.json ?? null,
          recordIndices: Boolean(o.json) && o.runs !== undefined,
          impl,
          cases: o.cases,
          reachExclude: o.reachExclude,
        },
        io.out,
        io.err
      );
      setCode(res.code);
    });

  program
    .command('replay')
    .description('re-run one corpus file, or a fast-check counterexample from --seed and --path')
    .argument('[file]', 'corpus JSON file')
    .option('--seed <n>', 'fast-check seed of the failure', intArg(-0x80000000, 0xffffffff))
    .option('--path <path>', 'fast-check path of the shrunk counterexample')
    .addOption(curveOption('toy'))
    .option('--gates <set>', 'with a file: override its gates; with --seed: the gate mode the property used', undefined)
    .option('--min-n <n>', 'property size range (as printed by gate/fuzz)', intArg(0, 100_000), 0)
    .option('--max-n <n>', 'property size range (as printed by gate/fuzz)', intArg(0, 100_000), 40)
    .option('--max-window <w>', 'property max window (as printed by gate/fuzz)', intArg(1, 16), 16)
    .addOption(new Option('--cases <kind>', 'the case generator the property used (as printed by fuzz)').choices(['msm', 'reach']).default('msm'))
    .option('--reach-exclude <regex>', 'with --cases reach: the reach targets the property left out (as printed by fuzz)')
    .addOption(checkOption().default('both'))
    .addOption(implOption())
    .addOption(targetOption('re-run a target case (a <corpus>/targets/*.json file, or a text file of "g1 <hex>" lines) against this target'))
    .option('--timeout <ms>', 'with --target: per-call limit, ms', intArg(1, 3_600_000), DEFAULT_TIMEOUT_MS)
    .addHelpText('after', targetHelp())
    .action(async (file: string | undefined, o, cmd: Command) => {
      if (o.target !== undefined) {
        setCode(await replayTargetCommand(file, o, cmd, io, deps));
        return;
      }
      rejectTargetOnly(cmd, ['timeout'], 'replay');
      const { replayFile, replaySeedPath } = await import('./replay.js');
      const impl = await implOf(deps, o.impl);
      if (file !== undefined && (o.seed !== undefined || o.path !== undefined))
        throw new UsageError('give either a corpus file or --seed with --path, not both');
      if (file !== undefined) {
        let override: unknown;
        if (o.gates !== undefined) {
          const m = parseGateMode(o.gates);
          if (m.kind === 'random') throw new UsageError('--gates random cannot override a corpus file: give none, all, default or a JSON record');
          override = m.gates;
        }
        setCode(replayFile(file, override, io.out, impl));
        return;
      }
      if (o.seed === undefined || o.path === undefined)
        throw new UsageError(
          'replay needs a corpus file, or both --seed and --path (with the --curve/--gates/--min-n/--max-n/--max-window/--check printed by gate or fuzz)'
        );
      const spec: PropertySpec = {
        curve: o.curve,
        minN: o.minN,
        maxN: o.maxN,
        maxWindow: o.maxWindow,
        gates: parseGateMode(o.gates ?? 'random'),
        check: o.check,
        cases: o.cases,
        reachExclude: o.reachExclude,
      };
      if (o.cases === 'reach') {
        if (o.impl !== undefined || deps.impl) throw new UsageError("--cases reach replays the engine's own entry points: it does not apply to --impl");
        const { replayReachSeedPath } = await import('./replay.js');
        setCode(await replayReachSeedPath(spec, o.seed, o.path, io.out));
        return;
      }
      setCode(replaySeedPath(spec, o.seed, o.path, io.out, impl));
    });

  addBenchOptions(
    program
      .command('bench')
      .description(
        'benchmarks (also `npm run bench`): gate-set views, step pairs and peers in one run (JSON, Markdown, HTML report); --against <ref> judges time against a revision; --update-counts re-records the count expectations; --suite wasm|kzg'
      )
  )
    .addHelpText(
      'after',
      `
Every result is checked against the discrete-log oracle before it is timed; a set that fails is
"not benchmarked" (exit 1). Peers that fail to load show as n/a. The HTML report
(reports/report.html) has: time vs n (log-log) per gate set and peer, speed-up per step, and the
step-pair interaction view (measured combined speed-up vs the product of the two singles).
--against <ref>: the views' sets at each --sizes value, reference and head interleaved in this
process for --rounds rounds (default 7); exit 2 when a set's bootstrap interval of its median
ratio lies wholly above 1 + --tolerance.
Exit: 0 pass, 1 wrong result, 2 slower (--against), 3 usage.`
    )
    .action(async (o, cmd: Command) => {
      const { runBenchCommand } = await import('./bench.js');
      o.out = defaultFromRoot(cmd, 'out', o.out);
      if (o.counts !== undefined) o.counts = defaultFromRoot(cmd, 'counts', o.counts);
      setCode(await runBenchCommand(o, io));
    });

  program
    .command('conformance')
    .description('the matrix targets × input classes (agrees / wrong / rejects valid / accepts invalid / crash / timeout / n/a), as Markdown and HTML')
    .addOption(targetOption('a target to include (repeatable; default: every built-in target, a skip row for one that cannot load)', true))
    .addOption(groupOption())
    .option('--runs <k>', 'cases per cell (target × group × class)', intArg(1, 1_000_000), 10)
    .option('--seed <n>', "seed the cells' seeds are derived from (printed)", intArg(0, 0x7fffffff), 1)
    .option('--max-n <n>', `largest MSM size (default ${DEFAULT_TARGET_MAX_N})`, intArg(1, 100_000))
    .option('--timeout <ms>', 'per-call limit, ms', intArg(1, 3_600_000), DEFAULT_TIMEOUT_MS)
    .option('--markdown <file>', 'also write the Markdown matrix to this file')
    .option('--html <file>', 'also write the matrix as an HTML report')
    .option('--strict', 'exit 1 when a cell is a failure (without it the matrix is a report: exit 0)', false)
    .option(
      '--browser',
      'run the matrix in this process and in headless Chromium (engine[:<gates>] and noble targets; default engine, engine:none, engine:all, noble) and print the Node × browser matrix',
      false
    )
    .addHelpText('after', targetHelp())
    .action(async (o) => {
      if (o.browser) {
        if (o.markdown !== undefined || o.html !== undefined) throw new UsageError('--browser prints its Node × browser matrix only (no --markdown, --html)');
        const { conformanceBrowserCommand } = await import('../browser/commands.js');
        setCode(
          await conformanceBrowserCommand(
            {
              targets: o.target,
              groups: o.group ? [o.group] : null,
              runs: o.runs,
              seed: o.seed,
              maxN: o.maxN ?? DEFAULT_TARGET_MAX_N,
              timeoutMs: o.timeout,
              strict: o.strict,
            },
            io
          )
        );
        return;
      }
      setCode(await conformanceTargetCommand(o, io));
    });

  program
    .command('vectors')
    .description('run the official KZG vectors and print a per-function pass table')
    .option('--vectors <dir>', 'vectors folder (default: env STEPWISE_VECTORS)')
    .option('--gates <list>', 'comma-separated gate sets to run them under: default, none, all, single', 'default,none')
    .option('--functions <list>', 'only these functions (comma-separated; an unknown name exits 3 with the list of valid ones)')
    .option('--browser', 'run them in this process and in headless Chromium, and print the Node × browser matrix', false)
    .option('--sample <k>', 'with --browser: at most k cases per function (computing ones first, then one that must be rejected)', intArg(1, 1_000_000))
    .action(async (o) => {
      const { runVectors, vectorsRootFrom, vectorsTable } = await import('./vectors.js');
      if (o.sample !== undefined && !o.browser) throw new UsageError('--sample applies to --browser runs only');
      const root = vectorsRootFrom(o.vectors);
      if (!root)
        throw new UsageError(
          'no vectors configured: set STEPWISE_VECTORS or pass --vectors DIR (a folder holding kzg/<function>/kzg-mainnet/<case>/data.yaml, or the tests folder of a c-kzg-4844 clone)'
        );
      const { vectorGateSets, VECTOR_SETS } = await import('../vectors/kzg-runner.js');
      const names = String(o.gates)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const g of names)
        if (!(VECTOR_SETS as readonly string[]).includes(g)) throw new UsageError(`--gates: unknown set "${g}": allowed: default, none, all, single`);
      const gs = vectorGateSets(names as (typeof VECTOR_SETS)[number][]);
      if (o.browser) {
        const { FUNCTIONS } = await import('../vectors/kzg-cases.js');
        const fns =
          o.functions === undefined
            ? undefined
            : String(o.functions)
                .split(',')
                .map((s: string) => s.trim())
                .filter(Boolean);
        const unknown = (fns ?? []).filter((f) => !FUNCTIONS.includes(f));
        if (unknown.length || fns?.length === 0) throw new UsageError(`--functions: unknown or empty: ${unknown.join(', ')}: allowed: ${FUNCTIONS.join(', ')}`);
        const { vectorsBrowserCommand } = await import('../browser/commands.js');
        setCode(await vectorsBrowserCommand({ root, gateSets: gs, functions: fns, sample: o.sample }, io));
        return;
      }
      const t0 = performance.now();
      const res = await runVectors({
        root,
        gateSets: gs,
        functions:
          o.functions !== undefined
            ? String(o.functions)
                .split(',')
                .map((s: string) => s.trim())
                .filter(Boolean)
            : undefined,
        onResult: (r) => io.err(`[vectors] ${r.fn} (${r.gates}): ${r.passed}/${r.total} in ${(r.ms / 1000).toFixed(1)} s\n`),
      });
      if (res.status === 'not-available') throw new UsageError(`vectors ${res.note}`);
      io.out(`## Official vectors (${root})\n\n${vectorsTable(res.rows)}\n\n`);
      for (const r of res.rows) for (const f of r.failures) io.out(`- ❌ ${r.fn} (${r.gates}) ${f.name}: ${f.reason}\n`);
      io.out(`${res.status === 'pass' ? '✅' : '❌'} ${res.note} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      setCode(res.status === 'pass' ? EXIT.PASS : EXIT.CORRECTNESS);
    });

  program
    .command('new-step')
    .description('scaffold a new optimization step: its file with the header template, its registry entry, its checks (run by gate and vitest)')
    .argument('<name>', 'camelCase gate name, e.g. lazyReduction')
    .addOption(
      new Option('--root <dir>', 'repository root to write into').default(
        projectRoot(),
        'the project root: the nearest folder up from here with a package.json'
      )
    )
    .option('--step <n>', 'step number (default: the next free one)', intArg(1, 99))
    .option('--title <text>', 'one-line title')
    .option('--dry-run', 'print what would be written, write nothing', false)
    .option('--entries <list>', "the step's reach: entry points it acts on, comma-separated: plain, prepared, async (default plain,prepared)")
    .option('--windows <list>', "the step's reach: windows it acts at: every (1..16), auto, window numbers (default every,auto)")
    .option('--scalars <list>', "the step's reach: scalar classes: fullSize, zeroDigits, carries, small, nearOrder (default fullSize,zeroDigits,carries)")
    .option(
      '--inputs <list>',
      "the step's reach: input classes: zeroScalars, identity, duplicates, opposite, collisions (default identity,duplicates,opposite)"
    )
    .option('--no-wide', 'the step need not act at window 16 with full-size scalars on BLS12-381 G1')
    .action(async (name: string, o) => {
      const { newStep, parseChoices, parseWindows, describeScaffoldReach, ENTRY_CHOICES, SCALAR_CHOICES, INPUT_CHOICES } = await import('./new-step.js');
      const reach = {
        ...(o.entries !== undefined ? { entries: parseChoices('--entries', o.entries, ENTRY_CHOICES) } : {}),
        ...(o.windows !== undefined ? { windows: parseWindows(o.windows) } : {}),
        ...(o.scalars !== undefined ? { scalars: parseChoices('--scalars', o.scalars, SCALAR_CHOICES) } : {}),
        ...(o.inputs !== undefined ? { inputs: parseChoices('--inputs', o.inputs, INPUT_CHOICES) } : {}),
        wideG1: o.wide !== false,
      };
      const r = newStep({ name, root: path.resolve(o.root), step: o.step, title: o.title, dryRun: o.dryRun, reach });
      const rel = (p: string) => path.relative(path.resolve(o.root), p);
      io.out(
        `${o.dryRun ? 'would create' : 'created'} step ${String(r.step).padStart(2, '0')} "${name}":\n` +
          `  ${rel(r.stepFile)}   (fill in the slots and the header)\n` +
          `  ${rel(r.checksFile)}   (aim the checks at the step's own failure mode; the gate runs them too)\n` +
          `  ${rel(r.testFile)}   (runs them under vitest)\n` +
          `  ${rel(r.checksIndex)}   (the step's checks added to the catalogue)\n` +
          `  ${rel(r.registry)}   (import + entry added, in step order)\n` +
          (r.readme ? `  ${rel(r.readme)}   (${r.readmeNote})\n` : `  (${r.readmeNote})\n`) +
          `  (${r.docsNote})\n` +
          `Reach declared (the step's \`reach\` member): ${describeScaffoldReach(r.reach)}.\n` +
          `  Add its thresholds and caps from its constants; properties/reach.test.ts fails, naming each item, until the step acts on all of them.\n` +
          `Next (the command runs the build in dist/: rebuild after every edit of the sources):\n` +
          `  npm run build && npx stepwise-msm gate --sets single,minus-one && npx stepwise-msm fuzz --gates '{"${name}":true}' --time 300\n` +
          `After changing the step's title or default: npx tsx scripts/readme-gates.ts (rewrites the README gate table).\n` +
          `See docs/adding-a-step.md.\n`
      );
      setCode(EXIT.PASS);
    });

  return program;
}

/** Runs the CLI; resolves to the exit code (never calls process.exit). `deps`: see CliDeps. */
export async function main(argv: readonly string[], io: Io = defaultIo, deps: CliDeps = {}): Promise<number> {
  let code: number = EXIT.PASS;
  const program = buildProgram(io, (c) => (code = c), deps);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.USAGE;
  }
  try {
    return await runCatching(program, argv, () => code, io);
  } finally {
    // the workers gate (step 11) keeps a thread pool for msmAsync: let the process end
    await closeEnginePool();
  }
}

async function closeEnginePool(): Promise<void> {
  try {
    const m = (await import('../../src/index.js')) as { closeWorkerPool?: () => Promise<void> };
    await m.closeWorkerPool?.();
  } catch {
    // no pool to close
  }
}

async function runCatching(program: Command, argv: readonly string[], getCode: () => number, io: Io): Promise<number> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return getCode();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return EXIT.PASS;
      return EXIT.USAGE; // commander already printed "error: …" and the help hint
    }
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.USAGE;
    }
    // not a usage error: a crash while checking counts as "not passed"
    io.err(`error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.CORRECTNESS;
  }
}

// run directly (`npx tsx harness/cli/main.ts …`) as well as through bin/stepwise-msm.js
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
