/**
 * The native c-kzg binding, loaded on demand. c-kzg is an optional dependency: its install
 * compiles C (node-gyp), so on a machine without a C/C++ compiler `npm ci` leaves it out and
 * whatever needs it (the c-kzg differential tests, the c-kzg bench peers, the blst target's
 * sources) reports why and is skipped.
 */
import { createRequire } from 'node:module';

/** c-kzg's functions as the harness calls them (untyped here: the package may be absent at type-check time). */
export type NativeKzg = Record<string, (...args: any[]) => any>;

let cached: NativeKzg | string | undefined;

/** c-kzg, or the reason it cannot be loaded (e.g. not installed: no compiler at `npm ci`). */
export function loadNativeKzg(): NativeKzg | string {
  if (cached !== undefined) return cached;
  try {
    cached = createRequire(import.meta.url)('c-kzg') as NativeKzg;
  } catch (e) {
    cached = `c-kzg is not installed or does not load (it is an optional dependency built with a C compiler at npm ci): ${(e as Error).message.split('\n')[0]}`;
  }
  return cached;
}
