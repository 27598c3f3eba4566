/**
 * A browser session for the harness (Node side): bundles the page (bundle.ts) for a copy of the
 * library, serves it from the loopback interface with cross-origin isolation (server.ts), opens
 * it with a fresh profile in headless Chromium through playwright-core (the flags of find-browser.ts)
 * or in headless Firefox through puppeteer-core over WebDriver BiDi (both devDependencies, loaded
 * on demand), then calls the page's functions (page.ts) one by one.
 * Console errors, uncaught page errors and failed requests are collected: a caller treats them as
 * failures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundlePage, importDevDependency, type BundleInfo } from './bundle.js';
import { CHROMIUM_ARGS } from './find-browser.js';
import type { PageApi } from './page.js';
import { serveFolder } from './server.js';

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

export interface BrowserSession {
  /** The browser's name and version (e.g. "Chromium 156.0.…", "Firefox 153.0"). */
  browser: string;
  /** The bundle's inputs and outputs. */
  bundle: BundleInfo;
  /** Calls one function of the test page; rejects past `timeoutMs` (default: the session's). */
  call<K extends keyof PageApi>(name: K, arg: Parameters<PageApi[K]>[0], timeoutMs?: number): Promise<Awaited<ReturnType<PageApi[K]>>>;
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
  /** The browser at `executablePath` (default chromium). */
  browser?: BrowserKind;
  /** The library the test page (page.ts) is bundled with; or `bundle` writes another page. */
  source?: LibrarySource;
  /** Writes a page into `dir` (index.html and what it loads) instead of the test page; its scripts set globalThis.__stepwise. */
  bundle?: (dir: string) => Promise<BundleInfo>;
  /** Per-call limit, ms (default 120 000). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** One tab, whichever driver opened it. */
interface Tab {
  goto(url: string): Promise<void>;
  /** Resolves once `fn` returns a truthy value in the page; rejects past `timeoutMs`. */
  waitFor(fn: () => unknown, timeoutMs: number): Promise<void>;
  evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>>;
  close(): Promise<void>;
}

interface Driver {
  /** e.g. "Chromium 156.0.…" or "Firefox 153.0" */
  name: string;
  /** A new tab whose console errors, uncaught errors, failed requests and HTTP errors go to `problems`. */
  newTab(problems: string[]): Promise<Tab>;
  close(): Promise<void>;
}

/** The events of a tab (the same names in playwright-core and puppeteer-core) that go to `problems`: console errors, uncaught errors, failed requests, HTTP errors. */
interface ProblemEvents {
  on(event: 'console', h: (m: { type(): string; text(): string }) => void): unknown;
  on(event: 'pageerror', h: (e: unknown) => void): unknown;
  on(event: 'requestfailed', h: (r: { url(): string; failure(): { errorText: string } | null }) => void): unknown;
  on(event: 'response', h: (r: { url(): string; status(): number }) => void): unknown;
}

function watchProblems(page: ProblemEvents, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message ?? String(e)}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
}

/** The browsers a session can drive: Chromium through playwright-core, Firefox through puppeteer-core (WebDriver BiDi). */
export type BrowserKind = 'chromium' | 'firefox';

/** The driver package of each browser kind (imported by a computed name: the type check passes where puppeteer-core is not installed). */
const DRIVERS: Record<BrowserKind, string> = { chromium: 'playwright-core', firefox: 'puppeteer-core' };

/** Whether the driver of `kind` can be loaded here (a test skips without it). */
export async function driverAvailable(kind: BrowserKind): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await importDevDependency(DRIVERS[kind]);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** A Tab over a driver's page (`waitFor` in the driver's own call form). */
function tabOf(page: Pick<PuppeteerPage, 'goto' | 'close'> & { evaluate(fn: never, arg: never): Promise<unknown> }, waitFor: Tab['waitFor']): Tab {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    waitFor,
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    close: () => page.close(),
  };
}

async function launchChromium(executablePath: string, work: string): Promise<Driver> {
  const playwright = (await importDevDependency(DRIVERS.chromium)) as typeof import('playwright-core');
  const context = await playwright.chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  let version = context.browser()?.version();
  const driver: Driver = {
    name: '',
    async newTab(problems) {
      const page = await context.newPage();
      watchProblems(page, problems);
      return tabOf(page, async (fn, timeout) => {
        await page.waitForFunction(fn, undefined, { timeout });
      });
    },
    close: () => context.close(),
  };
  if (version === undefined) {
    const tab = await driver.newTab([]);
    version = await tab.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent, undefined);
    await tab.close();
  }
  driver.name = `Chromium ${version}`;
  return driver;
}

/** The part of puppeteer-core's API used here (typed locally: the type check passes where it is not installed). */
interface PuppeteerPage extends ProblemEvents {
  goto(url: string, o: { waitUntil: 'load' }): Promise<unknown>;
  waitForFunction(fn: () => unknown, o: { timeout: number }): Promise<unknown>;
  evaluate(fn: (arg: never) => unknown, arg: unknown): Promise<unknown>;
  close(): Promise<void>;
}
interface Puppeteer {
  launch(o: {
    browser: 'firefox';
    executablePath: string;
    headless: boolean;
    userDataDir: string;
    extraPrefsFirefox: Record<string, unknown>;
  }): Promise<{ version(): Promise<string>; newPage(): Promise<PuppeteerPage>; close(): Promise<void> }>;
}

async function launchFirefox(executablePath: string, work: string): Promise<Driver> {
  const { launch } = (await importDevDependency(DRIVERS.firefox)) as Puppeteer;
  const browser = await launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: path.join(work, 'profile'),
    // no update checks, telemetry or remote settings traffic from a test profile
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
    },
  });
  // "firefox/153.0" (BiDi) → "Firefox 153.0"
  const version = (await browser.version()).replace(/^firefox\//i, '');
  return {
    name: `Firefox ${version}`,
    async newTab(problems) {
      const page = await browser.newPage();
      watchProblems(page, problems);
      return tabOf(page, async (fn, timeout) => {
        await page.waitForFunction(fn, { timeout });
      });
    },
    close: () => browser.close(),
  };
}

export async function openBrowserSession(o: SessionOptions): Promise<BrowserSession> {
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
    const driver = await (o.browser === 'firefox' ? launchFirefox : launchChromium)(o.executablePath, work);
    cleanups.push(() => driver.close());
    const problems: string[] = [];
    const page = await driver.newTab(problems);
    await page.goto(server.url);
    try {
      await page.waitFor(() => (globalThis as { __stepwise?: unknown }).__stepwise !== undefined, 30_000);
    } catch {
      throw new Error(`the page did not start: ${problems.join('; ') || 'no error reported'}`);
    }
    o.log?.(
      `[browser] ${driver.name}: page bundled in ${((t1 - t0) / 1000).toFixed(1)} s (${Object.values(bundle.info.outputs)
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
      browser: driver.name,
      bundle: bundle.info,
      problems,
      dir: bundle.dir,
      async visit(pathname, timeoutMs = limit) {
        const tab = await driver.newTab(problems);
        try {
          await tab.goto(new URL(pathname, server.url).href);
          await tab.waitFor(() => (globalThis as { __result?: unknown }).__result !== undefined, timeoutMs);
          return await tab.evaluate(() => (globalThis as { __result?: unknown }).__result, undefined);
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
