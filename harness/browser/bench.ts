/**
 * `bench --suite browser`: the browser speed suite (bench-page.ts) in headless Chromium. The page
 * is bundled from this copy's dist/ with kzg-wasm beside it (its module fetches ../wasm/kzg.wasm
 * relative to the bundle, so the page lives in b/ and the .wasm is copied to wasm/; this library
 * needs no such copy), served cross-origin isolated (Web Workers share memory), and timed in one
 * run. Writes the Markdown table to <out>/browser-speed.md and, with --docs FILE, into FILE between
 * `<!-- BROWSER-SPEED -->` and `<!-- /BROWSER-SPEED -->` (a section of docs/speed.md).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { EXIT, UsageError } from '../cli/errors.js';
import { writeAll } from '../bench/report.js';
import { fmtMs, mdTable } from '../format.js';
import { replaceBlock } from '../cli/readme-table.js';
import { BROWSER_BUNDLE, loadEsbuild, type BundleInfo } from './bundle.js';
import type { BrowserBenchRequest, BrowserBenchResult } from './bench-page.js';
import { ownPackageRoot } from '../cli/project-root.js';
import { findBrowser } from './find-browser.js';
import { openBrowserSession } from './session.js';

export const SPEED_START = '<!-- BROWSER-SPEED -->';
export const SPEED_END = '<!-- /BROWSER-SPEED -->';

/** Ours ÷ kzg-wasm goals: commitment and cells at most 0.3×. */
export const BROWSER_GOALS: Readonly<Record<string, number>> = Object.freeze({ blobToKzgCommitment: 0.3, computeCellsAndKzgProofs: 0.3 });

/** kzg-wasm's folder, or undefined when it is not installed where this package resolves packages. */
export function kzgWasmDir(root: string): string | undefined {
  try {
    const main = createRequire(path.join(root, 'package.json')).resolve('kzg-wasm');
    // …/kzg-wasm/dist/cjs/index.js → …/kzg-wasm
    return path.resolve(path.dirname(main), '..', '..');
  } catch {
    return undefined;
  }
}

/** Writes the bench page into `dir`: index.html → b/bench.js (+ b/pool-worker.js), and wasm/kzg.wasm when kzg-wasm is there. */
export async function bundleBenchPage(dir: string, root: string): Promise<BundleInfo> {
  const esbuild = await loadEsbuild();
  const peer = kzgWasmDir(root);
  const entry = [
    `import { installBenchPage } from ${JSON.stringify(path.join(root, 'dist', 'harness', 'browser', 'bench-page.js'))};`,
    peer ? `import { loadKZG } from 'kzg-wasm';\ninstallBenchPage(loadKZG);` : 'installBenchPage();',
    '',
  ].join('\n');
  mkdirSync(path.join(dir, 'b'), { recursive: true });
  const res = await esbuild.build({
    entryPoints: { bench: 'stepwise-bench-entry', 'pool-worker': path.join(root, 'dist', 'src', 'optimized', 'pool-worker.js') },
    outdir: path.join(dir, 'b'),
    ...BROWSER_BUNDLE,
    absWorkingDir: root,
    // kzg-wasm's browser build imports Node's path, fs and url behind a run-time check: left out
    external: ['path', 'fs', 'url'],
    plugins: [
      {
        name: 'stepwise-bench',
        setup(b) {
          b.onResolve({ filter: /^stepwise-bench-entry$/ }, () => ({ path: 'entry', namespace: 'stepwise-bench' }));
          b.onLoad({ filter: /.*/, namespace: 'stepwise-bench' }, () => ({ contents: entry, resolveDir: root, loader: 'js' }));
        },
      },
    ],
  });
  if (peer) {
    mkdirSync(path.join(dir, 'wasm'), { recursive: true });
    copyFileSync(path.join(peer, 'dist', 'wasm', 'kzg.wasm'), path.join(dir, 'wasm', 'kzg.wasm'));
  }
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<script type="module" src="./b/bench.js"></script>\n'
  );
  return {
    inputs: Object.keys(res.metafile.inputs).sort(),
    inputBytes: Object.fromEntries(Object.entries(res.metafile.inputs).map(([f, i]) => [f, i.bytes])),
    outputs: Object.fromEntries(Object.entries(res.metafile.outputs).map(([f, x]) => [f, x.bytes])),
  };
}

const fmt = (ms: number | null) => fmtMs(ms, { fine: 1 });

