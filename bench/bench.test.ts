/**
 * Fast checks of the benchmark harness: tiny sizes, tiny budgets. The harness must report
 * well-formed JSON with numeric ratios, and must refuse to time a wrong implementation.
 */
import { loadNativeKzg } from '../harness/ckzg.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkerPool, G1, GATES, msm, TOY } from '../src/index.js';
import { benchInputs } from '../harness/bench/inputs.js';
import { oracle } from '../harness/oracle.js';
import { gateSetsFor, parseViews, type GateSetSpec } from '../harness/gate-sets.js';
import { toJson, toMarkdown, writeReports } from '../harness/bench/report.js';
import { runBench, summarize, type BenchReport, type MsmImpl } from '../harness/bench/run.js';
import { Command } from '@commander-js/extra-typings';
import { benchConfigOf, parseSizeList } from '../harness/cli/bench.js';
import { addBenchOptions, type BenchCliOptions } from '../harness/cli/bench-options.js';
import type { Peer } from '../harness/bench/peers.js';
import { runSpeedSuite, speedG2Sizes, speedHtml, speedMarkdown, speedSizes, GOAL_MEASURES } from '../harness/bench/speed-suite.js';

const tiny = { time: 1, iterations: 1, rounds: 2 } as const;

/** The bench command's one parser (what `npm run bench` and `stepwise-msm bench` run), without running it. */
function parseCli(argv: string[]) {
  const c = addBenchOptions(new Command('bench'))
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  c.parse(argv, { from: 'user' });
  const o = c.opts() as BenchCliOptions;
  return { ...benchConfigOf(o), out: o.out };
}

function spec(label: string, gates: Record<string, boolean>, baseline = false): GateSetSpec {
  return { label, gates: Object.freeze({ ...gates }), views: [], aliases: [], baseline };
}
const none = () => Object.fromEntries(GATES.map((g) => [g.id, false]));
const defaults = () => Object.fromEntries(GATES.map((g) => [g.id, g.default]));

function checkStructure(rep: BenchReport, sizes: number[], labels: string[]) {
  const json = JSON.parse(toJson(rep)) as BenchReport;
  expect(json.meta.sizes).toEqual(sizes);
  expect(typeof json.meta.node).toBe('string');
  expect(json.meta.cpus).toBeGreaterThan(0);
  expect(Number.isNaN(Date.parse(json.meta.date))).toBe(false);
  expect(json.meta.gates.map((g) => g.id)).toEqual(GATES.map((g) => g.id));
  for (const n of sizes) for (const l of labels) expect(json.rows.filter((r) => r.kind === 'engine' && r.n === n && r.label === l)).toHaveLength(1);
  for (const r of json.rows) {
    expect(['ok', 'wrong-result', 'error', 'skipped', 'n/a']).toContain(r.status);
    if (r.status !== 'ok') continue;
    expect(r.timed).toBe(true);
    for (const v of [r.medianMs, r.meanMs, r.ratioToBaseline, r.ratioToNoble]) {
      expect(typeof v).toBe('number');
      expect(Number.isFinite(v)).toBe(true);
    }
    expect(r.samples).toBeGreaterThanOrEqual(2); // one or more per round
    if (r.kind === 'engine') expect(Number.isInteger(r.mulTotal)).toBe(true);
  }
  for (const n of sizes) {
    const base = json.rows.find((r) => r.kind === 'engine' && r.n === n && r.label === 'none')!;
    expect(base.ratioToBaseline).toBe(1);
    expect(json.rows.find((r) => r.kind === 'peer' && r.label === 'noble' && r.n === n)!.ratioToNoble).toBe(1);
  }
}

afterAll(() => closeWorkerPool());

