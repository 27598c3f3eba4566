/**
 * The stage shape and its one renderer (harness/stages.ts): the bail rule, the exit code, the
 * Markdown summary's order (head, table, failures, details) and the JUnit suites.
 */
import { describe, expect, it } from 'vitest';
import { NOT_RUN, exitCode, publish, renderJUnit, renderMarkdown, runStages, verdictOf, writeReport, type Stage, type StageResult } from '../harness/stages.js';

type Ctx = { ran: string[]; skipB?: boolean };

const stage = (id: string, status: 'pass' | 'fail' | 'regression', extra: Partial<Stage<Ctx>> = {}): Stage<Ctx> => ({
  id,
  run(ctx) {
    ctx.ran.push(id);
    return {
      id,
      rows: [{ stage: id, status, text: `${id} ${status}`, ms: 1500 }],
      junit: { cases: [{ name: `${id} case`, classname: 'c', timeSec: 1, ...(status === 'fail' ? { failure: { message: 'm', body: 'b' } } : {}) }], ms: 1500 },
      failures: status === 'fail' ? [`### ${id} failed`, ''] : [],
      details: [`### ${id} details`, ''],
    };
  },
  ...extra,
});

describe('runStages: the one bail rule', () => {
  const stages = [
    stage('a', 'fail'),
    stage('b', 'pass', { skip: (c) => (c.skipB ? { status: 'skipped', text: 'skipped (--skip-b)' } : undefined) }),
    stage('c', 'pass', { junitAlways: true }),
    stage('d', 'pass', { skip: () => null }),
  ];

  it('without --bail every stage that applies runs', async () => {
    const ctx: Ctx = { ran: [] };
    const rs = await runStages(stages, ctx);
    expect(ctx.ran).toEqual(['a', 'b', 'c']);
    expect(rs.map((r) => r.rows.length)).toEqual([1, 1, 1, 0]);
    expect(exitCode(rs)).toBe(1);
  });

  it('with --bail, after a failure the later stages that apply are not run; a stage left out by the configuration keeps its row', async () => {
    const ctx: Ctx = { ran: [], skipB: true };
    const rs = await runStages(stages, ctx, { bail: true });
    expect(ctx.ran).toEqual(['a']);
    expect(rs[1]!.rows[0]).toEqual({ stage: 'b', status: 'skipped', text: 'skipped (--skip-b)' });
    expect(rs[2]!.rows[0]).toEqual({ stage: 'c', status: 'not-run', text: NOT_RUN });
    expect(rs[2]!.junit).toEqual({ cases: [], ms: 0 }); // junitAlways: an empty suite
    expect(rs[1]!.junit).toBeUndefined();
  });

  it('no failure: --bail changes nothing', async () => {
    const ctx: Ctx = { ran: [] };
    const rs = await runStages([stage('a', 'pass'), stage('b', 'regression')], ctx, { bail: true });
    expect(ctx.ran).toEqual(['a', 'b']);
    expect(exitCode(rs)).toBe(2);
    expect(verdictOf(exitCode(rs))).toBe('⚠️ performance regression');
    expect(verdictOf(0)).toBe('✅ passed');
  });
});

describe('renderMarkdown and renderJUnit', () => {
  const results: StageResult[] = [
    { id: 'one', rows: [{ stage: 'one', status: 'pass', text: '✅ fine', ms: 61_000 }], details: ['### one details', ''] },
    {
      id: 'two',
      rows: [
        { stage: 'two', status: 'fail', text: '❌ broke', ms: 1200 },
        { stage: 'two b', status: 'skipped', text: 'skipped (--x)' },
      ],
      failures: ['### two failed', ''],
      details: ['### two details', ''],
      junit: {
        cases: [
          { name: 'x', classname: 'k', timeSec: 0.5, failure: { message: 'bad <thing>', body: 'seed 1' } },
          { name: 'y', classname: 'k', timeSec: 0, skipped: 'why' },
        ],
        ms: 1200,
      },
    },
  ];

  it('head, the stage table (time as s or min, empty without), then every failure, then every detail', () => {
    expect(renderMarkdown(['## title', ''], results)).toBe(
      [
        '## title',
        '',
        '| stage | result | time |',
        '|---|---|---:|',
        '| one | ✅ fine | 1.0 min |',
        '| two | ❌ broke | 1.2 s |',
        '| two b | skipped (--x) | |',
        '',
        '### two failed',
        '',
        '### one details',
        '',
        '### two details',
        '',
      ].join('\n')
    );
    expect(renderMarkdown(['## t'], results, { table: false })).toBe(['## t', '### two failed', '', '### one details', '', '### two details', ''].join('\n'));
  });

  it('JUnit: one suite per stage that has one, counts, escaping, the root time', () => {
    const xml = renderJUnit('run', results, 3000);
    expect(xml).toContain('<testsuites name="run" tests="2" failures="1" time="3.000">');
    expect(xml).toContain('<testsuite name="two" tests="2" failures="1" skipped="1" errors="0" time="1.200">');
    expect(xml).not.toContain('name="one"');
    expect(xml).toContain('<failure message="bad &lt;thing&gt;">bad &lt;thing&gt;\n\nseed 1</failure>');
    expect(xml).toContain('<skipped message="why"/>');
  });
});

describe('writeReport and publish', () => {
  it('a report that cannot be written is a UsageError naming the file (exit 3), after the step summary was appended', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { UsageError } = await import('../harness/cli/errors.js');
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'stepwise-stages-'));
    const aFile = path.join(tmp, 'a-file');
    writeFileSync(aFile, '');
    const target = path.join(aFile, 'junit.xml');
    expect(() => writeReport(target, 'x')).toThrow(UsageError);
    expect(() => writeReport(target, 'x')).toThrow(/cannot write .*a-file[/\\]junit\.xml/);
    expect(writeReport(path.join(tmp, 'sub', 'r.md'), 'ok')).toBe(path.join(tmp, 'sub', 'r.md'));
    expect(readFileSync(path.join(tmp, 'sub', 'r.md'), 'utf8')).toBe('ok');
    const summary = path.join(tmp, 'summary.md');
    const saved = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      expect(() => publish('## the summary', { file: target, xml: () => '<x/>' })).toThrow(UsageError);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved;
    }
    expect(readFileSync(summary, 'utf8')).toBe('## the summary\n');
  });
});
