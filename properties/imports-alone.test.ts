/**
 * Every module of src/optimized evaluates when it is the first module loaded (a fresh module
 * graph per file, in a worker thread): with a cycle, the first module of the cycle to be loaded
 * sees its neighbours uninitialised ("Cannot access 'workers' before initialization"). The static
 * rules of the import graph (no cycles; what steps and kernels may import) are checked by
 * properties/architecture.test.ts with scripts/import-graph.ts, whose scanner lists the modules here.
 */
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readGraph } from '../scripts/import-graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// the AssemblyScript sources under wasm/assembly are compiled to wasm, not loaded by Node
const files = readGraph(ROOT, ['src/optimized'])
  .files.filter((f) => !f.startsWith('src/optimized/wasm/assembly/'))
  .map((f) => join(ROOT, f));
const rel = (f: string) => relative(ROOT, f);

describe('every src/optimized module imports alone', () => {
  it('each module, loaded first in a fresh module graph, evaluates without throwing', () => {
    // the list is not empty or partial: the entry point, the engine, the steps, the workers' entry
    expect(files.map(rel)).toEqual(
      expect.arrayContaining(['src/optimized/index.ts', 'src/optimized/engine.ts', 'src/optimized/steps/00-baseline.ts', 'src/optimized/pool-worker.dev.mjs'])
    );
    expect(files.length).toBeGreaterThanOrEqual(30);
    // One child process loads each module in its own worker thread; it prints { file: null | error }.
    // Not under coverage (these loads test no behaviour, and tsx-in-worker line maps would blur
    // c8's counts): an empty NODE_V8_COVERAGE, as Node copies the parent's value into a child
    // env that lacks the key.
    const env = { ...process.env, NODE_V8_COVERAGE: '' };
    const res = spawnSync(process.execPath, [fileURLToPath(new URL('./support/import-alone.mjs', import.meta.url)), ...files], {
      encoding: 'utf8',
      env,
      timeout: 240_000,
    });
    expect(res.status, res.stderr).toBe(0);
    const got = JSON.parse(res.stdout) as Record<string, string | null>;
    expect(Object.keys(got).sort()).toEqual(files.slice().sort());
    expect(
      Object.entries(got)
        .filter(([, why]) => why !== null)
        .map(([f, why]) => `${rel(f)}: ${why}`)
    ).toEqual([]);
  }, 300_000);
});
