/**
 * The static HTML benchmark report: Vega-Lite specs compiled to Vega and rendered to SVG in Node
 * (no script and no network needed to view it), each chart's Vega-Lite spec embedded next to it.
 *
 * Charts:
 *  - time vs n, log-log, per gate set and peer (one chart per view, so each stays readable);
 *  - speed-up per step: each step alone over "none", and each ladder rung over the previous one;
 *  - interaction: for each pair of steps, the measured combined speed-up against the product of
 *    the two single speed-ups (scatter with the y = x line, and a pair matrix of their ratio).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { firstRows, rowAt, seriesLabel, unloadedPeer } from '../bench/report.js';
import type { BenchReport, BenchRow } from '../bench/run.js';
import type { ViewName } from '../gate-sets.js';
import { fmtMs } from '../format.js';
import { xmlEscape } from './junit.js';
import { CELL_TEXT, isFailureCell, type Matrix } from './conformance-matrix.js';

export interface PairPoint {
  a: string;
  b: string;
  n: number;
  /** none median / set median, same run. */
  speedA: number;
  speedB: number;
  speedAB: number;
}

export interface ChartDef {
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

const okRows = (rep: BenchReport) => rep.rows.filter((r) => r.status === 'ok' && r.medianMs !== null && r.medianMs > 0);

/**
 * A row's series name in a view: a ladder rung under its ladder name (`ladder +glv`) in the
 * ladder view, even when the catalogue lists the set under another family's name (the first rung
 * is `only smallFastPath`, the top one `all`); a peer as `peer: <id>`; otherwise the set's label.
 */
export function seriesName(r: BenchRow, view: string | null): string {
  if (r.kind === 'engine' && view === 'ladder' && !r.label.startsWith('ladder +')) return r.aliases.find((a) => a.startsWith('ladder +')) ?? r.label;
  return seriesLabel(r);
}

/**
 * The rank of a series name in the ladder order every legend follows: none, the ladder's rungs,
 * default, the single steps, all, the all-but-one sets (each family in step order), any other
 * set, then the peers in their listed order.
 */
export function seriesRank(rep: BenchReport, name: string): number {
  const step = (id: string) => rep.meta.gates.find((g) => g.id === id)?.step ?? 99;
  const peer = rep.peers.findIndex((p) => `peer: ${p.id}` === name);
  if (peer >= 0) return 9000 + peer;
  if (name.startsWith('peer: ')) return 9500;
  if (name === 'none') return 0;
  if (name.startsWith('ladder +')) return 100 + step(name.slice('ladder +'.length));
  if (name === 'default') return 1000;
  if (name.startsWith('only ')) return 2000 + step(name.slice('only '.length));
  if (name === 'all') return 3000;
  if (name.startsWith('all −')) return 3100 + step(name.slice('all −'.length));
  return 5000;
}

const byRank = (rep: BenchReport) => (a: string, b: string) => seriesRank(rep, a) - seriesRank(rep, b) || a.localeCompare(b);

/** The timed rows that `keep` takes, as a time chart's points (series: the name in the view; key: the set or peer, for its colour). */
function seriesOf(rep: BenchReport, keep: (r: BenchRow) => boolean, view: string | null) {
  return okRows(rep)
    .filter(keep)
    .map((r) => ({ series: seriesName(r, view), key: seriesLabel(r), kind: r.kind, n: r.n, ms: r.medianMs!, ratio: r.ratioToBaseline }));
}

type SeriesValue = ReturnType<typeof seriesOf>[number];

/** Dark colours of the tableau20 scheme first, then its light ones, then category20b's. */
function paletteColours(): string[] {
  const t = vega.scheme('tableau20') as string[];
  return [...t.filter((_, i) => i % 2 === 0), ...t.filter((_, i) => i % 2 === 1), ...(vega.scheme('category20b') as string[])];
}

/**
 * One colour per gate set or peer for the whole report, built once: the keys are coloured in
 * ladder order (peers first: they are in every chart), each with the first colour that no key
 * sharing a chart with it has, so every chart's series are told apart and a set keeps its colour
 * from chart to chart.
 */
export function reportColours(rep: BenchReport, charts: readonly SeriesValue[][]): Map<string, string> {
  const rank = byRank(rep);
  const nameOf = new Map<string, string>();
  for (const vs of charts) for (const v of vs) if (!nameOf.has(v.key) || rank(v.series, nameOf.get(v.key)!) < 0) nameOf.set(v.key, v.series);
  const keys = [...nameOf.keys()].sort((a, b) => {
    const pa = a.startsWith('peer: ');
    const pb = b.startsWith('peer: ');
    return pa !== pb ? (pa ? -1 : 1) : rank(nameOf.get(a)!, nameOf.get(b)!);
  });
  const together = new Map<string, Set<string>>(keys.map((k) => [k, new Set<string>()]));
  for (const vs of charts) {
    const ks = new Set(vs.map((v) => v.key));
    for (const k of ks) for (const o of ks) if (k !== o) together.get(k)!.add(o);
  }
  const colours = paletteColours();
  const out = new Map<string, string>();
  for (const k of keys) {
    const taken = new Set([...together.get(k)!].map((o) => out.get(o)).filter((c) => c !== undefined));
    out.set(k, colours.find((c) => !taken.has(c)) ?? colours[out.size % colours.length]!);
  }
  return out;
}

function timeChart(rep: BenchReport, id: string, title: string, values: SeriesValue[], colours: Map<string, string>): ChartDef {
  const names = [...new Set(values.map((v) => v.series))].sort(byRank(rep));
  const colourOf = new Map(values.map((v) => [v.series, colours.get(v.key)!]));
  return {
    id,
    title,
    caption:
      'Median time per MSM against n, both axes logarithmic. Peers are dashed. Each gate set and peer has one colour in every chart; legends in ladder order.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 560,
      height: 320,
      data: { values },
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'n', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { title: 'n (points)' } },
        y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'median ms per MSM' } },
        color: {
          field: 'series',
          type: 'nominal',
          scale: { domain: names, range: names.map((n) => colourOf.get(n)!) },
          legend: { title: 'gate set / peer', labelLimit: 400 },
        },
        strokeDash: {
          field: 'kind',
          type: 'nominal',
          scale: {
            domain: ['engine', 'peer'],
            range: [
              [1, 0],
              [5, 3],
            ],
          },
          legend: null,
        },
        tooltip: [{ field: 'series' }, { field: 'n' }, { field: 'ms', format: '.3f' }, { field: 'ratio', format: '.3f', title: '÷ none' }],
      },
    },
  };
}

