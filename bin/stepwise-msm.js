#!/usr/bin/env node
// Launcher of the `stepwise-msm` command: plain JavaScript, runs the compiled CLI
// (dist/harness/cli/run.js, made by `npm run build`; shipped in the package). No TypeScript
// loader at run time. Exit codes: see `stepwise-msm --help`.
try {
  await import('../dist/harness/cli/run.js');
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/harness/cli/run.js')) {
    process.stderr.write('stepwise-msm: dist/harness/cli/run.js is missing; run `npm run build` first (a checkout of the sources is not built).\n');
    process.exit(3);
  }
  throw e;
}
