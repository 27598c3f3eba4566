/**
 * `stepwise-msm` — the command line: gate, fuzz, replay, bench, conformance, vectors, new-step.
 * Exit codes (every subcommand): 0 pass · 1 correctness failure · 2 performance regression ·
 * 3 bad usage or configuration · 130 interrupted (Ctrl-C).
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { EXIT, UsageError } from './errors.js';
import { ownPackageRoot } from './project-root.js';
import type { CliContext, CliDeps, Io } from './commands/shared.js';
import { registerBench } from './commands/bench.js';
import { registerConformance } from './commands/conformance.js';
import { registerFuzz } from './commands/fuzz.js';
import { registerGate } from './commands/gate.js';
import { registerMutation } from './commands/mutation.js';
import { registerNewStep } from './commands/new-step.js';
import { registerReplay } from './commands/replay.js';
import { registerVectors } from './commands/vectors.js';

export type { CliDeps, Io } from './commands/shared.js';

const defaultIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** The version in the package's own package.json (beside harness/). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(ownPackageRoot(), 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return pkg.name === 'stepwise-msm' && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
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
Exit codes: 0 pass, 1 correctness failure, 2 performance regression, 3 bad usage or configuration,
130 interrupted (Ctrl-C).
Default paths (bench/expected-counts.json, properties/corpus, reports, stryker.config.mjs) are relative
to the project root: the nearest folder up from the current one that holds a package.json.
Run "stepwise-msm <command> --help" for the options of a command.`
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true);
  const ctx: CliContext = { io, setCode, deps };
  for (const register of [registerGate, registerMutation, registerFuzz, registerReplay, registerBench, registerConformance, registerVectors, registerNewStep])
    register(program, ctx);
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
