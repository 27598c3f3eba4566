/**
 * The vectors runner reads both layouts: `<root>/kzg/<fn>/kzg-mainnet/<case>/data.yaml` (a
 * vectors folder like ../shared/vectors) and `<root>/<fn>/kzg-mainnet/<case>/data.yaml` (the
 * `tests` folder of a c-kzg-4844 clone). The trees are built in a temp dir at run time: cases
 * with answers known independently of the code (the zero polynomial: commitment and proof are
 * the point at infinity 0xc0 00…, so the proof of y = 0 at z = 0 verifies and that of y = 1 does
 * not; a 1-byte blob must be rejected with KzgError), plus two real cases copied
 * from $STEPWISE_VECTORS when it is set (never committed). `vectors --functions` rejects
 * unknown names with exit 3 and the valid ones.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, functionDir, listCases, runKzgVectors, trustedSetupPath, vectorsRoot } from '../../harness/vectors/kzg-runner.js';
import { runCliInProcess } from './run-cli.js';

const INFINITY = '0xc0' + '00'.repeat(47);
const FR = (last: string) => `'0x${'00'.repeat(31)}${last}'`;
const verify = (y: string, output: string) =>
  `input:\n  commitment: '${INFINITY}'\n  z: ${FR('00')}\n  y: ${FR(y)}\n  proof: '${INFINITY}'\noutput: ${output}\n`;

/** Synthetic cases: three that must pass, and (with `bad`) one whose expected output is wrong. */
function synth(bad: boolean): Record<string, Record<string, string>> {
  const cases: Record<string, Record<string, string>> = {
    verify_kzg_proof: { zero_poly_y0: verify('00', 'true'), zero_poly_y1: verify('01', 'false') },
    verify_blob_kzg_proof: { short_blob: `input:\n  blob: '0x00'\n  commitment: '${INFINITY}'\n  proof: '${INFINITY}'\noutput: null\n` },
  };
  if (bad) cases.verify_kzg_proof.zero_poly_wrong_expected = verify('00', 'false');
  return cases;
}

/** Writes the cases under `base` (= root/kzg or root itself) and copies up to 2 real cases of verify_kzg_proof. */
function writeTree(base: string, bad: boolean, real: string | undefined): number {
  let n = 0;
  for (const [fn, cases] of Object.entries(synth(bad)))
    for (const [name, yaml] of Object.entries(cases)) {
      const d = path.join(base, fn, 'kzg-mainnet', `${fn}_case_${name}`);
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, 'data.yaml'), yaml);
      n++;
    }
  if (real) {
    const src = functionDir(real, 'verify_kzg_proof');
    if (existsSync(src))
      for (const c of readdirSync(src).sort().slice(0, 2)) {
        cpSync(path.join(src, c), path.join(base, 'verify_kzg_proof', 'kzg-mainnet', c), { recursive: true });
        n++;
      }
  }
  return n;
}

const real = vectorsRoot();
if (!real) console.warn('[vectors-layout] STEPWISE_VECTORS unset: synthetic cases only (no real case copied)');
const FNS = ['verify_kzg_proof', 'verify_blob_kzg_proof'];
const DEFAULT_ONLY = [{ label: 'default', gates: undefined }];

