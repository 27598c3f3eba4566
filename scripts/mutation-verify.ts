/**
 * Re-checks the survivors of a Stryker JSON report against given property files, one mutant at
 * a time, outside Stryker: each Survived/NoCoverage mutant's replacement is spliced into a copy
 * of its file in a throw-away git worktree of HEAD, the files run with the mutation run's
 * FC_RUNS/FC_SEED (vitest --bail 1), and the file is restored. Used to check that new
 * properties kill the survivors they were written for without a full Stryker run (the tests
 * that did not kill a mutant under Stryker are deterministic at a fixed seed, so running only
 * the new files is enough). Writes a report whose statuses can be merged with
 * `scripts/mutation-merge.ts --kills`.
 *
 *   npx tsx scripts/mutation-verify.ts <report.json> <out.json> <test files...>
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MUTATION_ENV, type Mutant } from '../harness/cli/mutation.js';

const [reportFile, out, ...tests] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { files: Record<string, { source: string; mutants: Mutant[] }> };
const repo = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const dir = '/tmp/mutation-verify';
if (existsSync(dir)) {
  spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
  rmSync(dir, { recursive: true, force: true });
}
execFileSync('git', ['worktree', 'add', '--detach', dir, 'HEAD'], { cwd: repo, stdio: 'ignore' });
const result: { files: Record<string, { mutants: Mutant[] }> } = { files: {} };
try {
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  if (existsSync(path.join(dir, 'scripts', 'build-wasm.ts')))
    execFileSync(path.join(repo, 'node_modules/.bin/tsx'), ['scripts/build-wasm.ts'], { cwd: dir, stdio: 'ignore' });
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const abs = path.join(dir, file);
    const original = readFileSync(abs, 'utf8');
    const lines = original.split('\n');
    const offset = (l: number, c: number) => lines.slice(0, l - 1).reduce((a, s) => a + s.length + 1, 0) + c - 1;
    for (const m of mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const a = offset(m.location.start.line, m.location.start.column);
      const b = offset(m.location.end.line, m.location.end.column);
      writeFileSync(abs, original.slice(0, a) + (m.replacement ?? '') + original.slice(b));
      const r = spawnSync(path.join(repo, 'node_modules/.bin/vitest'), ['run', '--config', 'vitest.mutation.config.ts', '--bail', '1', ...tests], {
        cwd: dir,
        env: { ...process.env, ...MUTATION_ENV },
        encoding: 'utf8',
        timeout: 180_000,
        maxBuffer: 256 << 20,
      });
      writeFileSync(abs, original);
      const text = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
      const failed = /FAIL {1,2}(\S+\.test\.ts > .*)/.exec(text);
      const status = r.status === 0 ? 'Survived' : r.error ? 'Timeout' : 'Killed';
      (result.files[file] ??= { mutants: [] }).mutants.push({ ...m, status, killedBy: failed ? [failed[1].trim()] : undefined });
      process.stderr.write(
        `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${status}${failed ? ` (${failed[1].trim().slice(0, 90)})` : ''}\n`
      );
    }
  }
} finally {
  spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
