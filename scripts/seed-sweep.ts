/**
 * Runs test files under many fast-check seeds, to find properties that hold for some seeds only
 * (a CI gate that fails at random teaches people to re-run it). Each seed is one vitest run of
 * the given files with FC_SEED set; the failing tests of each seed are listed with the command
 * that replays them.
 *
 *   npx tsx scripts/seed-sweep.ts [--seeds K] [--from S] [--json FILE] <test files or folders…>
 *
 * Seeds: S, S + 1, …, S + K − 1 (default S = 1, K = 20), or `--seed-list a,b,c`. Prints one line
 * per seed (failures, duration) and a summary; exit 1 when any seed failed. Slow: run it under
 * `nice`, with the cheap files first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Args {
  seeds: number[];
  files: string[];
  json: string | null;
}

function parseArgs(argv: string[]): Args {
  let from = 1;
  let count = 20;
  let list: number[] | null = null;
  let json: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seeds') count = Number(next());
    else if (a === '--from') from = Number(next());
    else if (a === '--seed-list') list = next().split(',').map(Number);
    else if (a === '--json') json = next();
    else files.push(a);
  }
  const seeds = list ?? Array.from({ length: count }, (_, k) => from + k);
  if (seeds.some((s) => !Number.isInteger(s)) || seeds.length === 0) throw new Error('seeds must be integers (--seeds K --from S, or --seed-list a,b,c)');
  if (files.length === 0) throw new Error('give the test files (or folders) to run');
  return { seeds, files, json };
}

interface VitestJson {
  testResults: { name: string; startTime?: number; endTime?: number; assertionResults: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

const { seeds, files, json } = parseArgs(process.argv.slice(2));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'seed-sweep-'));
const results: { seed: number; ms: number; failed: { file: string; test: string; message: string }[]; code: number | null }[] = [];
const fileMs = new Map<string, number[]>();
for (const seed of seeds) {
  const out = path.join(tmp, `seed-${seed}.json`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', ...files, '--reporter=json', `--outputFile=${out}`], {
    env: { ...process.env, FC_SEED: String(seed) },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = Date.now() - t0;
  const failed: { file: string; test: string; message: string }[] = [];
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
    for (const f of report.testResults) {
      const rel = path.relative(process.cwd(), f.name);
      if (f.startTime !== undefined && f.endTime !== undefined) fileMs.set(rel, [...(fileMs.get(rel) ?? []), f.endTime - f.startTime]);
      for (const t of f.assertionResults)
        if (t.status === 'failed') failed.push({ file: rel, test: t.fullName, message: (t.failureMessages?.[0] ?? '').split('\n')[0]!.slice(0, 200) });
      if (f.assertionResults.length === 0 && r.status !== 0) failed.push({ file: rel, test: '(file)', message: 'no test ran (import or hook failure)' });
    }
  } catch {
    failed.push({
      file: '(run)',
      test: '(run)',
      message: `no JSON report; exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`,
    });
  }
  results.push({ seed, ms, failed, code: r.status });
  console.log(
    `seed ${seed}: ${failed.length ? `❌ ${failed.length} failed` : '✅ passed'} in ${(ms / 1000).toFixed(0)} s` +
      failed.map((f) => `\n  ${f.file} › ${f.test}: ${f.message}\n    replay: FC_SEED=${seed} npx vitest run ${f.file}`).join('')
  );
}
rmSync(tmp, { recursive: true, force: true });
const bad = results.filter((r) => r.failed.length > 0);
console.log(`\n${seeds.length} seed(s) over ${files.join(' ')}: ${bad.length ? `${bad.length} failed (${bad.map((r) => r.seed).join(', ')})` : 'all passed'}`);
console.log('median file durations:');
for (const [f, xs] of [...fileMs].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(`  ${f}: ${(xs.sort((a, b) => a - b)[xs.length >> 1]! / 1000).toFixed(1)} s`);
if (json) writeFileSync(json, `${JSON.stringify({ seeds, files, results, fileMs: Object.fromEntries(fileMs) }, null, 2)}\n`);
process.exitCode = bad.length ? 1 : 0;
