/**
 * The pure parts of the gate-power experiment (scripts/gate-power.ts):
 * locating Stryker's mutants in the current source, applying a mutant or a patch, the seeded
 * sample, the results log and resume, and the report. (Running mutants against the gate is the
 * command itself: minutes per mutant, not a test.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASSES } from '../scripts/bug-classes.js';
import { GATE_BASE, parseOptions } from '../scripts/gate-power.js';
import {
  applyMutant,
  applyPatch,
  classMutant,
  collectKilled,
  currentTestFile,
  locate,
  type Mutant,
  offsetOf,
  type StrykerState,
  sample,
  textAt,
} from '../scripts/gate-power/mutants.js';
import {
  buildReport,
  discountControl,
  classify,
  gateFailures,
  hintFor,
  lookup,
  parseLog,
  type ResultLine,
  type Row,
  rateOf,
  vitestFailures,
} from '../scripts/gate-power/report.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('gate-power: positions and locating mutants', () => {
  it('offsetOf and textAt use 1-based lines and columns, an end column may be one past the line', () => {
    const t = 'ab\ncde\nf';
    expect(offsetOf(t, { line: 1, column: 1 })).toBe(0);
    expect(offsetOf(t, { line: 2, column: 2 })).toBe(4);
    expect(offsetOf(t, { line: 2, column: 4 })).toBe(6);
    expect(offsetOf(t, { line: 2, column: 5 })).toBe(-1);
    expect(offsetOf(t, { line: 4, column: 1 })).toBe(-1);
    expect(textAt(t, { line: 1, column: 2 }, { line: 2, column: 3 })).toBe('b\ncd');
    expect(textAt(t, { line: 2, column: 3 }, { line: 2, column: 2 })).toBeUndefined();
  });

  const recorded = ['const a = 1;', 'if (n < 32) return x;', 'return y;'].join('\n');
  const at = { location: { start: { line: 2, column: 5 }, end: { line: 2, column: 11 } } };

  it('same place: the text and its lines unchanged', () => {
    const current = `${recorded}\n// more below`;
    expect(locate(recorded, current, at)).toEqual({ how: 'same', start: { line: 2, column: 5 }, end: { line: 2, column: 11 } });
  });

  it('moved: its lines occur once, further down, and the positions follow them', () => {
    const current = `// a new header\n// two lines\n${recorded}`;
    expect(locate(recorded, current, at)).toEqual({ how: 'moved', start: { line: 4, column: 5 }, end: { line: 4, column: 11 } });
  });

  it('stale: its lines were edited, or occur twice', () => {
    expect(locate(recorded, recorded.replace('n < 32', 'n < 33'), at)).toEqual({ how: 'stale', why: 'its lines changed' });
    expect(locate(recorded, `if (n < 32) return x;\n${recorded.replace('const a = 1;', 'const a = 2;')}`, at)).toEqual({
      how: 'stale',
      why: 'its lines occur 2 times',
    });
    expect(locate(recorded, recorded, { location: { start: { line: 9, column: 1 }, end: { line: 9, column: 2 } } }).how).toBe('stale');
  });

  it('collectKilled: only killed mutants under the prefix, located, sorted, stale and missing files counted, killing test files mapped to current paths', () => {
    const state: StrykerState = {
      files: {
        'src/optimized/b.ts': {
          source: 'x = 1;\ny = 2;\n',
          mutants: [
            {
              id: '7',
              mutatorName: 'NumericLiteral',
              replacement: '0',
              status: 'Killed',
              killedBy: ['t1'],
              location: { start: { line: 2, column: 5 }, end: { line: 2, column: 6 } },
            },
            {
              id: '8',
              mutatorName: 'NumericLiteral',
              replacement: '0',
              status: 'Survived',
              location: { start: { line: 1, column: 5 }, end: { line: 1, column: 6 } },
            },
            {
              id: '9',
              mutatorName: 'NumericLiteral',
              replacement: '5',
              status: 'Killed',
              killedBy: ['t2'],
              location: { start: { line: 1, column: 5 }, end: { line: 1, column: 6 } },
            },
          ],
        },
        'src/optimized/a.ts': {
          source: 'p();\n',
          mutants: [
            {
              id: '3',
              mutatorName: 'BlockStatement',
              replacement: '{}',
              status: 'Killed',
              location: { start: { line: 1, column: 1 }, end: { line: 1, column: 4 } },
            },
          ],
        },
        'src/optimized/gone.ts': {
          source: 'q();\n',
          mutants: [
            {
              id: '4',
              mutatorName: 'BlockStatement',
              replacement: '{}',
              status: 'Killed',
              location: { start: { line: 1, column: 1 }, end: { line: 1, column: 4 } },
            },
          ],
        },
        'src/curve/field.ts': {
          source: 'z();\n',
          mutants: [
            {
              id: '5',
              mutatorName: 'BlockStatement',
              replacement: '{}',
              status: 'Killed',
              location: { start: { line: 1, column: 1 }, end: { line: 1, column: 4 } },
            },
          ],
        },
      },
      testFiles: {
        'properties/mutation/engine.test.ts': { tests: [{ id: 't1', name: 'e' }] },
        'properties/differential.test.ts': { tests: [{ id: 't2', name: 'd' }] },
      },
    };
    const sources: Record<string, string> = {
      // b.ts: a line inserted above, so mutant 7 moved; mutant 9's line changed
      'src/optimized/b.ts': '// new\nx = 3;\ny = 2;\n',
      'src/optimized/a.ts': 'p();\n',
    };
    const exists = (f: string) => ['properties/engine.test.ts', 'properties/differential.test.ts'].includes(f);
    const c = collectKilled(state, (f) => sources[f], { exists });
    expect(c.killed).toBe(4);
    expect(c.same).toBe(1);
    expect(c.moved).toBe(1);
    expect(c.stale).toEqual({ 'its lines changed': 1 });
    expect(c.missingFile).toBe(1);
    expect(c.mutants.map((m) => [m.id, m.file, m.line, m.column, m.original, m.replacement, m.located])).toEqual([
      ['stryker-3', 'src/optimized/a.ts', 1, 1, 'p()', '{}', 'same'],
      ['stryker-7', 'src/optimized/b.ts', 3, 5, '2', '0', 'moved'],
    ]);
    expect(c.mutants[1].killedByFiles).toEqual(['properties/engine.test.ts']);
  });

  it('currentTestFile: moved survivor tests map to their subjects’ files', () => {
    const has =
      (...fs: string[]) =>
      (f: string) =>
        fs.includes(f);
    expect(currentTestFile('properties/x.test.ts', has('properties/x.test.ts'))).toEqual(['properties/x.test.ts']);
    expect(currentTestFile('properties/mutation/kernels.test.ts', has('properties/kernels.test.ts'))).toEqual(['properties/kernels.test.ts']);
    expect(currentTestFile('properties/mutation/workers.test.ts', has('properties/steps/workers.test.ts'))).toEqual(['properties/steps/workers.test.ts']);
    expect(currentTestFile('properties/mutation/steps.test.ts', has())).toEqual(['properties/steps']);
    expect(currentTestFile('properties/old.test.ts', has())).toEqual([]);
  });
});

describe('gate-power: applying mutants and patches', () => {
  const m = { id: 'stryker-1', line: 2, column: 5, original: 'a < b', replacement: 'a <= b' };

  it('applyMutant replaces the original text at its position, nothing else', () => {
    expect(applyMutant('x\nif (a < b) a < b;\n', m)).toBe('x\nif (a <= b) a < b;\n');
  });

  it('applyMutant refuses a source where the original text is not at the position (stale)', () => {
    expect(() => applyMutant('x\nif (a > b) a < b;\n', m)).toThrow(/stryker-1.*2:5.*stale/);
    expect(() => applyMutant('x\n', m)).toThrow(/stale/);
  });

  it('applyPatch needs exactly one match', () => {
    const p = { file: 'f.ts', find: 'k - 1', replace: 'k' };
    expect(applyPatch('j = k - 1;', p)).toBe('j = k;');
    expect(() => applyPatch('j = k;', p)).toThrow(/f\.ts.*found 0/);
    expect(() => applyPatch('k - 1; k - 1', p)).toThrow(/found 2/);
  });

  it('classMutant: id, the first patch’s line and text', () => {
    const c = classMutant({ id: 'x', title: 'T', patches: [{ file: 'f.ts', find: 'b = 2', replace: 'b = 3' }], files: ['p.test.ts'] }, () => 'a = 1\nb = 2\n');
    expect([c.id, c.kind, c.file, c.line, c.original, c.replacement, c.title, c.killedByFiles]).toEqual([
      'class-x',
      'class',
      'f.ts',
      2,
      'b = 2',
      'b = 3',
      'T',
      ['p.test.ts'],
    ]);
  });

  it('every hand-made bug class still applies to the current source (exactly one match per patch)', () => {
    for (const c of CLASSES) {
      const text = new Map<string, string>();
      for (const p of c.patches) {
        const src = text.get(p.file) ?? readFileSync(path.join(ROOT, p.file), 'utf8');
        expect(() => text.set(p.file, applyPatch(src, p)), `class ${c.id}, ${p.file}`).not.toThrow();
      }
    }
  });
});

describe('gate-power: the seeded sample', () => {
  it('is a replayable draw without repetition, and a larger sample extends a smaller one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 70 }), fc.nat(), (n, k1, k2, seed) => {
        const items = Array.from({ length: n }, (_, i) => i);
        const a = sample(items, k1, seed);
        expect(sample(items, k1, seed)).toEqual(a);
        expect(a.length).toBe(Math.min(k1, n));
        expect(new Set(a).size).toBe(a.length);
        for (const x of a) expect(x >= 0 && x < n).toBe(true);
        const b = sample(items, k2, seed);
        const short = Math.min(a.length, b.length);
        expect(a.slice(0, short)).toEqual(b.slice(0, short));
      })
    );
  });

  it('depends on the seed and is not the identity order', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const a = sample(items, 20, 1);
    expect(sample(items, 20, 2)).not.toEqual(a);
    expect(a).not.toEqual(items.slice(0, 20));
  });

  it('draws every item about equally often (seeds 0..1999, 10 items, 3 each)', () => {
    const hits = new Array(10).fill(0);
    const items = Array.from({ length: 10 }, (_, i) => i);
    for (let s = 0; s < 2000; s++) for (const x of sample(items, 3, s)) hits[x]++;
    // expected 600 each; ±6 σ (σ ≈ 20.5)
    for (const h of hits) expect(Math.abs(h - 600)).toBeLessThan(125);
  });

  it('a bad size is a RangeError naming k', () => {
    expect(() => sample([1], -1, 0)).toThrow(RangeError);
    expect(() => sample([1], 1.5, 0)).toThrow(/sample size k/);
  });
});

describe('gate-power: outcomes, log and resume', () => {
  it('classify: gate exit 0 missed, 1 or 2 killed, 3 an error, timeout apart; vitest only 0 and 1', () => {
    expect(classify('gate', 0, false)).toBe('survived');
    expect(classify('gate', 1, false)).toBe('killed');
    expect(classify('gate', 2, false)).toBe('killed');
    expect(classify('gate', 3, false)).toBe('error');
    expect(classify('gate', null, false)).toBe('error');
    expect(classify('gate', null, true)).toBe('timeout');
    expect(classify('gate', 0, true)).toBe('timeout');
    expect(classify('suite', 1, false)).toBe('killed');
    expect(classify('suite', 2, false)).toBe('error');
  });

  it('parseLog skips a torn last line; lookup takes the latest non-error result of the same commit and arguments', () => {
    const line = (id: string, outcome: 'killed' | 'survived' | 'error', commit = 'c1', args = ['gate']): ResultLine => ({
      id,
      runner: 'gate',
      commit,
      args,
      result: { outcome, code: outcome === 'killed' ? 1 : outcome === 'survived' ? 0 : 3, seconds: 1 },
      at: 't',
    });
    const text = [
      line('m1', 'survived'),
      line('m1', 'killed'),
      line('m2', 'error'),
      line('m3', 'killed', 'c2'),
      line('m4', 'killed', 'c1', ['gate', '--runs', '5']),
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const log = parseLog(`${text}\n{"id":"m5","runn`);
    expect(log.length).toBe(5);
    expect(lookup(log, 'm1', 'gate', 'c1', ['gate'])?.outcome).toBe('killed');
    expect(lookup(log, 'm2', 'gate', 'c1', ['gate'])).toBeUndefined();
    expect(lookup(log, 'm3', 'gate', 'c1', ['gate'])).toBeUndefined();
    expect(lookup(log, 'm4', 'gate', 'c1', ['gate'])).toBeUndefined();
    expect(lookup(log, 'm4', 'gate', 'c1', ['gate', '--runs', '5'])?.outcome).toBe('killed');
    expect(lookup(log, 'm1', 'suite', 'c1', ['gate'])).toBeUndefined();
  });

  it('gateFailures and vitestFailures read the failing stages and tests', () => {
    const gate = '[gate] properties none ✓\n[gate] FAIL default (toy n≤40): n = 2\n| default | ❌ 3 runs | ✅ |\nok';
    expect(gateFailures(gate)).toEqual(['[gate] FAIL default (toy n≤40): n = 2', '| default | ❌ 3 runs | ✅ |']);
    const vt = '\x1b[31m FAIL \x1b[39m properties/a.test.ts > d > t1\n FAIL  properties/b.test.ts\n ✓ properties/c.test.ts';
    expect(vitestFailures(vt)).toEqual(['properties/a.test.ts > d > t1', 'properties/b.test.ts']);
  });

  it('discountControl: a suite kill only through tests that pass without the mutant', () => {
    const control = { outcome: 'killed' as const, code: 1, seconds: 9, failed: ['a.test.ts > flaky'] };
    const onlyKnown = discountControl({ outcome: 'killed', code: 1, seconds: 5, failed: ['a.test.ts > flaky'] }, control);
    expect(onlyKnown.outcome).toBe('error');
    expect(onlyKnown.tail).toMatch(/fail without the mutant too: a\.test\.ts > flaky/);
    const own = discountControl({ outcome: 'killed', code: 1, seconds: 5, failed: ['a.test.ts > flaky', 'b.test.ts > real'] }, control);
    expect([own.outcome, own.failed]).toEqual(['killed', ['b.test.ts > real']]);
    const survived = { outcome: 'survived' as const, code: 0, seconds: 5 };
    expect(discountControl(survived, control)).toBe(survived);
    const clean = { outcome: 'killed' as const, code: 1, seconds: 5, failed: ['a.test.ts > flaky'] };
    expect(discountControl(clean, { outcome: 'survived', code: 0, seconds: 9 })).toBe(clean);
    expect(discountControl(clean, undefined)).toBe(clean);
  });

  it('rateOf leaves errors out and counts timeouts as detected', () => {
    const r = rateOf([
      { outcome: 'killed', code: 1, seconds: 1 },
      { outcome: 'timeout', code: null, seconds: 1 },
      { outcome: 'survived', code: 0, seconds: 1 },
      { outcome: 'survived', code: 0, seconds: 1 },
      { outcome: 'error', code: 3, seconds: 1 },
      undefined,
    ]);
    expect(r).toEqual({ valid: 4, killed: 1, timeout: 1, survived: 2, errors: 1, rate: 50 });
    expect(rateOf([]).rate).toBeNull();
  });
});

describe('gate-power: the report', () => {
  const mk = (id: string, file: string, line: number, mutator: string, original: string, replacement: string): Mutant => ({
    id,
    kind: id.startsWith('class-') ? 'class' : 'stryker',
    file,
    line,
    column: 3,
    mutator,
    original,
    replacement,
    patches: [],
  });
  const rows: Row[] = [
    {
      mutant: mk('stryker-1', 'src/optimized/engine.ts', 10, 'EqualityOperator', 'a < b', 'a <= b'),
      gate: { outcome: 'killed', code: 1, seconds: 30, failed: ['[gate] FAIL all'] },
    },
    {
      mutant: mk('stryker-2', 'src/optimized/steps/02-windowCostModel.ts', 44, 'ArithmeticOperator', 'c + 1', 'c - 1'),
      gate: { outcome: 'survived', code: 0, seconds: 50 },
      reason: { kind: 'cost-only', reason: 'the window only', source: 'manual' },
    },
    {
      mutant: mk('stryker-3', 'src/optimized/engine.ts', 99, 'BlockStatement', '{ x(); }', '{}'),
      gate: { outcome: 'error', code: 3, seconds: 2, tail: 'unknown option' },
    },
    { mutant: mk('stryker-4', 'src/optimized/engine.ts', 120, 'BooleanLiteral', 'true', 'false') },
  ];
  const classes: Row[] = [
    { mutant: mk('class-k', 'src/optimized/pool.ts', 7, 'hand-made', 'partials', 'partials.reverse()'), gate: { outcome: 'survived', code: 0, seconds: 40 } },
    { mutant: mk('class-j', 'src/optimized/kernels/affine.ts', 7, 'hand-made', '3x', '2x'), gate: { outcome: 'timeout', code: null, seconds: 200 } },
  ];
  const r = buildReport({
    commit: 'abcdef0123456789',
    seed: 7,
    sampleSize: 4,
    command: 'npx tsx scripts/gate-power.ts --sample 4 --seed 7',
    gateArgs: ['gate', '--skip-bench'],
    timeoutSeconds: 200,
    suiteMode: 'stryker',
    collected: { killed: 10, same: 5, moved: 3, stale: { 'its lines changed': 2 }, missingFile: 0 },
    sampled: rows,
    classes,
    classesRecorded: { k: true, j: true },
    control: { outcome: 'survived', code: 0, seconds: 45 },
    jobs: 2,
  });

  it('rates over the sample and the classes: errors and unrun mutants left out, timeouts detected', () => {
    expect(r.json.gate.sample).toEqual({ valid: 2, killed: 1, timeout: 0, survived: 1, errors: 1, rate: 50 });
    expect(r.json.gate.classes).toEqual({ valid: 2, killed: 0, timeout: 1, survived: 1, errors: 0, rate: 50 });
    expect(r.markdown).toContain(
      '| gate | 50.0 % (1 / 2: 1 killed, 0 timed out, 1 missed; 1 errors left out) | 50.0 % (1 / 2: 0 killed, 1 timed out, 1 missed) |'
    );
    expect(r.markdown).toContain('2 / 2 caught in the recorded run');
    expect(r.markdown).toContain('stale, skipped: 2 (2 its lines changed)');
  });

  it('lists every miss with file:line, mutator, replacement and reason (manual, hint, or not triaged)', () => {
    const misses = r.markdown.split('## Every mutant the gate misses (2)')[1].split('##')[0];
    expect(misses).toContain(
      '| stryker-2 | src/optimized/steps/02-windowCostModel.ts:44 | ArithmeticOperator | `c + 1` → `c - 1` | cost-only: the window only |'
    );
    expect(misses).toContain('| class-k | src/optimized/pool.ts:7 | hand-made | `partials` → `partials.reverse()` | msmAsync: worker pool');
    expect(misses).toContain('(*hint*)');
    expect(misses).not.toContain('stryker-1 ');
    expect(r.markdown).toContain('| stryker-3 | gate | 3 | `unknown option` |');
  });

  it('timing: median over the mutants run, and the estimate for 100 + the classes at the jobs used', () => {
    // gate seconds of the rows with a result: 30, 50, 2, 40, 200 → median 40
    expect(r.json.secondsPerMutant).toEqual({ median: 40, max: 200 });
    expect(r.json.estimate100Minutes).toBeCloseTo((102 * 40) / 2 / 60, 10);
  });

  it('hintFor names the gate’s known blind spots and nothing elsewhere', () => {
    expect(hintFor({ file: 'src/optimized/steps/10-fixedBase.ts', original: 'x', replacement: 'y' })?.kind).toBe('prepared-handles');
    expect(hintFor({ file: 'src/optimized/steps/02-windowCostModel.ts', original: 'x', replacement: 'y' })?.kind).toBe('cost-only');
    expect(hintFor({ file: 'src/optimized/options.ts', original: "throw new RangeError('window')", replacement: '{}' })?.kind).toBe('bad-input');
    expect(hintFor({ file: 'src/optimized/engine.ts', original: 'a + b', replacement: 'a - b' })).toBeUndefined();
  });
});

describe('gate-power: options', () => {
  it('defaults: 100 mutants, seed 1, one job, gate --skip-bench --bail, the Stryker-proven suite', () => {
    const o = parseOptions([]);
    expect([o.sample, o.seed, o.jobs, o.gateArgs, o.suite, o.out, o.rev]).toEqual([100, 1, 1, [], 'stryker', 'mutation/gate-power/report.md', 'HEAD']);
    expect(GATE_BASE).toEqual(['gate', '--skip-bench', '--bail']);
  });

  it('--gate-args and everything after -- go to the gate; the modes', () => {
    expect(parseOptions(['--gate-args', '--runs 5  --g1-runs 2']).gateArgs).toEqual(['--runs', '5', '--g1-runs', '2']);
    expect(parseOptions(['--gate-args=--skip-vectors']).gateArgs).toEqual(['--skip-vectors']);
    expect(parseOptions(['--jobs', '2', '--', '--runs', '3']).gateArgs).toEqual(['--runs', '3']);
    expect(parseOptions(['--suite-files']).suite).toBe('files');
    expect(parseOptions(['--verify-suite']).suite).toBe('full');
  });

  it('bad values are RangeErrors naming the option and range', () => {
    expect(() => parseOptions(['--sample', '-1'])).toThrow(/--sample must be an integer in \[0, 100000\], got "-1"/);
    expect(() => parseOptions(['--jobs', '9'])).toThrow(/--jobs must be an integer in \[1, 8\]/);
    expect(() => parseOptions(['--seed'])).toThrow(/--seed needs a value/);
    expect(() => parseOptions(['--frobnicate'])).toThrow(/unknown option "--frobnicate"/);
    expect(() => parseOptions(['--gate-args', '--corpus x'])).toThrow(/--corpus is set by the experiment/);
  });
});
