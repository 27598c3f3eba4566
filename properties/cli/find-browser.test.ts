/**
 * The browser lookup of the report test: STEPWISE_CHROMIUM wins (and must be an executable
 * file), then chromium, chromium-browser, google-chrome on PATH in that order; nothing found
 * gives a reason that says how to get one.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../../harness/browser/find-browser.js';

function fakeExe(dir: string, name: string, mode = 0o755): string {
  mkdirSync(dir, { recursive: true });
  const p = path.join(dir, name);
  writeFileSync(p, '#!/bin/sh\nexit 0\n');
  chmodSync(p, mode);
  return p;
}

describe('findBrowser', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'stepwise-browser-'));
  const a = path.join(tmp, 'a');
  const b = path.join(tmp, 'b');
  const empty = path.join(tmp, 'empty');
  mkdirSync(empty);
  const chromeB = fakeExe(b, 'google-chrome');
  const chromiumBrowserB = fakeExe(b, 'chromium-browser');
  const chromiumA = fakeExe(a, 'chromium');
  fakeExe(path.join(tmp, 'noexec'), 'chromium', 0o644);

  it('STEPWISE_CHROMIUM first, when it is an executable file', () => {
    expect(findBrowser({ STEPWISE_CHROMIUM: chromeB, PATH: a })).toEqual({ found: true, path: chromeB, from: 'STEPWISE_CHROMIUM' });
  });

  it('a STEPWISE_CHROMIUM that is not an executable file is reported, not silently replaced', () => {
    for (const bad of ['/nonexistent/chromium', path.join(tmp, 'noexec', 'chromium'), tmp]) {
      const r = findBrowser({ STEPWISE_CHROMIUM: bad, PATH: [a, b].join(path.delimiter) });
      expect(r.found).toBe(false);
      if (!r.found) expect(r.reason).toContain(`STEPWISE_CHROMIUM=${bad} is not an executable file`);
    }
  });

  it('then chromium, chromium-browser, google-chrome on PATH, in that order of names', () => {
    expect(findBrowser({ PATH: [b, a].join(path.delimiter) })).toEqual({ found: true, path: chromiumA, from: 'chromium on PATH' });
    expect(findBrowser({ PATH: [empty, b].join(path.delimiter), STEPWISE_CHROMIUM: '' })).toEqual({
      found: true,
      path: chromiumBrowserB,
      from: 'chromium-browser on PATH',
    });
    const c = path.join(tmp, 'c');
    const chromeC = fakeExe(c, 'google-chrome');
    expect(findBrowser({ PATH: [path.join(tmp, 'noexec'), c].join(path.delimiter) })).toEqual({ found: true, path: chromeC, from: 'google-chrome on PATH' });
  });

  it('nothing found: the reason names what was tried and how to get a browser', () => {
    const r = findBrowser({ PATH: empty });
    expect(r.found).toBe(false);
    if (!r.found) {
      expect(r.reason).toMatch(/none of chromium, chromium-browser, google-chrome on PATH/);
      expect(r.reason).toMatch(/apt-get install -y chromium/);
      expect(r.reason).toMatch(/STEPWISE_CHROMIUM/);
    }
    expect(findBrowser({}).found).toBe(false);
  });
});
