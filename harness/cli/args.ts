/** Commander argument parsers shared by every subcommand: integers (decimal or 0x hex) and numbers in a range. */
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
