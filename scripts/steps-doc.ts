/**
 * Writes docs/steps.md: for every optimization step what it does (its registry title), its
 * measured effect (the bench reports in docs/data/steps.json, produced by scripts/steps-measure.ts)
 * and the alternatives it rejected (the "Rejected:" paragraph of its file header). Step headers in
 * src/ keep the durable contract; figures live here. properties/docs.test.ts fails when the
 * committed docs/steps.md differs from `stepsDoc()`.
 *
 *   npm run docs:steps                 # rewrite docs/steps.md from the committed JSON
 *   npm run docs:steps:measure         # re-measure (minutes), then rewrite docs/steps.md
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GATES, type GateInfo } from '../src/index.js';
import type { BenchReport, BenchRow } from '../harness/bench/run.js';
import { fmtFixed, fmtMs, mdTable } from '../harness/format.js';

export const STEPS_DATA = fileURLToPath(new URL('../docs/data/steps.json', import.meta.url));
export const STEPS_DOC = fileURLToPath(new URL('../docs/steps.md', import.meta.url));
const STEPS_DIR = fileURLToPath(new URL('../src/optimized/steps/', import.meta.url));

export interface StepsData {
  about: string;
  /** 'plain': point arrays; 'prepared': prepare() handles (the only input fixedBase acts on). */
  runs: { name: 'plain' | 'prepared'; report: BenchReport }[];
}

/** One side (gate off or on) of a comparison, as measured. */
export interface Side {
  mulTotal: number | null;
  inv: number | null;
  /** 'c = 7' for the bucket method, else the direct path that answered. */
  how: string;
  medianMs: number | null;
}

export interface Comparison {
  run: 'plain' | 'prepared';
  context: 'none' | 'default';
  n: number;
  off: Side;
  on: Side;
  /** on.mulTotal / off.mulTotal (< 1: the step saves multiplications). */
  mulRatio: number | null;
  /** on.medianMs / off.medianMs, same run (< 1: faster). */
  timeRatio: number | null;
}

export function readStepsData(file: string = STEPS_DATA): StepsData {
  return JSON.parse(readFileSync(file, 'utf8')) as StepsData;
}

/**
 * The "Rejected:" (or "Alternatives:") paragraph of a step file's leading comment, without its
 * label, joined into one line; undefined when the header has none.
 */
