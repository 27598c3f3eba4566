/**
 * Kill-rate experiment for the classic MSM bug classes (results in
 * docs/mutation.md).
 *
 * For each class: a temporary git worktree of HEAD (`/tmp/bugs-<id>`, node_modules linked to
 * this checkout's), one small hand-written source patch (exact text replacements, each of which
 * must match exactly once), then the named property files run with the main vitest config,
 * `FC_SEED` fixed and the default run counts (FC_RUNS unset: what CI runs). The output is parsed
 * for the failing tests and fast-check's "Property failed after N tests"; the worktree is
 * removed afterwards.
 *
 *   npx tsx scripts/bug-classes.ts [--seed 42] [--only id,id] [--json out.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Patch {
  file: string;
  find: string;
  replace: string;
}

export interface BugClass {
  id: string;
  title: string;
  /** Where the patch goes, for the table. */
  location: string;
  patches: Patch[];
  /** Property files run against the patched engine. */
  files: string[];
  /** Only the tests whose full name matches (vitest -t), to keep each class to a minute or so. */
  filter?: string;
}

/** No patch: the named files must pass on HEAD with the same seed (run it first: `--only control`). */
export const CONTROL: BugClass = {
  id: 'control',
  title: 'no patch (control)',
  location: '-',
  patches: [],
  files: [
    'properties/differential.test.ts',
    'properties/steps/signedDigits.test.ts',
    'properties/steps/batchAffine.test.ts',
    'properties/steps/glv.test.ts',
    'properties/steps/bucketReuse.test.ts',
    'properties/steps/fixedBase.test.ts',
    'properties/steps/workers.test.ts',
  ],
  // every property the classes below name
  filter:
    'toy curve, n ≤ 40|G1, n ≤ 6|random widths, windows and scalars|top-window carry is used|carry out of the top window gets|' +
    'toy curve: engine = reference with signedDigits|toy curve, collision-heavy|toy curve: engine = reference with glv on|interleaved calls|' +
    'two handles of the same length|one handle reused over many|same projective coordinates as the in-thread',
};