/** The two bars of the speed-up chart, in legend order. */
const SPEEDUP_KINDS = ['alone (÷ none)', 'on the ladder (÷ previous rung)'];

/** Speed-ups per step from the single and ladder views of one run. */
export function stepSpeedups(rep: BenchReport) {
  const out: { step: string; kind: string; n: number; speedup: number }[] = [];
  const gates = [...rep.meta.gates].sort((a, b) => a.step - b.step);
  const ok = okRows(rep).filter((r) => r.kind === 'engine');
  const at = (pred: (r: BenchRow) => boolean, n: number) => ok.find((r) => r.n === n && pred(r));
  const isRec = (r: BenchRow, on: Set<string>) => r.gates !== null && gates.every((g) => !!r.gates![g.id] === on.has(g.id));
  for (const n of rep.meta.sizes) {
    const none = at((r) => isRec(r, new Set()), n);
    if (!none) continue;
    let prev: BenchRow | undefined = none;
    const upTo = new Set<string>();
    for (const g of gates) {
      const name = `${String(g.step).padStart(2, '0')} ${g.id}`;
      const alone = at((r) => isRec(r, new Set([g.id])), n);
      if (alone) out.push({ step: name, kind: SPEEDUP_KINDS[0]!, n, speedup: none.medianMs! / alone.medianMs! });
      upTo.add(g.id);
      const rung = at((r) => isRec(r, upTo), n);
      if (rung && prev) out.push({ step: name, kind: SPEEDUP_KINDS[1]!, n, speedup: prev.medianMs! / rung.medianMs! });
      prev = rung;
    }
  }
  return out;
}

