/**
 * The import graph of the project and the architecture rules it must obey (checked by
 * properties/architecture.test.ts; `npx tsx scripts/import-graph.ts` prints the same summary).
 *
 * Edges: every static `import … from`, `export … from`, side-effect `import '…'`, dynamic
 * `import('…')` with a literal and `require('…')` of a relative path, read by TypeScript's own
 * scanner (ts.preProcessFile: comments and template literals are not mistaken for imports).
 * A specifier ending in .js resolves to the .ts beside it when that exists (NodeNext style).
 * Type-only imports count like the others: the rules are about the direction of knowledge.
 *
 * Rules (an edge against one is an "uphill" import):
 *  - src/** imports nothing from harness/, properties/, bench/, vectors/, scripts/;
 *  - harness/** imports nothing from properties/, bench/, vectors/, scripts/;
 *  - src/reference and src/optimized do not import each other;
 *  - src/optimized imports nothing outside src/ (no build/, package.json, node_modules/… by path);
 *  - a step file (src/optimized/steps/NN-*) imports neither engine.ts, options.ts, gates.ts,
 *    steps/index.ts nor a file of another step (files of the same step NN may import each other),
 *    and otherwise only the step contract (src/optimized/step.ts), kernels (src/optimized/kernels/),
 *    wasm kernels (src/optimized/wasm/), platform modules (src/optimized/platform/) and the curve
 *    (src/curve/);
 *  - a kernel or wasm kernel (a file under a kernels/ or wasm/ folder of src/optimized) imports
 *    only step.ts, kernels, wasm kernels, platform modules and the curve: never a step, the
 *    engine or an entry point;
 *  - a platform module (src/optimized/platform/: the runtime's own facilities, e.g. threads,
 *    behind a small interface, with a twin per runtime) imports only other platform modules;
 * and the graph has no cycle (a strongly connected component of two or more files, or a file
 * importing itself).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Folders whose files make the graph. */
export const GRAPH_DIRS = ['src', 'harness', 'properties', 'bench', 'vectors', 'scripts'] as const;

export interface ImportGraph {
  /** Files scanned, as paths relative to the root with '/' separators, sorted. */
  files: string[];
  /** Relative imports between files: from → to (root-relative); `to` may be outside `files` (json, …). */
  edges: { from: string; to: string }[];
  /** Package (bare) specifiers imported by each file. */
  packages: Map<string, string[]>;
}

export interface Violation {
  from: string;
  to: string;
  rule: string;
}

const SOURCE = /\.(ts|mts|js|mjs)$/;

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'generated') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) yield p;
  }
}

const posix = (p: string) => p.split(sep).join('/');

/** The specifiers a source text imports (static, re-export, side-effect, dynamic literal, require). */
export function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Resolves a relative specifier from `fromAbs` to an absolute path (.js → .ts when the .ts exists). */
export function resolveRelative(fromAbs: string, spec: string): string {
  const target = resolve(dirname(fromAbs), spec);
  if (/\.js$/.test(target)) {
    const asTs = target.replace(/\.js$/, '.ts');
    if (!existsSync(target) && existsSync(asTs)) return asTs;
  }
  if (/\.mjs$/.test(target)) {
    const asMts = target.replace(/\.mjs$/, '.mts');
    if (!existsSync(target) && existsSync(asMts)) return asMts;
  }
  return target;
}

/** Reads the import graph of `dirs` under `root` (folders that do not exist are skipped). */
export function readGraph(root: string, dirs: readonly string[] = GRAPH_DIRS): ImportGraph {
  const files: string[] = [];
  const edges: { from: string; to: string }[] = [];
  const packages = new Map<string, string[]>();
  for (const d of dirs) {
    const abs = join(root, d);
    if (!existsSync(abs)) continue;
    for (const f of walk(abs)) {
      const from = posix(relative(root, f));
      files.push(from);
      const bare: string[] = [];
      for (const spec of specifiersOf(readFileSync(f, 'utf8'))) {
        if (spec.startsWith('./') || spec.startsWith('../')) edges.push({ from, to: posix(relative(root, resolveRelative(f, spec))) });
        else bare.push(spec);
      }
      packages.set(from, bare);
    }
  }
  files.sort();
  edges.sort((a, b) => (a.from + '\0' + a.to < b.from + '\0' + b.to ? -1 : 1));
  return { files, edges, packages };
}

const TOP = (p: string) => p.split('/')[0] ?? '';
const STEP = /^src\/optimized\/steps\/(\d+)-[^/]+$/;
const STEP_FORBIDDEN = new Set(['src/optimized/engine.ts', 'src/optimized/options.ts', 'src/optimized/gates.ts', 'src/optimized/steps/index.ts']);
const KERNEL = /^src\/optimized\/(?:[^/]+\/)*(?:kernels|wasm)\//;
const PLATFORM = 'src/optimized/platform/';
/** What steps and kernels may import: the step contract, kernels, wasm kernels, platform modules, the curve. */
const kernelSide = (to: string) =>
  to === 'src/optimized/step.ts' ||
  to.startsWith('src/optimized/kernels/') ||
  to.startsWith('src/optimized/wasm/') ||
  to.startsWith(PLATFORM) ||
  to.startsWith('src/curve/');

