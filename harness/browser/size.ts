/**
 * The library's entries as a browser bundle (bundle.ts's bundleLibrary: esbuild, platform browser,
 * minified, no plug-in): their minified and gzipped sizes (the README's table), and what each one
 * pulls in. An entry must pull in only the library and its runtime dependencies: no file of
 * harness/, no CLI or test package, no Node built-in (esbuild refuses those for the browser) and
 * no reference to Node's globals in the code.
 */
import { gzipSync } from 'node:zlib';
import { mdTable } from '../format.js';
import { bundleLibrary, type BundleInfo } from './bundle.js';

/** The package's entries a page may import (package.json "exports"). */
export const BROWSER_ENTRIES = ['stepwise-msm', 'stepwise-msm/kzg', 'stepwise-msm/worker'] as const;

/** Packages only the CLI, the tests or the reports use: a library entry must never pull one in. */
export const CLI_ONLY_PACKAGES = [
  'fast-check',
  'vega',
  'vega-lite',
  'vega-embed',
  'commander',
  'cli-progress',
  'yaml',
  'tinybench',
  'playwright-core',
  'esbuild',
  'tsx',
];

/** Node's globals, as whole identifiers (ArrayBuffer.isView is no use of Buffer). */
const NODE_GLOBALS: [string, RegExp][] = [
  ['process', /(?<![\w$.])process\.(env|exit|argv|cwd|versions|platform)\b/],
  ['Buffer', /(?<![\w$.])Buffer\.(from|alloc|concat|compare|isBuffer)\b/],
  ['require', /(?<![\w$.])require\(/],
  ['__dirname', /(?<![\w$.])__(dirname|filename)\b/],
];

export interface EntrySize {
  entry: string;
  /** Minified bundle, bytes. */
  minified: number;
  /** The same, gzipped (level 9), bytes. */
  gzipped: number;
  /** Input files by package ('.' for the library itself): bytes before minification. */
  byPackage: Record<string, number>;
  info: BundleInfo;
}

/** The package an input file belongs to (files outside node_modules are the library's own: stepwise-msm). */
export function packageOfInput(file: string): string {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.split('\\').join('/'));
  return m ? (m[1] as string) : 'stepwise-msm';
}

/** Why an entry's inputs or code are not library-only (empty when they are). */
export function libraryOnlyProblems(entry: string, info: BundleInfo, code: string): string[] {
  const out: string[] = [];
  for (const f of info.inputs) {
    const norm = f.split('\\').join('/');
    const pkg = packageOfInput(norm);
    if (CLI_ONLY_PACKAGES.includes(pkg)) out.push(`${entry} pulls in ${pkg} (${norm})`);
    if (pkg === 'stepwise-msm' && /(^|\/)(dist\/)?harness\//.test(norm)) out.push(`${entry} pulls in a harness file (${norm})`);
    if (norm.startsWith('node:') || /^(fs|path|os|worker_threads|child_process|module|url)$/.test(norm))
      out.push(`${entry} pulls in a Node built-in (${norm})`);
  }
  for (const [g, re] of NODE_GLOBALS) if (re.test(code)) out.push(`${entry}'s code refers to Node's ${g}`);
  return out;
}

/** Bundles and measures each entry, resolved from `cwd` (a folder where `stepwise-msm` resolves: the package itself, or a consumer). */
export async function measureEntries(cwd: string, entries: readonly string[] = BROWSER_ENTRIES): Promise<{ sizes: EntrySize[]; problems: string[] }> {
  const sizes: EntrySize[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const { code, info } = await bundleLibrary(entry, { cwd, minify: true });
    const byPackage: Record<string, number> = {};
    const text = new TextDecoder().decode(code);
    problems.push(...libraryOnlyProblems(entry, info, text));
    for (const f of info.inputs) byPackage[packageOfInput(f)] = (byPackage[packageOfInput(f)] ?? 0) + (info.inputBytes[f] ?? 0);
    sizes.push({ entry, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, byPackage, info });
  }
  return { sizes, problems };
}

const kB = (b: number) => `${(b / 1024).toFixed(1)} kB`;

/** The README's table: one row per entry, minified and gzipped, and the biggest parts. */
export function sizeTable(sizes: readonly EntrySize[]): string {
  const rows = sizes.map((s) => {
    const parts = Object.entries(s.byPackage)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([p, b]) => `${p} ${kB(b)}`)
      .join(', ');
    return [`\`${s.entry}\``, kB(s.minified), kB(s.gzipped), parts];
  });
  return mdTable(['entry', 'minified', 'minified + gzip', 'largest inputs (before minification)'], rows, 'lrrl').join('\n');
}