describe('bench harness', () => {
  it('inputs are deterministic and the oracle matches the engine', () => {
    for (const curve of [TOY, G1]) {
      const a = benchInputs(curve, 5, 7);
      const b = benchInputs(curve, 5, 7);
      expect(a).toBe(b);
      expect(a.points.every((p: any, i: number) => p.equals(curve.BASE.multiply(a.logs[i])))).toBe(true);
      expect(curve.equals(msm(a.points as any[], a.scalars, { gates: 'none', curve }), a.expected)).toBe(true);
      expect(curve.equals(oracle(curve, a.logs, a.scalars), a.expected)).toBe(true);
    }
  });

  it('views read the registry: ladder is cumulative, single and ablation have one entry per gate', () => {
    const all = gateSetsFor(parseViews('all'));
    expect(all[0].baseline).toBe(true);
    const keys = new Set(all.map((s) => JSON.stringify(s.gates)));
    expect(keys.size).toBe(all.length);
    expect(all.filter((s) => s.views.includes('single'))).toHaveLength(GATES.length);
    expect(all.filter((s) => s.views.includes('ladder'))).toHaveLength(GATES.length + 1);
    const fake = [
      { id: 'b', step: 2, title: '', default: true },
      { id: 'a', step: 1, title: '', default: false },
    ];
    const ladder = gateSetsFor(['ladder'], fake);
    expect(ladder.map((s) => s.gates)).toEqual([
      { a: false, b: false },
      { a: true, b: false },
      { a: true, b: true },
    ]);
    expect(ladder[2].label).toBe('all');
    expect(gateSetsFor(['default'], fake).map((s) => s.gates)).toEqual([
      { a: false, b: false },
      { a: false, b: true },
    ]);
    expect(() => parseViews('ladder,bogus')).toThrow(RangeError);
  });

  it('toy curve, ladder view: well-formed JSON with numeric ratios', async () => {
    const rep = await runBench({ curve: 'toy', sizes: [1, 4], views: ['ladder'], peers: ['noble', 'mcl'], ...tiny });
    checkStructure(
      rep,
      [1, 4],
      gateSetsFor(['ladder']).map((s) => s.label)
    );
    expect(rep.rows.filter((r) => r.kind === 'peer' && r.label === 'mcl').every((r) => r.status === 'n/a')).toBe(true);
    const md = toMarkdown(rep);
    expect(md).toContain('## n = 4');
    expect(md).toContain('| none |');
  });

  it('G1: baseline and default sets, peers timed or n/a, never a crash', async () => {
    const sets = [spec('none', none(), true), spec('default', defaults())];
    const broken: Peer = {
      id: 'broken',
      title: 'a peer that cannot load',
      load: async () => {
        throw new Error('no such library');
      },
    };
    const rep = await runBench({ curve: 'g1', sizes: [1, 4], gateSets: sets, peers: ['noble', 'mcl', 'micro', 'ckzg', broken], entry: 'sync', ...tiny });
    expect(rep.meta.entry).toBe('msm');
    checkStructure(rep, [1, 4], ['none', 'default']);
    expect(rep.peers.find((p) => p.id === 'broken')!.available).toBe(false);
    expect(rep.rows.filter((r) => r.label === 'broken').every((r) => r.status === 'n/a' && !r.timed)).toBe(true);
    const mcl = rep.rows.filter((r) => r.label === 'mcl');
    expect(mcl.every((r) => r.status === 'ok' || r.status === 'n/a')).toBe(true);
    // micro-eth-signer is pure TS on the same noble points: checked against the oracle, then timed
    expect(rep.rows.filter((r) => r.label === 'micro').map((r) => r.status)).toEqual(['ok', 'ok']);
    // c-kzg times a 4096-field-element blob commitment: n/a (with the reason) at other sizes;
    // without the optional c-kzg package (no compiler at npm ci) the reason is that it does not load
    const ck = rep.rows.filter((r) => r.label === 'ckzg');
    const loads = typeof loadNativeKzg() !== 'string';
    const why = loads ? /^c-kzg commits only 4096-point blobs/ : /c-kzg failed to load/;
    expect(ck.length).toBe(2);
    for (const r of ck) expect(r.status === 'n/a' && why.test(r.note ?? ''), r.note ?? undefined).toBe(true);
    // the report says so in words, never as a raw error: once under Peers when it does not load, in each cell of a size it does not run
    const md = toMarkdown(rep);
    expect(md).not.toMatch(/RangeError|error:/);
    if (loads) expect(md).toMatch(/\| peer: ckzg \| {2}\| n\/a: c-kzg commits only 4096-point blobs/);
    else expect(md).toMatch(/\| peer: ckzg \| {2}\| n\/a \|/);
  });

  it('a wrong implementation is reported "not benchmarked" and never timed', async () => {
    const wrongGates = Object.freeze({ ...none() });
    const throwGates = Object.freeze({ ...none() });
    const sets = [spec('none', none(), true), { ...spec('wrong', {}), gates: wrongGates }, { ...spec('throws', {}), gates: throwGates }];
    const calls = { wrong: 0, throws: 0 };
    // Async on purpose: the runner awaits whatever the implementation returns.
    const msmImpl: MsmImpl = async (points, scalars, options) => {
      const r = msm(points as any[], scalars, options as any) as any;
      if (options.gates === wrongGates) {
        calls.wrong++;
        return r.add(r.constructor.BASE); // off by G
      }
      if (options.gates === throwGates) {
        calls.throws++;
        throw new Error('boom');
      }
      return r;
    };
    for (const curve of ['toy', 'g1'] as const) {
      calls.wrong = calls.throws = 0;
      const rep = await runBench({ curve, sizes: [1, 4], gateSets: sets, peers: ['noble'], msmImpl, ...tiny });
      for (const n of [1, 4]) {
        const w = rep.rows.find((r) => r.label === 'wrong' && r.n === n)!;
        expect(w.status).toBe('wrong-result');
        expect(w.note).toBe('not benchmarked (wrong result)');
        expect(w.timed).toBe(false);
        expect(w.medianMs).toBeNull();
        expect(w.ratioToBaseline).toBeNull();
        const t = rep.rows.find((r) => r.label === 'throws' && r.n === n)!;
        expect(t.status).toBe('error');
        expect(t.timed).toBe(false);
        expect(rep.rows.find((r) => r.label === 'none' && r.n === n)!.status).toBe('ok');
      }
      // One correctness call per size, no timing calls.
      expect(calls).toEqual({ wrong: 2, throws: 2 });
      expect(toMarkdown(rep)).toContain('not benchmarked (wrong result)');
    }
  });

  it('sizes above 4096 need a fast 4096 run or --large', async () => {
    const sets = [spec('none', none(), true)];
    const rep = await runBench({ curve: 'toy', sizes: [2, 8192], gateSets: sets, peers: [], count: false, ...tiny });
    const r = rep.rows.find((x) => x.n === 8192)!;
    expect(r.status).toBe('skipped');
    expect(r.timed).toBe(false);
    // On the toy curve 4096 points take far less than 1 s, so 8192 is timed.
    const rep2 = await runBench({ curve: 'toy', sizes: [4096, 8192], gateSets: sets, peers: [], count: false, ...tiny });
    expect(rep2.rows.find((x) => x.n === 8192)!.status).toBe('ok');
  });

  it('prepared mode: the engine runs on a prepare() handle, results still checked', async () => {
    const all = Object.fromEntries(GATES.map((g) => [g.id, true]));
    const rep = await runBench({
      curve: 'toy',
      sizes: [4],
      gateSets: [spec('none', none(), true), spec('all', all)],
      peers: ['noble'],
      prepared: true,
      ...tiny,
    });
    expect(rep.meta.prepared).toBe(true);
    expect(typeof rep.meta.prepareMs['4']).toBe('number');
    checkStructure(rep, [4], ['none', 'all']);
    expect(rep.rows.filter((r) => r.kind === 'engine').every((r) => r.status === 'ok')).toBe(true);
  });

  it('summarize pools samples', () => {
    expect(summarize([3, 1, 2])).toMatchObject({ median: 2, mean: 2, min: 1 });
    expect(summarize([4, 1, 2, 3]).median).toBe(2.5);
    expect(summarize([5]).rme).toBe(0);
  });

  it('CLI parsing and report files', async () => {
    expect(() => parseCli(['--help'])).toThrow(expect.objectContaining({ code: 'commander.helpDisplayed' }));
    const o = parseCli([
      '--curve',
      'toy',
      '--sizes',
      '1,4',
      '--views',
      'ladder,single',
      '--time',
      '5',
      '--iterations',
      '1',
      '--rounds',
      '3',
      '--peers',
      'none',
      '--out',
      'x',
    ]);
    expect(o.config).toMatchObject({ curve: 'toy', sizes: [1, 4], views: ['ladder', 'single'], time: 5, iterations: 1, rounds: 3, peers: [] });
    expect(o.out).toBe('x');
    expect(parseCli(['--entry', 'sync', '--prepared']).config).toMatchObject({ entry: 'sync', prepared: true });
    expect(() => parseCli(['--entry', 'threads'])).toThrow(/Allowed choices are async, sync/);
    expect(parseSizeList('all')).toHaveLength(17);
    expect(() => parseCli(['--curve', 'bn254'])).toThrow(/Allowed choices are g1, g2, toy/);
    expect(() => parseCli(['--bogus'])).toThrow();
    const rep = await runBench({ curve: 'toy', sizes: [2], gateSets: [spec('none', none(), true)], peers: ['noble'], ...tiny });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    try {
      const p = writeReports(rep, dir);
      expect(JSON.parse(readFileSync(p.json, 'utf8')).rows.length).toBe(2);
      expect(readFileSync(p.markdown, 'utf8')).toContain('# stepwise-msm benchmark');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('speed suite: the table renders with its rows', () => {
  it('--quick: every size (G1, G2), the KZG rows, every goal n/a with what was measured anyway, the limits, RSS rows, in Markdown and HTML; the CLI parses the suite', async () => {
    const c = addBenchOptions(new Command('bench')).exitOverride();
    c.parse(['--suite', 'speed', '--quick', '--docs', 'docs/x.md'], { from: 'user' });
    expect(c.opts()).toMatchObject({ suite: 'speed', quick: true, docs: 'docs/x.md' });
    const rep = await runSpeedSuite({ quick: true, rounds: 1, large: false });
    await closeWorkerPool();
    expect(rep.sizes).toEqual(speedSizes(true));
    expect(rep.g2Sizes).toEqual(speedG2Sizes(true));
    expect(rep.times.map((r) => r.work)).toEqual([
      ...rep.sizes.map((n) => `G1 MSM n = ${n}`),
      ...rep.g2Sizes.map((n) => `G2 MSM n = ${n}`),
      'blobToKzgCommitment',
      'computeCellsAndKzgProofs',
      'verifyBlobKzgProof',
    ]);
    for (const r of rep.times.slice(0, rep.sizes.length))
      for (const v of [r.cols.ours!, r.cols.prepared!, r.cols.noble!, r.cols.mcl!]) expect(v).toBeGreaterThan(0);
    // the stand-ins for 4096 and 65536 are timed against ffjavascript; 2 threads and its pool at the largest
    expect(rep.times[1].cols.ffjs).toBeGreaterThan(0);
    expect(rep.times[2].cols.ffjsPool).toBeGreaterThan(0);
    expect(rep.times[2].cols.threads).toBeGreaterThan(0);
    expect(rep.times[0].cols.ffjs).toBeUndefined(); // not a goal size: the column does not apply
    for (const r of rep.times.slice(rep.sizes.length, rep.sizes.length + 2)) expect(r.cols.mcl).toBeGreaterThan(0);
    expect(rep.goals.map((t) => t.measure)).toEqual([...GOAL_MEASURES]);
    for (const t of rep.goals) {
      expect(t.status).toBe('n/a');
      expect(t.note).toMatch(/^--quick/);
    }
    // measured anyway under --quick: ffjavascript, its pool, G2 vs mcl-wasm, threads (the KZG and cold rows are not)
    const anyway = rep.goals.filter((t) => Number.isFinite(t.value)).map((t) => t.id);
    expect(anyway).toEqual(['ffjsMid', 'ffjsLarge', 'poolLarge', 'g2Small', 'g2Large', 'threadsLarge']);
    expect(rep.cold).toBe('--quick');
    const keys = rep.info.map(([k]) => k);
    for (const k of [
      'ns per Fp multiplication',
      'wasm Fp multiplication taken apart',
      'prepare threshold: n = 256, prepare({ table: true }) ÷ plain',
      "model's limit at n = 64",
      'time outside wasm at n = 64',
      'G1 MSM n = 256, one thread ÷ noble pippenger',
      'prepare() handle ÷ plain points, per size',
      'peak RSS at n = 256, plain points',
      'peak RSS at n = 256, prepare()',
    ])
      expect(
        keys.some((x) => x.startsWith(k)),
        k
      ).toBe(true);
    for (const [k, v] of rep.info) if (k.startsWith('peak RSS')) expect(v).toMatch(/^\d+ MB/);
    const md = speedMarkdown(rep);
    const html = speedHtml(rep);
    expect(md.split('\n')[0]).toBe('# Speed table — quick run (small stand-in sizes, no KZG, no cold start)');
    expect(md).not.toMatch(/issue \d/i);
    for (const t of rep.goals) {
      expect(md).toContain(`| ${t.measure} | ${t.shown} | ${t.goal} | ${t.status} | ${t.note!.replace(/\|/g, '\\|')} |`);
      expect(html).toContain(`<td>${t.measure.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</td>`);
    }
    for (const r of rep.times) expect(md).toContain(`| ${r.work} |`);
    expect(md).toContain('load average');
    expect(md).toContain('Not measured: --quick.');
    expect(html).toContain('<h2 id="goals">');
    expect(html).toContain('<h2 id="cold">');
    // what limits it: one row per goal, in order, in Markdown, HTML and JSON
    expect(rep.limits.map((r) => r.measure)).toEqual([...GOAL_MEASURES]);
    rep.limits.forEach((r, i) => {
      expect(r.status).toBe(rep.goals[i].status);
      expect(r.text).toMatch(/^n\/a: --quick/);
      expect(md).toContain(`| ${r.measure} | ${r.status} | ${r.text.replace(/\|/g, '\\|')} |`);
      expect(html).toContain(`<td>${r.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</td>`);
    });
    expect(md).toContain('## What limits it (same run)');
    expect(html).toContain('<h2 id="limits">');
    expect(JSON.parse(JSON.stringify(rep)).limits).toHaveLength(GOAL_MEASURES.length);
    const lim = Object.fromEntries(rep.goals.map((t, i) => [t.id, rep.limits[i].text]));
    // measured anyway under --quick: the model limit vs ffjavascript at 64, threads taken apart at 256, G2's counted work
    expect(lim.ffjsMid).toContain('measured anyway: plain points at n = 64');
    expect(lim.ffjsMid).toContain('limit ÷ ffjavascript');
    expect(lim.poolLarge).toContain('measured anyway: n = 256, threads 2');
    expect(lim.poolLarge).toContain('ffjavascript pool (');
    expect(lim.g2Small).toMatch(/measured anyway: G2 n = 16: .* counted Fp2 multiplications/);
    expect(lim.coldCommit).toBe('n/a: --quick');
    const d = rep.limitsData!;
    if (typeof d.mulSplit === 'string') expect(d.mulSplit).toMatch(/not available|not in this install/);
    else {
      expect(d.mulSplit!.productNs).toBeGreaterThan(0);
      expect(d.mulSplit!.reductionNs).toBeGreaterThan(0);
    }
    expect(d.threads.map((b) => b.n)).toEqual([256]);
    for (const b of d.threads) {
      expect(b.idealMs).toBeCloseTo(Math.max(...b.chunkMs) + b.serialMs, 9);
      // ideal and wall come from separate timed runs: no order between them is asserted (timing
      // on a shared machine is noise; it failed once with wall 8.9 ms < ideal 10.9 ms under load)
      expect(Number.isFinite(b.wallMs) && b.wallMs > 0).toBe(true);
    }
    expect([d.plain!.n, d.prepared!.n, d.largest!.n]).toEqual([64, 64, 256]);
    for (const m of [d.plain!, d.prepared!, d.largest!]) {
      expect(m.muls).toBeGreaterThan(0);
      expect(m.limitMs).toBeCloseTo((m.muls * d.nsPerMul.chain) / 1e6, 9);
      expect(m.profile!.outsideShare).toBeGreaterThanOrEqual(0);
      expect(m.profile!.outsideShare).toBeLessThanOrEqual(1);
      expect(m.profile!.self.reduce((a, x) => a + x.share, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(d.prepare.map((p) => p.n)).toEqual(rep.sizes);
    expect(d.prepare.find((p) => p.n === 64)!.plainMuls).toBe(d.plain!.muls);
    expect(d.ffjs!.map((f) => f.n)).toEqual([64, 256]);
    expect(d.g2!.map((g) => g.n)).toEqual(rep.g2Sizes);
    for (const g of d.g2!) expect(g.fieldOps).toBeGreaterThan(0);
    expect(rep.totalMs).toBeGreaterThan(0);
  }, 300_000);
});
