/** The options of `stepwise-msm fuzz`, its description and help: the one parser of fuzz (the action is in commands/fuzz.ts). */
import { type Command, Option } from '@commander-js/extra-typings';
import { parseGateMode } from '../cases.js';
import { intArg, numArg, outputArg, regexArg } from '../args.js';
import { DEFAULT_TARGET_MAX_N, DEFAULT_TIMEOUT_MS, groupOption, targetHelp, targetOption } from '../target-options.js';
import { listArg } from './target.js';
import { checkOption, corpusOption, curveOption, gatesArg, implOption, parseShard } from './shared.js';

export function fuzzFlags(cmd: Command) {
  return cmd
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
      'with --cases reach: leave out the reach edges whose label ("step: item", as fuzz prints them) matches, e.g. "full-size scalars" for the costly window-16 cases',
      regexArg
    )
    .addOption(checkOption())
    .addOption(new Option('--time <s>', 'time budget in seconds').argParser(numArg(0.1, 7 * 24 * 3600)).conflicts('runs'))
    .option('--runs <k>', 'number of cases (over all shards)', intArg(1, Number.MAX_SAFE_INTEGER))
    .option('--seed <n>', 'campaign seed (case i uses a seed derived from (seed, i))', intArg(0, 0x7fffffff))
    .addOption(new Option('--shard <i/n>', 'run only case indices ≡ i (mod n)').argParser(parseShard).default({ index: 0, count: 1 }, '0/1'))
    .option('--workers <k>', 'worker threads (default: one per core)', intArg(1, 256))
    .addOption(corpusOption())
    .option('--json <file>', 'write a JSON result (cases, rate, failures, case indices with --runs)', outputArg())
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
    );
}

export type FuzzFlags = ReturnType<ReturnType<typeof fuzzFlags>['opts']>;
