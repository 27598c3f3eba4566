/**
 * `stepwise-msm gate --target <spec>`: the CI gate for an external MSM.
 *
 *  0. self-check — targets wrong on purpose must be caught first (harness/targets/self-check.ts,
 *     run by the command before this: a failure there exits 3 and nothing is judged).
 *  1. properties — every input class of the target layer (TARGET_CLASSES) on every group the
 *     target supports: `--runs` cases each (fuzzTarget, seeds derived from --seed, printed),
 *     the same cells as the conformance matrix (conformance.ts runRow). A failure is shrunk; its
 *     protocol line goes to the summary and to <corpus>/targets/ (replay --target).
 *  2. vectors — the EIP-2537 MSM vectors (msm_/mul_ G1/G2 success files must give `Expected`;
 *     fail-* files must be rejected) when the folder exists (STEPWISE_EIP2537_VECTORS, else
 *     $STEPWISE_VECTORS/eip2537); otherwise a printed skip. Failure vectors are n/a for a
 *     target that takes decoded points.
 *  3. bench — the target timed in the same run as the engine (default gates) and the peers at
 *     small sizes (harness/bench/targets.ts); a report, not judged.
 *
 * `--shard i/n` runs the property cells and vectors whose index ≡ i (mod n); the bench runs on
 * shard 0 only. Exit: 0 pass, 1 correctness, 3 usage (same as gate).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Group, Target } from '../targets/target.js';
import { isFailureCell, type Cell, type MatrixRow } from './conformance-matrix.js';
import { EXIT } from './errors.js';
import { toJUnit, type JUnitCase, type JUnitSuite } from './junit.js';
import { makeProgress } from './progress.js';
import { writeTargetCase } from './target-corpus.js';
import { shellQuote } from './cases.js';

export interface TargetGateOptions {
  spec: string;
  cwd: string;
  groups: Group[];
  seed: number;
  runs: number;
  maxN: number;
  timeoutMs: number;
  /** EIP-2537 vectors folder, or null (not configured). */
  vectorsDir: string | null;
  skipVectors: boolean;
  skipBench: boolean;
  benchSizes: number[];
  benchTimeMs: number;
  shard: { index: number; count: number };
  corpus: string;
  junit: string | null;
  /** The harness's self-check, run before (harness/targets/self-check.ts): reported as the first stage. */
  selfCheck?: { text: string; ms: number };
}

export interface VectorFileResult {
  file: string;
  group: Group;
  kind: 'success' | 'failure';
  passed: number;
  total: number;
  failures: string[];
  status: 'pass' | 'fail' | 'n/a';
  note: string | null;
  ms: number;
}

export interface TargetGateResult {
  code: number;
  markdown: string;
  rows: MatrixRow[];
  vectors: VectorFileResult[] | null;
}

const VECTOR_FILES: { group: Group; kind: 'success' | 'failure'; file: string }[] = [
  { group: 'g1', kind: 'success', file: 'msm_G1_bls.json' },
  { group: 'g1', kind: 'success', file: 'mul_G1_bls.json' },
  { group: 'g1', kind: 'failure', file: 'fail-msm_G1_bls.json' },
  { group: 'g1', kind: 'failure', file: 'fail-mul_G1_bls.json' },
  { group: 'g2', kind: 'success', file: 'msm_G2_bls.json' },
  { group: 'g2', kind: 'success', file: 'mul_G2_bls.json' },
  { group: 'g2', kind: 'failure', file: 'fail-msm_G2_bls.json' },
  { group: 'g2', kind: 'failure', file: 'fail-mul_G2_bls.json' },
];

const secs = (ms: number) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);
const inShard = (i: number, s: { index: number; count: number }) => i % s.count === s.index;

