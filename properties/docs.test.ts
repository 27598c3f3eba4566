/**
 * docs/steps.md is generated (scripts/steps-doc.ts) from the measurements in docs/data/steps.json
 * and the step headers; these tests fail when the committed doc is stale, when a registered step
 * has no section or lost its rejected alternatives, when the measurement file misses a comparison,
 * and when a step header grows back into a run log.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GATES } from '../src/index.js';
import { STEPS_DOC, comparisons, group, noiseNote, readStepsData, rejectedOf, stepHeading, stepsDoc, type StepsData } from '../scripts/steps-doc.js';
import type { BenchReport, BenchRow } from '../harness/bench/run.js';

const STEPS_DIR = fileURLToPath(new URL('../src/optimized/steps/', import.meta.url));

describe('docs/steps.md', () => {
  it('equals what the generator makes of docs/data/steps.json (regenerate: npm run docs:steps)', () => {
    expect(readFileSync(STEPS_DOC, 'utf8')).toBe(stepsDoc());
  });

  it('has exactly one section per registered step (and step 00)', () => {
    const text = readFileSync(STEPS_DOC, 'utf8');
    const headings = text.split('\n').filter((l) => l.startsWith('## Step '));
    const expected = [stepHeading(0, 'baseline'), ...[...GATES].sort((a, b) => a.step - b.step).map((g) => stepHeading(g.step, g.id))];
    expect(headings).toEqual(expected);
  });

  it("gives every step its header's rejected alternatives, and no history or run logs", () => {
    const text = readFileSync(STEPS_DOC, 'utf8');
    const sections = text.split(/\n(?=## Step )/).slice(1);
    expect(sections.length).toBe(GATES.length + 1);
    for (const f of readdirSync(STEPS_DIR).filter((x) => /^\d\d-.*\.ts$/.test(x))) {
      const rejected = rejectedOf(readFileSync(STEPS_DIR + f, 'utf8'));
      expect(rejected, `${f} has no Rejected: paragraph`).toBeDefined();
      const section = sections.find((s) => s.startsWith(`## Step ${f.slice(0, 2)} `));
      expect(section, f).toContain(`\nRejected: ${rejected}\n`);
    }
    expect(text).not.toMatch(/^#+ .*History/m);
    expect(text).not.toMatch(/\bissue \d+/i);
  });

  it('rejectedOf reads the paragraph up to the next label or the end of the header', () => {
    const src = ['/**', ' * Step 99 — x: y.', ' * Default: on.', ' * Rejected (by count): a (more', ' * work); b.', ' * References: z.', ' */', 'code'].join(
      '\n'
    );
    expect(rejectedOf(src)).toBe('a (more work); b.');
    expect(rejectedOf(['/**', ' * Alternatives: none.', ' */'].join('\n'))).toBe('none.');
    expect(rejectedOf(['/**', ' * Default: on.', ' */', '// Rejected: not in the header'].join('\n'))).toBeUndefined();
  });
});

describe('docs/data/steps.json', () => {
  const data = readStepsData();
  const plain = data.runs.find((r) => r.name === 'plain');

  it('holds, for every gate it was measured with, off and on rows in both contexts at every size, with counts', () => {
    expect(plain).toBeDefined();
    const { meta } = plain!.report;
    expect(meta.sizes.length).toBeGreaterThan(0);
    expect(meta.date).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(meta.cpuModel.length).toBeGreaterThan(0);
    for (const g of meta.gates) {
      const cs = comparisons({ about: '', runs: [plain!] }, g.id);
      expect(cs.map((c) => `${c.context}@${c.n}`).sort(), g.id).toEqual(meta.sizes.flatMap((n) => [`none@${n}`, `default@${n}`]).sort());
      for (const c of cs) {
        expect(Number.isInteger(c.off.mulTotal) && c.off.mulTotal! > 0, `${g.id} ${c.context} n=${c.n} off`).toBe(true);
        expect(Number.isInteger(c.on.mulTotal) && c.on.mulTotal! > 0, `${g.id} ${c.context} n=${c.n} on`).toBe(true);
      }
    }
  });

  it('was measured with registered gates only (re-measure after renaming a step); a step added since is "not measured yet" in the doc', () => {
    const measured = plain!.report.meta.gates.map((g) => g.id);
    const registered = GATES.map((g) => g.id);
    expect(measured.filter((id) => !registered.includes(id))).toEqual([]);
    const doc = readFileSync(STEPS_DOC, 'utf8');
    for (const g of GATES.filter((x) => !measured.includes(x.id)))
      expect(doc).toMatch(new RegExp(`## ${stepHeading(g.step, g.id).slice(3)}\\n\\n[^\\n]*\\n\\nNot measured yet`));
  });
});

