#!/usr/bin/env node
// Launcher of the `stepwise-msm` command: registers tsx (TypeScript loader) and runs the CLI
// from its TypeScript sources (src/cli/main.ts). Exit codes: see `stepwise-msm --help`.
import { register } from 'tsx/esm/api';

register();
// a closed pipe (e.g. `stepwise-msm --help | head`) is not an error
for (const s of [process.stdout, process.stderr]) s.on('error', (e) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