/** Runs the EIP-2537 MSM vector files of the target's groups through the target. */
export async function runTargetVectors(target: Target, dir: string, groups: Group[], shard: { index: number; count: number }): Promise<VectorFileResult[]> {
  const out: VectorFileResult[] = [];
  let k = 0;
  for (const v of VECTOR_FILES) {
    if (!groups.includes(v.group)) continue;
    const t0 = performance.now();
    const res: VectorFileResult = { file: v.file, group: v.group, kind: v.kind, passed: 0, total: 0, failures: [], status: 'pass', note: null, ms: 0 };
    out.push(res);
    if (v.kind === 'failure' && !target.decodesInput) {
      res.status = 'n/a';
      res.note = 'the target takes decoded points: invalid encodings cannot reach it';
      continue;
    }
    const file = path.join(dir, v.file);
    if (!existsSync(file)) {
      res.status = 'n/a';
      res.note = `no ${v.file} in ${dir}`;
      continue;
    }
    const cases = JSON.parse(readFileSync(file, 'utf8')) as { Input: string; Name: string; Expected?: string; ExpectedError?: string }[];
    for (const c of cases) {
      if (!inShard(k++, shard)) continue;
      res.total++;
      const input = Uint8Array.from(Buffer.from(c.Input, 'hex'));
      let why: string | null = null;
      try {
        const r = await target.call(v.group, input);
        if (v.kind === 'success') {
          if (r.kind === 'error') why = `rejected a valid input: ${r.message}`;
          else if (Buffer.from(r.output).toString('hex') !== c.Expected)
            why = `output ${Buffer.from(r.output).toString('hex').slice(0, 32)}… ≠ expected ${c.Expected!.slice(0, 32)}…`;
        } else if (r.kind !== 'error') why = `accepted an invalid input (expected error: ${c.ExpectedError})`;
      } catch (e) {
        why = `${(e as { kind?: string }).kind ?? 'crash'}: ${(e as Error).message}`;
      }
      if (why === null) res.passed++;
      else res.failures.push(`${c.Name}: ${why}`);
    }
    res.status = res.failures.length ? 'fail' : 'pass';
    res.ms = performance.now() - t0;
  }
  return out;
}

