/**
 * The import graph of src/optimized: no cycles; the steps import only the step contract
 * (step.ts), kernels, the wasm kernels and the curve types (never the engine, the registry or
 * another step); nothing in src/ imports the test tree or the harness. And every module of
 * src/optimized evaluates when it is the first module loaded (a fresh module graph per file, in
 * a worker thread): with a cycle, the first module of the cycle to be loaded sees its
 * neighbours uninitialised ("Cannot access 'workers' before initialization").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OPT = join(ROOT, 'src/optimized');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'assembly' ? [] : walk(p); // AssemblyScript sources, compiled to wasm
    return /\.(ts|mjs)$/.test(f) ? [p] : [];
  });
}

/** Relative import specifiers of a module (static `import … from`, `export … from`, dynamic import of a literal). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)) out.push(m[1]);
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1]);
  return out;
}

/** The file a relative specifier names ('.js' written for a '.ts' source). */
function target(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const p = resolve(dirname(from), spec);
  return p.endsWith('.js') ? p.slice(0, -3) + '.ts' : p;
}

const files = walk(OPT);
const graph = new Map(files.map((f) => [f, importsOf(f).map((s) => target(f, s)).filter((t): t is string => t !== undefined)]));
const rel = (f: string) => relative(ROOT, f);

/** Every cycle's members (Tarjan's strongly connected components of size > 1, or a self-import). */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(rel(w));
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return out;
}

describe('src/optimized import graph', () => {
  it('finds the modules and their imports (the scanner is not blind)', () => {
    expect(files.map(rel)).toContain('src/optimized/engine.ts');
    expect(graph.get(join(OPT, 'engine.ts'))).toContain(join(OPT, 'steps/index.ts'));
    expect(graph.get(join(OPT, 'steps/index.ts'))?.length).toBeGreaterThanOrEqual(12);
  });

  it('has no cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('steps import only step.ts, kernels/, wasm/ kernels and the curve (no engine, registry, entry point or other step)', () => {
    const bad: string[] = [];
    for (const f of files.filter((f) => /\/steps\/\d\d-[^/]+\.ts$/.test(f)))
      for (const t of graph.get(f)!) {
        const r = relative(OPT, t);
        const ok = r === 'step.ts' || r.startsWith('kernels/') || r.startsWith('wasm/') || r.startsWith('../curve/');
        if (!ok) bad.push(`${rel(f)} → ${rel(t)}`);
      }
    expect(bad).toEqual([]);
  });

  it('kernels and wasm kernels import no step, no engine and no entry point', () => {
    const bad: string[] = [];
    for (const f of files.filter((f) => /\/(kernels|wasm)\//.test(f)))
      for (const t of graph.get(f)!) {
        const r = relative(OPT, t);
        if (!(r === 'step.ts' || r.startsWith('kernels/') || r.startsWith('wasm/') || r.startsWith('../curve/'))) bad.push(`${rel(f)} → ${rel(t)}`);
      }
    expect(bad).toEqual([]);
  });

  it('nothing in src/optimized reaches outside src/', () => {
    const bad = files.flatMap((f) => graph.get(f)!.filter((t) => relative(join(ROOT, 'src'), t).startsWith('..')).map((t) => `${rel(f)} → ${rel(t)}`));
    expect(bad).toEqual([]);
  });
});

describe('every src/optimized module imports alone', () => {
  it('each module, loaded first in a fresh module graph, evaluates without throwing', () => {
    // One child process loads each module in its own worker thread; it prints { file: null | error }.
    // Not under coverage (these loads test no behaviour, and tsx-in-worker line maps would blur
    // c8's counts): an empty NODE_V8_COVERAGE, as Node copies the parent's value into a child
    // env that lacks the key.
    const env = { ...process.env, NODE_V8_COVERAGE: '' };
    const res = spawnSync(process.execPath, [fileURLToPath(new URL('./support/import-alone.mjs', import.meta.url)), ...files], { encoding: 'utf8', env, timeout: 240_000 });
    expect(res.status, res.stderr).toBe(0);
    const got = JSON.parse(res.stdout) as Record<string, string | null>;
    expect(Object.keys(got).sort()).toEqual(files.slice().sort());
    expect(Object.entries(got).filter(([, why]) => why !== null).map(([f, why]) => `${rel(f)}: ${why}`)).toEqual([]);
  }, 300_000);
});
