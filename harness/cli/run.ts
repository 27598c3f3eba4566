/**
 * Process entry of the `stepwise-msm` command: runs main() on the process arguments and sets
 * the exit code. The launcher bin/stepwise-msm.js imports the compiled copy
 * (dist/harness/cli/run.js, plain JavaScript); tests and development run this file from the
 * sources (`node --import tsx harness/cli/run.ts …`, see properties/cli/run-cli.ts).
 * Exit codes: see `stepwise-msm --help`.
 */
import { main } from './main.js';

// a closed pipe (e.g. `stepwise-msm --help | head`) is not an error
for (const s of [process.stdout, process.stderr])
  s.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    else throw e;
  });
process.exitCode = await main(process.argv.slice(2));
