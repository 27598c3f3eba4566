import { type Command, Option } from '@commander-js/extra-typings';
import { parseGateMode, type PropertySpec } from '../cases.js';
import { intArg, regexArg } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS, openChecked, targetHelp, targetOption } from '../target-options.js';
import { checkCaseFlags, checkOption, curveOption, implOf, implOption, type CliContext } from './shared.js';
import { givenFlags, type Parsed, rejectEngineOnly, rejectImpl, rejectTargetOnly } from './target.js';

function replayFlags(cmd: Command) {
  return cmd
    .description('re-run one corpus file, or a fast-check counterexample from --seed and --path')
    .argument('[file]', 'corpus JSON file')
    .option('--seed <n>', 'fast-check seed of the failure', intArg(-0x80000000, 0xffffffff))
    .option('--path <path>', 'fast-check path of the shrunk counterexample')
    .addOption(curveOption('toy'))
    .option('--gates <set>', 'with a file: override its gates; with --seed: the gate mode the property used')
    .option('--min-n <n>', 'property size range (as printed by gate/fuzz)', intArg(0, 100_000), 0)
    .option('--max-n <n>', 'property size range (as printed by gate/fuzz)', intArg(0, 100_000), 40)
    .option('--max-window <w>', 'property max window (as printed by gate/fuzz)', intArg(1, 16), 16)
    .addOption(new Option('--cases <kind>', 'the case generator the property used (as printed by fuzz)').choices(['msm', 'reach']).default('msm'))
    .option('--reach-exclude <regex>', 'with --cases reach: the reach edges the property left out (as printed by fuzz)', regexArg)
    .addOption(checkOption().default('both'))
    .addOption(implOption())
    .addOption(targetOption('re-run a target case (a <corpus>/targets/*.json file, or a text file of "g1 <hex>" lines) against this target'))
    .option('--timeout <ms>', 'with --target: per-call limit, ms', intArg(1, 3_600_000), DEFAULT_TIMEOUT_MS)
    .addHelpText('after', targetHelp());
}

type ReplayFlags = ReturnType<ReturnType<typeof replayFlags>['opts']>;

export function registerReplay(program: Command, ctx: CliContext): void {
  const { io, setCode, deps } = ctx;
  replayFlags(program.command('replay')).action(async (file: string | undefined, o, cmd) => {
    if (o.target !== undefined) {
      setCode(await replayTarget(o.target, file, o, cmd, ctx));
      return;
    }
    rejectTargetOnly(cmd, ['timeout'], 'replay');
    const { replayFile, replaySeedPath } = await import('../replay.js');
    const impl = await implOf(deps, o.impl);
    if (file !== undefined && (o.seed !== undefined || o.path !== undefined)) throw new UsageError('give either a corpus file or --seed with --path, not both');
    if (file !== undefined) {
      const g = givenFlags(cmd, ['curve', 'minN', 'maxN', 'maxWindow', 'check', 'cases', 'reachExclude']);
      if (g) throw new UsageError(`replay FILE: ${g.flags} ${g.verb} to --seed/--path replays only (a corpus file records its case)`);
      let override: unknown;
      if (o.gates !== undefined) {
        const m = parseGateMode(o.gates);
        if (m.kind === 'random') throw new UsageError('--gates random cannot override a corpus file: give none, all, default or a JSON record');
        override = m.gates;
      }
      setCode(await replayFile(file, override, io.out, impl));
      return;
    }
    if (o.seed === undefined || o.path === undefined)
      throw new UsageError(
        'replay needs a corpus file, or both --seed and --path (with the --curve/--gates/--min-n/--max-n/--max-window/--check printed by gate or fuzz)'
      );
    checkCaseFlags(o);
    const { curve, minN, maxN, maxWindow, check, cases, reachExclude } = o;
    const spec: PropertySpec = { curve, minN, maxN, maxWindow, gates: parseGateMode(o.gates ?? 'random'), check, cases, reachExclude };
    if (o.cases === 'reach' && (o.impl !== undefined || deps.impl))
      throw new UsageError("--cases reach replays the engine's own entry points: it does not apply to --impl");
    setCode(await replaySeedPath(spec, o.seed, o.path, io.out, impl));
  });
}

/** `replay --target <spec> <file>`: each request of a target case (or of a text file of protocol lines) against the target, judged as fuzz judges it. */
async function replayTarget(spec: string, file: string | undefined, o: ReplayFlags, cmd: Parsed<ReplayFlags>, { io, deps }: CliContext): Promise<number> {
  rejectImpl(o.impl, deps, 'replay');
  rejectEngineOnly(cmd, ['seed', 'path', 'gates', 'curve', 'minN', 'maxN', 'maxWindow', 'check', 'cases', 'reachExclude'], 'replay');
  if (file === undefined)
    throw new UsageError('replay --target <spec> needs a file: a target case from the corpus (<corpus>/targets/*.json) or a text file of lines "g1 <hex>"');
  const { readTargetRequests } = await import('../corpus-io.js');
  const { requests, recorded } = readTargetRequests(file);
  const { checkTargetCase, isFailure } = await import('../../targets/check.js');
  // the limit the case was found with, unless --timeout is given: a timeout replays as one
  const timeoutMs = cmd.getOptionValueSource('timeout') !== 'cli' && recorded?.timeoutMs !== undefined ? recorded.timeoutMs : o.timeout;
  const target = await openChecked(spec, process.cwd(), timeoutMs);
  let failed = 0;
  let unsupported = 0;
  try {
    io.out(
      `replay --target ${spec} ${file}: ${requests.length} request(s)${recorded ? `; recorded verdict ${recorded.verdict} on ${recorded.target}: ${recorded.detail}` : ''}${timeoutMs !== o.timeout ? `; per-call timeout ${timeoutMs} ms (recorded)` : ''}\n`
    );
    for (const r of requests) {
      if (!target.groups.includes(r.group)) {
        io.out(`- ${r.source}: ${r.group}: n/a (the target does not support ${r.group})\n`);
        unsupported++;
        continue;
      }
      const v = await checkTargetCase(target, { group: r.group, input: r.input });
      const bad = isFailure(v);
      if (bad) failed++;
      io.out(`- ${r.source}: ${r.group}, ${r.input.length} bytes: ${bad ? 'FAIL' : 'PASS'}: ${v.kind}${v.detail ? `: ${v.detail}` : ''}\n`);
    }
  } finally {
    await target.close();
  }
  const checked = requests.length - unsupported;
  const na = unsupported ? ` (${unsupported} n/a)` : '';
  if (failed) io.out(`FAIL: ${failed} of ${checked} request(s)${na}\n`);
  else if (checked === 0) io.out(`⚠️ nothing checked: 0 of ${requests.length} request(s) reach the target${na} (exit 3)\n`);
  else io.out(`PASS: ${checked} request(s) answered as the reference${na}\n`);
  return failed ? EXIT.CORRECTNESS : checked === 0 ? EXIT.USAGE : EXIT.PASS;
}