export async function runTargetGate(o: TargetGateOptions, err: (s: string) => void): Promise<TargetGateResult> {
  const started = performance.now();
  const { openTarget } = await import('../targets/spec.js');
  const { classInfo, runRow } = await import('./conformance.js');
  const { names, invalid } = await classInfo();
  const target = await openTarget(o.spec, { cwd: o.cwd, timeoutMs: o.timeoutMs });
  const rows: MatrixRow[] = [];
  let vectors: VectorFileResult[] | null = null;
  let propMs = 0;
  let vecMs = 0;
  try {
    // 1. properties: cell (group g, class c) has index g·|classes| + c; a shard takes its indices
    const t1 = performance.now();
    const progress = makeProgress({ label: 'gate', total: o.groups.length * names.length, write: err });
    let step = 0;
    err(
      `[gate] target ${o.spec}: properties over ${names.length} classes × ${o.groups.join(', ')}, ${o.runs} runs each, seed ${o.seed}, shard ${o.shard.index}/${o.shard.count}\n`
    );
    for (const [gi, g] of o.groups.entries()) {
      const mine = names.filter((_, ci) => inShard(gi * names.length + ci, o.shard));
      const row = await runRow(target, g, { runs: o.runs, seed: o.seed, maxN: o.maxN, timeoutMs: o.timeoutMs }, mine, invalid, (s) =>
        progress.update(step++, s)
      );
      rows.push(row);
      for (const [cls, c] of Object.entries(row.cells))
        if (isFailureCell(c)) {
          progress.log(`FAIL ${g} ${cls}: ${c.kind}: ${c.note}`);
          if (c.line)
            c.corpusPath = writeTargetCase(o.corpus, {
              line: c.line,
              verdict: c.kind,
              detail: c.note ?? c.kind,
              target: o.spec,
              seed: c.seed ?? 0,
              path: c.path ?? '',
              found: `found by stepwise-msm gate --target (seed ${o.seed}, ${g}, class ${cls})`,
            });
        }
    }
    progress.stop();
    propMs = performance.now() - t1;
    // 2. vectors
    if (!o.skipVectors && o.vectorsDir && existsSync(o.vectorsDir)) {
      const t2 = performance.now();
      err(`[gate] EIP-2537 vectors: ${o.vectorsDir}\n`);
      vectors = await runTargetVectors(target, o.vectorsDir, o.groups, o.shard);
      vecMs = performance.now() - t2;
    }
  } finally {
    await target.close();
  }
  // 3. bench (report only), shard 0
  let benchMd: string | null = null;
  let benchMs = 0;
  if (!o.skipBench && o.shard.index === 0) {
    const t3 = performance.now();
    const { runTargetBench, targetBenchMarkdown } = await import('../bench/targets.js');
    err(`[gate] bench: ${o.spec} vs the engine and the peers at n = ${o.benchSizes.join(', ')} (report only)\n`);
    const rep = await runTargetBench({
      targets: [o.spec],
      groups: o.groups.includes('g1') ? ['g1'] : o.groups,
      sizes: o.benchSizes,
      timeMs: o.benchTimeMs,
      iterations: 2,
      cwd: o.cwd,
      timeoutMs: o.timeoutMs,
      peers: true,
      log: (line) => err(`[gate] ${line}\n`),
    });
    benchMd = targetBenchMarkdown(rep);
    benchMs = performance.now() - t3;
  }

  const failingCells = rows.flatMap((r) =>
    Object.entries(r.cells)
      .filter(([, c]) => isFailureCell(c))
      .map(([cls, c]) => ({ r, cls, c }))
  );
  const vectorsFailed = vectors?.some((v) => v.status === 'fail') ?? false;
  const code = failingCells.length || vectorsFailed ? EXIT.CORRECTNESS : EXIT.PASS;
  const cellCount = rows.reduce((a, r) => a + Object.values(r.cells).filter((c) => c.kind !== 'n/a').length, 0);
  const naCount = rows.reduce((a, r) => a + Object.values(r.cells).filter((c) => c.kind === 'n/a').length, 0);

  const L: string[] = [];
  L.push(`## stepwise-msm gate --target ${o.spec}: ${code === EXIT.PASS ? '✅ passed' : '❌ correctness failure'} (exit ${code})`);
  L.push('');
  L.push(
    `Seed ${o.seed} · ${o.runs} runs per class · groups ${o.groups.join(', ')} · shard ${o.shard.index}/${o.shard.count} · total ${secs(performance.now() - started)}`
  );
  L.push('');
  L.push('| stage | result | time |');
  L.push('|---|---|---:|');
  if (o.selfCheck) L.push(`| self-check | ✅ ${o.selfCheck.text.replace(/^self-check: /, '').replace(/ — [\d.]+ s$/, '')} | ${secs(o.selfCheck.ms)} |`);
  L.push(
    `| properties | ${failingCells.length ? `❌ ${failingCells.length} of ${cellCount} class cells failed` : `✅ ${cellCount} class cells agree`}${naCount ? ` (${naCount} n/a)` : ''} | ${secs(propMs)} |`
  );
  if (o.skipVectors) L.push('| vectors | skipped (--skip-vectors) | |');
  else if (!vectors)
    L.push(
      `| vectors | ➖ skipped: no EIP-2537 vectors folder${o.vectorsDir ? ` at ${o.vectorsDir}` : ''} (set STEPWISE_EIP2537_VECTORS or STEPWISE_VECTORS) | |`
    );
  else {
    const run = vectors.filter((v) => v.status !== 'n/a');
    const passed = run.reduce((a, v) => a + v.passed, 0);
    const total = run.reduce((a, v) => a + v.total, 0);
    L.push(
      `| vectors | ${vectorsFailed ? '❌' : '✅'} ${passed}/${total} EIP-2537 vectors in ${run.length} file(s)${vectors.length > run.length ? `; ${vectors.length - run.length} file(s) n/a` : ''} | ${secs(vecMs)} |`
    );
  }
  if (o.skipBench) L.push('| bench | skipped (--skip-bench) | |');
  else if (o.shard.index !== 0) L.push('| bench | ➖ on shard 0 only | |');
  else L.push(`| bench | ➖ report only (not judged) | ${secs(benchMs)} |`);
  L.push('');
  if (failingCells.length) {
    L.push('### Failing classes (shrunk requests)');
    L.push('');
    for (const { r, cls, c } of failingCells) {
      L.push(`- **${r.group} · ${cls}**: ${c.kind}: ${c.note ?? ''} (fast-check seed ${c.seed}, path \`${c.path}\`)`);
      if (c.line) L.push(`  - request: \`${c.line.length > 4000 ? c.line.slice(0, 4000) + '…' : c.line}\``);
      if (c.corpusPath)
        L.push(`  - replay: \`npx stepwise-msm replay --target ${shellQuote(o.spec)} ${shellQuote(path.relative(process.cwd(), c.corpusPath))}\``);
    }
    L.push('');
  }
  L.push('<details><summary>Classes</summary>');
  L.push('');
  const allCls = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))];
  L.push(`| class | ${rows.map((r) => r.group).join(' | ')} |`);
  L.push(`|---|${rows.map(() => '---').join('|')}|`);
  const { CELL_TEXT } = await import('./conformance-matrix.js');
  for (const cls of allCls)
    L.push(
      `| ${cls} | ${rows.map((r) => (r.cells[cls] ? `${CELL_TEXT[r.cells[cls].kind]}${r.cells[cls].cases ? ` (${r.cells[cls].cases})` : ''}` : '')).join(' | ')} |`
    );
  L.push('');
  L.push('</details>');
  L.push('');
  if (vectors?.length) {
    L.push('### EIP-2537 vectors');
    L.push('');
    L.push('| file | group | kind | passed | result |');
    L.push('|---|---|---|---:|---|');
    for (const v of vectors)
      L.push(
        `| ${v.file} | ${v.group} | ${v.kind} | ${v.passed}/${v.total} | ${v.status === 'pass' ? '✅' : v.status === 'fail' ? '❌' : `– n/a: ${v.note}`} |`
      );
    for (const v of vectors) for (const f of v.failures.slice(0, 5)) L.push(`- ❌ ${v.file} ${f}`);
    L.push('');
  }
  if (benchMd) L.push(benchMd);
  const markdown = L.join('\n');
  if (o.junit) {
    mkdirSync(path.dirname(path.resolve(o.junit)), { recursive: true });
    writeFileSync(o.junit, junitOf(o, rows, vectors, { totalMs: performance.now() - started, propMs, vecMs }));
  }
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown + '\n');
  return { code, markdown, rows, vectors };
}