describe('scripts/steps-doc.ts', () => {
  // A hand-made report with known counts: the generator must pair the rows by gate record.
  function row(gates: Record<string, boolean>, n: number, mulTotal: number, medianMs: number, inv = 0): BenchRow {
    return {
      kind: 'engine',
      label: JSON.stringify(gates),
      views: [],
      aliases: [],
      gates,
      n,
      status: 'ok',
      note: null,
      timed: true,
      medianMs,
      meanMs: medianMs,
      minMs: medianMs,
      rme: 0,
      samples: 1,
      checkMs: medianMs,
      ratioToBaseline: null,
      ratioToNoble: null,
      mulTotal,
      counts: { mul: mulTotal, sqr: 0, inv },
      trace: { window: 7, windowSource: 'heuristic', path: 'pippenger', windows: 37, bucketCount: 127 },
    };
  }
  const meta = {
    date: '2026-01-02T03:04:05.000Z',
    node: 'v20',
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'test cpu',
    totalMemGiB: 1,
    loadAvg: [0, 0, 0],
    tinybench: 'x',
    curve: 'bls12-381-g1',
    sizes: [256],
    views: [],
    time: 0,
    iterations: 1,
    rounds: 1,
    entry: 'msm',
    prepared: false,
    prepareMs: {},
    large: false,
    seed: 1,
    threads: null,
    gates: [
      { id: 'smallFastPath', step: 1, title: 'A', default: true },
      { id: 'bucketReuse', step: 4, title: 'B', default: false },
      { id: 'signedDigits', step: 5, title: 'C', default: true },
    ],
    durationMs: 0,
  } as unknown as BenchReport['meta'];
  const fake: StepsData = {
    about: '',
    runs: [
      {
        name: 'plain',
        report: {
          meta,
          gateSets: [],
          peers: [],
          rows: [
            row({ smallFastPath: false, bucketReuse: false, signedDigits: false }, 256, 200000, 100),
            row({ smallFastPath: true, bucketReuse: false, signedDigits: false }, 256, 150000, 80, 12),
            row({ smallFastPath: false, bucketReuse: true, signedDigits: false }, 256, 190000, 120),
            row({ smallFastPath: false, bucketReuse: false, signedDigits: true }, 256, 160000, 90),
            row({ smallFastPath: true, bucketReuse: false, signedDigits: true }, 256, 100000, 40),
            row({ smallFastPath: true, bucketReuse: true, signedDigits: true }, 256, 90000, 50, 3),
          ],
        },
      },
    ],
  };

  it('pairs off and on by gate record, in the none and default contexts', () => {
    const a = comparisons(fake, 'smallFastPath');
    expect(a.map((c) => [c.context, c.off.mulTotal, c.on.mulTotal, c.on.inv])).toEqual([
      ['none', 200000, 150000, 12],
      ['default', 160000, 100000, 0],
    ]);
    expect(a[0].mulRatio).toBeCloseTo(0.75, 12);
    expect(a[0].timeRatio).toBeCloseTo(0.8, 12);
    expect(a[1].mulRatio).toBeCloseTo(0.625, 12);
    expect(a[1].timeRatio).toBeCloseTo(40 / 90, 12);
    // bucketReuse is default-off: in the default context "off" is the default set, "on" adds it.
    const b = comparisons(fake, 'bucketReuse');
    expect(b.map((c) => [c.context, c.off.mulTotal, c.on.mulTotal, c.on.inv])).toEqual([
      ['none', 200000, 190000, 0],
      ['default', 100000, 90000, 3],
    ]);
    const c = comparisons(fake, 'signedDigits');
    expect(c.map((x) => [x.context, x.off.mulTotal, x.on.mulTotal])).toEqual([
      ['none', 200000, 160000],
      ['default', 150000, 100000],
    ]);
    expect(comparisons(fake, 'unknown')).toEqual([]);
  });

  it('renders the ratios as summary tables and, per step, the windows and inversions that change', () => {
    const doc = stepsDoc(fake);
    expect(doc).toContain('| 4 | `bucketReuse` | off | 0.950 | 0.900 |');
    expect(doc).toContain('| 4 | `bucketReuse` | off | 1.20 | 1.25 |');
    expect(doc).toContain('| 1 | `smallFastPath` | on | 0.750 | 0.625 |');
    expect(doc).toContain('| 1 | `smallFastPath` | on | 0.80 | 0.44 |');
    expect(doc).toContain('- Inversions, off → on: none, n = 256: 0 → 12.');
    expect(doc).toContain('- Inversions, off → on: default (+ this gate), n = 256: 0 → 3.');
    expect(doc).toContain('- Inversions, off → on: default, n = 256: 12 → 0.');
    expect(doc).not.toContain('Window / path');
    expect(doc).toContain('Timing noise of this run: not measured (no identical-work pairs).');
    // a step that changes the path: smallFastPath answering instead of the bucket method
    const rows = fake.runs[0].report.rows.map((r, i) => (i === 1 ? { ...r, trace: { ...r.trace!, path: 'smallFastPath' } } : r));
    const moved = stepsDoc({ about: '', runs: [{ ...fake.runs[0], report: { ...fake.runs[0].report, rows } }] });
    expect(moved).toContain('- Window / path, off → on: none, n = 256: c = 7 → smallFastPath.');
    // a registered step without measurements still gets its section
    expect(doc).toContain('## Step 07 — batchAffine\n\n');
    expect(doc).toMatch(/## Step 07 — batchAffine\n\n[^\n]*\n\nNot measured yet/);
  });

  it('reads the timing noise off the identical-work fixedBase pairs of the plain run', () => {
    const rows = fake.runs[0].report.rows;
    const withFb: StepsData = {
      about: '',
      runs: [
        {
          name: 'plain',
          report: {
            ...fake.runs[0].report,
            meta: { ...meta, gates: [...meta.gates, { id: 'fixedBase', step: 10, title: 'F', default: true }] },
            rows: [
              ...rows.map((r) => ({ ...r, gates: { ...r.gates, fixedBase: false } })),
              { ...rows[0], gates: { ...rows[0].gates, fixedBase: true }, medianMs: 125 },
              { ...rows[4], gates: { ...rows[4].gates, fixedBase: true }, medianMs: 36 },
            ],
          },
        },
      ],
    };
    expect(noiseNote(withFb)).toContain('its 2 plain-run pairs do identical work, and their time ratios spread over 0.90–1.25;');
  });

  it('groups digits without the locale', () => {
    expect(group(0)).toBe('0');
    expect(group(999)).toBe('999');
    expect(group(1000)).toBe('1 000');
    expect(group(1847716)).toBe('1 847 716');
  });
});

describe('step headers', () => {
  // "Step headers keep what lasts (what, slots, invariant, default, references, rejected
  // alternatives); measured figures live in docs/steps.md."
  const files = readdirSync(STEPS_DIR).filter((f) => /^\d\d-.*\.ts$/.test(f));
  it.each(files)('%s: one leading comment block of at most 24 lines, without run logs', (f) => {
    const lines = readFileSync(STEPS_DIR + f, 'utf8').split('\n');
    expect(lines[0]).toBe('/**');
    const end = lines.findIndex((l) => l.trim() === '*/');
    expect(end).toBeGreaterThan(0);
    expect(end + 1).toBeLessThanOrEqual(24);
    const header = lines.slice(0, end + 1).join('\n');
    expect(header).toMatch(/Invariant:/);
    expect(header).toMatch(/Default:/);
    for (const bad of [/\b\d+(\.\d+)?\s?(ms|ns)\b/, /load average/i, /\bVM\b/, /\b20\d\d-\d\d-\d\d\b/, /\brun [A-D]\b/]) expect(header).not.toMatch(bad);
  });
});
