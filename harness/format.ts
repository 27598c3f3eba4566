/**
 * How the harness writes numbers and text: durations, percentages, ratios, hex, shell words,
 * medians and Markdown tables — one copy of each, so every report rounds and quotes the same way.
 */
import { bytesToHex } from '@noble/hashes/utils.js';

const MISSING = 'n/a';

/**
 * Milliseconds without a unit, decimals by magnitude: ≥ 100 → 0, ≥ 10 → 1, ≥ 1 → `fine` (2 by
 * default), below 1 → `tiny` (= `fine` by default). `missing` for null, undefined and non-finite
 * values; `unit` appends " ms".
 */
export function fmtMs(x: number | null | undefined, o: { fine?: number; tiny?: number; missing?: string; unit?: boolean } = {}): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return o.missing ?? MISSING;
  const fine = o.fine ?? 2;
  const d = x >= 100 ? 0 : x >= 10 ? 1 : x >= 1 ? fine : (o.tiny ?? fine);
  return o.unit ? `${x.toFixed(d)} ms` : x.toFixed(d);
}

/** A wall time in milliseconds as seconds, or minutes from one minute up: "12.3 s", "4.5 min". */
export function fmtDuration(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}

/** A value already in percent: "12.3 %" (`digits` decimals); `missing` for null and non-finite. */
export function fmtPct(percent: number | null | undefined, digits = 1, missing = MISSING): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return missing;
  return `${percent.toFixed(digits)} %`;
}

/** A ratio as a signed change: 1.32 → "+32.0 %", 0.9 → "-10.0 %". */
export function fmtChange(ratio: number): string {
  return `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
}

/** A number with fixed decimals, `missing` for null and non-finite. */
export function fmtFixed(x: number | null | undefined, digits = 2, missing = MISSING): string {
  return x === null || x === undefined || !Number.isFinite(x) ? missing : x.toFixed(digits);
}

/** Bytes as lower-case hex without a prefix (@noble/hashes). */
export const hexOf = (b: Uint8Array): string => bytesToHex(b);

/** A non-negative bigint as "0x…" hex. */
export const hex0x = (v: bigint): string => `0x${v.toString(16)}`;

/**
 * One word for a POSIX shell (double quotes on Windows): left bare when it holds only characters
 * no shell treats specially, else quoted so the shell passes it through unchanged.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=+-]+$/.test(word)) return word;
  if (process.platform === 'win32') return `"${word.replace(/"/g, '""')}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Median of a non-empty list (mean of the two middle values for an even length). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median: empty list');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A Markdown table as lines: the header, the rule (`align`: one letter per column, l or r; left
 * by default), one line per row. Cells are written as given (escape a "|" inside one with
 * `mdCell`).
 */
export function mdTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], align = ''): string[] {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${rule.join('|')}|`, ...rows.map(line)];
}

/** A table cell's text with its pipes escaped. */
export const mdCell = (s: string): string => s.replace(/\|/g, '\\|');

/**
 * Text from outside the harness (an error an implementation or a target threw, its stderr) for
 * one line of Markdown: line breaks shown as ⏎, and the characters Markdown or HTML would act on
 * (`<`, `>`, `&`, `|`, backticks) escaped, so the summary's structure stays the harness's own.
 */
export function mdInline(s: string): string {
  return s.replace(/\r?\n/g, ' ⏎ ').replace(/[&<>|`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '|': '\\|', '`': '\\`' })[c] as string);
}

/** A thrown value as text: "Name: message" for an Error, else what was thrown (`throw null` included). */
export function thrownText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `a non-Error value: ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
  } catch {
    return `a non-Error value (${typeof e})`;
  }
}
