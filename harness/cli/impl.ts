/**
 * `--impl <module>[#export]`: the MSM that gate, fuzz and replay check instead of the engine — an
 * ES module (path relative to the working directory) whose export (`msm` by default, else the
 * default export) is a function (points, scalars, { gates, window, curve }) → point. The CLI
 * tests point it at deliberately broken MSMs (properties/cli/fixtures/); an external MSM can be
 * checked against the same contract the same way. In-process callers pass the function itself
 * (main()'s `deps.impl`) instead.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nameImpl, type MsmImpl } from '../contract.js';
import { UsageError } from './errors.js';

/** A loadable reference to an implementation (plain data: crosses worker threads). */
export interface ImplRef {
  /** file: URL of the module. */
  url: string;
  /** Named export, or null for `msm` then `default`. */
  exportName: string | null;
  /** As given on the command line (for messages). */
  spec: string;
}

export function parseImplSpec(spec: string, cwd: string = process.cwd()): ImplRef {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : null;
  if (file.trim() === '') throw new UsageError(`--impl: expected <module>[#export], got "${spec}"`);
  if (exportName !== null && !/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new UsageError(`--impl: "${exportName}" is not an export name (in "${spec}")`);
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) throw new UsageError(`--impl: no module at ${abs}`);
  return { url: pathToFileURL(abs).href, exportName, spec };
}

export async function importImpl(ref: ImplRef): Promise<MsmImpl> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(ref.url)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--impl ${ref.spec}: cannot load the module: ${(e as Error)?.message ?? String(e)}`);
  }
  const names = ref.exportName !== null ? [ref.exportName] : ['msm', 'default'];
  // a function of its own (the module's export may be shared), named after the module for failure text and replay commands
  for (const name of names)
    if (typeof mod[name] === 'function') {
      const fn = mod[name] as MsmImpl;
      return nameImpl((points, scalars, call) => fn(points, scalars, call), ref.spec, ref.spec);
    }
  throw new UsageError(`--impl ${ref.spec}: the module exports no function named ${names.join(' or ')}`);
}
