/**
 * A browser session for the harness (Node side): bundles the page (bundle.ts) for a copy of the
 * library, serves it from the loopback interface with cross-origin isolation (server.ts), opens
 * it in headless Chromium through playwright-core (a devDependency, loaded on demand) with a fresh
 * profile and the flags of find-browser.ts, then calls the page's functions (page.ts) one by one.
 * Console errors, uncaught page errors and failed requests are collected: a caller treats them as
 * failures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundlePage, type BundleInfo } from './bundle.js';
import { CHROMIUM_ARGS } from './find-browser.js';
import type { PageApi } from './page.js';
import { serveFolder } from './server.js';

/** What a missing playwright-core prints. */
export const HOW_TO_GET_PLAYWRIGHT =
  'playwright-core is a devDependency of stepwise-msm: run `npm ci` in a checkout, or `npm install --no-save playwright-core` beside an installed copy';

/** Where the page gets the library: module specifiers resolved from the bundling's working directory. */
export interface LibrarySource {
  /** The folder specifiers are resolved from. */
  cwd: string;
  /** The main entry (e.g. 'stepwise-msm' or an absolute path to dist/src/index.js). */
  lib: string;
  /** The KZG entry. */
  kzg: string;
  /** The harness's page module (dist/harness/browser/page.js of the same copy). */
  page: string;
  /** The library's pool worker module (dist/src/optimized/pool-worker.js of the same copy). */
  worker: string;
}

/** The library of an unpacked package folder (the repository root when built, or an installed copy). */
export function packageSource(pkgDir: string, cwd: string = pkgDir): LibrarySource {
  return {
    cwd,
    lib: path.join(pkgDir, 'dist', 'src', 'index.js'),
    kzg: path.join(pkgDir, 'dist', 'src', 'kzg', 'index.js'),
    page: path.join(pkgDir, 'dist', 'harness', 'browser', 'page.js'),
    worker: path.join(pkgDir, 'dist', 'src', 'optimized', 'pool-worker.js'),
  };
}

/** The page's entry module: imports both entries and installs the page API with them. */
export function pageEntry(src: LibrarySource): string {
  return [
    `import * as lib from ${JSON.stringify(src.lib)};`,
    `import * as kzg from ${JSON.stringify(src.kzg)};`,
    `import { installPage } from ${JSON.stringify(src.page)};`,
    'installPage({ lib, kzg });',
    '',
  ].join('\n');
}

type Api = PageApi;

export interface BrowserSession {
  /** The browser's name and version (e.g. "Chromium 156.0.…"). */
  browser: string;
  /** The bundle's inputs and outputs. */
  bundle: BundleInfo;
  /** Calls one function of the test page; rejects past `timeoutMs` (default: the session's). */
  call<K extends keyof Api>(name: K, arg: Parameters<Api[K]>[0], timeoutMs?: number): Promise<Awaited<ReturnType<Api[K]>>>;
  /** Calls one function of another page's globalThis.__stepwise (untyped). */
  callAny(name: string, arg: unknown, timeoutMs?: number): Promise<unknown>;
  /** Console errors, uncaught page errors and failed requests so far. */
  problems: string[];
  /** The folder the page is served from: files written there are served too. */
  dir: string;
  /**
   * Opens `pathname` of the served folder in a new tab and waits for its scripts to set
   * `globalThis.__result`: what they set (problems in that tab join `problems`).
   */
  visit(pathname: string, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

export interface SessionOptions {
  executablePath: string;
  /** The library the test page (page.ts) is bundled with; or `bundle` writes another page. */
  source?: LibrarySource;
  /** Writes a page into `dir` (index.html and what it loads) instead of the test page; its scripts set globalThis.__stepwise. */
  bundle?: (dir: string) => Promise<BundleInfo>;
  /** Per-call limit, ms (default 120 000). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** Records a tab's console errors, uncaught errors, failed requests and HTTP errors into `problems`. */
function watch(page: import('playwright-core').Page, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
}

export async function openBrowserSession(o: SessionOptions): Promise<BrowserSession> {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core cannot be loaded (${(e as Error).message.split('\n')[0]}): ${HOW_TO_GET_PLAYWRIGHT}`);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'stepwise-browser-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const t0 = performance.now();
    const dir = path.join(work, 'page');
    let bundle: { dir: string; info: BundleInfo };
    if (o.bundle) bundle = { dir, info: await o.bundle(dir) };
    else if (o.source) bundle = await bundlePage({ dir, cwd: o.source.cwd, entry: pageEntry(o.source), workerEntry: o.source.worker });
    else throw new Error('openBrowserSession: give a library source or a page bundler');
    const t1 = performance.now();
    const server = await serveFolder(bundle.dir);
    cleanups.push(() => server.close());
    const context = await playwright.chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: o.executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    const problems: string[] = [];
    watch(page, problems);
    await page.goto(server.url, { waitUntil: 'load' });
    try {
      await page.waitForFunction(() => (globalThis as { __stepwise?: unknown }).__stepwise !== undefined, undefined, { timeout: 30_000 });
    } catch {
      throw new Error(`the page did not start: ${problems.join('; ') || 'no error reported'}`);
    }
    const version =
      context.browser()?.version() ?? (await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent));
    o.log?.(
      `[browser] Chromium ${version}: page bundled in ${((t1 - t0) / 1000).toFixed(1)} s (${Object.values(bundle.info.outputs)
        .reduce((a, b) => a + b, 0)
        .toLocaleString('en-US')} bytes), started in ${((performance.now() - t1) / 1000).toFixed(1)} s`
    );
    const limit = o.timeoutMs ?? 120_000;
    const callPage = async (name: string, arg: unknown, timeoutMs = limit): Promise<unknown> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          page.evaluate(([n, a]) => (globalThis as unknown as { __stepwise: Record<string, (x: unknown) => unknown> }).__stepwise[n as string]?.(a), [
            name,
            arg,
          ] as const),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`page call ${name} took more than ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    };
    return {
      browser: `Chromium ${version}`,
      bundle: bundle.info,
      problems,
      dir: bundle.dir,
      async visit(pathname, timeoutMs = limit) {
        const tab = await context.newPage();
        watch(tab, problems);
        try {
          await tab.goto(new URL(pathname, server.url).href, { waitUntil: 'load' });
          await tab.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined, undefined, { timeout: timeoutMs });
          return await tab.evaluate(() => (globalThis as { __result?: unknown }).__result);
        } finally {
          await tab.close();
        }
      },
      call: (name, arg, timeoutMs) => callPage(String(name), arg, timeoutMs) as never,
      callAny: (name, arg, timeoutMs) => callPage(name, arg, timeoutMs),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