describe('vectors layouts', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'stepwise-vectors-layout-'));
  const nested = path.join(tmp, 'shared'); // <root>/kzg/<fn>/…
  const flat = path.join(tmp, 'c-kzg-4844', 'tests'); // <root>/<fn>/…
  const count = writeTree(path.join(nested, 'kzg'), false, real);
  writeTree(flat, false, real);

  for (const [label, root] of [
    ['kzg/<fn>/kzg-mainnet (vectors folder)', nested],
    ['<fn>/kzg-mainnet (c-kzg-4844 tests folder)', flat],
  ] as const) {
    it(`${label}: every case is found and passes`, () => {
      expect(FNS.reduce((a, fn) => a + listCases(root, fn).length, 0)).toBe(count);
      const rows = runKzgVectors({ root, functions: FNS, gateSets: DEFAULT_ONLY });
      expect(rows.map((r) => [r.fn, r.passed, r.total, r.failures])).toEqual(FNS.map((fn) => [fn, listCases(root, fn).length, listCases(root, fn).length, []]));
    });
  }

  it('a wrong expected output fails in both layouts (the runner really compares)', () => {
    for (const [root, base] of [
      [path.join(tmp, 'bad-shared'), path.join(tmp, 'bad-shared', 'kzg')],
      [path.join(tmp, 'bad-tests'), path.join(tmp, 'bad-tests')],
    ]) {
      writeTree(base, true, undefined);
      const rows = runKzgVectors({ root, functions: ['verify_kzg_proof'], gateSets: DEFAULT_ONLY });
      expect(rows[0].failures).toEqual([{ name: 'verify_kzg_proof_case_zero_poly_wrong_expected', reason: 'output differs from the expected value' }]);
      expect([rows[0].passed, rows[0].total]).toEqual([2, 3]);
    }
  });

  it('a function with no case names both layouts', () => {
    const rows = runKzgVectors({ root: flat, functions: ['compute_cells'], gateSets: DEFAULT_ONLY });
    expect(rows[0].total).toBe(0);
    expect(rows[0].failures[0].reason).toMatch(
      /no case found under .*kzg-mainnet \(layouts: kzg\/<function>\/kzg-mainnet\/<case>\/data\.yaml or <function>\/kzg-mainnet\/<case>\/data\.yaml\)/
    );
  });

  it('trusted_setup.txt: <root>/trusted_setup.txt, or src/trusted_setup.txt beside a c-kzg tests folder', () => {
    expect(trustedSetupPath(flat)).toBeUndefined();
    mkdirSync(path.join(tmp, 'c-kzg-4844', 'src'), { recursive: true });
    writeFileSync(path.join(tmp, 'c-kzg-4844', 'src', 'trusted_setup.txt'), '4096\n65\n');
    expect(trustedSetupPath(flat)).toBe(path.join(flat, '..', 'src', 'trusted_setup.txt'));
    writeFileSync(path.join(nested, 'trusted_setup.txt'), '4096\n65\n');
    expect(trustedSetupPath(nested)).toBe(path.join(nested, 'trusted_setup.txt'));
  });

  it('stepwise-msm vectors: both layouts pass (exit 0); a folder with neither layout exits 3 naming both', async () => {
    for (const root of [nested, flat]) {
      const r = await runCliInProcess(['vectors', '--vectors', root, '--gates', 'default', '--functions', FNS.join(',')]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain(`## Official vectors (${root})`);
      expect(r.stdout).toMatch(/\| verify_blob_kzg_proof \| ✅ 1\/1 \|/);
      expect(r.stdout).toMatch(/✅ \d+ case runs passed/);
    }
    const r = await runCliInProcess(['vectors', '--vectors', tmp, '--gates', 'default']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /no KZG vectors under .*: expected kzg\/<function>\/kzg-mainnet\/<case>\/data\.yaml \(a vectors folder\) or <function>\/kzg-mainnet\/<case>\/data\.yaml \(the tests folder of a c-kzg-4844 clone\)/
    );
  });

  it('vectors --functions: an unknown name exits 3 and lists the valid ones', async () => {
    for (const list of ['verify_kzg_proof,no_such_fn', 'compute_cell', ',']) {
      const r = await runCliInProcess(['vectors', '--vectors', flat, '--functions', list]);
      expect(r.code, list).toBe(3);
      expect(r.stderr).toMatch(/^error: --functions: /);
      expect(r.stderr).toContain(`allowed: ${FUNCTIONS.join(', ')}`);
      expect(r.stdout).toBe('');
    }
    const r = await runCliInProcess(['vectors', '--vectors', flat, '--functions', 'no_such_fn']);
    expect(r.stderr).toContain('unknown function(s) "no_such_fn"');
  });
});
