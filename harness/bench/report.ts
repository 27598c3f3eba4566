/**
 * Benchmark reports: a Markdown table per size (gate set × n: median ms, ratio to the all-off
 * baseline and to noble from the same run, field multiplications per MSM) plus a summary
 * matrix, and the full JSON of the run. Both go to `<out>/bench.md` and `<out>/bench.json`.
 */
import path from 'node:path';
import { fmtFixed, fmtMs, mdCell as esc, mdTable } from '../format.js';
import { writeReport } from '../stages.js';
import type { BenchReport, BenchRow } from './run.js';

const ms = (x: number | null) => fmtMs(x, { tiny: 3 });
const ratio = (x: number | null) => fmtFixed(x, 2);
const int = (x: number | null) => (x === null ? 'n/a' : x.toLocaleString('en-US'));

type Series = Pick<BenchRow, 'kind' | 'label'>;

/** A series' name: the gate set's label, or `peer: <id>`. */
export const seriesLabel = (k: Series) => (k.kind === 'peer' ? `peer: ${k.label}` : k.label);
/** The first row of each series (kind and label), in the order of the rows. */
export const firstRows = (rows: readonly BenchRow[]) => rows.filter((r, i) => rows.findIndex((x) => x.kind === r.kind && x.label === r.label) === i);
/** A series' row at n. */
export const rowAt = (rows: readonly BenchRow[], k: Series, n: number) => rows.find((x) => x.kind === k.kind && x.label === k.label && x.n === n);
/** A peer row of a peer that did not load (it says why once, in the list of peers). */
export const unloadedPeer = (r: BenchRow, rep: Pick<BenchReport, 'peers'>) => r.kind === 'peer' && rep.peers.some((p) => p.id === r.label && !p.available);

/** A row's median cell: the time, or why there is none (a peer that did not load says why once, under Peers). */
export function cellMedian(r: BenchRow, rep: Pick<BenchReport, 'peers'>): string {
  if (r.status === 'ok') return ms(r.medianMs);
  if (r.status === 'wrong-result') return '**not benchmarked (wrong result)**';
  if (r.status === 'error') return `**${esc(r.note ?? 'error')}**`;
  if (r.status === 'skipped') return 'skipped';
  return unloadedPeer(r, rep) || !r.note ? 'n/a' : `n/a: ${esc(r.note)}`;
}

function curveName(id: string): string {
  return id === 'bls12-381-g1' ? 'BLS12-381 G1' : id === 'bls12-381-g2' ? 'BLS12-381 G2' : id === 'toy' ? 'toy curve (r = 1867)' : id;
}

/** One size's table: a row per gate set and peer. */
function sizeTable(rep: BenchReport, n: number): string[] {
  const rows = rep.rows
    .filter((x) => x.n === n)
    .map((r) => {
      const views = r.kind === 'peer' ? '' : [r.views.join(', '), ...r.aliases.map((a) => `= ${a}`)].filter(Boolean).join('; ');
      const window = r.trace ? (r.trace.path === 'pippenger' ? String(r.trace.window) : r.trace.path) : '';
      const mul = r.kind === 'peer' ? '' : int(r.mulTotal);
      return [
        esc(seriesLabel(r)),
        views,
        cellMedian(r, rep),
        r.rme === null ? '' : r.rme.toFixed(1),
        ratio(r.ratioToBaseline),
        ratio(r.ratioToNoble),
        mul,
        window,
        r.samples ?? '',
      ];
    });
  return mdTable(['gate set', 'views', 'median ms', '±%', '÷ none', '÷ noble', 'field mul', 'window', 'samples'], rows, 'llrrrrrrr');
}

/** The summary matrix: a row per gate set and peer, a column per size (median ms and ÷ none). */
function summaryTable(rep: BenchReport): string[] {
  const sizes = rep.meta.sizes;
  const cell = (k: Series, n: number) => {
    const r = rowAt(rep.rows, k, n);
    if (!r) return '';
    if (r.status !== 'ok') return r.status === 'wrong-result' ? 'wrong result' : r.status === 'n/a' ? cellMedian(r, rep) : r.status;
    return `${ms(r.medianMs)} (${ratio(r.ratioToBaseline)})`;
  };
  const rows = firstRows(rep.rows).map((k) => [esc(seriesLabel(k)), ...sizes.map((n) => cell(k, n))]);
  return mdTable(['gate set', ...sizes.map((n) => `n = ${n}`)], rows, `l${'r'.repeat(sizes.length)}`);
}

export function toMarkdown(rep: BenchReport): string {
  const m = rep.meta;
  const L: string[] = [];
  L.push(`# stepwise-msm benchmark — ${curveName(m.curve)}`, '');
  L.push(
    `${m.date} · Node ${m.node} · ${m.platform}/${m.arch} · ${m.cpus} × ${m.cpuModel} · ${m.totalMemGiB} GiB · load avg at start ${m.loadAvg.join(' / ')} · tinybench ${m.tinybench}`,
    ''
  );
  L.push(
    `Budget per task and round: ${m.time} ms and ≥ ${m.iterations} iteration(s) (tinybench, throws: true); ${m.rounds} round(s), samples pooled. Views: ${m.views.join(', ') || '(baseline only)'}. ` +
      `Sizes: ${m.sizes.join(', ')}. Seed ${m.seed}. Engine entry: ${m.entry}.${
        m.prepared
          ? ` Engine called on prepare() handles (prepare ms per n: ${Object.entries(m.prepareMs)
              .map(([n, ms]) => `${n}: ${ms}`)
              .join(', ')}; not timed).`
          : ''
      }${m.threads !== null ? ` Threads ${m.threads}.` : ''} Run took ${(m.durationMs / 1000).toFixed(1)} s.`,
    ''
  );
  L.push(
    'Every result is checked against the discrete-log oracle (Σ kᵢsᵢ mod r)·G before it is timed; a set that fails is "not benchmarked". ' +
      '"÷ none" and "÷ noble" are median / median at the same n in this run (< 1 is faster). ' +
      '"field mul" is field multiplications + squarings per MSM from the counting field (deterministic).',
    '',
    '## Gates',
    ''
  );
  if (m.gates.length === 0) L.push('(no gates registered: only the step 00 baseline)');
  else {
    L.push('| step | gate | default | title |', '|---:|---|:---:|---|');
    for (const g of m.gates) L.push(`| ${String(g.step).padStart(2, '0')} | ${g.id} | ${g.default ? 'on' : 'off'} | ${esc(g.title)} |`);
  }
  L.push('', '## Peers', '');
  for (const p of rep.peers) L.push(`- ${p.id} (${p.title}): ${p.available ? 'available' : `n/a — ${p.note}`}`);
  L.push('');

  for (const n of m.sizes) L.push(`## n = ${n}`, '', ...sizeTable(rep, n), '');
  if (m.sizes.length > 1) L.push('## Summary: median ms (÷ none)', '', ...summaryTable(rep), '');
  return L.join('\n');
}

export function toJson(rep: BenchReport): string {
  return JSON.stringify(rep, null, 2) + '\n';
}

/** Writes each file into `dir` (created if needed); returns their paths. */
export function writeAll(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, text]) => writeReport(path.join(dir, name), text));
}

/** Writes bench.md and bench.json into `outDir` (created if needed); returns both paths. */
export function writeReports(rep: BenchReport, outDir: string): { markdown: string; json: string } {
  const [markdown, json] = writeAll(outDir, { 'bench.md': toMarkdown(rep), 'bench.json': toJson(rep) });
  return { markdown, json };
}
