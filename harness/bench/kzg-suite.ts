/**
 * KZG benchmark: blobToKzgCommitment and computeCellsAndKzgProofs with our engine (default
 * gates; also default + fixedBase, whose one-off table build is done in the task's setup and
 * not timed; and createKzg({ precompute: true }), cost printed) vs. rust-eth-kzg (optional:
 * @crate-crypto/node-eth-kzg, n/a with the reason when it cannot load), micro-eth-signer's pure-JS KZG (same mainnet setup, its "fast" encoding with
 * the FK20 table) and native c-kzg. One process, same random blob for everyone; every
 * implementation's output is first checked against c-kzg.
 *
 *   stepwise-msm bench --suite kzg                      (1 timed iteration per task for cells, 3 for commitments)
 *   stepwise-msm bench --suite kzg --iterations 3       (iterations for the cells tasks)
 *   (bench/kzg.bench.ts runs the same; options parsed by the one bench command)
 */
import { Bench } from 'tinybench';
import { createKzg } from '../../src/kzg/index.js';
import { gateLabel, resolveGates, GATE_IDS } from '../../src/optimized/index.js';
import { hexOf } from '../format.js';
import { makeBlob } from './blob.js';
import { ckzgWithSetup, loadRustKzg } from './peers.js';
import { loadMicroKzg } from '../targets/libs.js';
import { UsageError } from '../cli/errors.js';
import { devDependencyMissing } from '../browser/bundle.js';

type Task = [string, () => unknown];
/** The two functions as c-kzg, rust-eth-kzg and ours name them. */
type Api = { blobToKzgCommitment(b: Uint8Array): Uint8Array; computeCellsAndKzgProofs(b: Uint8Array): unknown };

/** The implementations compared: ours (three ways), micro-eth-signer, c-kzg, and rust-eth-kzg when it loads. */
async function loadImplementations(log: (s: string) => void) {
  // both are what the table is measured against: without one there is no table (a configuration to fix, exit 3)
  const ckzg = ckzgWithSetup();
  if (typeof ckzg === 'string') throw new UsageError(`bench --suite kzg compares with c-kzg: ${ckzg}`);
  const micro = await loadMicroKzg().catch((e: unknown) => {
    throw devDependencyMissing('micro-eth-signer', e);
  });
  const ours = createKzg();
  const withFixedBase = GATE_IDS.includes('fixedBase') ? createKzg({ gates: { fixedBase: true } }) : undefined;
  const precomputed = createKzg({ precompute: true });
  log(`createKzg({ precompute: true }): ${precomputed.precomputeMs.toFixed(0)} ms (every table built up front)`);
  let rust: Api | undefined;
  try {
    rust = await loadRustKzg();
  } catch (e) {
    log(`rust-eth-kzg n/a: ${(e as Error).message.split('\n')[0]}`);
  }
  return { ckzg, micro, ours, withFixedBase, precomputed, rust };
}

type Implementations = Awaited<ReturnType<typeof loadImplementations>>;

/**
 * Correctness first: every implementation's output equals c-kzg's (a wrong one throws; rust-eth-kzg
 * is dropped with a printed reason). Also builds the fixed-base tables, which are not timed.
 */