/** The section of docs/speed.md: conditions, the table (ms, medians) and the goals. */
export function browserSpeedMarkdown(r: BrowserBenchResult & { browser: string; date: string; rounds: string; load: string }): string {
  const L = [
    '## In the browser',
    '',
    `${r.browser} (headless), one page: this library and kzg-wasm 1.0.0 on the same blob, medians in ms over ${r.rounds}, odd rounds reversed; ratios from the same run. ` +
      `WebAssembly build ${r.wasmBuild}; cross-origin isolated: ${r.crossOriginIsolated ? 'yes' : 'no'}; ${r.hardwareConcurrency} hardware threads; load average at start ${r.load}; ${r.date}.`,
    '',
    ...mdTable(
      ['work', 'stepwise-msm', 'kzg-wasm', 'ours ÷ kzg-wasm', 'noble', 'notes'],
      r.rows.map((row) => [
        row.task,
        fmt(row.ours),
        fmt(row.kzgWasm),
        row.kzgWasm === null ? 'n/a' : `${(row.ours / row.kzgWasm).toFixed(2)}×`,
        fmt(row.noble),
        row.notes,
      ]),
      'lrrrrl'
    ),
    '',
  ];
  const verdicts = r.rows
    .filter((row) => Object.hasOwn(BROWSER_GOALS, row.task))
    .map((row) => {
      const goal = BROWSER_GOALS[row.task] as number;
      if (row.kzgWasm === null) return `${row.task}: goal ≤ ${goal}× kzg-wasm not judged (${r.kzgWasmMissing ?? 'no kzg-wasm time'})`;
      const ratio = row.ours / row.kzgWasm;
      return `${row.task}: ${ratio.toFixed(2)}× kzg-wasm, goal ≤ ${goal}×: ${ratio <= goal ? 'met' : 'not met'}`;
    });
  L.push(
    `Goals: ${verdicts.join('; ')}. Set-up: createKzg({ precompute: true }) ${fmt(r.precomputeMs)} ms; kzg-wasm loadKZG(0) ${fmt(r.kzgWasmLoadMs)} ms.`,
    '',
    'Regenerate: `npm run bench:browser` (`stepwise-msm bench --suite browser --docs docs/speed.md`).'
  );
  return L.join('\n');
}

/** `text` with the section between the markers (appended with its markers when absent). */
export function withBrowserSpeed(text: string, section: string): string {
  if (!text.includes(SPEED_START)) return `${text.replace(/\n*$/, '\n\n')}${SPEED_START}\n${section}\n${SPEED_END}\n`;
  return replaceBlock(text, SPEED_START, SPEED_END, section);
}

/** `next` (a new text of the file) with the browser section of `previous` kept at its end, when `previous` has one. */
export function keepBrowserSpeed(next: string, previous: string): string {
  const a = previous.indexOf(SPEED_START);
  const b = previous.indexOf(SPEED_END, a);
  if (a < 0 || b < 0 || next.includes(SPEED_START)) return next;
  return withBrowserSpeed(next, previous.slice(a + SPEED_START.length + 1, b - 1));
}

export async function browserBenchCommand(
  o: { out: string; docs?: string; rounds?: number; quick?: boolean },
  io: { out: (s: string) => void; err: (s: string) => void }
): Promise<number> {
  const b = findBrowser();
  if (!b.found) throw new UsageError(`--suite browser: ${b.reason}`);
  const root = ownPackageRoot();
  if (!existsSync(path.join(root, 'dist', 'harness', 'browser', 'bench-page.js')))
    throw new UsageError(`--suite browser: ${root}/dist is not built (npm run build)`);
  const req: BrowserBenchRequest = o.quick
    ? { rounds: 1, cellsRounds: 1, batch: 2, threads: 2 }
    : { rounds: o.rounds ?? 5, cellsRounds: Math.max(1, Math.min(o.rounds ?? 3, 3)), batch: 8, threads: 2 };
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const session = await openBrowserSession({
    executablePath: b.path,
    bundle: (dir) => bundleBenchPage(dir, root),
    log: (l) => io.err(`${l}\n`),
    timeoutMs: 3_600_000,
  });
  let res: BrowserBenchResult;
  try {
    res = (await session.callAny('bench', req)) as BrowserBenchResult;
  } finally {
    await session.close();
  }
  if (session.problems.length) {
    for (const p of session.problems) io.err(`[bench] browser: ${p}\n`);
    return EXIT.CORRECTNESS;
  }
  const md = browserSpeedMarkdown({
    ...res,
    browser: session.browser,
    date: new Date().toISOString().slice(0, 10),
    rounds: `${req.rounds} round(s) (computeCellsAndKzgProofs ${req.cellsRounds})`,
    load,
  });
  const files = writeAll(o.out, { 'browser-speed.md': `${md}\n` });
  if (o.docs) {
    writeFileSync(o.docs, withBrowserSpeed(existsSync(o.docs) ? readFileSync(o.docs, 'utf8') : '', md));
    files.push(o.docs);
  }
  io.out(`${md}\n`);
  io.err(`[bench] wrote ${files.join(', ')}\n`);
  return EXIT.PASS;
}
