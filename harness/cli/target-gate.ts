/**
 * `stepwise-msm gate --target <spec>`: the CI gate for an external MSM.
 *
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
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Group, Target } from '../targets/target.js';
import { CELL_TEXT, isFailureCell, type Cell, type MatrixRow } from './conformance-matrix.js';
import { UsageError } from './errors.js';
import type { JUnitCase } from './junit.js';
import { makeProgress } from './progress.js';
import { writeTargetCase } from './corpus-io.js';
import { replayCommand } from './target-options.js';
import { fmtDuration, hexOf, mdInline, mdTable } from '../format.js';
import { exitCode, publish, renderJUnit, renderMarkdown, runStages, verdictOf, type Stage, type StageResult } from '../stages.js';

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

/** msm_ and mul_ files of each group: success files (`Expected`), then fail- files (must be rejected). */
const VECTOR_FILES = (['g1', 'g2'] as const).flatMap((group) =>
  (['success', 'failure'] as const).flatMap((kind) =>
    ['msm', 'mul'].map((op) => ({ group, kind, file: `${kind === 'failure' ? 'fail-' : ''}${op}_${group.toUpperCase()}_bls.json` }))
  )
);

/** A vectors folder named on the command line must hold EIP-2537 vector files: else a UsageError (not a silent skip or a 0/0 pass). */
export function checkVectorsDir(dir: string, given: string): void {
  if (!existsSync(dir)) throw new UsageError(`--vectors ${given}: no folder at ${dir}`);
  if (!VECTOR_FILES.some((v) => existsSync(path.join(dir, v.file))))
    throw new UsageError(`--vectors ${given}: no EIP-2537 vector file (${VECTOR_FILES.map((v) => v.file).join(', ')}) in ${dir}`);
}

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
    const file = path.join(dir, v.file);
    const na =
      v.kind === 'failure' && !target.decodesInput
        ? 'the target takes decoded points: invalid encodings cannot reach it'
        : !existsSync(file)
          ? `no ${v.file} in ${dir}`
          : null;
    if (na !== null) {
      res.status = 'n/a';
      res.note = na;
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
          else if (hexOf(r.output) !== c.Expected) why = hexDifference(hexOf(r.output), c.Expected ?? '');
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

/** Where an output first differs from the expected one (hex): its byte offset and 16 bytes from 4 before it in each. */
function hexDifference(got: string, want: string): string {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const at = i >> 1;
  const from = 2 * Math.max(0, at - 4);
  const part = (h: string) => `${from > 0 ? '…' : ''}${h.slice(from, from + 32)}${from + 32 < h.length ? '…' : ''}`;
  return `output differs from byte ${at} (of ${want.length >> 1}): ${part(got)} ≠ expected ${part(want)}`;
}

/** One gate --target run: its options, its log, the open target, the class names and the invalid ones among them. */
interface TargetRun {
  o: TargetGateOptions;
  err: (s: string) => void;
  target: Target;
  names: string[];
  invalid: Set<string>;
}

/** A failing cell's counterexample, written to <corpus>/targets/ for replay --target. */
function keepFailure(o: TargetGateOptions, g: Group, cls: string, c: Cell): void {
  if (!c.line) return;
  c.corpusPath = writeTargetCase(o.corpus, {
    line: c.line,
    verdict: c.kind,
    detail: c.note ?? c.kind,
    target: o.spec,
    seed: c.seed ?? 0,
    path: c.path ?? '',
    found: `found by stepwise-msm gate --target (seed ${o.seed}, ${g}, class ${cls})`,
    timeoutMs: o.timeoutMs,
  });
}

function failingClassesSection(o: TargetGateOptions, failing: { r: MatrixRow; cls: string; c: Cell }[]): string[] {
  if (failing.length === 0) return [];
  return [
    '### Failing classes (shrunk requests)',
    '',
    ...failing.flatMap(({ r, cls, c }) => [
      `- **${r.group} · ${cls}**: ${c.kind}: ${mdInline(c.note ?? '')} (fast-check seed ${c.seed}, path \`${c.path}\`)`,
      ...(c.line ? [`  - request: \`${c.line.length > 4000 ? c.line.slice(0, 4000) + '…' : c.line}\``] : []),
      ...(c.corpusPath ? [`  - replay: \`${replayCommand(o.spec, path.relative(process.cwd(), c.corpusPath), o.timeoutMs)}\``] : []),
    ]),
    '',
  ];
}

function classesSection(rows: MatrixRow[]): string[] {
  const allCls = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))];
  const cell = (r: MatrixRow, cls: string) => (r.cells[cls] ? `${CELL_TEXT[r.cells[cls].kind]}${r.cells[cls].cases ? ` (${r.cells[cls].cases})` : ''}` : '');
  return [
    '<details><summary>Classes</summary>',
    '',
    ...mdTable(
      ['class', ...rows.map((r) => r.group ?? '')],
      allCls.map((cls) => [cls, ...rows.map((r) => cell(r, cls))])
    ),
    '',
    '</details>',
    '',
  ];
}