function checkAgainstCkzg(impl: Implementations, blob: Uint8Array, frs: bigint[], log: (s: string) => void): Implementations {
  const { ckzg, micro, ours, precomputed, withFixedBase } = impl;
  const wantC = hexOf(ckzg.blobToKzgCommitment(blob));
  const [wantCells, wantProofs] = ckzg.computeCellsAndKzgProofs(blob) as [Uint8Array[], Uint8Array[]];
  const same = (cells: Uint8Array[], proofs: Uint8Array[]) =>
    cells.map(hexOf).join() === wantCells.map(hexOf).join() && proofs.map(hexOf).join() === wantProofs.map(hexOf).join();
  if (hexOf(ours.blobToKzgCommitment(blob)) !== wantC) throw new Error('ours: commitment differs from c-kzg');
  if (micro.blobToKzgCommitment(frs).replace(/^0x/, '') !== wantC) throw new Error('micro-eth-signer: commitment differs from c-kzg');
  if (!same(...ours.computeCellsAndKzgProofs(blob))) throw new Error('ours: cells/proofs differ');
  if (hexOf(precomputed.blobToKzgCommitment(blob)) !== wantC) throw new Error('ours (precompute): commitment differs from c-kzg');
  const t0 = performance.now();
  const [pc, pp] = precomputed.computeCellsAndKzgProofs(blob);
  log(`first computeCellsAndKzgProofs after precompute: ${(performance.now() - t0).toFixed(0)} ms`);
  if (!same(pc, pp)) throw new Error('ours (precompute): cells/proofs differ');
  let rust = impl.rust;
  if (rust && hexOf(rust.blobToKzgCommitment(blob)) !== wantC) {
    log('rust-eth-kzg n/a: commitment differs from c-kzg');
    rust = undefined;
  }
  if (withFixedBase) {
    withFixedBase.blobToKzgCommitment(blob); // builds the Lagrange table (not timed)
    withFixedBase.computeCellsAndKzgProofs(blob); // builds the 128 FK20 tables (not timed)
  }
  return { ...impl, rust };
}

/** Times the tasks with tinybench and prints their mean and speed-up over micro-eth-signer. */
async function timeFunction(name: string, iterations: number, tasks: Task[], log: (s: string) => void): Promise<void> {
  const bench = new Bench({ name, iterations, time: 0, warmupIterations: 0, warmup: false, throws: true });
  for (const [n, f] of tasks) bench.add(n, f);
  await bench.run();
  const rows = bench.tasks.map((t) => ({ task: t.name, ms: (t.result as { latency?: { mean: number } }).latency?.mean ?? NaN }));
  const microMs = rows.find((r) => r.task.startsWith('micro-eth-signer'))!.ms;
  log(`\n${name} (${iterations} iteration(s), default gates = ${gateLabel(resolveGates(undefined))})`);
  log(`${'task'.padEnd(40)} ${'mean ms'.padStart(10)} ${'speed-up vs micro-eth-signer'.padStart(30)}`);
  for (const r of rows) log(`${r.task.padEnd(40)} ${r.ms.toFixed(1).padStart(10)} ${(microMs / r.ms).toFixed(2).padStart(30)}`);
}

/** Runs both functions' tasks and prints a table per function through `print`. */
export async function runKzgSuite(opts: { cellIters: number }, print: (line: string) => void): Promise<void> {
  const { blob, frs } = makeBlob();
  const { ckzg, micro, ours, withFixedBase, precomputed, rust } = checkAgainstCkzg(await loadImplementations(print), blob, frs, print);
  type Fns = readonly [commit: () => unknown, cells: () => unknown];
  const api = (k: Api | undefined): Fns | undefined => k && [() => k.blobToKzgCommitment(blob), () => k.computeCellsAndKzgProofs(blob)];
  // in table order; an optional implementation that is absent has no task
  const impls: [string, Fns | undefined][] = [
    ['ours (default gates)', api(ours)],
    ['ours (default + fixedBase)', api(withFixedBase)],
    ['micro-eth-signer', [() => micro.blobToKzgCommitment(frs), () => micro.computeCellsAndProofs(frs as never)]],
    ['ours (precompute: true)', api(precomputed)],
    ['c-kzg (native)', api(ckzg as Api)],
    ['rust-eth-kzg (native)', api(rust)],
  ];
  const tasks = (i: 0 | 1): Task[] => impls.flatMap(([name, f]): Task[] => (f ? [[name, f[i]]] : []));
  await timeFunction('blobToKzgCommitment', 3, tasks(0), print);
  await timeFunction('computeCellsAndKzgProofs', opts.cellIters, tasks(1), print);
}