export function buildCharts(rep: BenchReport, pairs: readonly PairPoint[]): ChartDef[] {
  const charts: ChartDef[] = [];
  // a view's sets (and the baseline) with the peers
  const inView = (v: ViewName) => (r: BenchRow) => r.kind === 'peer' || r.views.includes(v) || r.label === 'none';
  const timed = rep.meta.views.map((v) => ({ id: `time-${v}`, title: `Time vs n — ${v} view and peers`, values: seriesOf(rep, inView(v), v) }));
  if (!timed.some((t) => t.values.length))
    timed.push({ id: 'time-all', title: 'Time vs n — every gate set and peer', values: seriesOf(rep, () => true, null) });
  const colours = reportColours(
    rep,
    timed.map((t) => t.values)
  );
  for (const t of timed) if (t.values.length) charts.push(timeChart(rep, t.id, t.title, t.values, colours));
  const sp = stepSpeedups(rep);
  if (sp.length) charts.push(speedupChart(sp));
  // step pairs at one n: combined speed-up vs the product of the single ones (scatter), and their ratio per pair (matrix)
  const v = pairs.length ? interactionValues(pairs) : undefined;
  if (v) charts.push(scatterChart(pairs, v), matrixChart(pairs, v));
  return charts;
}

/** The speed-up of each step alone and as a rung of the ladder, per n (bars from 1, log scale). */
function speedupChart(sp: ReturnType<typeof stepSpeedups>): ChartDef {
  return {
    id: 'speedup',
    title: 'Speed-up per step',
    caption:
      'For each step: its speed-up alone over the all-off baseline, and its rung of the ladder over the previous rung (same run). Above 1 is faster; log scale.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: sp },
      facet: { column: { field: 'n', type: 'ordinal', title: 'n' } },
      spec: {
        width: 220,
        height: 260,
        layer: [
          {
            mark: 'bar',
            encoding: {
              y: { field: 'step', type: 'nominal', sort: null, axis: { title: null, labelLimit: 400 } },
              yOffset: { field: 'kind' },
              // bars start at 1 (no change): right of it faster, left of it slower
              x: { field: 'speedup', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'speed-up (×)' } },
              x2: { datum: 1 },
              color: {
                field: 'kind',
                type: 'nominal',
                scale: { domain: SPEEDUP_KINDS, range: ['#4c78a8', '#f58518'] },
                legend: { title: null, orient: 'bottom', labelLimit: 400 },
              },
              tooltip: [{ field: 'step' }, { field: 'kind' }, { field: 'n' }, { field: 'speedup', format: '.3f' }],
            },
          },
          { mark: { type: 'rule', color: '#444' }, encoding: { x: { datum: 1 } } },
        ],
      },
      resolve: { scale: { x: 'independent' } },
    } as TopLevelSpec,
  };
}

/** Each pair's product, interaction (measured ÷ product) and the colour of its number, with the scatter's log-scale bounds. */
function interactionValues(pairs: readonly PairPoint[]) {
  const raw = pairs.map((p) => ({ ...p, pair: `${p.a} + ${p.b}`, product: p.speedA * p.speedB, interaction: p.speedAB / (p.speedA * p.speedB) }));
  // the diverging scale spans each side of 1 on its own (domainMid): a cell past half of its
  // side's extreme (log scale) is dark red or dark blue, and its number is white; black elsewhere
  const logs = raw.map((v) => Math.log(v.interaction));
  const farUp = Math.max(...logs, 1e-9);
  const farDown = Math.max(...logs.map((x) => -x), 1e-9);
  const values = raw.map((v, i) => ({ ...v, textColour: logs[i]! / (logs[i]! > 0 ? farUp : -farDown) > 0.5 ? '#ffffff' : '#000000' }));
  // the same colour of a pair's interaction in the scatter and the matrix
  const interactionColour = {
    field: 'interaction',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, scheme: 'redblue', domainMid: 1 },
    legend: { title: 'measured ÷ product', format: '.2f', labelLimit: 400 },
  };
  const lo = Math.min(...values.map((v) => Math.min(v.product, v.speedAB))) * 0.9;
  const hi = Math.max(...values.map((v) => Math.max(v.product, v.speedAB))) * 1.1;
  return { values, interactionColour, lo, hi };
}

