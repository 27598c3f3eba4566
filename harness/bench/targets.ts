/**
 * `bench --target <spec>` (repeatable) and the bench stage of `gate --target`: targets timed in
 * the same run as the engine (default gates) and the peers, on the same inputs (benchInputs: the
 * same seeded points and scalars), a target receiving them EIP-2537-encoded.
 *
 * What each row is charged for:
 *  - raw: the whole call as the target sees it (request in, reply out).
 *  - overhead, subtracted for the net time:
 *    · subprocess targets (cmd:, blst): the protocol round trip, measured with the echo target
 *      (a process that answers at once without an MSM) on the same requests at the same sizes;
 *    · in-process targets that take decoded points (decodesInput = false: engine, noble,
 *      mcl-wasm, micro-eth-signer, module: exporting msm): the harness's decoding of the
 *      EIP-2537 bytes (with its subgroup checks), timed alone at the same sizes, since that work
 *      is the harness's, not the target's;
 *    · targets that decode the bytes themselves (module: exporting eip2537, cmd:): decoding is
 *      part of their MSM (as in a precompile) and stays charged.
 *  - net = raw − overhead, compared (÷) with the engine's default gates and with noble, timed on
 *    the points directly in the same run.
 * Each target is checked once per size against the expected encoding before it is timed; a wrong
 * answer or a rejection is "not benchmarked".
 */
import type { Group, Target } from '../targets/target.js';
import { firstRows, rowAt } from './report.js';
import { runBench, summarize, type BenchReport, type BenchRow } from './run.js';
import { benchInputs, DEFAULT_SEED } from './inputs.js';
import { G1, G2 } from '../../src/index.js';
import { fmtFixed, fmtMs, hexOf, mdCell, mdTable } from '../format.js';

/** Whether a spec names a subprocess target (its calls include a pipe round trip). */
export function isSubprocessSpec(spec: string): boolean {
  return spec.startsWith('cmd:') || spec === 'blst' || spec.startsWith('blst:');
}

export interface TargetBenchOptions {
  targets: string[];
  groups: Group[];
  sizes: number[];
  /** Budget per task and size, ms (at least `iterations` calls). */
  timeMs: number;
  iterations: number;
  cwd: string;
  timeoutMs: number;
  /** Also run the engine and these peers (true: every peer; false: none) on the points, same run. */
  peers: boolean | string[];
  seed?: number;
  log?: (line: string) => void;
}

export interface TargetBenchReport {
  rows: TargetBenchRow[];
  /** The same run's engine and peer rows, per group. */
  peerRuns: { group: Group; report: BenchReport }[];
  seed: number;
  sizes: number[];
  timeMs: number;
}

/** Samples of one call: a warm-up, then at least `iterations` calls and `timeMs` ms (at most 10 000 calls). */
async function timeCalls(call: () => unknown, timeMs: number, iterations: number): Promise<number[]> {
  await call(); // warm-up
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < iterations || performance.now() - t0 < timeMs) {
    const a = performance.now();
    await call();
    samples.push(performance.now() - a);
    if (samples.length >= 10_000) break;
  }
  return samples;
}

/** A target's row before it is checked and timed (`TargetBenchRow`: its type). */
const emptyRow = (spec: string, group: Group, n: number, overheadKind: 'echo' | 'decode' | 'none') => ({
  spec,
  group,
  n,
  status: 'ok' as 'ok' | 'wrong-result' | 'error' | 'n/a',
  note: null as string | null,
  rawMs: null as number | null,
  /** What is subtracted (echo round trip or harness decoding) and which. */
  overheadMs: null as number | null,
  overheadKind,
  netMs: null as number | null,
  samples: 0,
  /** net ÷ engine (default gates) and net ÷ noble at the same n and group, same run. */
  vsEngine: null as number | null,
  vsNoble: null as number | null,
});

export type TargetBenchRow = ReturnType<typeof emptyRow>;