/** 0. The harness's self-check, run by the command before the gate: its row. */
const selfCheckStage: Stage<TargetRun> = {
  id: 'self-check',
  skip: ({ o }) => (o.selfCheck ? undefined : null),
  run: ({ o }) => ({
    id: 'self-check',
    rows: [
      { stage: 'self-check', status: 'pass', text: `✅ ${o.selfCheck!.text.replace(/^self-check: /, '').replace(/ — [\d.]+ s$/, '')}`, ms: o.selfCheck!.ms },
    ],
  }),
};

/** 1. Every input class on every group: cell (group g, class c) has index g·|classes| + c; a shard takes its indices. */
const classesStage: Stage<TargetRun> = {
  id: 'properties',
  async run({ o, err, target, names, invalid }) {
    const { runRow } = await import('./conformance-row.js');
    const t1 = performance.now();
    const progress = makeProgress({ label: 'gate', total: o.groups.length * names.length, write: err });
    let step = 0;
    err(
      `[gate] target ${o.spec}: properties over ${names.length} classes × ${o.groups.join(', ')}, ${o.runs} runs each, seed ${o.seed}, shard ${o.shard.index}/${o.shard.count}\n`
    );
    const rows: MatrixRow[] = [];
    for (const [gi, g] of o.groups.entries()) {
      const mine = names.filter((_, ci) => inShard(gi * names.length + ci, o.shard));
      const row = await runRow(target, g, { runs: o.runs, seed: o.seed, maxN: o.maxN, timeoutMs: o.timeoutMs }, mine, invalid, (s) =>
        progress.update(step++, s)
      );
      rows.push(row);
      for (const [cls, c] of Object.entries(row.cells))
        if (isFailureCell(c)) {
          progress.log(`FAIL ${g} ${cls}: ${c.kind}: ${c.note}`);
          keepFailure(o, g, cls, c);
        }
    }
    progress.stop();
    const ms = performance.now() - t1;
    const failing = rows.flatMap((r) =>
      Object.entries(r.cells)
        .filter(([, c]) => isFailureCell(c))
        .map(([cls, c]) => ({ r, cls, c }))
    );
    const cells = rows.flatMap((r) => Object.values(r.cells));
    const naCount = cells.filter((c) => c.kind === 'n/a').length;
    const cellCount = cells.length - naCount;
    const text = `${failing.length ? `❌ ${failing.length} of ${cellCount} class cells failed` : `✅ ${cellCount} class cells agree`}${naCount ? ` (${naCount} n/a)` : ''}`;
    const cases = rows.flatMap((r) => Object.entries(r.cells).map(([cls, c]) => cellCase(o, r, cls, c)));
    return {
      id: 'properties',
      rows: [{ stage: 'properties', status: failing.length ? 'fail' : 'pass', text, ms }],
      junit: { cases, ms },
      failures: failingClassesSection(o, failing),
      details: classesSection(rows),
    };
  },
};

function cellCase(o: TargetGateOptions, r: MatrixRow, cls: string, c: Cell): JUnitCase {
  // each cell carries its own duration (fuzzTarget's wall time for that class and group)
  const j: JUnitCase = { name: `${o.spec} ${r.group} — ${cls}`, classname: 'stepwise-msm.gate.target', timeSec: (c.ms ?? 0) / 1000 };
  if (c.kind === 'n/a') j.skipped = c.note ?? 'n/a';
  else if (isFailureCell(c))
    j.failure = {
      message: `${r.group} ${cls}: ${c.kind}: ${c.note ?? ''}`,
      body: `fast-check seed ${c.seed} path ${c.path}\nrequest: ${c.line ?? ''}${c.corpusPath ? `\ncorpus: ${c.corpusPath}\nreplay: ${replayCommand(o.spec, path.relative(process.cwd(), c.corpusPath), o.timeoutMs)}` : ''}`,
    };
  return j;
}

