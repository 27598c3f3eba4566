/**
 * `stepwise-msm gate --mutation`: the option is parsed, the Stryker command is the one of
 * `npm run mutation`, and the report is scored and turned into the summary and exit code. The
 * real Stryker run takes tens of minutes, so the in-process gate run below replaces the binary
 * (STEPWISE_STRYKER_BIN) with a stand-in that writes a report with hand-counted statuses.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { INCREMENTAL_STATE, INCREMENTAL_WORK, MUTATION_REPORT, mutationCommand, scoreOf } from '../../harness/cli/mutation.js';
import { ROOT, runCliInProcess, smallGate } from './run-cli.js';

const statuses = (spec: Record<string, number>) => Object.entries(spec).flatMap(([status, k]) => Array.from({ length: k }, () => ({ status })));

// 18 killed + 1 timeout of 19 + 1 survived + 0 no-coverage = 19/20 = 95 % in src/optimized;
// field.ts adds 1 killed and 3 no-coverage: 20/24 = 83.33 % over all files. Ignored ones do not count.
const REPORT = {
  schemaVersion: '2',
  thresholds: { high: 90, low: 80 },
  files: {
    'src/optimized/engine.ts': { language: 'typescript', source: '', mutants: statuses({ Killed: 10, Survived: 1, Ignored: 4 }) },
    'src/optimized/kernels/digits.ts': { language: 'typescript', source: '', mutants: statuses({ Killed: 8, Timeout: 1 }) },
    'src/curve/field.ts': { language: 'typescript', source: '', mutants: statuses({ Killed: 1, NoCoverage: 3 }) },
  },
};

describe('gate --mutation', () => {
  it('scores a report: (killed + timeout) / (killed + timeout + survived + no coverage), by path prefix', () => {
    const opt = scoreOf(REPORT, 'src/optimized/');
    expect(opt).toMatchObject({ killed: 18, timeout: 1, survived: 1, noCoverage: 0, equivalent: 0, costOnly: 0, other: 4 });
    expect(opt.score).toBeCloseTo(95, 10);
    expect(scoreOf(REPORT).score).toBeCloseTo((100 * 20) / 24, 10);
    expect(scoreOf(REPORT, 'src/reference/').score).toBeNull();
  });

  it('`npm run mutation` is the `mutation` subcommand; the Stryker command has the fixed run counts and seed (env, config, --force)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.mutation).toBe('node bin/stepwise-msm.js mutation');
    const c = mutationCommand({ root: ROOT, force: false, threshold: 90 });
    expect(c.env).toEqual({ FC_RUNS: '0.03', FC_SEED: '20261126' });
    expect(c.args).toEqual(['run']);
    expect(mutationCommand({ root: ROOT, config: 'other.mjs', force: true, threshold: 90 }).args).toEqual(['run', 'other.mjs', '--force']);
  });

  it('scores without the triaged equivalent mutants: a survivor matching an entry (file, line, column, mutator, replacement) leaves the denominator', () => {
    const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column: column + 1 } });
    const report = {
      files: {
        'src/optimized/a.ts': {
          mutants: [
            ...statuses({ Killed: 8 }),
            { status: 'Survived', mutatorName: 'EqualityOperator', replacement: 'i <= n', location: at(3, 5) },
            { status: 'Survived', mutatorName: 'EqualityOperator', replacement: 'i >= n', location: at(3, 5) },
          ],
        },
      },
    };
    const eq = [{ file: 'src/optimized/a.ts', line: 3, column: 5, mutator: 'EqualityOperator', replacement: 'i <= n', reason: 'r' }];
    const s = scoreOf(report, 'src/optimized/', eq);
    expect(s).toMatchObject({ killed: 8, survived: 2, equivalent: 1 });
    expect(s.score).toBeCloseTo(80, 10);
    expect(s.scoreWithoutEquivalent).toBeCloseTo((100 * 8) / 9, 10);
    // a cost-only entry stays in the denominator
    const cost = scoreOf(report, 'src/optimized/', [{ ...eq[0], kind: 'cost-only' }]);
    expect(cost).toMatchObject({ equivalent: 0, costOnly: 1 });
    expect(cost.scoreWithoutEquivalent).toBeCloseTo(80, 10);
    // another column or replacement does not match
    expect(scoreOf(report, '', [{ ...eq[0], column: 6 }]).equivalent).toBe(0);
    expect(scoreOf(report, '', [{ ...eq[0], replacement: 'i < n' }]).equivalent).toBe(0);
  });

  it('in the gate: the score goes to the summary; below the threshold exit 1, a failed Stryker run exit 3', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-mutation-'));
    const fake = path.join(dir, 'fake-stryker.mjs');
    const report = path.join(dir, MUTATION_REPORT);
    mkdirSync(path.dirname(report), { recursive: true });
    // the stand-in records its arguments and environment, writes the report and exits with $FAKE_CODE
    writeFileSync(
      fake,
      `#!${process.execPath}\nimport { writeFileSync } from 'node:fs';\n` +
        `import { existsSync, readFileSync } from 'node:fs';\n` +
        `const inc = ${JSON.stringify(INCREMENTAL_WORK)};\n` +
        `writeFileSync('args.json', JSON.stringify({ args: process.argv.slice(2), FC_RUNS: process.env.FC_RUNS, state: existsSync(inc) ? readFileSync(inc, 'utf8') : null }));\n` +
        `writeFileSync(inc, JSON.stringify({ run: (existsSync(inc) ? JSON.parse(readFileSync(inc, 'utf8')).run : 0) + 1 }));\n` +
        `writeFileSync(${JSON.stringify(MUTATION_REPORT)}, ${JSON.stringify(JSON.stringify(REPORT))});\n` +
        `process.exit(Number(process.env.FAKE_CODE ?? 0));\n`
    );
    chmodSync(fake, 0o755);
    const gate = [
      'gate',
      '--sets',
      'none',
      ...smallGate(2, { checks: false }),
      '--corpus',
      path.join(dir, 'corpus'),
      '--mutation',
      '--mutation-config',
      'my.config.mjs',
    ];
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const env = { STEPWISE_STRYKER_BIN: fake };
      const pass = await runCliInProcess(gate, env);
      expect(pass.code, pass.stderr).toBe(0);
      expect(pass.stdout).toMatch(
        /### mutation testing: ✅ src\/optimized 95\.00 % without equivalent mutants \(required 90 %; Stryker's own score 95\.00 %\)/
      );
      expect(pass.stdout).toMatch(/\| all mutated files \| 83\.33 % \| 83\.33 % \| 19 \| 1 \| 1 \| 3 \| 0 \| 0 \| 4 \|/);
      expect(JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8'))).toEqual({ args: ['run', 'my.config.mjs'], FC_RUNS: '0.03', state: null });
      // the state Stryker wrote was packed into the committed file, and is unpacked for the next run
      expect(JSON.parse(gunzipSync(readFileSync(path.join(dir, INCREMENTAL_STATE))).toString())).toEqual({ run: 1 });
      rmSync(path.join(dir, INCREMENTAL_WORK));
      const again = await runCliInProcess(['mutation', '--config', 'my.config.mjs', '--force'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/### mutation testing: ✅ src\/optimized 95\.00 %/);
      expect(JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8'))).toEqual({
        args: ['run', 'my.config.mjs', '--force'],
        FC_RUNS: '0.03',
        state: '{"run":1}',
      });
      expect(JSON.parse(gunzipSync(readFileSync(path.join(dir, INCREMENTAL_STATE))).toString())).toEqual({ run: 2 });
      const low = await runCliInProcess([...gate, '--mutation-threshold', '96'], env);
      expect(low.code).toBe(1);
      expect(low.stdout).toMatch(/### mutation testing: ❌ src\/optimized 95\.00 % without equivalent mutants \(required 96 %/);
      const broken = await runCliInProcess(gate, { ...env, FAKE_CODE: '2' });
      expect(broken.code).toBe(3);
      expect(broken.stdout).toMatch(/### mutation testing: ❌ stryker exited with 2/);
    } finally {
      process.chdir(cwd);
    }
  });
});