/** The engine (default gates) and the peers on the points, per group, in the same run. */
async function peerRunsOf(o: TargetBenchOptions, sizes: number[], seed: number, log: (l: string) => void): Promise<TargetBenchReport['peerRuns']> {
  const out: TargetBenchReport['peerRuns'] = [];
  if (!o.peers) return out;
  for (const g of o.groups) {
    log(`${g}: the engine (default gates) and the peers at n = ${sizes.join(', ')}`);
    const peers = Array.isArray(o.peers) ? { peers: o.peers } : {};
    const report = await runBench({ curve: g, sizes, views: ['default'], time: o.timeMs, iterations: o.iterations, count: false, seed, rounds: 1, ...peers });
    out.push({ group: g, report });
  }
  return out;
}

/** What one target row needs besides the row: the run's settings, the peer runs and the overhead measurements shared by the rows. */
interface TargetRun {
  o: TargetBenchOptions;
  seed: number;
  log: (l: string) => void;
  peerRuns: TargetBenchReport['peerRuns'];
  /** The overhead of a kind at a group and size, measured once per run. */
  overhead: (kind: 'echo' | 'decode', g: Group, n: number, input: Uint8Array) => Promise<number>;
}

/** One target at one group and size: checked against the expected encoding, timed, its overhead subtracted, compared. */
async function benchRow(run: TargetRun, target: Target, row: TargetBenchRow): Promise<void> {
  const { encodeMsmInput, encodePoint } = await import('../targets/eip2537.js');
  const { o, seed } = run;
  const { spec, group: g, n, overheadKind: kind } = row;
  if (!target.groups.includes(g)) {
    row.status = 'n/a';
    row.note = `${spec} does not support ${g}`;
    return;
  }
  const inp = benchInputs(g === 'g1' ? G1 : G2, n, seed);
  const input = encodeMsmInput(g, inp.points, inp.scalars);
  try {
    const r = await target.call(g, input);
    if (r.kind === 'error') {
      row.status = 'error';
      row.note = `rejected a valid input: ${r.message}`;
      return;
    }
    if (hexOf(r.output) !== hexOf(encodePoint(g, inp.expected))) {
      row.status = 'wrong-result';
      row.note = 'not benchmarked: wrong result';
      return;
    }
    const samples = await timeCalls(() => target.call(g, input), o.timeMs, o.iterations);
    row.samples = samples.length;
    row.rawMs = summarize(samples).median;
  } catch (e) {
    row.status = 'error';
    row.note = (e as Error).message;
    return;
  }
  row.overheadMs = kind === 'none' ? 0 : await run.overhead(kind, g, n, input);
  row.netMs = Math.max(0, row.rawMs - row.overheadMs);
  const pr = run.peerRuns.find((p) => p.group === g)?.report;
  const engine = pr?.rows.find((x) => x.kind === 'engine' && x.label === 'default' && x.n === n && x.status === 'ok')?.medianMs ?? null;
  const noble = pr?.rows.find((x) => x.kind === 'peer' && x.label === 'noble' && x.n === n && x.status === 'ok')?.medianMs ?? null;
  row.vsEngine = engine ? row.netMs / engine : null;
  row.vsNoble = noble ? row.netMs / noble : null;
  run.log(`${spec} ${g} n=${n}: ${row.rawMs.toFixed(3)} ms raw, ${row.overheadMs.toFixed(3)} ms ${kind}`);
}

