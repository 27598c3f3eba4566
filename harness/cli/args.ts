/** Commander argument parsers shared by every subcommand: integers (decimal or 0x hex) and numbers in a range. */
import { accessSync, constants, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from '@commander-js/extra-typings';

export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const x = /^0x[0-9a-f]+$/i.test(v) ? Number.parseInt(v, 16) : /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(x) || x < min || x > max) throw new InvalidArgumentError(`expected an integer in [${min}, ${max}], got "${v}".`);
    return x;
  };
}

export function numArg(min: number, max: number) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || x < min || x > max) throw new InvalidArgumentError(`expected a number in [${min}, ${max}], got "${v}".`);
    return x;
  };
}

/** A regular expression's source, checked to compile. */
export function regexArg(v: string): string {
  try {
    new RegExp(v);
  } catch (e) {
    throw new InvalidArgumentError(`not a regular expression: ${(e as Error).message}`);
  }
  return v;
}

/**
 * An output path that can be written: a file (or, with `dir`, a folder) that is not the other
 * kind, under a folder that exists and is writable or can be created (its nearest existing
 * ancestor is a writable folder). Checked when the options are parsed, so a long run does not end
 * in a failed write.
 */
export function outputArg(kind: 'file' | 'dir' = 'file') {
  return (v: string): string => {
    const bad = (why: string) => new InvalidArgumentError(`cannot write ${kind === 'dir' ? 'into ' : ''}"${v}": ${why}.`);
    if (v.trim() === '') throw bad('empty path');
    let at = path.resolve(v);
    const own = statOf(at);
    if (own && own.isDirectory() !== (kind === 'dir')) throw bad(own.isDirectory() ? 'it is a folder' : 'it is a file');
    if (!own) {
      do at = path.dirname(at);
      while (!statOf(at) && at !== path.dirname(at));
      if (!statOf(at)?.isDirectory()) throw bad(`${at} is a file, not a folder`);
    }
    try {
      accessSync(at, constants.W_OK);
    } catch {
      throw bad(`${at} is not writable`);
    }
    return v;
  };
}

function statOf(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
