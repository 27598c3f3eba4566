/**
 * The mutants of the gate-power experiment, as pure functions: reading
 * Stryker's incremental state, finding each killed mutant's original text in the current source
 * (skipping stale ones), a seeded sample, and applying a mutant or a hand-made patch to a text.
 * No file system and no processes here (scripts/gate-power/run.ts does those), so
 * properties/gate-power.test.ts can test it on small inputs.
 */
import { prngUnit } from '../../harness/prng.js';

/** A 1-based line and column, as in Stryker's reports (mutation-testing-report-schema). */
export interface Pos {
  line: number;
  column: number;
}

/** One mutant of Stryker's incremental state (the fields used here). */
export interface StrykerMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  static?: boolean;
  killedBy?: string[];
  location: { start: Pos; end: Pos };
}

/** Stryker's incremental file (`reports/mutation/stryker-incremental.json`, committed gzipped). */
export interface StrykerState {
  files: Record<string, { source: string; mutants: StrykerMutant[] }>;
  testFiles?: Record<string, { tests: { id: string; name: string }[] }>;
}

/** A text replacement that must match exactly once (the form of scripts/bug-classes.ts). */
export interface Patch {
  file: string;
  find: string;
  replace: string;
}

/** A mutant of the experiment: a Stryker mutant located in the current source, or a hand-made bug class. */
export interface Mutant {
  /** `stryker-<id>` or `class-<id>`: the key of results and of mutation/gate-power/reasons.json. */
  id: string;
  kind: 'stryker' | 'class';
  file: string;
  /** 1-based line in the current source (first patched line for a class). */
  line: number;
  column: number;
  /** Stryker's mutator, or `hand-made`. */
  mutator: string;
  /** The original text and its replacement (the first patch's, for a class), for the report. */
  original: string;
  replacement: string;
  /** How the Stryker mutant was found in the current file. */
  located?: 'same' | 'moved';
  /** Test files that killed it in Stryker's run (resolved to current paths where possible). */
  killedByFiles?: string[];
  /** The text patches of a hand-made class (none for a Stryker mutant: it is applied by position, applyMutant). */
  patches: Patch[];
  /** A class's own title. */
  title?: string;
}

/** Offset of a 1-based (line, column) in `text`; -1 when outside it. */
export function offsetOf(text: string, p: Pos): number {
  let off = 0;
  for (let l = 1; l < p.line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return -1;
    off = nl + 1;
  }
  const lineEnd = text.indexOf('\n', off);
  const len = (lineEnd < 0 ? text.length : lineEnd) - off;
  // the column may point one past the last character (an end position)
  if (p.column < 1 || p.column - 1 > len) return -1;
  return off + p.column - 1;
}

/** The text between two positions, or undefined when they are not inside `text`. */
export function textAt(text: string, start: Pos, end: Pos): string | undefined {
  const a = offsetOf(text, start);
  const b = offsetOf(text, end);
  return a < 0 || b < a ? undefined : text.slice(a, b);
}

function lines(text: string, from: number, to: number): string[] | undefined {
  const all = text.split('\n');
  return from < 1 || to > all.length ? undefined : all.slice(from - 1, to);
}

export type Located = { how: 'same' | 'moved'; start: Pos; end: Pos } | { how: 'stale'; why: string };

/**
 * Where a mutant recorded against `recorded` sits in `current`:
 * - `same`: the text between its positions is unchanged (and so are the lines around it);
 * - `moved`: the whole lines it spans occur exactly once in `current`, at another line (code
 *   above it changed): the positions are shifted by the line difference;
 * - `stale`: its lines were edited, or occur more than once (ambiguous).
 */
export function locate(recorded: string, current: string, m: Pick<StrykerMutant, 'location'>): Located {
  const { start, end } = m.location;
  const original = textAt(recorded, start, end);
  if (original === undefined) return { how: 'stale', why: 'location outside the recorded source' };
  const span = lines(recorded, start.line, end.line);
  if (!span) return { how: 'stale', why: 'location outside the recorded source' };
  const cur = current.split('\n');
  const matchesAt = (line: number) => span.every((s, i) => cur[line - 1 + i] === s);
  if (matchesAt(start.line) && textAt(current, start, end) === original) return { how: 'same', start, end };
  const hits: number[] = [];
  for (let l = 1; l + span.length - 1 <= cur.length; l++) if (matchesAt(l)) hits.push(l);
  if (hits.length === 0) return { how: 'stale', why: 'its lines changed' };
  if (hits.length > 1) return { how: 'stale', why: `its lines occur ${hits.length} times` };
  const d = hits[0] - start.line;
  return { how: 'moved', start: { line: start.line + d, column: start.column }, end: { line: end.line + d, column: end.column } };
}

/** Current path of a test file named in the state (the survivor tests of properties/mutation/ moved to their subjects' files, docs/mutation.md). */
export function currentTestFile(file: string, exists: (f: string) => boolean): string[] {
  if (exists(file)) return [file];
  const m = file.match(/^properties\/mutation\/(\w+)\.test\.ts$/);
  if (m && exists(`properties/${m[1]}.test.ts`)) return [`properties/${m[1]}.test.ts`];
  if (m && m[1] === 'workers' && exists('properties/steps/workers.test.ts')) return ['properties/steps/workers.test.ts'];
  // properties/mutation/steps.test.ts was split over properties/steps/*.test.ts
  if (m && m[1] === 'steps') return ['properties/steps'];
  return [];
}

