/**
 * The README: its generated tables are not stale (the gate table from the registry,
 * scripts/readme-gates.ts; the speed table from docs/speed.md, scripts/readme-speed.ts), its
 * engine example prints what it says, it stays short, and every relative link in it and in docs/
 * reaches a file (and a heading, when it names one).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GATES, G1, msmInspect, prepare, referenceMsm } from '../src/index.js';
import { README, gatesTable, withGatesTable } from '../scripts/readme-gates.js';
import { SPEED_DOC, headlineTable, withSpeedTable } from '../scripts/readme-speed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readme = () => readFileSync(README, 'utf8');

describe('README', () => {
  it('gate table equals the registry (regenerate: npx tsx scripts/readme-gates.ts)', () => {
    const text = readme();
    expect(withGatesTable(text)).toBe(text);
    for (const g of GATES) expect(gatesTable()).toContain(`\`${g.id}\``);
  });

  it('speed table is the headline table of docs/speed.md (regenerate: npx tsx scripts/readme-speed.ts)', () => {
    const text = readme();
    const speed = readFileSync(SPEED_DOC, 'utf8');
    expect(withSpeedTable(text, speed)).toBe(text);
    expect(headlineTable(speed).split('\n').length).toBeGreaterThanOrEqual(3);
    expect(() => headlineTable('# Speed\n\nno table here\n')).toThrow(/Times/);
  });

  it('the engine example shows the trace and count the engine gives for its inputs', () => {
    const text = readme();
    expect(text).toContain('const points = Array.from({ length: 300 }, (_, i) => G1.BASE.multiply(BigInt(i + 1)));');
    expect(text).toContain('const scalars = points.map((_, i) => (BigInt(i) * 0x1234567890abcdefn) ** 3n % G1.order);');
    const points = Array.from({ length: 300 }, (_, i) => G1.BASE.multiply(BigInt(i + 1)));
    const scalars = points.map((_, i) => (BigInt(i) * 0x1234567890abcdefn) ** 3n % G1.order);
    const { trace, counts } = msmInspect(points, scalars, { count: true });
    expect(text).toContain(
      `// trace: { path: '${trace.path}', window: ${trace.window}, windowSource: '${trace.windowSource}', n: ${trace.n}, bits: ${trace.bits},`
    );
    expect(text).toContain(`slots: { recode: '${trace.slots?.recode}', accumulate: '${trace.slots?.accumulate}', reduce: '${trace.slots?.reduce}', … } }`);
    expect(text).toContain(`// counts.mulTotal: ${counts!.mulTotal} `);
    // the prepare() lines: the handle gives the same sum, from its tables
    expect(text).toContain('const fixed = prepare(points);');
    expect(text).toContain('msm(fixed, scalars);');
    const fixed = prepare(points);
    const viaTables = msmInspect(fixed, scalars);
    expect(viaTables.trace.path).toBe('fixedBase');
    expect(viaTables.result.equals(referenceMsm(points, scalars))).toBe(true);
  });

  it('is at most 12 KB and starts with what the project is, then how to install and use it', () => {
    const text = readme();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(12 * 1024);
    const headings = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headings.slice(0, 3)).toEqual(['## Install', '## Use the engine', '## Check your own MSM']);
    expect(text).toContain('npm ci && npm run gate');
    expect(text).toContain('npm ci && npm test');
  });
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('links in README.md and docs/', () => {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  it('anchorOf follows GitHub', () => {
    expect(anchorOf('Targets (`--target <spec>`): any MSM, not only the engine')).toBe('targets---target-spec-any-msm-not-only-the-engine');
    expect(anchorOf('Step 01 — smallFastPath')).toBe('step-01--smallfastpath');
  });
  it.each(files)('%s: every relative link reaches a file, and a heading when it names one', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // http:, mailto:
      const [path, hash] = target!.split('#');
      const abs = path ? resolve(dirname(join(ROOT, file)), path) : join(ROOT, file);
      if (!existsSync(abs)) {
        broken.push(`${target} (no file)`);
        continue;
      }
      if (hash && abs.endsWith('.md')) {
        const anchors = readFileSync(abs, 'utf8')
          .split('\n')
          .filter((l) => /^#+ /.test(l))
          .map((l) => anchorOf(l.replace(/^#+ /, '')));
        if (!anchors.includes(hash)) broken.push(`${target} (no heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('package exports', () => {
  it('"stepwise-msm" and "stepwise-msm/kzg" resolve (self-reference) to the public API used in the README', async () => {
    const main = await import('stepwise-msm');
    const kzg = await import('stepwise-msm/kzg');
    const { bls12_381 } = await import('@noble/curves/bls12-381.js');
    const G = bls12_381.G1.Point.BASE;
    expect(main.msm([G, G.multiply(5n)], [3n, 7n]).equals(G.multiply(38n))).toBe(true);
    expect(main.referenceMsm([G], [2n]).equals(G.double())).toBe(true);
    expect(typeof kzg.createKzg).toBe('function');
    expect(new kzg.KzgError('BADARGS', 'x').code).toBe('BADARGS');
  });
});