export function rejectedOf(source: string): string | undefined {
  const end = source.indexOf('*/');
  const lines = (end < 0 ? '' : source.slice(0, end)).split('\n').map((l) => l.replace(/^\s*\/?\*+\s?/, ''));
  const at = lines.findIndex((l) => /^(Rejected|Alternatives)\b[^:]*:/.test(l));
  if (at < 0) return undefined;
  const out = [lines[at]!.replace(/^(Rejected|Alternatives)\b[^:]*:\s*/, '')];
  for (const l of lines.slice(at + 1)) {
    if (l.trim() === '' || /^[A-Z][\w ()`'-]*:\s/.test(l)) break;
    out.push(l.trim());
  }
  return out.join(' ').trim();
}

function stepFile(step: number): string | undefined {
  const prefix = String(step).padStart(2, '0') + '-';
  return readdirSync(STEPS_DIR).find((x) => x.startsWith(prefix) && x.endsWith('.ts'));
}

function sameGates(a: Readonly<Record<string, boolean>> | null, b: Readonly<Record<string, boolean>>): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!!a[k] !== !!b[k]) return false;
  return true;
}

function side(row: BenchRow): Side {
  const t = row.trace;
  const how = t === null ? '?' : t.path === 'pippenger' ? `c = ${t.window}` : t.path;
  return { mulTotal: row.mulTotal, inv: row.counts?.inv ?? null, how, medianMs: row.medianMs };
}

/** The engine row of `report` at n whose gate record is exactly `gates`, if it was measured. */
function rowFor(report: BenchReport, n: number, gates: Record<string, boolean>): BenchRow | undefined {
  return report.rows.find((r) => r.kind === 'engine' && r.n === n && r.status === 'ok' && sameGates(r.gates, gates));
}

/** Gate records of a context, from the gate list the report was measured with. */
function contextRecord(report: BenchReport, context: 'none' | 'default'): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const g of report.meta.gates) out[g.id] = context === 'default' ? g.default : false;
  return out;
}

/** Every measured comparison of gate `id` off vs on, run by run, context by context, n ascending. */
export function comparisons(data: StepsData, id: string): Comparison[] {
  const out: Comparison[] = [];
  for (const { name, report } of data.runs) {
    if (!report.meta.gates.some((g) => g.id === id)) continue;
    for (const context of ['none', 'default'] as const) {
      for (const n of report.meta.sizes) {
        const base = contextRecord(report, context);
        const offRow = rowFor(report, n, { ...base, [id]: false });
        const onRow = rowFor(report, n, { ...base, [id]: true });
        if (!offRow || !onRow) continue;
        const off = side(offRow);
        const on = side(onRow);
        out.push({
          run: name,
          context,
          n,
          off,
          on,
          mulRatio: off.mulTotal && on.mulTotal !== null ? on.mulTotal / off.mulTotal : null,
          timeRatio: off.medianMs && on.medianMs !== null ? on.medianMs / off.medianMs : null,
        });
      }
    }
  }
  return out;
}

/** 1234567 → '1 234 567' (fixed grouping, independent of the locale). */
export function group(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function mulCell(s: Side): string {
  if (s.mulTotal === null) return '—';
  return s.inv ? `${group(s.mulTotal)} (${s.inv})` : group(s.mulTotal);
}

const ms = (x: number | null) => fmtMs(x, { missing: '—' });
const ratio = (x: number | null, digits: number) => fmtFixed(x, digits, '—');

function contextLabel(c: Comparison, gate: GateInfo): string {
  const ctx = c.context === 'none' ? 'none' : gate.default ? 'default' : 'default (+ this gate)';
  return c.run === 'prepared' ? `${ctx}, prepare() handle` : ctx;
}

function fileLink(step: number): string {
  const f = stepFile(step);
  return f ? `[\`${f}\`](../src/optimized/steps/${f})` : '(file not found)';
}

function rejectedLine(step: number): string[] {
  const f = stepFile(step);
  const text = f === undefined ? undefined : rejectedOf(readFileSync(STEPS_DIR + f, 'utf8'));
  return text === undefined ? [] : ['', `Rejected: ${text}`];
}

/** Heading of a step's section; the test looks for one per registered step. */
export function stepHeading(step: number, id: string): string {
  return `## Step ${String(step).padStart(2, '0')} — ${id}`;
}

function meta(report: BenchReport, name: string): string {
  const m = report.meta;
  const load = m.loadAvg.map((x) => x.toFixed(1)).join(' / ');
  return (
    `- **${name}** run: ${m.date.slice(0, 10)}, Node ${m.node}, ${m.cpus} CPUs, load average ${load}; ` +
    `sizes ${m.sizes.join(', ')}, seed ${m.seed}, entry ${m.entry}, ${m.rounds} rounds of ≥ ${m.time} ms per set.`
  );
}

/** "none, n = 16" (", prepare() handle" for the prepared run). */
function where(c: Comparison, gate: GateInfo): string {
  return `${contextLabel(c, gate)}, n = ${c.n}`;
}

/**
 * What a step changes besides the counts: the window or path, and the inversions, off → on, for
 * the comparisons where they differ (the summaries hold the ratios).
 */
function changes(rows: Comparison[], gate: GateInfo): string[] {
  const windows = rows.filter((c) => c.off.how !== c.on.how).map((c) => `${where(c, gate)}: ${c.off.how} → ${c.on.how}`);
  const invs = rows.filter((c) => (c.off.inv ?? 0) !== (c.on.inv ?? 0)).map((c) => `${where(c, gate)}: ${c.off.inv ?? 0} → ${c.on.inv ?? 0}`);
  const out: string[] = [];
  if (windows.length > 0) out.push(`- Window / path, off → on: ${windows.join('; ')}.`);
  if (invs.length > 0) out.push(`- Inversions, off → on: ${invs.join('; ')}.`);
  return out.length > 0 ? out : ['Same window and inversions on and off.'];
}

/** The introduction: what is measured, how to read the figures, the runs. */
function intro(data: StepsData): string[] {
  return [
    '# Steps: the measured effect of each optimization step',
    '',
    '<!-- Generated by scripts/steps-doc.ts from docs/data/steps.json and the step headers: do not edit by hand.',
    '     Regenerate: npm run docs:steps. Re-measure (minutes), then regenerate: npm run docs:steps:measure. -->',
    '',
    'What each step does, its measured effect and the alternatives it rejected (from its file header).',
    'One bench run (scripts/steps-measure.ts: BLS12-381 G1, points kᵢ·G, uniform scalars, every result checked',
    'against the discrete-log oracle) measures each gate **off** and **on**, every other gate off (**none**)',
    'or at its default (**default**).',
    '',
    '- **M ratio**: field multiplications + squarings on ÷ off, exact and machine-independent (below 1: less work).',
    `- **time ratio**: median time on ÷ off in the same run. ${noiseNote(data)}`,
    '- wasmField is counted on the BigInt path, so its effect shows in time only; fixedBase acts only on',
    '  `prepare()` handles (the prepared run).',
    '',
    ...data.runs.map((r) => meta(r.report, r.name)),
    '',
  ];
}

/** A summary: every step's M ratio or time ratio by context and n (the plain run; other runs only where they measured the step). */
function summary(data: StepsData, gates: readonly GateInfo[], figure: 'mulRatio' | 'timeRatio'): string[] {
  const sizes = data.runs.find((r) => r.name === 'plain')?.report.meta.sizes ?? [];
  const rows: string[][] = [];
  for (const run of data.runs) {
    for (const g of gates) {
      const cs = comparisons({ about: '', runs: [run] }, g.id);
      if (run.name !== 'plain' && cs.length === 0) continue;
      const cell = (ctx: 'none' | 'default', n: number) =>
        ratio(cs.find((c) => c.context === ctx && c.n === n)?.[figure] ?? null, figure === 'mulRatio' ? 3 : 2);
      const what = run.name === 'plain' ? `\`${g.id}\`` : `\`${g.id}\` on prepare() handles`;
      rows.push([String(g.step), what, g.default ? 'on' : 'off', ...sizes.map((n) => cell('none', n)), ...sizes.map((n) => cell('default', n))]);
    }
  }
  const head = ['step', 'gate', 'default', ...sizes.map((n) => `none, n = ${n}`), ...sizes.map((n) => `default, n = ${n}`)];
  const title = figure === 'mulRatio' ? '## M ratio (on ÷ off) by context and n' : '## Time ratio (on ÷ off, same run) by context and n';
  return [title, '', ...mdTable(head, rows, 'rll' + 'r'.repeat(2 * sizes.length)), ''];
}

/** Step 00: the absolute figures everything else is relative to. */
function baseline(data: StepsData): string[] {
  const rows: string[][] = [];
  for (const { name, report } of data.runs) {
    for (const n of report.meta.sizes) {
      const row = rowFor(report, n, contextRecord(report, 'none'));
      if (!row) continue;
      const s = side(row);
      rows.push([name, String(n), mulCell(s), s.how, ms(s.medianMs)]);
    }
  }
  return [
    stepHeading(0, 'baseline'),
    '',
    `Textbook Pippenger, every gate off: the base of every ratio. File: ${fileLink(0)}.`,
    '',
    ...mdTable(['run', 'n', 'mulTotal', 'window', 'time (ms)'], rows, 'lrrlr'),
    ...rejectedLine(0),
    '',
  ];
}

/** One step: what it does, its default, its measured comparisons, the alternatives it rejected. */
function stepSection(data: StepsData, g: GateInfo): string[] {
  const cs = comparisons(data, g.id);
  return [
    stepHeading(g.step, g.id),
    '',
    `${g.title}. Default: **${g.default ? 'on' : 'off'}**. File: ${fileLink(g.step)}.`,
    '',
    ...(cs.length === 0 ? ['Not measured yet: run `npm run docs:steps:measure`.'] : changes(cs, g)),
    ...rejectedLine(g.step),
    '',
  ];
}

/** docs/steps.md as generated from the data and the step headers. */
export function stepsDoc(data: StepsData = readStepsData()): string {
  const gates = [...GATES].sort((a, b) => a.step - b.step);
  const L = [
    ...intro(data),
    ...summary(data, gates, 'mulRatio'),
    ...summary(data, gates, 'timeRatio'),
    ...baseline(data),
    ...gates.flatMap((g) => stepSection(data, g)),
  ];
  return L.join('\n').replace(/\n+$/, '') + '\n';
}

/**
 * On plain point arrays the fixedBase gate declines, so its plain-run pairs do identical work:
 * the spread of their time ratios is this run's timing noise.
 */
export function noiseNote(data: StepsData): string {
  const plain = data.runs.find((r) => r.name === 'plain');
  const rs = plain ? comparisons({ about: '', runs: [plain] }, 'fixedBase').filter((c) => c.off.mulTotal === c.on.mulTotal && c.timeRatio !== null) : [];
  if (rs.length === 0) return 'Timing noise of this run: not measured (no identical-work pairs).';
  const ts = rs.map((c) => c.timeRatio!);
  return (
    `Timing noise of this run: fixedBase does nothing on plain point arrays, so its ${ts.length} plain-run pairs do identical ` +
    `work, and their time ratios spread over ${Math.min(...ts).toFixed(2)}–${Math.max(...ts).toFixed(2)}; trust a time ratio only well outside that range.`
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(STEPS_DOC, stepsDoc());
  console.log('docs/steps.md written');
}