export interface Collected {
  mutants: Mutant[];
  /** Killed mutants of the prefix found in the state. */
  killed: number;
  same: number;
  moved: number;
  /** Killed mutants skipped because their source changed, by reason. */
  stale: Record<string, number>;
  /** Killed mutants of files that no longer exist. */
  missingFile: number;
}

/**
 * The mutants Stryker killed in the files under `prefix`, located in the current sources
 * (`read(file)` returns undefined for a missing file). Sorted by file and position, so a seeded
 * sample does not depend on the JSON's key order.
 */
export function collectKilled(
  state: StrykerState,
  read: (file: string) => string | undefined,
  opts: { prefix?: string; exists?: (f: string) => boolean } = {}
): Collected {
  const prefix = opts.prefix ?? 'src/optimized/';
  const exists = opts.exists ?? (() => true);
  const testFileOf = new Map<string, string>();
  for (const [f, t] of Object.entries(state.testFiles ?? {})) for (const x of t.tests) testFileOf.set(x.id, f);
  const out: Collected = { mutants: [], killed: 0, same: 0, moved: 0, stale: {}, missingFile: 0 };
  for (const file of Object.keys(state.files).sort()) {
    const name = file.replaceAll('\\', '/');
    if (!name.startsWith(prefix)) continue;
    const rec = state.files[file];
    const killed = rec.mutants.filter((m) => m.status === 'Killed');
    out.killed += killed.length;
    const current = read(name);
    if (current === undefined) {
      out.missingFile += killed.length;
      continue;
    }
    for (const m of killed) {
      const at = locate(rec.source, current, m);
      if (at.how === 'stale') {
        out.stale[at.why] = (out.stale[at.why] ?? 0) + 1;
        continue;
      }
      out[at.how]++;
      const original = textAt(current, at.start, at.end) as string;
      const replacement = m.replacement ?? '';
      const killedByFiles = [
        ...new Set((m.killedBy ?? []).flatMap((id) => (testFileOf.has(id) ? currentTestFile(testFileOf.get(id) as string, exists) : []))),
      ].sort();
      out.mutants.push({
        id: `stryker-${m.id}`,
        kind: 'stryker',
        file: name,
        line: at.start.line,
        column: at.start.column,
        mutator: m.mutatorName,
        original,
        replacement,
        located: at.how,
        killedByFiles,
        // positional, not a text patch: applyMutant
        patches: [],
      });
    }
  }
  out.mutants.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.id.localeCompare(b.id)));
  return out;
}

/** The source with the Stryker mutant applied (its original text is checked first). */
export function applyMutant(source: string, m: Pick<Mutant, 'line' | 'column' | 'original' | 'replacement' | 'id'>): string {
  // the end position follows from the original text
  const a = offsetOf(source, { line: m.line, column: m.column });
  if (a < 0 || source.slice(a, a + m.original.length) !== m.original)
    throw new Error(`${m.id}: the original text is not at ${m.line}:${m.column} (stale mutant)`);
  return source.slice(0, a) + m.replacement + source.slice(a + m.original.length);
}

/** The source with a hand-made patch applied; its text must match exactly once. */
export function applyPatch(source: string, p: Patch): string {
  const count = source.split(p.find).length - 1;
  if (count !== 1) throw new Error(`patch for ${p.file}: expected exactly one match, found ${count}: ${JSON.stringify(p.find.slice(0, 60))}`);
  const i = source.indexOf(p.find);
  return source.slice(0, i) + p.replace + source.slice(i + p.find.length);
}

/**
 * A seeded sample of k items without replacement, in the order drawn (a partial Fisher–Yates
 * shuffle): the first j items of the sample of k are the sample of j, so a larger --sample
 * extends a smaller one and its results can be resumed.
 */
export function sample<T>(items: readonly T[], k: number, seed: number): T[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`sample size k must be an integer ≥ 0, got ${k}`);
  const a = items.slice();
  const r = prngUnit(seed); // the sample is replayable from the printed seed
  const m = Math.min(k, a.length);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(r() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, m);
}

/** A hand-made bug class as a mutant of the experiment; `source(file)` locates its first patch. */
export function classMutant(c: { id: string; title: string; patches: Patch[]; files?: string[] }, source: (file: string) => string | undefined): Mutant {
  const p = c.patches[0];
  const text = p ? source(p.file) : undefined;
  const at = text !== undefined ? text.indexOf(p.find) : -1;
  const line = at < 0 || text === undefined ? 0 : text.slice(0, at).split('\n').length;
  return {
    id: `class-${c.id}`,
    kind: 'class',
    file: p?.file ?? '-',
    line,
    column: 1,
    mutator: 'hand-made',
    original: p?.find ?? '',
    replacement: p?.replace ?? '',
    title: c.title,
    killedByFiles: c.files,
    patches: c.patches,
  };
}
