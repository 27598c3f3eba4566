/**
 * The README's gate table is generated from the registry (scripts/readme-gates.ts); this test
 * fails when a gate is added, renamed or its default changed without regenerating it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATES } from '../src/index.js';
import { README, gatesTable, withGatesTable } from '../scripts/readme-gates.js';

describe('README', () => {
  it('gate table equals the registry (regenerate: npx tsx scripts/readme-gates.ts)', () => {
    const text = readFileSync(README, 'utf8');
    expect(withGatesTable(text)).toBe(text);
    for (const g of GATES) expect(gatesTable()).toContain(`\`${g.id}\``);
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
