import { type Command, Option } from '@commander-js/extra-typings';
import { intArg, numArg, outputArg } from '../args.js';
import { FAMILIES, GATE_FAMILIES } from '../../gate-sets.js';
import { DEFAULT_TARGET_MAX_N, DEFAULT_TIMEOUT_MS, groupOption, targetHelp, targetMaxNArg, targetOption } from '../target-options.js';
import { corpusOption, familiesArg, implOption, parseShard, refArg } from './shared.js';

/** Expected duration of `--full`: 10× the property runs (≈ 1 min → 10 min) and the vectors under 14 gate sets instead of 1 (≈ 1.5–3 min of CPU each, single-threaded), from the default run measured on the 2-core shared VM. */
export const FULL_ESTIMATE =
  'about 30 min on an idle 2-core machine, over 1 h on a loaded shared one (default mode measured on the 2-core VM: 3.8 min quiet, 11.4 min loaded)';

/** The stages, exit codes and --target form, after the options in `gate --help`. */
const GATE_HELP = `
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
Exit: 0 pass, 1 correctness, 2 performance regression, 3 usage/configuration.`;

export function gateFlags(cmd: Command) {
  return cmd
    .description('the CI correctness gate: properties over the gate space, official vectors, field-multiplication counts, time against a reference revision')
    .option('--seed <n>', 'seed the property seeds are derived from', intArg(0, 0x7fffffff), 1)
    .addOption(
      new Option('--sets <families>', `gate-set families, comma-separated: ${FAMILIES.join(', ')}`)
        .argParser(familiesArg('--sets'))
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
        .argParser(familiesArg('--time-sets'))
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
    .option('--junit <file>', 'write a JUnit XML report', outputArg())
    .option('--mutation', 'also run the mutation testing of the engine (Stryker, as `npm run mutation`; tens of minutes) and report its score', false)
    .option('--mutation-config <file>', 'Stryker config file for --mutation', 'stryker.config.mjs')
    .option('--mutation-threshold <pct>', 'required mutation score of src/optimized for --mutation, percent', numArg(0, 100), 90)
    .option('--mutation-force', 'with --mutation: re-test every mutant instead of the incremental run', false)
    .addOption(implOption())
    .addOption(targetOption('gate this MSM (any implementation, EIP-2537 requests) instead of the engine: see below'))
    .addOption(groupOption())
    .option('--shard <i/n>', 'with --target: run only the class cells and vectors of index ≡ i (mod n) (the bench on shard 0)', parseShard)
    .option('--timeout <ms>', 'with --target: per-call limit, ms', intArg(1, 3_600_000), DEFAULT_TIMEOUT_MS)
    .option('--max-n <n>', `with --target: largest MSM size of the class properties (default ${DEFAULT_TARGET_MAX_N})`, targetMaxNArg)
    .addHelpText('after', GATE_HELP + targetHelp());
}

export type GateFlags = ReturnType<ReturnType<typeof gateFlags>['opts']>;
