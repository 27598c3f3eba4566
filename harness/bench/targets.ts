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
import { runBench, summarize, type BenchReport } from './run.js';
import { benchInputs, DEFAULT_SEED } from './inputs.js';
import { G1, G2 } from '../../src/index.js';

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

export interface TargetBenchRow {
  spec: string;
  group: Group;
  n: number;
  status: 'ok' | 'wrong-result' | 'error' | 'n/a';
  note: string | null;
  rawMs: number | null;
  /** What is subtracted (echo round trip or harness decoding) and which. */
  overheadMs: number | null;
  overheadKind: 'echo' | 'decode' | 'none';
  netMs: number | null;
  samples: number;
  /** net ÷ engine (default gates) and net ÷ noble at the same n and group, same run. */
  vsEngine: number | null;
  vsNoble: number | null;
}

export interface TargetBenchReport {
  rows: TargetBenchRow[];
  /** The same run's engine and peer rows, per group. */
  peerRuns: { group: Group; report: BenchReport }[];
  seed: number;
  sizes: number[];
  timeMs: number;
}

async function timeCalls(call: () => Promise<unknown>, timeMs: number, iterations: number): Promise<number[]> {
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

function timeSync(fn: () => unknown, timeMs: number, iterations: number): number[] {
  fn();
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < iterations || performance.now() - t0 < timeMs) {
    const a = performance.now();
    fn();
    samples.push(performance.now() - a);
    if (samples.length >= 10_000) break;
  }
  return samples;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export async function runTargetBench(o: TargetBenchOptions): Promise<TargetBenchReport> {
  const { openTarget } = await import('../targets/spec.js');
  const { echoTarget } = await import('../targets/cmd.js');
  const { decodeMsmInput, encodeMsmInput, encodePoint } = await import('../targets/eip2537.js');
  const seed = o.seed ?? DEFAULT_SEED;
  const log = o.log ?? (() => {});
  const sizes = [...new Set(o.sizes)].sort((a, b) => a - b);
  const peerRuns: TargetBenchReport['peerRuns'] = [];
  if (o.peers)
    for (const g of o.groups) {
      log(`${g}: the engine (default gates) and the peers at n = ${sizes.join(', ')}`);
      peerRuns.push({
        group: g,
        report: await runBench({
          curve: g,
          sizes,
          views: ['default'],
          time: o.timeMs,
          iterations: o.iterations,
          count: false,
          seed,
          rounds: 1,
          ...(Array.isArray(o.peers) ? { peers: o.peers } : {}),
        }),
      });
    }
  const rows: TargetBenchRow[] = [];
  const overheadCache = new Map<string, number>();
  let echo: Target | null = null;
  try {
    for (const spec of o.targets) {
      let target: Target;
      try {
        target = await openTarget(spec, { cwd: o.cwd, timeoutMs: o.timeoutMs });
      } catch (e) {
        for (const g of o.groups)
          for (const n of sizes)
            rows.push({
              spec,
              group: g,
              n,
              status: 'n/a',
              note: (e as Error).message,
              rawMs: null,
              overheadMs: null,
              overheadKind: 'none',
              netMs: null,
              samples: 0,
              vsEngine: null,
              vsNoble: null,
            });
        continue;
      }
      try {
        const sub = isSubprocessSpec(spec);
        const kind: TargetBenchRow['overheadKind'] = sub ? 'echo' : target.decodesInput ? 'none' : 'decode';
        for (const g of o.groups)
          for (const n of sizes) {
            const row: TargetBenchRow = {
              spec,
              group: g,
              n,
              status: 'ok',
              note: null,
              rawMs: null,
              overheadMs: null,
              overheadKind: kind,
              netMs: null,
              samples: 0,
              vsEngine: null,
              vsNoble: null,
            };
            rows.push(row);
            if (!target.groups.includes(g)) {
              row.status = 'n/a';
              row.note = `${spec} does not support ${g}`;
              continue;
            }
            const inp = benchInputs(g === 'g1' ? G1 : G2, n, seed);
            const input = encodeMsmInput(g, inp.points, inp.scalars);
            const want = hex(encodePoint(g, inp.expected));
            try {
              const r = await target.call(g, input);
              if (r.kind === 'error') {
                row.status = 'error';
                row.note = `rejected a valid input: ${r.message}`;
                continue;
              }
              if (hex(r.output) !== want) {
                row.status = 'wrong-result';
                row.note = 'not benchmarked: wrong result';
                continue;
              }
              const samples = await timeCalls(() => target.call(g, input), o.timeMs, o.iterations);
              row.samples = samples.length;
              row.rawMs = summarize(samples).median;
            } catch (e) {
              row.status = 'error';
              row.note = (e as Error).message;
              continue;
            }
            const key = `${kind}/${g}/${n}`;
            if (kind !== 'none' && !overheadCache.has(key)) {
              if (kind === 'echo') {
                echo ??= echoTarget({ timeoutMs: o.timeoutMs });
                const e = echo;
                overheadCache.set(key, summarize(await timeCalls(() => e.call(g, input), o.timeMs, o.iterations)).median);
              } else overheadCache.set(key, summarize(timeSync(() => decodeMsmInput(g, input), o.timeMs, o.iterations)).median);
            }
            row.overheadMs = kind === 'none' ? 0 : overheadCache.get(key)!;
            row.netMs = Math.max(0, row.rawMs - row.overheadMs);
            const pr = peerRuns.find((p) => p.group === g)?.report;
            const engine = pr?.rows.find((x) => x.kind === 'engine' && x.label === 'default' && x.n === n && x.status === 'ok')?.medianMs ?? null;
            const noble = pr?.rows.find((x) => x.kind === 'peer' && x.label === 'noble' && x.n === n && x.status === 'ok')?.medianMs ?? null;
            row.vsEngine = engine ? row.netMs / engine : null;
            row.vsNoble = noble ? row.netMs / noble : null;
            log(`${spec} ${g} n=${n}: ${row.rawMs.toFixed(3)} ms raw, ${row.overheadMs.toFixed(3)} ms ${kind}`);
          }
      } finally {
        await target.close();
      }
    }
  } finally {
    await echo?.close();
  }
  return { rows, peerRuns, seed, sizes, timeMs: o.timeMs };
}

const f = (x: number | null) => (x === null ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
const rt = (x: number | null) => (x === null ? '–' : x.toFixed(2));

/** Whether the subtracted overhead is over half of the raw time (the net time is then unreliable). */
export function overheadDominated(r: TargetBenchRow): boolean {
  return r.status === 'ok' && r.rawMs !== null && r.overheadMs !== null && r.overheadMs > 0.5 * r.rawMs;
}

export function targetBenchMarkdown(rep: TargetBenchReport): string {
  const L: string[] = [];
  L.push(`### Targets, same run as the engine and the peers (seed ${rep.seed}, ${rep.timeMs} ms per task and size)`);
  L.push('');
  L.push('| target | group | n | raw ms | overhead ms | net ms | net ÷ engine | net ÷ noble | samples |');
  L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rep.rows) {
    if (r.status !== 'ok') {
      L.push(`| ${r.spec.replace(/\|/g, '\\|')} | ${r.group} | ${r.n} | ${r.status}: ${(r.note ?? '').replace(/\|/g, '\\|').split('\n')[0]} | | | | | |`);
      continue;
    }
    const oh = r.overheadKind === 'none' ? '0 (decodes itself)' : `${f(r.overheadMs)} (${r.overheadKind})`;
    const noisy = overheadDominated(r);
    L.push(
      `| ${r.spec.replace(/\|/g, '\\|')} | ${r.group} | ${r.n} | ${f(r.rawMs)} | ${oh} | ${f(r.netMs)}${noisy ? ' ⚠' : ''} | ${rt(r.vsEngine)}${noisy ? ' ⚠' : ''} | ${rt(r.vsNoble)}${noisy ? ' ⚠' : ''} | ${r.samples} |`
    );
  }
  for (const { group, report } of rep.peerRuns) {
    L.push('');
    L.push(`Same run, ${group}, on the points directly (median ms):`);
    L.push('');
    L.push(`| engine / peer | ${rep.sizes.map((n) => `n = ${n}`).join(' | ')} |`);
    L.push(`|---|${rep.sizes.map(() => '---:').join('|')}|`);
    const labels: { kind: string; label: string }[] = [];
    for (const r of report.rows) if (!labels.some((x) => x.kind === r.kind && x.label === r.label)) labels.push({ kind: r.kind, label: r.label });
    for (const k of labels)
      L.push(
        `| ${k.kind === 'peer' ? `peer: ${k.label}` : `engine: ${k.label}`} | ${rep.sizes
          .map((n) => {
            const r = report.rows.find((x) => x.kind === k.kind && x.label === k.label && x.n === n);
            return !r ? '' : r.status === 'ok' ? f(r.medianMs) : r.status;
          })
          .join(' | ')} |`
      );
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