function scatterChart(pairs: readonly PairPoint[], { values, interactionColour, lo, hi }: ReturnType<typeof interactionValues>): ChartDef {
  return {
    id: 'interaction-scatter',
    title: `Step interactions at n = ${pairs[0].n}: combined speed-up vs product of single speed-ups`,
    caption:
      'Each point is a pair of steps. On the diagonal the two steps compose independently; above it they help each other, below it they overlap or interfere.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 420,
      height: 420,
      layer: [
        {
          data: { values: [{ v: lo }, { v: hi }] },
          mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
          encoding: {
            x: { field: 'v', type: 'quantitative', scale: { type: 'log', domain: [lo, hi] } },
            y: { field: 'v', type: 'quantitative', scale: { type: 'log', domain: [lo, hi] } },
          },
        },
        {
          data: { values },
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            x: { field: 'product', type: 'quantitative', scale: { type: 'log', domain: [lo, hi] }, axis: { title: 'speed-up A × speed-up B (each alone)' } },
            y: { field: 'speedAB', type: 'quantitative', scale: { type: 'log', domain: [lo, hi] }, axis: { title: 'measured speed-up of A + B' } },
            color: interactionColour,
            tooltip: [{ field: 'pair' }, ...['speedA', 'speedB', 'speedAB', 'interaction'].map((field) => ({ field, format: '.3f' }))],
          },
        },
      ],
    } as TopLevelSpec,
  };
}

function matrixChart(pairs: readonly PairPoint[], { values, interactionColour }: ReturnType<typeof interactionValues>): ChartDef {
  return {
    id: 'interaction-matrix',
    title: `Step interactions at n = ${pairs[0].n}: measured ÷ product, per pair`,
    caption: '1.00 = independent; > 1 the pair does better than the product of its parts; < 1 worse.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values },
      width: 420,
      height: 420,
      encoding: {
        x: { field: 'b', type: 'nominal', sort: null, axis: { title: 'step B', labelAngle: -45, labelLimit: 400 } },
        y: { field: 'a', type: 'nominal', sort: null, axis: { title: 'step A', labelLimit: 400 } },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: interactionColour,
            tooltip: [{ field: 'pair' }, { field: 'speedAB', format: '.3f' }, { field: 'product', format: '.3f' }, { field: 'interaction', format: '.3f' }],
          },
        },
        // the numbers: light on the dark cells, dark on the light ones
        ...['#ffffff', '#000000'].map((colour) => ({
          transform: [{ filter: { field: 'textColour', equal: colour } }],
          mark: { type: 'text' as const, fontSize: 9, color: colour },
          encoding: { text: { field: 'interaction', type: 'quantitative' as const, format: '.2f' } },
        })),
      ],
    } as TopLevelSpec,
  };
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

const STYLE = `<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1300px; color: #222; }
figure.chart { margin: 2em 0; padding: 1em; border: 1px solid #ddd; border-radius: 6px; overflow-x: auto; }
figure.chart h2 { font-size: 1.1em; margin: 0 0 .5em; }
figcaption { color: #555; margin-top: .5em; }
table { border-collapse: collapse; font-size: 12px; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
td:first-child { text-align: left; }
td.bad { color: #b00; }
td.ok { color: #070; }
td.na { color: #999; }
small { color: #777; }
code.line { word-break: break-all; font-size: 11px; }
</style>`;

/** A standalone page whose title is also its heading. */
const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
${STYLE}
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;

const fmt = (x: number | null) => fmtMs(x, { tiny: 3 });

