/**
 * Bundling for the browser with esbuild (a devDependency; loaded on demand, so the CLI says how
 * to get it when it is missing):
 *  - `bundleLibrary`: one entry of the library as a user's bundler would take it (platform
 *    browser, no plug-in, no alias, no define): for the size report and the check that the entry
 *    pulls in nothing but the library (no Node built-in, no harness file, no CLI package);
 *  - `bundlePage`: the browser test page (page.ts and the library under test) and the pool
 *    worker next to it. The harness code in the page uses two Node modules the library never
 *    does (node:assert/strict and node:util, by harness/checks/expect.ts), replaced here by
 *    small browser shims (./shims/), and reads FC_RUNS, which a page does not have.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../cli/errors.js';

/** The UsageError (exit 3) for a devDependency an installed copy cannot load: what failed and how to get it. */
export function devDependencyMissing(pkg: string, e: unknown): UsageError {
  return new UsageError(
    `${pkg} cannot be loaded (${(e as Error)?.message?.split('\n')[0]}): ${pkg} is a devDependency of stepwise-msm: run \`npm ci\` in a checkout, or \`npm install --no-save ${pkg}\` beside an installed copy`
  );
}

/** Imports a devDependency the browser layer loads on demand (esbuild, playwright-core, puppeteer-core), or throws devDependencyMissing. */
export async function importDevDependency(pkg: string): Promise<unknown> {
  try {
    return await import(pkg);
  } catch (e) {
    throw devDependencyMissing(pkg, e);
  }
}

/** esbuild, or why it cannot be loaded. */
export const loadEsbuild = async (): Promise<typeof import('esbuild')> => (await importDevDependency('esbuild')) as typeof import('esbuild');

/** Inputs and outputs of a bundle, from esbuild's metafile. */
export interface BundleInfo {
  /** Input files (paths relative to the bundling's working directory). */
  inputs: string[];
  /** Input file → its bytes (before minification). */
  inputBytes: Record<string, number>;
  /** Output file → its bytes. */
  outputs: Record<string, number>;
}

function infoOf(meta: import('esbuild').Metafile): BundleInfo {
  return {
    inputs: Object.keys(meta.inputs).sort(),
    inputBytes: Object.fromEntries(Object.entries(meta.inputs).map(([f, i]) => [f, i.bytes])),
    outputs: Object.fromEntries(Object.entries(meta.outputs).map(([f, o]) => [f, o.bytes])),
  };
}

/**
 * Bundles `entry` (a module path or package specifier resolved from `cwd`) for the browser, ES
 * module format, with no option a user would have to add: the result and its inputs.
 */
export async function bundleLibrary(entry: string, o: { cwd: string; minify?: boolean }): Promise<{ code: Uint8Array; info: BundleInfo }> {
  const esbuild = await loadEsbuild();
  const res = await esbuild.build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: o.cwd, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: o.minify ?? true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: o.cwd,
  });
  const out = res.outputFiles[0];
  if (out === undefined) throw new Error(`bundleLibrary: esbuild wrote nothing for ${entry}`);
  return { code: out.contents, info: infoOf(res.metafile) };
}

/** The shim of a Node module for the page, next to this file (compiled .js, or .ts from the sources). */
function shim(name: string): string {
  const here = fileURLToPath(import.meta.url);
  const ext = /\.[cm]?ts$/.test(here) ? '.ts' : '.js';
  return path.join(path.dirname(here), 'shims', `${name}${ext}`);
}

/** esbuild's options for every browser bundle here: one ES module file per entry, with its metafile (the sizes). */
export const BROWSER_BUNDLE = { bundle: true, platform: 'browser', format: 'esm', target: 'es2022', metafile: true, logLevel: 'silent' } as const;

const ENTRY = 'stepwise-page-entry';

const SHIMS: Record<string, string> = { 'node:assert/strict': 'node-assert', 'node:assert': 'node-assert', 'node:util': 'node-util' };

/** The page's files: index.html, the page bundle and the pool worker beside it (where the library's browser thread host looks for it). */
export interface PageBundle {
  dir: string;
  info: BundleInfo;
}

/**
 * Writes into `dir` a page whose module `entry` (source text, resolved from `cwd`) runs the
 * harness, bundled with the library it imports, plus `pool-worker.js` bundled from `workerEntry`
 * (the library's pool worker: a path, or the specifier `stepwise-msm/worker`): the name and place
 * the library's Web Worker host uses.
 */
export async function bundlePage(o: { dir: string; cwd: string; entry: string; workerEntry?: string }): Promise<PageBundle> {
  const esbuild = await loadEsbuild();
  mkdirSync(o.dir, { recursive: true });
  const res = await esbuild.build({
    entryPoints: { page: ENTRY, ...(o.workerEntry !== undefined ? { 'pool-worker': o.workerEntry } : {}) },
    outdir: o.dir,
    ...BROWSER_BUNDLE,
    absWorkingDir: o.cwd,
    define: { 'process.env.FC_RUNS': 'undefined' },
    plugins: [
      {
        name: 'stepwise-page',
        setup(b) {
          // the page's entry is source text, resolved as if it were a file in cwd
          b.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: ENTRY, namespace: 'stepwise-page' }));
          b.onLoad({ filter: /.*/, namespace: 'stepwise-page' }, () => ({ contents: o.entry, resolveDir: o.cwd, loader: 'js' }));
          b.onResolve({ filter: /^node:(assert|assert\/strict|util)$/ }, (a) => ({ path: shim(SHIMS[a.path] as string) }));
        },
      },
    ],
  });
  writeFileSync(
    path.join(o.dir, 'index.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>stepwise-msm in the browser</title>\n<script type="module" src="./page.js"></script>\n'
  );
  return { dir: o.dir, info: infoOf(res.metafile) };
}