/** The rule an edge breaks, or undefined. */
export function ruleBroken(from: string, to: string): string | undefined {
  const a = TOP(from);
  const b = TOP(to);
  if (a === 'src' && ['harness', 'properties', 'bench', 'vectors', 'scripts'].includes(b)) return `src/ must not import ${b}/`;
  if (a === 'harness' && ['properties', 'bench', 'vectors', 'scripts'].includes(b)) return `harness/ must not import ${b}/`;
  if (from.startsWith('src/reference/') && to.startsWith('src/optimized/')) return 'src/reference must not import src/optimized';
  if (from.startsWith('src/optimized/') && to.startsWith('src/reference/')) return 'src/optimized must not import src/reference';
  if (from.startsWith('src/optimized/') && !to.startsWith('src/')) return `src/optimized must not import outside src/ (${to})`;
  const s = STEP.exec(from);
  if (s) {
    if (STEP_FORBIDDEN.has(to)) return `a step file must not import ${to.replace('src/optimized/', '')}`;
    const t = STEP.exec(to);
    if (t) return t[1] === s[1] ? undefined : `step ${s[1]} must not import step ${t[1]}`;
    if (!kernelSide(to)) return `a step file imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not ${to})`;
  }
  if (KERNEL.test(from) && !kernelSide(to)) return `a kernel imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not ${to})`;
  if (from.startsWith(PLATFORM) && to.startsWith('src/') && !to.startsWith(PLATFORM)) return `a platform module imports only platform/ (not ${to})`;
  return undefined;
}

/** Every edge against the rules. */
export function uphillImports(edges: readonly { from: string; to: string }[]): Violation[] {
  const out: Violation[] = [];
  for (const e of edges) {
    const rule = ruleBroken(e.from, e.to);
    if (rule !== undefined) out.push({ ...e, rule });
  }
  return out;
}

/**
 * The cycles of the graph: its strongly connected components with two or more files, and files
 * that import themselves (Tarjan's algorithm, iterative). Each cycle is sorted; the list too.
 */
export function findCycles(edges: readonly { from: string; to: string }[]): string[][] {
  const adj = new Map<string, string[]>();
  const nodes = new Set<string>();
  for (const { from, to } of edges) {
    nodes.add(from);
    nodes.add(to);
    const l = adj.get(from);
    if (l) l.push(to);
    else adj.set(from, [to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  let next = 0;
  for (const root of [...nodes].sort()) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const succ = adj.get(top.v) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
        if (low.get(top.v) === index.get(top.v)) {
          const scc: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            scc.push(w);
          } while (w !== top.v);
          if (scc.length > 1 || (adj.get(top.v) ?? []).includes(top.v)) sccs.push(scc.sort());
        }
      }
    }
  }
  return sccs.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/**
 * Packages the command may load without listing them as dependencies: loaded only inside
 * try/catch with a printed reason when absent (harness/bench/peers.ts; the browser runs' bundler
 * and browser driver, harness/browser/), or only for a .ts entry run from the sources
 * (harness/cli/worker-boot.mjs and the dev shims register tsx).
 */
export const OPTIONAL_PEERS: ReadonlySet<string> = new Set([
  '@crate-crypto/node-eth-kzg',
  'c-kzg',
  'esbuild',
  'ffjavascript',
  'kzg-wasm',
  'mcl-wasm',
  'micro-eth-signer',
  'playwright-core',
  'tsx',
]);

/** The package a bare import specifier names ('@scope/pkg/sub' → '@scope/pkg', 'pkg/sub' → 'pkg'). */
export function packageName(spec: string): string {
  return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
}

/** The package specifiers reachable from `entries` through relative imports (what importing them loads). */
export function packagesReachable(graph: ImportGraph, entries: readonly string[]): { files: string[]; packages: string[] } {
  const adj = new Map<string, string[]>();
  for (const { from, to } of graph.edges) adj.set(from, [...(adj.get(from) ?? []), to]);
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(adj.get(f) ?? []));
  }
  const pkgs = new Set<string>();
  for (const f of seen) for (const p of graph.packages.get(f) ?? []) pkgs.add(p);
  return { files: [...seen].sort(), packages: [...pkgs].sort() };
}

/** The summary printed by the test and by this script. */
export function summary(graph: ImportGraph, cycles: string[][], uphill: Violation[]): string {
  const lines = [`import graph: ${graph.files.length} files, ${graph.edges.length} edges, ${cycles.length} cycle(s), ${uphill.length} uphill import(s)`];
  for (const c of cycles) lines.push(`  cycle (${c.length} files): ${c.join(' · ')}`);
  for (const v of uphill) lines.push(`  uphill: ${v.from} → ${v.to} (${v.rule})`);
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const g = readGraph(root);
  const cycles = findCycles(g.edges);
  const uphill = uphillImports(g.edges);
  console.log(summary(g, cycles, uphill));
  process.exitCode = cycles.length + uphill.length > 0 ? 1 : 0;
}