/** Every target × group × size, the engine and the peers in the same run (see the file header for what each row is charged). */
export async function runTargetBench(o: TargetBenchOptions): Promise<TargetBenchReport> {
  const { openTarget } = await import('../targets/spec.js');
  const { echoTarget } = await import('../targets/cmd.js');
  const { decodeMsmInput } = await import('../targets/eip2537.js');
  const seed = o.seed ?? DEFAULT_SEED;
  const log = o.log ?? (() => {});
  const sizes = [...new Set(o.sizes)].sort((a, b) => a - b);
  const peerRuns = await peerRunsOf(o, sizes, seed, log);
  const rows: TargetBenchRow[] = [];
  const cache = new Map<string, number>();
  let echo: Target | null = null;
  const overhead: TargetRun['overhead'] = async (kind, g, n, input) => {
    const key = `${kind}/${g}/${n}`;
    if (!cache.has(key)) {
      const e = kind === 'echo' ? (echo ??= echoTarget({ timeoutMs: o.timeoutMs })) : null;
      const samples = await timeCalls(e ? () => e.call(g, input) : () => decodeMsmInput(g, input), o.timeMs, o.iterations);
      cache.set(key, summarize(samples).median);
    }
    return cache.get(key)!;
  };
  const run: TargetRun = { o, seed, log, peerRuns, overhead };
  try {
    for (const spec of o.targets) {
      let target: Target;
      try {
        target = await openTarget(spec, { cwd: o.cwd, timeoutMs: o.timeoutMs });
      } catch (e) {
        for (const g of o.groups) for (const n of sizes) rows.push({ ...emptyRow(spec, g, n, 'none'), status: 'n/a', note: (e as Error).message });
        continue;
      }
      try {
        const kind: TargetBenchRow['overheadKind'] = isSubprocessSpec(spec) ? 'echo' : target.decodesInput ? 'none' : 'decode';
        for (const g of o.groups)
          for (const n of sizes) {
            const row = emptyRow(spec, g, n, kind);
            rows.push(row);
            await benchRow(run, target, row);
          }
      } finally {
        await target.close();
      }
    }
  } finally {
    await (echo as Target | null)?.close();
  }
  return { rows, peerRuns, seed, sizes, timeMs: o.timeMs };
}

const f = (x: number | null) => fmtMs(x, { fine: 3, missing: '–' });
const rt = (x: number | null) => fmtFixed(x, 2, '–');

/** Whether the subtracted overhead is over half of the raw time (the net time is then unreliable). */
export function overheadDominated(r: TargetBenchRow): boolean {
  return r.status === 'ok' && r.rawMs !== null && r.overheadMs !== null && r.overheadMs > 0.5 * r.rawMs;
}

export function targetBenchMarkdown(rep: TargetBenchReport): string {
  const L = [
    `### Targets, same run as the engine and the peers (seed ${rep.seed}, ${rep.timeMs} ms per task and size)`,
    '',
    '| target | group | n | raw ms | overhead ms | net ms | net ÷ engine | net ÷ noble | samples |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rep.rows) {
    if (r.status !== 'ok') {
      L.push(`| ${mdCell(r.spec)} | ${r.group} | ${r.n} | ${r.status}: ${mdCell(r.note ?? '').split('\n')[0]} | | | | | |`);
      continue;
    }
    const oh = r.overheadKind === 'none' ? '0 (decodes itself)' : `${f(r.overheadMs)} (${r.overheadKind})`;
    const noisy = overheadDominated(r);
    L.push(
      `| ${mdCell(r.spec)} | ${r.group} | ${r.n} | ${f(r.rawMs)} | ${oh} | ${f(r.netMs)}${noisy ? ' ⚠' : ''} | ${rt(r.vsEngine)}${noisy ? ' ⚠' : ''} | ${rt(r.vsNoble)}${noisy ? ' ⚠' : ''} | ${r.samples} |`
    );
  }
  for (const { group, report } of rep.peerRuns) {
    L.push('', `Same run, ${group}, on the points directly (median ms):`, '');
    const cell = (k: BenchRow, n: number) => {
      const r = rowAt(report.rows, k, n);
      return !r ? '' : r.status === 'ok' ? f(r.medianMs) : r.status;
    };
    const rows = firstRows(report.rows).map((k) => [k.kind === 'peer' ? `peer: ${k.label}` : `engine: ${k.label}`, ...rep.sizes.map((n) => cell(k, n))]);
    L.push(...mdTable(['engine / peer', ...rep.sizes.map((n) => `n = ${n}`)], rows, `l${'r'.repeat(rep.sizes.length)}`));
  }
  L.push('');
  if (rep.rows.some(overheadDominated))
    L.push(
      '⚠ the overhead is more than half of the raw time: the net time is a difference of two noisy medians; for the built-in libraries read their own rows below (timed on the points, no decoding).'
    );
  L.push(
    "Overhead: echo = the protocol round trip (an echo process answering the same requests, same sizes); decode = the harness decoding the EIP-2537 bytes for a target that takes points (its work, not the target's). Net = raw − overhead."
  );
  return L.join('\n') + '\n';
}