function junitOf(o: TargetGateOptions, rows: MatrixRow[], vectors: VectorFileResult[] | null, t: { totalMs: number; propMs: number; vecMs: number }): string {
  const suites: JUnitSuite[] = [];
  suites.push({
    name: 'properties',
    timeSec: t.propMs / 1000,
    cases: rows.flatMap((r) =>
      Object.entries(r.cells).map(([cls, c]: [string, Cell]): JUnitCase => {
        const j: JUnitCase = { name: `${o.spec} ${r.group} — ${cls}`, classname: 'stepwise-msm.gate.target', timeSec: (c.ms ?? 0) / 1000 };
        if (c.kind === 'n/a') j.skipped = c.note ?? 'n/a';
        else if (isFailureCell(c))
          j.failure = {
            message: `${r.group} ${cls}: ${c.kind}: ${c.note ?? ''}`,
            body: `fast-check seed ${c.seed} path ${c.path}\nrequest: ${c.line ?? ''}${c.corpusPath ? `\ncorpus: ${c.corpusPath}` : ''}`,
          };
        return j;
      })
    ),
  });
  if (vectors)
    suites.push({
      name: 'vectors',
      timeSec: t.vecMs / 1000,
      cases: vectors.map((v): JUnitCase => {
        const j: JUnitCase = { name: `${v.file}`, classname: 'stepwise-msm.gate.target.vectors', timeSec: v.ms / 1000 };
        if (v.status === 'n/a') j.skipped = v.note ?? 'n/a';
        else if (v.status === 'fail') j.failure = { message: `${v.passed}/${v.total} passed`, body: v.failures.join('\n') };
        return j;
      }),
    });
  return toJUnit(`stepwise-msm gate --target ${o.spec}`, suites, { timeSec: t.totalMs / 1000 });
}
