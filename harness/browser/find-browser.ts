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

export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  const explicit = env.STEPWISE_CHROMIUM;
  if (explicit !== undefined && explicit !== '') {
    if (executable(explicit)) return { found: true, path: explicit, from: 'STEPWISE_CHROMIUM' };
    return { found: false, reason: `STEPWISE_CHROMIUM=${explicit} is not an executable file: ${HOW_TO_GET_A_BROWSER}` };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of BROWSER_NAMES)
    for (const d of dirs) {
      const p = path.join(d, name);
      if (executable(p)) return { found: true, path: p, from: `${name} on PATH` };
    }
  return { found: false, reason: `no browser found (STEPWISE_CHROMIUM unset; none of ${BROWSER_NAMES.join(', ')} on PATH): ${HOW_TO_GET_A_BROWSER}` };
}

export const FIREFOX_NAMES = ['firefox-esr', 'firefox'] as const;

export const HOW_TO_GET_FIREFOX =
  'install one (Debian: sudo apt-get install -y firefox-esr; .ci/run does this under CI) or set STEPWISE_FIREFOX to a Firefox executable';

/** Firefox for the browser conformance test: env STEPWISE_FIREFOX first, then `firefox-esr`, `firefox` on PATH. */
export function findFirefox(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  const explicit = env.STEPWISE_FIREFOX;
  if (explicit !== undefined && explicit !== '') {
    if (executable(explicit)) return { found: true, path: explicit, from: 'STEPWISE_FIREFOX' };
    return { found: false, reason: `STEPWISE_FIREFOX=${explicit} is not an executable file: ${HOW_TO_GET_FIREFOX}` };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of FIREFOX_NAMES)
    for (const d of dirs) {
      const p = path.join(d, name);
      if (executable(p)) return { found: true, path: p, from: `${name} on PATH` };
    }
  return { found: false, reason: `no Firefox found (STEPWISE_FIREFOX unset; none of ${FIREFOX_NAMES.join(', ')} on PATH): ${HOW_TO_GET_FIREFOX}` };
}
