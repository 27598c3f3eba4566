/**
 * Finds a Chromium-family browser (and, for the Firefox conformance test, Firefox) for the checks that run in one (the HTML report test, the
 * browser conformance test, `vectors --browser`, `conformance --browser`, `bench --suite browser`):
 * env STEPWISE_CHROMIUM first (a path; when set it must name an executable file), then
 * `chromium`, `chromium-browser`, `google-chrome` on PATH. Returns the executable, or why none
 * was found and how to get one. Tests skip with that reason, except under env CI, where a
 * missing browser is a failure (.ci/run installs Debian's chromium).
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome'] as const;

export const HOW_TO_GET_A_BROWSER =
  'install one (Debian/Ubuntu: sudo apt-get install -y chromium; .ci/run does this under CI) or set STEPWISE_CHROMIUM to a Chromium/Chrome executable';

/** Launch flags for headless Chromium on a CI box or a shared VM (no sandbox, no GPU, no network side-traffic). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export type BrowserLookup = { found: true; path: string; from: string } | { found: false; reason: string };

function executable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable named by env `envVar` (when set it must be one), else the first of `names` on PATH; `what` and `how` word the miss. */
function findExecutable(env: NodeJS.ProcessEnv, envVar: string, names: readonly string[], what: string, how: string): BrowserLookup {
  const explicit = env[envVar];
  if (explicit !== undefined && explicit !== '') {
    if (executable(explicit)) return { found: true, path: explicit, from: envVar };
    return { found: false, reason: `${envVar}=${explicit} is not an executable file: ${how}` };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names)
    for (const d of dirs) {
      const p = path.join(d, name);
      if (executable(p)) return { found: true, path: p, from: `${name} on PATH` };
    }
  return { found: false, reason: `no ${what} found (${envVar} unset; none of ${names.join(', ')} on PATH): ${how}` };
}

export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  return findExecutable(env, 'STEPWISE_CHROMIUM', BROWSER_NAMES, 'browser', HOW_TO_GET_A_BROWSER);
}

export const FIREFOX_NAMES = ['firefox-esr', 'firefox'] as const;

export const HOW_TO_GET_FIREFOX =
  'install one (Debian: sudo apt-get install -y firefox-esr; .ci/run does this under CI) or set STEPWISE_FIREFOX to a Firefox executable';

/** Firefox for the browser conformance test: env STEPWISE_FIREFOX first, then `firefox-esr`, `firefox` on PATH. */
export function findFirefox(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  return findExecutable(env, 'STEPWISE_FIREFOX', FIREFOX_NAMES, 'Firefox', HOW_TO_GET_FIREFOX);
}
