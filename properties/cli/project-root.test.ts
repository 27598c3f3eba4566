/**
 * Default paths resolve against the project root (nearest ancestor of the current directory
 * with a package.json), wherever the command starts: run from two levels below the root of a
 * temporary project, `gate` reads the root's bench/expected-counts.json (a broken one: exit 3 naming
 * it), `fuzz --impl` writes its counterexample to the root's reports/corpus (another MSM's
 * failures stay out of properties/corpus), and `bench` writes to the root's reports/. Explicit paths stay relative to the current directory.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFromRoot, projectRoot, relativeToRoot } from '../../harness/cli/project-root.js';
import { DROP_LAST, runCli } from './run-cli.js';

function project(): { root: string; deep: string } {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'stepwise-project-')));
  writeFileSync(path.join(root, 'package.json'), '{"name":"user-project","private":true}\n');
  const deep = path.join(root, 'src', 'inner');
  mkdirSync(deep, { recursive: true });
  return { root, deep };
}

describe('project root', () => {
  it('projectRoot: nearest ancestor with a package.json, the directory itself included', () => {
    const { root, deep } = project();
    expect(projectRoot(deep)).toBe(root);
    expect(projectRoot(root)).toBe(root);
    writeFileSync(path.join(deep, 'package.json'), '{}');
    expect(projectRoot(deep)).toBe(deep);
    expect(projectRoot(path.join(root, 'src'))).toBe(root);
  });

  it('defaultFromRoot: a default value resolves against the root, a given one is left alone', () => {
    const src = (s: string) => ({ getOptionValueSource: () => s });
    expect(defaultFromRoot(src('default'), 'corpus', 'properties/corpus', '/p')).toBe(path.resolve('/p', 'properties/corpus'));
    expect(defaultFromRoot(src('cli'), 'corpus', 'my/corpus', '/p')).toBe('my/corpus');
    expect(defaultFromRoot(src('env'), 'corpus', 'my/corpus', '/p')).toBe('my/corpus');
  });

  it('relativeToRoot (the Stryker config, run at the root): a given path is taken from the current folder, a default one from the root', () => {
    const src = (s: string) => ({ getOptionValueSource: () => s });
    const { root, deep } = project();
    expect(relativeToRoot(src('cli'), 'config', path.join(deep, 'my.config.mjs'), root)).toBe(path.join('src', 'inner', 'my.config.mjs'));
    expect(relativeToRoot(src('cli'), 'config', 'my.config.mjs', process.cwd())).toBe('my.config.mjs');
    expect(relativeToRoot(src('cli'), 'config', 'my.config.mjs', path.join(process.cwd(), 'sub'))).toBe(path.join('..', 'my.config.mjs'));
    expect(relativeToRoot(src('default'), 'config', 'stryker.config.mjs', root)).toBe('stryker.config.mjs');
  });

  it("gate, fuzz and bench started two levels down use the root's count expectations, corpus and reports", async () => {
    const { root, deep } = project();
    mkdirSync(path.join(root, 'bench'));
    writeFileSync(path.join(root, 'bench', 'expected-counts.json'), 'not json\n');
    const [gate, fuzz, bench] = await Promise.all([
      runCli(['gate', '--sets', 'none', '--runs', '1', '--g1-runs', '0', '--random-runs', '0', '--skip-vectors', '--skip-checks'], { cwd: deep }),
      runCli(['fuzz', '--curve', 'toy', '--runs', '20', '--workers', '1', '--seed', '1', '--impl', DROP_LAST], { cwd: deep }),
      runCli(['bench', '--curve', 'toy', '--sizes', '4', '--views', 'default', '--pairs-n', '0', '--peers', 'none', '--time', '1', '--iterations', '1'], {
        cwd: deep,
      }),
    ]);
    // the root's count expectations were read (and rejected), not "no counts file" in the current directory
    expect(gate.code, gate.stderr + gate.stdout).toBe(3);
    expect(gate.stderr).toContain(`counts file ${path.join(root, 'bench', 'expected-counts.json')} is not valid JSON`);
    expect(fuzz.code, fuzz.stderr).toBe(1);
    expect(readdirSync(path.join(root, 'reports', 'corpus')).filter((f) => f.endsWith('.json')).length).toBe(1);
    expect(existsSync(path.join(root, 'properties', 'corpus'))).toBe(false);
    expect(existsSync(path.join(deep, 'properties'))).toBe(false);
    expect(bench.code, bench.stderr).toBe(0);
    expect(existsSync(path.join(root, 'reports', 'bench.json'))).toBe(true);
    expect(existsSync(path.join(deep, 'reports'))).toBe(false);

    // an explicit path keeps its meaning relative to the current directory
    const here = await runCli(['fuzz', '--curve', 'toy', '--runs', '20', '--workers', '1', '--seed', '1', '--corpus', 'found', '--impl', DROP_LAST], {
      cwd: deep,
    });
    expect(here.code).toBe(1);
    expect(readdirSync(path.join(deep, 'found')).length).toBe(1);
  });
});
