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
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }
  );
});
