/**
 * The JUnit report: the root element counts the whole run's wall time (not only the timed
 * property cases), each stage carries its own wall time, and a failure's element text holds
 * the failure message (and its details), not only the message attribute. Checked on toJUnit
 * and on a real `gate --junit` run with a step bug injected (a broken MSM passed as the command's dependency).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATE_IDS } from '../../src/index.js';
import { toJUnit, xmlEscape } from '../../harness/cli/junit.js';
import { runCliInProcess, smallGate } from './run-cli.js';
import { dropLast } from './fixtures/faults.js';

const attr = (xml: string, el: string, name: string) => Number(new RegExp(`<${el}\\b[^>]*\\b${name}="([\\d.]+)"`).exec(xml)![1]);

describe('JUnit report', () => {
  it('toJUnit: run time and stage times when given, else sums; failure text = message + body', () => {
    const suites = [
      { name: 'a', timeSec: 5, cases: [{ name: 'x', classname: 'c', timeSec: 1 }] },
      {
        name: 'b',
        cases: [
          { name: 'y', classname: 'c', timeSec: 2, failure: { message: 'it broke <here>', body: 'seed 1\nreplay: x' } },
          { name: 'z', classname: 'c', timeSec: 0.5, failure: { message: 'only a message', body: '' } },
        ],
      },
    ];
    const xml = toJUnit('run', suites, { timeSec: 9.25 });
    expect(attr(xml, 'testsuites', 'time')).toBe(9.25);
    expect(xml).toMatch(/<testsuite name="a" [^>]*time="5\.000"/);
    expect(xml).toMatch(/<testsuite name="b" [^>]*time="2\.500"/);
    expect(xml).toContain('<failure message="it broke &lt;here&gt;">it broke &lt;here&gt;\n\nseed 1\nreplay: x</failure>');
    expect(xml).toContain('<failure message="only a message">only a message</failure>');
    expect(attr(toJUnit('run', suites), 'testsuites', 'time')).toBe(7.5);
  });

  it('xmlEscape: entities escaped; characters XML 1.0 cannot hold dropped (C0 controls, U+FFFE, U+FFFF, unpaired surrogates), the rest kept', () => {
    expect(xmlEscape(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(xmlEscape('x\u0000y\u0007z\u001f\ufffe\uffff!')).toBe('xyz!');
    expect(xmlEscape('tab\tnl\ncr\r')).toBe('tab\tnl\ncr\r');
    expect(xmlEscape('pair \ud83d\ude00 lone \ud83d high, \ude00 low')).toBe('pair \ud83d\ude00 lone  high,  low');
    expect(xmlEscape('é ✓ \u00a0')).toBe('é ✓ \u00a0');
  });

  it('toJUnit: a duration under a millisecond keeps its digits (a fast case must not read as time="0.000"); zero stays 0.000', () => {
    const xml = toJUnit('run', [
      {
        name: 'a',
        cases: [
          { name: 'fast', classname: 'c', timeSec: 0.00023 },
          { name: 'none', classname: 'c', timeSec: 0 },
        ],
      },
    ]);
    expect(xml).toContain('<testcase name="fast" classname="c" time="0.000230"/>');
    expect(xml).toContain('<testcase name="none" classname="c" time="0.000"/>');
    expect(attr(xml, 'testsuite', 'time')).toBeCloseTo(0.00023, 6);
  });

  it('gate --junit: the root time is the whole gate (≥ every stage, ≈ the summary total) and the failure text says what failed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-junit-'));
    const junit = path.join(dir, 'gate.xml');
    const gate = GATE_IDS[GATE_IDS.length - 1];
    const r = await runCliInProcess(
      ['gate', '--sets', 'none,single', ...smallGate(12, { g1Runs: 1 }), '--corpus', path.join(dir, 'corpus'), '--junit', junit],
      { CI: '1', GITHUB_STEP_SUMMARY: undefined },
      { impl: dropLast(gate) }
    );
    expect(r.code, r.stderr).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    const total = attr(xml, 'testsuites', 'time');
    const suiteTimes = [...xml.matchAll(/<testsuite [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]));
    const caseTimes = [...xml.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(suiteTimes.length).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(suiteTimes.reduce((a, b) => a + b, 0) - 0.002);
    expect(suiteTimes[0]).toBeGreaterThanOrEqual(caseTimes.reduce((a, b) => a + b, 0) - 0.002 * caseTimes.length);
    const summaryTotal = Number(/· total ([\d.]+) s/.exec(r.stdout)![1]);
    expect(Math.abs(total - summaryTotal)).toBeLessThan(0.5);
    // the failure's text: the failing set, the smallest n and the engine's wrong answer, then the replay command
    const failure = /<failure message="([^"]*)">([^<]*)<\/failure>/.exec(xml)!;
    expect(failure[1]).toMatch(new RegExp(`gate set only ${gate}: smallest failing n = \\d+: `));
    expect(failure[2].startsWith(failure[1])).toBe(true);
    expect(failure[2]).toMatch(/replay: npx stepwise-msm replay --seed/);
    // the in-process run's progress lines went to the captured output, not to the test log
    expect(r.stderr).toMatch(new RegExp(`\\[gate\\] FAIL only ${gate} `));
  });
});
