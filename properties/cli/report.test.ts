/**
 * `bench` writes JSON, Markdown and a static HTML report; the report is opened in headless
 * Chromium, and the test fails if the page logs an error or any chart is empty (no marks drawn).
 * The browser is found by find-browser.ts (STEPWISE_CHROMIUM, then chromium, chromium-browser,
 * google-chrome on PATH); without one the browser check is skipped with the reason printed,
 * except under env CI, where it fails (.ci/run installs Debian's chromium).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { CHROMIUM_ARGS, findBrowser } from '../../harness/browser/find-browser.js';

// read before the bench call below sets CI for its own run
const UNDER_CI = Boolean(process.env.CI);
const BROWSER = findBrowser();
if (!BROWSER.found && !UNDER_CI) console.warn(`[report] skipping the browser check of report.html: ${BROWSER.reason}`);

describe('bench report', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'stepwise-report-'));
  let code = -1;
  let stdout = '';
  let stderr = '';
  beforeAll(async () => {
    const prevCi = process.env.CI;
    process.env.CI = '1';
    code = await main(
      [
        'bench',
        '--curve',
        'toy',
        '--sizes',
        '4,16,64',
        '--views',
        'ladder,single,ablation,default',
        '--pairs-n',
        '16',
        '--time',
        '5',
        '--iterations',
        '1',
        '--out',
        out,
      ],
      {
        out: (s) => (stdout += s),
        err: (s) => (stderr += s),
      }
    );
    if (prevCi === undefined) delete process.env.CI;
    else process.env.CI = prevCi;
  }, 120_000);

  it('bench writes bench.json, bench.md, pairs.json and report.html', () => {
    expect(code, stderr).toBe(0);
    for (const f of ['bench.json', 'bench.md', 'pairs.json', 'report.html']) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(stdout).toMatch(/## Step interactions at n = 16/);
    const json = JSON.parse(readFileSync(path.join(out, 'bench.json'), 'utf8'));
    expect(json.rows.some((r: { kind: string }) => r.kind === 'peer')).toBe(true);
  });

  it("the charts' specs: one colour per gate set and peer across every chart, legends in ladder order, ladder rungs under their ladder names, readable numbers and labels", () => {
    expect(code, stderr).toBe(0);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    const rep = JSON.parse(readFileSync(path.join(out, 'bench.json'), 'utf8')) as {
      meta: { gates: { id: string; step: number }[] };
      peers: { id: string }[];
      rows: { kind: string; label: string; aliases: string[] }[];
    };
    const specs = new Map(
      [...html.matchAll(/<figure class="chart" id="([^"]+)"[\s\S]*?<script type="application\/json" class="vl-spec">([\s\S]*?)<\/script>/g)].map((m) => [
        m[1]!,
        JSON.parse(m[2]!.replace(/\\u003c/g, '<')),
      ])
    );
    const steps = [...rep.meta.gates].sort((a, b) => a.step - b.step).map((g) => g.id);
    const peers = rep.peers.map((p) => `peer: ${p.id}`);
    // the set each series name stands for (a ladder rung may be listed under another family's name)
    const setOf = (name: string) => rep.rows.find((r) => r.kind === 'engine' && (r.label === name || r.aliases.includes(name)))?.label ?? name;
    const colourOf = new Map<string, string>();
    const colourOfSet = new Map<string, string>();
    const timeCharts = [...specs].filter(([id]) => id.startsWith('time-'));
    expect(timeCharts.map(([id]) => id).sort()).toEqual(['time-ablation', 'time-default', 'time-ladder', 'time-single']);
    for (const [id, spec] of timeCharts) {
      const scale = spec.encoding.color.scale as { domain: string[]; range: string[] };
      expect(scale.domain.length, id).toBe(scale.range.length);
      expect(new Set(scale.range).size, `${id}: two series share a colour`).toBe(scale.range.length);
      // the legend lists exactly the chart's series
      expect(new Set(scale.domain), id).toEqual(new Set((spec.data.values as { series: string }[]).map((v) => v.series)));
      scale.domain.forEach((name, i) => {
        const c = scale.range[i]!;
        expect(colourOf.get(name) ?? c, `${name} changes colour in ${id}`).toBe(c);
        colourOf.set(name, c);
        expect(colourOfSet.get(setOf(name)) ?? c, `the set of ${name} changes colour in ${id}`).toBe(c);
        colourOfSet.set(setOf(name), c);
      });
      // ladder order: none first, each family in step order, peers last
      const engine = scale.domain.filter((n) => !n.startsWith('peer: '));
      expect(scale.domain.slice(engine.length), id).toEqual(peers.filter((p) => scale.domain.includes(p)));
      expect(engine[0], id).toBe('none');
      const family = (prefix: string) => engine.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
      for (const prefix of ['ladder +', 'only ', 'all −']) {
        const ids = family(prefix);
        expect(ids, `${id}: ${prefix}`).toEqual(steps.filter((s) => ids.includes(s)));
      }
    }
    // the ladder's rungs under their ladder names, every step once
    expect(specs.get('time-ladder').encoding.color.scale.domain.filter((n: string) => !n.startsWith('peer: '))).toEqual([
      'none',
      ...steps.map((s) => `ladder +${s}`),
    ]);
    expect(colourOfSet.size).toBeGreaterThan(steps.length);
    // peers keep one colour everywhere (checked above) and none of the sets' colours
    for (const p of peers.filter((x) => colourOf.has(x)))
      for (const [set, c] of colourOfSet) if (!set.startsWith('peer: ')) expect(c, `${p} and ${set}`).not.toBe(colourOf.get(p));
    // labels are not cut, legend numbers are rounded
    expect(specs.get('speedup').spec.layer[0].encoding.y.axis.labelLimit).toBeGreaterThanOrEqual(400);
    for (const id of ['interaction-scatter', 'interaction-matrix']) {
      const layers = specs.get(id).layer as { encoding?: { color?: { legend?: { format?: string } } } }[];
      const legends = layers.map((l) => l.encoding?.color?.legend).filter(Boolean);
      expect(legends.length, id).toBeGreaterThan(0);
      for (const l of legends) expect(l!.format, id).toBe('.2f');
    }
    // heat map: numbers on the darkest cells are white, on the palest black
    const matrix = specs.get('interaction-matrix');
    const cells = matrix.data.values as { interaction: number; textColour: string }[];
    const darkest = cells.reduce((a, b) => (Math.abs(Math.log(b.interaction)) > Math.abs(Math.log(a.interaction)) ? b : a));
    const palest = cells.reduce((a, b) => (Math.abs(Math.log(b.interaction)) < Math.abs(Math.log(a.interaction)) ? b : a));
    expect(darkest.textColour).toBe('#ffffff');
    expect(palest.textColour).toBe('#000000');
    const textLayers = (matrix.layer as { mark: { type: string; color?: string } }[]).filter((l) => l.mark.type === 'text');
    expect(textLayers.map((l) => l.mark.color).sort()).toEqual(['#000000', '#ffffff']);
  });

  it.skipIf(!BROWSER.found && !UNDER_CI)(
    `every chart of report.html has marks and the page logs no error in Chromium${BROWSER.found ? '' : ` (${BROWSER.reason})`}`,
    async () => {
      // under CI a missing browser is a failure, with the reason
      if (!BROWSER.found) throw new Error(`the browser check of report.html needs a browser under CI: ${BROWSER.reason}`);
      expect(code, stderr).toBe(0);
      // a fresh profile per run (launchPersistentContext passes it as --user-data-dir)
      const profile = mkdtempSync(path.join(os.tmpdir(), 'stepwise-chromium-profile-'));
      const browser = await chromium.launchPersistentContext(profile, { executablePath: BROWSER.path, headless: true, args: [...CHROMIUM_ARGS] });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(`console: ${m.text()}`);
        });
        page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
        page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
        await page.goto(pathToFileURL(path.join(out, 'report.html')).href, { waitUntil: 'load' });
        const charts = await page.$$eval('figure.chart', (figs) =>
          figs.map((f) => ({
            id: f.id,
            svgs: f.querySelectorAll('svg').length,
            // data marks actually drawn: bars/cells/points with an area, or lines with a length
            // (axes, grids and rules are not counted)
            marks:
              [...f.querySelectorAll('svg g.mark-rect.role-mark > path, svg g.mark-rect.role-mark > rect, svg g.mark-symbol.role-mark > path')].filter((e) => {
                const b = (e as unknown as { getBBox(): { width: number; height: number } }).getBBox();
                return b.width > 0.5 && b.height > 0.5;
              }).length +
              [...f.querySelectorAll('svg g.mark-line.role-mark > path')].filter((e) => {
                const b = (e as unknown as { getBBox(): { width: number; height: number } }).getBBox();
                return b.width > 0.5 || b.height > 0.5;
              }).length,
            width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
          }))
        );
        expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['time-ladder', 'time-single', 'speedup', 'interaction-scatter', 'interaction-matrix']));
        for (const c of charts) {
          expect(c.svgs, c.id).toBe(1);
          expect(c.marks, `chart ${c.id} is empty`).toBeGreaterThan(0);
          expect(c.width, c.id).toBeGreaterThan(100);
        }
        // a screenshot of each chart's plotting area (the box of its data marks, legend and axes
        // left out) is not blank: coloured pixels (lines, points, bars, cells), not only the white
        // background and the grey of the grid
        for (const id of charts.map((c) => c.id)) {
          const clip = await page.$eval(`figure.chart#${id} svg`, (svg) => {
            const boxes = [...svg.querySelectorAll('g.role-mark')]
              .filter((g) => !g.closest('.role-legend') && !g.closest('.role-axis') && !g.closest('.role-title'))
              .map((g) => g.getBoundingClientRect())
              .filter((b) => b.width > 0 || b.height > 0);
            const x = Math.min(...boxes.map((b) => b.left));
            const y = Math.min(...boxes.map((b) => b.top));
            return { x, y, width: Math.max(...boxes.map((b) => b.right)) - x, height: Math.max(...boxes.map((b) => b.bottom)) - y };
          });
          expect(clip.width * clip.height, `chart ${id}: no plotting area`).toBeGreaterThan(1000);
          const png = await page.screenshot({ clip, fullPage: true });
          const px = await page.evaluate(async (b64) => {
            // in the page (the project's types have no DOM library)
            const { Image, document } = globalThis as unknown as { Image: new () => any; document: any };
            const img = new Image();
            img.src = `data:image/png;base64,${b64}`;
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = img.width;
            canvas.height = img.height;
            const ctx = canvas.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const d: Uint8ClampedArray = ctx.getImageData(0, 0, img.width, img.height).data;
            let ink = 0;
            let coloured = 0;
            for (let i = 0; i < d.length; i += 4) {
              const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
              if (r < 235 || g < 235 || b < 235) ink++;
              if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
            }
            return { total: d.length / 4, ink, coloured };
          }, png.toString('base64'));
          console.log(`[report] ${id}: ${px.total} px, ${px.ink} not background, ${px.coloured} coloured`);
          expect(px.coloured, `chart ${id} shows no coloured mark`).toBeGreaterThan(300);
          expect(px.ink / px.total, `chart ${id} is almost blank`).toBeGreaterThan(0.01);
        }
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }
  );
});