export async function renderHtml(rep: BenchReport, pairs: readonly PairPoint[]): Promise<string> {
  const charts = buildCharts(rep, pairs);
  const parts: string[] = [];
  for (const c of charts) {
    const svg = await renderSvg(c.spec);
    parts.push(
      `<figure class="chart" id="${c.id}" data-chart="${c.id}">\n<h2>${xmlEscape(c.title)}</h2>\n${svg}\n<figcaption>${xmlEscape(c.caption)}</figcaption>\n` +
        `<details><summary>Vega-Lite spec</summary><script type="application/json" class="vl-spec">${JSON.stringify(c.spec).replace(/</g, '\\u003c')}</script></details>\n</figure>`
    );
  }
  const m = rep.meta;
  const rank = byRank(rep);
  const labels = firstRows(rep.rows).sort((a, b) => rank(seriesLabel(a), seriesLabel(b)));
  const table = [
    '<table><thead><tr><th>gate set / peer</th>' + m.sizes.map((n) => `<th>n = ${n}</th>`).join('') + '</tr></thead><tbody>',
    ...labels.map(
      (k) =>
        `<tr><td>${xmlEscape(seriesLabel(k))}${k.aliases.map((a) => ` <small>= ${xmlEscape(a)}</small>`).join('')}</td>` +
        m.sizes
          .map((n) => {
            const r = rowAt(rep.rows, k, n);
            if (!r) return '<td></td>';
            if (r.status === 'n/a' || r.status === 'skipped') {
              // a size a peer does not run says why here
              return `<td class="na" title="${xmlEscape(r.note ?? '')}">${r.status}${!unloadedPeer(r, rep) && r.note ? `<br><small>${xmlEscape(r.note)}</small>` : ''}</td>`;
            }
            if (r.status !== 'ok')
              return `<td class="bad" title="${xmlEscape(r.note ?? '')}">${xmlEscape(r.status === 'wrong-result' ? 'not benchmarked (wrong result)' : r.status)}</td>`;
            return `<td>${fmt(r.medianMs)} ms <small>(${fmt(r.ratioToBaseline)})</small></td>`;
          })
          .join('') +
        '</tr>'
    ),
    '</tbody></table>',
  ].join('\n');
  const peers = rep.peers
    .map((p) => `<li>${xmlEscape(p.id)} (${xmlEscape(p.title)}): ${p.available ? 'available' : `n/a — ${xmlEscape(p.note ?? '')}`}</li>`)
    .join('\n');
  return page(
    `stepwise-msm benchmark — ${xmlEscape(m.curve)}`,
    `<p>${xmlEscape(m.date)} · Node ${xmlEscape(m.node)} · ${m.cpus} × ${xmlEscape(m.cpuModel)} · load avg at start ${m.loadAvg.join(' / ')} · tinybench ${xmlEscape(m.tinybench)} ·
budget ${m.time} ms and ≥ ${m.iterations} iterations per task · seed ${m.seed} · run took ${(m.durationMs / 1000).toFixed(1)} s.
Every result was checked against the discrete-log oracle before timing; ratios are to the all-off baseline in the same run.</p>
<h2>Peers</h2>
<ul>
${peers}
</ul>
${parts.join('\n')}
<h2>Median ms per MSM (÷ none)</h2>
${table}`
  );
}

/** The conformance matrix (targets × input classes) as an HTML section: one table, failing cells with their shrunk requests. */
export function conformanceSection(m: Matrix): string {
  const head = `<tr><th>target</th><th>group</th>${m.classes.map((c) => `<th>${xmlEscape(c)}</th>`).join('')}</tr>`;
  const body = m.rows.map((r) => {
    if (r.skipped !== null)
      return `<tr><td>${xmlEscape(r.spec)}</td><td>–</td><td class="na" colspan="${m.classes.length}">skipped: ${xmlEscape(r.skipped)}</td></tr>`;
    const cells = m.classes
      .map((c) => {
        const cell = r.cells[c];
        const kind = cell?.kind ?? 'n/a';
        const cls = kind === 'agrees' ? 'ok' : kind === 'n/a' ? 'na' : 'bad';
        return `<td class="${cls}" data-kind="${kind}" title="${xmlEscape(cell?.note ?? `${cell?.cases ?? 0} case(s)`)}">${xmlEscape(CELL_TEXT[kind])}</td>`;
      })
      .join('');
    return `<tr><td>${xmlEscape(r.spec)}</td><td>${r.group}</td>${cells}</tr>`;
  });
  const fails = m.rows.flatMap((r) =>
    Object.entries(r.cells)
      .filter(([, c]) => isFailureCell(c))
      .map(
        ([cls, c]) =>
          `<li><b>${xmlEscape(r.spec)}</b> ${r.group} · ${xmlEscape(cls)}: ${xmlEscape(CELL_TEXT[c.kind])}: ${xmlEscape(c.note ?? '')} (seed ${c.seed}, path ${xmlEscape(c.path ?? '')})${
            c.line ? `<br><code class="line">${xmlEscape(c.line.length > 2000 ? c.line.slice(0, 2000) + '…' : c.line)}</code>` : ''
          }</li>`
      )
  );
  return `<section id="conformance">
<h2>Conformance: targets × input classes</h2>
<p>${m.runs} case(s) per cell · seed ${m.seed} · n ≤ ${m.maxN} · ${(m.ms / 1000).toFixed(1)} s · ${xmlEscape(m.date)}. n/a: the group is not supported, or the target takes decoded points so invalid encodings do not reach it.</p>
<table><thead>${head}</thead><tbody>
${body.join('\n')}
</tbody></table>
${fails.length ? `<h3>Failing cells (shrunk requests)</h3>\n<ul>\n${fails.join('\n')}\n</ul>` : ''}
</section>`;
}

/** A standalone HTML page of the conformance matrix (`conformance --html <file>`). */
export function renderConformanceHtml(m: Matrix): string {
  return page('stepwise-msm conformance', conformanceSection(m));
}