/** 2. The EIP-2537 MSM vectors, when the folder exists. */
const targetVectorsStage: Stage<TargetRun> = {
  id: 'vectors',
  skip: ({ o }) =>
    o.skipVectors
      ? { status: 'skipped', text: 'skipped (--skip-vectors)' }
      : !o.vectorsDir || !existsSync(o.vectorsDir)
        ? {
            status: 'n/a',
            text: `➖ skipped: no EIP-2537 vectors folder${o.vectorsDir ? ` at ${o.vectorsDir}` : ''} (set STEPWISE_EIP2537_VECTORS or STEPWISE_VECTORS)`,
          }
        : undefined,
  async run({ o, err, target }) {
    const t2 = performance.now();
    err(`[gate] EIP-2537 vectors: ${o.vectorsDir}\n`);
    const vectors = await runTargetVectors(target, o.vectorsDir!, o.groups, o.shard);
    const ms = performance.now() - t2;
    const failed = vectors.some((v) => v.status === 'fail');
    const run = vectors.filter((v) => v.status !== 'n/a');
    const passed = run.reduce((a, v) => a + v.passed, 0);
    const total = run.reduce((a, v) => a + v.total, 0);
    const text = `${failed ? '❌' : '✅'} ${passed}/${total} EIP-2537 vectors in ${run.length} file(s)${vectors.length > run.length ? `; ${vectors.length - run.length} file(s) n/a` : ''}`;
    const cases = vectors.map((v): JUnitCase => {
      const j: JUnitCase = { name: `${v.file}`, classname: 'stepwise-msm.gate.target.vectors', timeSec: v.ms / 1000 };
      if (v.status === 'n/a') j.skipped = v.note ?? 'n/a';
      else if (v.status === 'fail') j.failure = { message: `${v.passed}/${v.total} passed`, body: v.failures.join('\n') };
      return j;
    });
    const details = vectors.length
      ? [
          '### EIP-2537 vectors',
          '',
          ...mdTable(
            ['file', 'group', 'kind', 'passed', 'result'],
            vectors.map((v) => [
              v.file,
              v.group,
              v.kind,
              `${v.passed}/${v.total}`,
              v.status === 'pass' ? '✅' : v.status === 'fail' ? '❌' : `– n/a: ${v.note}`,
            ]),
            'lllrl'
          ),
          ...vectors.flatMap((v) => v.failures.slice(0, 5).map((f) => `- ❌ ${v.file} ${f}`)),
          '',
        ]
      : [];
    return { id: 'vectors', rows: [{ stage: 'vectors', status: failed ? 'fail' : 'pass', text, ms }], junit: { cases, ms }, details };
  },
};

/** 3. The target timed in the same run as the engine (default gates) and the peers, shard 0 only; a report, not judged. */
const targetBenchStage: Stage<TargetRun> = {
  id: 'bench',
  skip: ({ o }) =>
    o.skipBench ? { status: 'skipped', text: 'skipped (--skip-bench)' } : o.shard.index !== 0 ? { status: 'n/a', text: '➖ on shard 0 only' } : undefined,
  async run({ o, err }) {
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
    return {
      id: 'bench',
      rows: [{ stage: 'bench', status: 'n/a', text: '➖ report only (not judged)', ms: performance.now() - t3 }],
      details: [targetBenchMarkdown(rep)],
    };
  },
};

export async function runTargetGate(o: TargetGateOptions, err: (s: string) => void): Promise<{ code: number; markdown: string }> {
  const started = performance.now();
  const { openTarget } = await import('../targets/spec.js');
  const { classInfo } = await import('./conformance-row.js');
  const { names, invalid } = await classInfo();
  const target = await openTarget(o.spec, { cwd: o.cwd, timeoutMs: o.timeoutMs });
  const run: TargetRun = { o, err, target, names, invalid };
  let results: StageResult[];
  try {
    results = await runStages([selfCheckStage, classesStage, targetVectorsStage], run);
  } finally {
    await target.close();
  }
  results.push(...(await runStages([targetBenchStage], run)));
  const code = exitCode(results);
  const head = [
    `## stepwise-msm gate --target ${o.spec}: ${verdictOf(code)} (exit ${code})`,
    '',
    `Seed ${o.seed} · ${o.runs} runs per class · groups ${o.groups.join(', ')} · shard ${o.shard.index}/${o.shard.count} · total ${fmtDuration(performance.now() - started)}`,
    '',
  ];
  const markdown = renderMarkdown(head, results);
  publish(markdown, { file: o.junit, xml: () => renderJUnit(`stepwise-msm gate --target ${o.spec}`, results, performance.now() - started) });
  return { code, markdown };
}