export const CLASSES: BugClass[] = [
  {
    id: 'window-off-by-one',
    title: 'off-by-one in window bit extraction',
    location: 'kernels/digits.ts signedDigitsLimbs: limb-crossing test `sh + c > 32` → `> 33` (a window with exactly one bit in the next limb loses that bit)',
    patches: [
      {
        file: 'src/optimized/kernels/digits.ts',
        find: 'const half = 1 << (c - 1);\n  const full = 1 << c;\n  const carry = new Int32Array(n);\n  for (let w = 0, off = 0; w < base0; w++, off += c) {\n    const sh = off & 31;\n    const cross = sh + c > 32;',
        replace:
          'const half = 1 << (c - 1);\n  const full = 1 << c;\n  const carry = new Int32Array(n);\n  for (let w = 0, off = 0; w < base0; w++, off += c) {\n    const sh = off & 31;\n    const cross = sh + c > 33;',
      },
    ],
    files: ['properties/steps/signedDigits.test.ts', 'properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|G1, n ≤ 6|random widths, windows and scalars',
  },
  {
    id: 'lost-top-carry',
    title: 'lost carry in the top signed digit',
    location: 'kernels/digits.ts signedDigitsLimbs: the carry out of the top window is not written (`digits[top + i] = 1` → `0`)',
    patches: [{ file: 'src/optimized/kernels/digits.ts', find: '      digits[top + i] = 1;', replace: '      digits[top + i] = 0;' }],
    files: ['properties/steps/signedDigits.test.ts', 'properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|top-window carry is used|carry out of the top window gets',
  },
  {
    id: 'bucket-index',
    title: 'wrong bucket index (d vs d − 1)',
    location: 'steps/00-baseline.ts projectiveAccumulate: `j = |d| − 1` → `j = |d|`',
    patches: [{ file: 'src/optimized/steps/00-baseline.ts', find: 'const j = (d > 0 ? d : -d) - 1;', replace: 'const j = d > 0 ? d : -d;' }],
    files: ['properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|G1, n ≤ 6',
  },
  {
    id: 'missing-negation',
    title: 'missing negation for negative digits',
    location: 'steps/00-baseline.ts projectiveAccumulate: a negative digit adds +P (`projNeg` dropped)',
    patches: [{ file: 'src/optimized/steps/00-baseline.ts', find: 'const p = d > 0 ? points[i] : projNeg(F, points[i]);', replace: 'const p = points[i];' }],
    files: ['properties/steps/signedDigits.test.ts', 'properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|toy curve: engine = reference with signedDigits',
  },
  {
    id: 'affine-double',
    title: 'batch-affine addition of P and P (doubling)',
    location: 'kernels/affine.ts batchAffineAdd: doubling slope numerator 3x² → 2x²',
    patches: [{ file: 'src/optimized/kernels/affine.ts', find: 'num = F.add(F.add(xx, xx), xx);', replace: 'num = F.add(xx, xx);' }],
    files: ['properties/steps/batchAffine.test.ts', 'properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|toy curve, collision-heavy',
  },
  {
    id: 'affine-cancel',
    title: 'batch-affine addition of P and −P',
    location: 'kernels/affine.ts batchAffineAdd: P + (−P) sent to the doubling branch (the `p.y = q.y` test dropped)',
    patches: [
      {
        file: 'src/optimized/kernels/affine.ts',
        find: 'else if (F.eql(p.y, q.y) && !F.isZero(p.y)) {',
        replace: 'else if (!F.isZero(p.y)) {',
      },
    ],
    files: ['properties/steps/batchAffine.test.ts', 'properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|toy curve, collision-heavy',
  },
  {
    id: 'glv-sign',
    title: 'wrong GLV split sign',
    location: 'steps/09-glv.ts glvTransform: a negative k2 uses +φ(P) with |k2| (sign of the second half dropped)',
    patches: [{ file: 'src/optimized/steps/09-glv.ts', find: 'P2.push(k2 < 0n ? projNeg(F, phi) : phi);', replace: 'P2.push(phi);' }],
    files: ['properties/steps/glv.test.ts', 'properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|toy curve: engine = reference with glv on',
  },
  {
    id: 'stale-buckets',
    title: 'stale buckets reused across calls',
    location: 'steps/04-bucketReuse.ts bucketBuffer: a pooled array is handed out again without clearing it',
    patches: [
      {
        file: 'src/optimized/steps/04-bucketReuse.ts',
        find: '    for (let j = 0; j < count; j++) if (a[j] !== null) a[j] = null;\n',
        replace: '',
      },
    ],
    files: ['properties/steps/bucketReuse.test.ts', 'properties/differential.test.ts'],
    filter: 'toy curve, n ≤ 40|interleaved calls',
  },
  {
    id: 'table-reuse',
    title: 'table reused for other bases',
    location: 'steps/10-fixedBase.ts fixedBaseDirect: tables cached by the number of bases instead of by handle',
    patches: [
      {
        file: 'src/optimized/steps/10-fixedBase.ts',
        find: '  const { table, isIdentity } = preparedTables(h);',
        replace:
          '  if (!staleTables.has(h.points.length)) staleTables.set(h.points.length, preparedTables(h));\n  const { table, isIdentity } = staleTables.get(h.points.length)!;',
      },
      {
        file: 'src/optimized/steps/10-fixedBase.ts',
        find: 'function fixedBaseDirect(job: Job): Proj<any> | undefined {',
        replace: 'const staleTables = new Map<number, ReturnType<typeof preparedTables>>();\nfunction fixedBaseDirect(job: Job): Proj<any> | undefined {',
      },
    ],
    files: ['properties/steps/fixedBase.test.ts'],
    filter: 'two handles of the same length|one handle reused over many',
  },
  {
    id: 'worker-order',
    title: 'worker results combined in the wrong order',
    location: 'pool.ts runOnPool (step 11): partial sums combined in reverse chunk order',
    patches: [
      {
        file: 'src/optimized/pool.ts',
        find: "  job.trace.workers = { mode: 'pool', chunks: chunks.length };\n  return combinePartials(job, partials);",
        replace: "  job.trace.workers = { mode: 'pool', chunks: chunks.length };\n  return combinePartials(job, partials.slice().reverse());",
      },
    ],
    files: ['properties/steps/workers.test.ts'],
    filter: 'same projective coordinates as the in-thread',
  },
];

export interface Failure {
  file: string;
  test: string;
  /** fast-check's "failed after N tests" (N counts the failing run), null for a non-property test. */
  runs: number | null;
  shrunk: number | null;
}

export interface Outcome {
  id: string;
  caught: boolean;
  failures: Failure[];
  seconds: number;
  error?: string;
}

/** The failing tests and their run counts, read off vitest's default reporter output. */
export function parseVitest(out: string): Failure[] {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  const fails: Failure[] = [];
  // Each failure section starts with " FAIL  <file> > <describe> > <test>" and holds the error.
  const sections = clean.split(/^ ?FAIL {1,2}/m).slice(1);
  for (const s of sections) {
    const head = s.split('\n')[0].trim();
    const m = head.match(/^(\S+\.test\.ts) > (.*)$/);
    if (!m) continue;
    const pf = s.match(/Property failed after (\d+) tests/);
    const sh = s.match(/Shrunk (\d+) time/);
    fails.push({ file: m[1], test: m[2].trim(), runs: pf ? Number(pf[1]) : null, shrunk: sh ? Number(sh[1]) : null });
  }
  return fails;
}

function applyPatches(dir: string, patches: Patch[]): void {
  for (const p of patches) {
    const f = path.join(dir, p.file);
    const src = readFileSync(f, 'utf8');
    const count = src.split(p.find).length - 1;
    if (count !== 1) throw new Error(`patch for ${p.file}: expected exactly one match, found ${count}: ${JSON.stringify(p.find.slice(0, 60))}`);
    writeFileSync(f, src.replace(p.find, p.replace));
  }
}

export function runClass(repo: string, c: BugClass, seed: number): Outcome {
  const dir = `/tmp/bugs-${c.id}`;
  const t0 = Date.now();
  if (existsSync(dir)) {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
    rmSync(dir, { recursive: true, force: true });
  }
  execFileSync('git', ['worktree', 'add', '--detach', dir, 'HEAD'], { cwd: repo, stdio: 'ignore' });
  try {
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
    // step 12 (wasmField) needs its build output, which is not in git
    if (existsSync(path.join(dir, 'scripts', 'build-wasm.ts')))
      execFileSync(path.join(repo, 'node_modules/.bin/tsx'), ['scripts/build-wasm.ts'], { cwd: dir, stdio: 'ignore' });
    applyPatches(dir, c.patches);
    const env: NodeJS.ProcessEnv = { ...process.env, FC_SEED: String(seed) };
    delete env.FC_RUNS;
    const r = spawnSync(path.join(repo, 'node_modules/.bin/vitest'), ['run', ...c.files, ...(c.filter ? ['-t', c.filter] : [])], {
      cwd: dir,
      env,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    const failures = parseVitest(out);
    const caught = r.status !== 0;
    return { id: c.id, caught, failures, seconds: Math.round((Date.now() - t0) / 1000), error: caught && failures.length === 0 ? out.slice(-2000) : undefined };
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(arg('--seed') ?? 42);
  const only = arg('--only')?.split(',');
  const jsonOut = arg('--json');
  const repo = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const results: Outcome[] = [];
  for (const c of [CONTROL, ...CLASSES]) {
    if (only ? !only.includes(c.id) : c === CONTROL) continue;
    process.stderr.write(`[bug-classes] ${c.id}: ${c.files.join(', ')} (FC_SEED=${seed}) ...\n`);
    const o = runClass(repo, c, seed);
    results.push(o);
    const first = o.failures.map((f) => `${f.file} > ${f.test}: ${f.runs === null ? 'failed' : `after ${f.runs} run(s)`}`).join('\n    ');
    process.stderr.write(`  ${o.caught ? 'CAUGHT' : 'NOT CAUGHT'} in ${o.seconds} s\n    ${first}\n`);
    if (o.error) process.stderr.write(`  (no parsable failure)\n${o.error}\n`);
  }
  if (jsonOut)
    writeFileSync(jsonOut, JSON.stringify({ seed, commit: execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(), results }, null, 2) + '\n');
  const missed = results.filter((r) => !r.caught).map((r) => r.id);
  if (missed.length) process.stderr.write(`[bug-classes] not caught: ${missed.join(', ')}\n`);
  process.exitCode = missed.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main(process.argv.slice(2));
