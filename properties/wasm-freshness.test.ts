import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wasmOutputs, wasmSources, wasmStaleness } from '../scripts/wasm-freshness.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A tree with every wasm source at time 1000 s and the built modules at `builtAt` (undefined: not built). */
function tree(builtAt: number | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'wasm-fresh-'));
  roots.push(root);
  mkdirSync(join(root, 'src', 'optimized', 'wasm', 'assembly'), { recursive: true });
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'build', 'wasm'), { recursive: true });
  for (const f of ['field.ts', 'kernels.ts', 'index.ts']) writeFileSync(join(root, 'src', 'optimized', 'wasm', 'assembly', f), '');
  for (const f of wasmSources(root)) {
    writeFileSync(f, '');
    utimesSync(f, 1000, 1000);
  }
  if (builtAt !== undefined)
    for (const { out } of wasmOutputs(root)) {
      writeFileSync(out, '');
      utimesSync(out, builtAt, builtAt);
    }
  return root;
}

describe('wasm build freshness', () => {
  it('a build newer than every source is fresh', () => {
    expect(wasmStaleness(tree(2000))).toBeUndefined();
  });
  it('a source edited after the build makes it stale, naming the source', () => {
    const root = tree(2000);
    const edited = join(root, 'src', 'optimized', 'wasm', 'assembly', 'kernels.ts');
    utimesSync(edited, 3000, 3000);
    expect(wasmStaleness(root)).toMatch(/msm(-scalar)?\.wasm is older than .*assembly\/kernels\.ts$/);
  });
  it('a missing module is stale', () => {
    expect(wasmStaleness(tree(undefined))).toMatch(/msm(-scalar)?\.wasm is not built$/);
  });
  it('one of the two modules older than the sources is stale', () => {
    const root = tree(2000);
    const [first] = wasmOutputs(root);
    utimesSync(first.out, 500, 500);
    expect(wasmStaleness(root)?.startsWith(`${first.out} is older than `)).toBe(true);
  });
});
