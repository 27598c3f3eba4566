/**
 * Journey: `fuzz --impl` on a user's own MSM module, in the user's project (a folder with its own
 * package.json), through the built command: the campaign finds the module's bug, names the module
 * (not "engine") in the failure, writes the counterexample under the project's reports/corpus
 * (never into stepwise-msm's properties/corpus), and both printed replay commands — seed + path,
 * and the corpus file — carry `--impl` and reproduce the failure as printed; without `--impl` the
 * same case passes on the engine.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, printedCommands, ROOT, run, shellWords } from './scratch.js';

const BIN = path.join(ROOT, 'bin', 'stepwise-msm.js');
/** A printed `npx stepwise-msm …` line run as the built launcher of this checkout. */
const asLauncher = (line: string) => [BIN, ...shellWords(line).slice(2)];

/** The user's MSM: right for one or two points, forgets the last point from three on. */
const MY_MSM = `// my-msm.mjs: Σ sᵢ·Pᵢ on noble points (wrong on purpose: the last point is dropped when n ≥ 3)
export function msm(points, scalars) {
  const k = points.length >= 3 ? points.length - 1 : points.length;
  let acc = points[0].constructor.ZERO;
  for (let i = 0; i < k; i++) acc = acc.add(points[i].multiplyUnsafe(scalars[i]));
  return acc;
}
`;

let project = '';

describe('journey: fuzz --impl on your own MSM, then the printed replays', () => {
  beforeAll(() => {
    ensureBuilt();
    project = mkdtempSync(path.join(os.tmpdir(), 'stepwise-journey-impl-'));
    writeFileSync(path.join(project, 'package.json'), '{ "name": "my-msm", "private": true, "type": "module" }\n');
    mkdirSync(path.join(project, 'src'));
    writeFileSync(path.join(project, 'src', 'my-msm.mjs'), MY_MSM);
  }, 300_000);

  it('the failure names the module, goes to reports/corpus, and each printed replay reproduces it', () => {
    const f = run(
      'node',
      [BIN, 'fuzz', '--impl', './src/my-msm.mjs', '--curve', 'g1', '--max-n', '4', '--runs', '30', '--seed', '7', '--workers', '1'],
      project
    );
    expect(f.code, `${f.stdout}\n${f.stderr}`).toBe(1);
    expect(f.stderr).toContain('MSM under test ./src/my-msm.mjs');
    const detail = /\n- (\.\/src\/my-msm\.mjs .* ≠ oracle .*)\n/.exec(f.stdout)?.[1];
    expect(detail, f.stdout).toBeDefined();
    expect(f.stdout).not.toMatch(/\n- engine /);
    // the counterexample: in the project's reports/corpus, noting the --impl it came from
    const corpus = path.join(project, 'reports', 'corpus');
    const files = readdirSync(corpus);
    expect(files).toHaveLength(1);
    expect(existsSync(path.join(project, 'properties'))).toBe(false);

    const [seedPath, fromFile] = printedCommands(f.stdout);
    expect(seedPath).toMatch(/^npx stepwise-msm replay --seed \d+ --path [\d:]+ --curve g1 .* --impl \.\/src\/my-msm\.mjs$/);
    expect(fromFile).toBe(`npx stepwise-msm replay ${path.join('reports', 'corpus', files[0]!)} --impl ./src/my-msm.mjs`);
    const again = run('node', asLauncher(seedPath!), project);
    expect(again.code, again.stderr).toBe(1);
    expect(again.stdout).toContain(`FAIL: ${detail}`);
    const fromCorpus = run('node', asLauncher(fromFile!), project);
    expect(fromCorpus.code, fromCorpus.stderr).toBe(1);
    expect(fromCorpus.stdout).toMatch(/\n\.\/src\/my-msm\.mjs +\(0x/);
    expect(fromCorpus.stdout).toMatch(/FAIL\n$/);
    // the same case on the engine (no --impl) passes: the replay is of the module, not the engine
    const engine = run('node', asLauncher(fromFile!.replace(' --impl ./src/my-msm.mjs', '')), project);
    expect(engine.code, engine.stderr).toBe(0);
    expect(engine.stdout).toMatch(/PASS: engine = reference = oracle/);
  }, 300_000);
});
