/** Quoting for the command lines the CLI prints (replay commands): a word as it is when it is safe, else in single quotes. */
export function shellQuote(a: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
