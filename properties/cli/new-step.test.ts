/**
 * `new-step` in a temporary copy of the repository (the real tree is never modified): it writes
 * the step file, its registry line (in step order), a property stub and the README gate-table
 * row (the copy's `scripts/readme-gates.ts --check`, what properties/readme.test.ts checks,
 * passes); then `gate` and `fuzz` of that copy include the new gate with no other edit. The
 * output shown in docs/adding-a-step.md is the command's output.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { addToRegistry } from '../../harness/cli/new-step.js';
import { ROOT, runCli, smallGate } from './run-cli.js';

function copyRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-newstep-'));
  for (const p of ['src', 'harness', 'bench', 'bin', 'scripts', 'package.json', 'tsconfig.json', 'README.md'])
    cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  // the wasm module built ahead of time (the library never builds it at call time)
  cpSync(path.join(ROOT, 'build', 'wasm'), path.join(dir, 'build', 'wasm'), { recursive: true });
  if (existsSync(path.join(ROOT, 'vectors'))) cpSync(path.join(ROOT, 'vectors'), path.join(dir, 'vectors'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('new-step', () => {
  it('scaffolds step file, registry entry and property stub; gate and fuzz of that tree include the new gate', async () => {
    const root = copyRepo();
    const before = readFileSync(path.join(root, 'src/optimized/steps/index.ts'), 'utf8');
    const r = await cli(['new-step', 'lazyThing', '--root', root, '--title', 'A test step that does nothing']);
    expect(r.code, r.stderr).toBe(0);
    const m = /created step (\d\d) "lazyThing"/.exec(r.stdout);
    expect(m).not.toBeNull();
    const nn = m![1];
    const stepFile = path.join(root, `src/optimized/steps/${nn}-lazyThing.ts`);
    const stepSrc = readFileSync(stepFile, 'utf8');
    expect(stepSrc).toMatch(/What it does:/);
    expect(stepSrc).toMatch(/Invariant:/);
    expect(stepSrc).toMatch(/docs\/steps\.md/);
    expect(stepSrc).not.toMatch(/Measured effect:/);
    expect(stepSrc).toMatch(/Rejected:/);
    expect(stepSrc).toContain(
      `export const lazyThing: Step<'lazyThing'> = {\n  id: 'lazyThing',\n  step: ${Number(nn)},\n  title: 'A test step that does nothing',\n  default: false,`
    );
    const registry = readFileSync(path.join(root, 'src/optimized/steps/index.ts'), 'utf8');
    expect(registry).toContain(`import { lazyThing } from './${nn}-lazyThing.js';`);
    expect(registry).toMatch(/\n {2}lazyThing,\n\] as const;/);
    expect(registry.length).toBeGreaterThan(before.length);
    expect(readFileSync(path.join(root, 'harness/checks/steps/lazyThing.ts'), 'utf8')).toMatch(/lazyThing: true/);
    expect(readFileSync(path.join(root, 'properties/steps/lazyThing.test.ts'), 'utf8')).toMatch(/runChecks\(CHECKS\)/);
    const catalogue = readFileSync(path.join(root, 'harness/checks/index.ts'), 'utf8');
    expect(catalogue).toContain(`import { CHECKS as lazyThing } from './steps/lazyThing.js';`);
    expect(catalogue).toMatch(/\n {2}\.\.\.lazyThing,\n\];/);
    // the README gate table has the new row, so the readme test stays green
    expect(r.stdout).toContain('  README.md   (gate table row added)\n');
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(
      `| ${Number(nn)} | \`lazyThing\` | off | A test step that does nothing | [\`${nn}-lazyThing.ts\`](src/optimized/steps/${nn}-lazyThing.ts) |\n<!-- /GATES-TABLE -->`
    );
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const check = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/readme-gates.ts', '--check'], { cwd: root, env, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('README.md gate table is up to date');

    // the step file declares its reach (what the command printed), and the reach test of that
    // tree covers the new step: a no-op step acts on nothing, so every declared item is missing
    expect(stepSrc).toContain("import { EVERY_WINDOW, reach, type Step } from '../step.js';");
    expect(stepSrc).toContain(
      "  reach: reach({\n    entries: ['plain', 'prepared'],\n    windows: [...EVERY_WINDOW, 'auto'],\n    wideG1: true,\n    scalars: ['fullSize', 'zeroDigits', 'carries'],\n    inputs: ['identity', 'duplicates', 'opposite'],\n  }),"
    );
    expect(r.stdout).toContain("Reach declared (the step's `reach` member): entries plain, prepared · windows 1..16, auto · window 16 on BLS12-381 G1");
    const probe = [
      "import { reachCoverage } from './harness/reach-coverage.ts';",
      "import { TOY, closeWorkerPool } from './src/index.ts';",
      "import { STEPS } from './src/optimized/index.ts';",
      "const cov = await reachCoverage({ only: ['lazyThing'], curves: [TOY] });",
      "console.log(JSON.stringify({ registered: STEPS.some((s) => s.id === 'lazyThing'), steps: cov.steps }));",
      'await closeWorkerPool();',
    ].join('\n');
    const reachRun = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root, env, encoding: 'utf8' });
    expect(reachRun.status, reachRun.stderr).toBe(0);
    const cov = JSON.parse(reachRun.stdout.trim().split('\n').pop()!);
    expect(cov.registered).toBe(true);
    const lazy = cov.steps.find((x: { id: string }) => x.id === 'lazyThing');
    expect(lazy.declared).toBe(2 + 17 + 1 + 3 + 3);
    expect(lazy.acted).toBe(0);
    expect(lazy.missing).toContain('lazyThing: entry plain');
    expect(lazy.missing).toContain('lazyThing: window 16');
    expect(lazy.missing).toContain('lazyThing: inputs opposite');
    expect(lazy.missing).toHaveLength(lazy.declared);

    // the same name again: exit 3
    const again = await cli(['new-step', 'lazyThing', '--root', root]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already exists|already registered/);

    const bin = path.join(root, 'harness', 'cli', 'run.ts'); // the copy's command, from its sources
    const [gate, fuzz] = await Promise.all([
      runCli(
        ['gate', '--sets', 'single', '--runs', '3', '--g1-runs', '1', '--skip-vectors', '--skip-bench', '--skip-checks', '--corpus', path.join(root, 'corpus')],
        {
          bin,
          cwd: root,
        }
      ),
      runCli(['fuzz', '--curve', 'toy', '--gates', '{"lazyThing":true}', '--runs', '6', '--max-n', '12', '--corpus', path.join(root, 'corpus')], {
        bin,
        cwd: root,
      }),
    ]);
    expect(gate.code, gate.stderr).toBe(0);
    expect(gate.stdout).toMatch(/\| only lazyThing \| ✅ 3 runs \|/);
    // the new step's checks are in the gate's catalogue stage
    const checks = await runCli(['gate', '--sets', 'none', ...smallGate(1), '--checks', 'lazyThing', '--corpus', path.join(root, 'corpus')], {
      bin,
      cwd: root,
    });
    expect(checks.code, checks.stderr).toBe(0);
    expect(checks.stdout).toMatch(/\| engine checks \| ✅ 2 passed \(quick counts\) \|/);
    expect(checks.stderr).toMatch(/check ✓ step \d\d lazyThing › toy curve: engine = reference with lazyThing on/);
    expect(fuzz.code, fuzz.stderr).toBe(0);
    expect(fuzz.stdout).toMatch(/\| toy \| [^|]*lazyThing \| msm \| 1\.\.12 \|/);
  });

  it('docs/adding-a-step.md shows what the command prints (step number and name aside)', async () => {
    const docs = readFileSync(path.join(ROOT, 'docs', 'adding-a-step.md'), 'utf8');
    const block = /<!-- NEW-STEP-OUTPUT[^\n]*\n```\n([\s\S]*?)```/.exec(docs)![1];
    const cmd = /npx stepwise-msm new-step (\w+) --title "([^"]+)"/.exec(docs)!;
    // a name no checkout has (the docs' own name may have been taken by a real step since)
    const name = 'docsExampleStepZz';
    const r = await cli(['new-step', name, '--dry-run', '--root', ROOT, '--title', cmd[2]]);
    expect(r.code, r.stderr).toBe(0);
    const norm = (s: string) => s.replace(/step \d\d "/, 'step NN "').replace(/\d\d-(\w+)\.ts/g, 'NN-$1.ts');
    // a dry run says what it would do where the real run says what it did
    const asDone = r.stdout
      .replace(/^would create /, 'created ')
      .replace('(docs/steps.md: would be regenerated)', '(docs/steps.md regenerated: the step is "not measured yet" there until `npm run docs:steps:measure`)');
    expect(norm(asDone)).toBe(norm(block.replaceAll(cmd[1], name)));
    // the dry run wrote nothing
    expect(existsSync(path.join(ROOT, 'properties', 'steps', `${name}.test.ts`))).toBe(false);
  });

  it('registry edits keep step order (a step numbered between others goes between them)', () => {
    // a registry of steps 01-a and 03-c: its imports, then the list
    const imports = ["import type { Step } from '../step.js';", "import { a } from './01-a.js';", "import { c } from './03-c.js';", ''];
    const src = [...imports, 'export const STEPS: readonly Step[] = Object.freeze([', '  a,', '  c,', ']);', ''].join('\n');
    const out = addToRegistry(src, 'b', 2, '02-b');
    expect(out).toContain("import { a } from './01-a.js';\nimport { b } from './02-b.js';\nimport { c } from './03-c.js';");
    expect(out).toContain('  a,\n  b,\n  c,\n]);');
    const empty = addToRegistry(
      "import type { Step } from '../step.js';\n\nexport const STEPS: readonly Step[] = Object.freeze([]);\n",
      'first',
      1,
      '01-first'
    );
    expect(empty).toContain("import { first } from './01-first.js';");
    expect(empty).toContain('Object.freeze([\n  first,\n]);');
    // the registry's present shape: a const list whose ids are the GateId type
    const asConst = [
      ...imports,
      'const REGISTERED = [',
      '  a,',
      '  c,',
      '] as const;',
      '',
      'export const STEPS: readonly Step[] = Object.freeze([...REGISTERED]);',
      '',
    ].join('\n');
    const mid = addToRegistry(asConst, 'b', 2, '02-b');
    expect(mid).toContain('const REGISTERED = [\n  a,\n  b,\n  c,\n] as const;\n\nexport const STEPS: readonly Step[] = Object.freeze([...REGISTERED]);');
    expect(addToRegistry(asConst, 'd', 4, '04-d')).toContain('  c,\n  d,\n] as const;');
    expect(addToRegistry("import type { Step } from '../step.js';\n\nconst REGISTERED = [] as const;\n", 'first', 1, '01-first')).toContain(
      'const REGISTERED = [\n  first,\n] as const;'
    );
  });
});
