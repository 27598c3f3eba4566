#!/usr/bin/env node
// Launcher of the `stepwise-msm` command: plain JavaScript, runs the compiled CLI
// (dist/harness/cli/run.js, made by `npm run build`; shipped in the package). No TypeScript
// loader at run time. Exit codes: see `stepwise-msm --help`.
//
// In a checkout of the sources (src/ beside dist/), a build older than the sources would run
// code that is not there any more (a new step missing from its gate sets): the launcher
// compares dist/.stamp with the inputs the build listed in it and refuses (exit 3) with the
// command to run. STEPWISE_STALE_BUILD=ok runs the old build anyway.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest input changed after the build (a path relative to the root), '' when the build is fresh, or null when unknown. */
function staleInput(stampFile) {
  const lines = readFileSync(stampFile, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  if (lines.length === 0) return null;
  const built = statSync(stampFile).mtimeMs;
  let found = '';
  let newest = built;
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.mtimeMs > newest) {
      newest = st.mtimeMs;
      found = relative(root, p);
    }
    if (st.isDirectory()) for (const e of readdirSync(p)) if (e !== 'generated') visit(join(p, e));
  };
  for (const l of lines) visit(join(root, l));
  return found;
}

if (existsSync(join(root, 'src')) && existsSync(join(root, 'scripts', 'build.ts')) && process.env.STEPWISE_STALE_BUILD !== 'ok') {
  const stamp = join(root, 'dist', '.stamp');
  const stale = existsSync(stamp) ? staleInput(stamp) : '';
  if (stale !== '') {
    process.stderr.write(
      `stepwise-msm: dist/ is older than the sources (${stale === null ? 'built by an older build script' : `${stale} changed after the last build`}), so this command would run the old code.\n` +
        `Run \`npm run build\` in ${root} first, then the command again (npm run gate and npm test build first). STEPWISE_STALE_BUILD=ok runs the old build anyway.\n`
    );
    process.exit(3);
  }
}

try {
  await import('../dist/harness/cli/run.js');
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/harness/cli/run.js')) {
    process.stderr.write('stepwise-msm: dist/harness/cli/run.js is missing; run `npm run build` first (a checkout of the sources is not built).\n');
    process.exit(3);
  }
  throw e;
}
