/**
 * The browser speed suite's page side (`bench --suite browser`): in one page, this library and
 * kzg-wasm (c-kzg compiled to wasm, the KZG that ethereumjs ships for browsers) on the same blob,
 * timed by the suites' round runner (harness/bench/time-rounds.ts: odd rounds reversed, medians),
 * so each ratio is taken in the same run:
 *  - G1 MSM n = 4096 (seeded points with known logs): ours with the default gates, noble's
 *    pippenger beside it (kzg-wasm has no MSM call: its commitment is this MSM);
 *  - blobToKzgCommitment, computeCellsAndKzgProofs, verifyBlobKzgProofBatch (a batch of `batch`
 *    blobs): ours with createKzg({ precompute: true }) (tables built once, like kzg-wasm's
 *    loaded setup) against kzg-wasm's loadKZG(0); the commitment with threads as well
 *    (blobToKzgCommitmentAsync on Web Workers);
 *  - cold: the first commitment in the fresh page, set-up included (createKzg() then one call;
 *    loadKZG(0) then one call), before anything else runs.
 * Every answer is checked against the other library's (the same commitment, cells and proofs,
 * and both batches verify) before any timing.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { closeWorkerPool, G1, msm } from '../../src/index.js';
import { createKzg } from '../../src/kzg/index.js';
import { defaultBuild } from '../../src/optimized/wasm/builds.js';
import { makeBlob } from '../bench/blob.js';
import { benchInputs } from '../bench/inputs.js';
import { timeOnce, timeRounds } from '../bench/time-rounds.js';
import { bytesToHex } from '../../src/kzg/field.js';

export interface BrowserBenchRequest {
  /** Rounds of the fast tasks (MSM, commitment, batch verification). */
  rounds: number;
  /** Rounds of computeCellsAndKzgProofs. */
  cellsRounds: number;
  /** Blobs in the verifyBlobKzgProofBatch call. */
  batch: number;
  /** Threads of the async commitment. */
  threads: number;
}

export interface BrowserBenchResult {
  userAgent: string;
  wasmBuild: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  rows: BrowserBenchRow[];
  /** Why kzg-wasm is absent (rows then have kzgWasm null), or null. */
  kzgWasmMissing: string | null;
  /** Setup times: createKzg({ precompute: true }) and loadKZG(0), ms. */
  precomputeMs: number;
  kzgWasmLoadMs: number | null;
}

type KzgWasm = {
  blobToKZGCommitment(b: string): string;
  computeBlobKZGProof(b: string, c: string): string;
  computeCellsAndKZGProofs(b: string): { cells: string[]; proofs: string[] };
  verifyBlobKZGProofBatch(b: string[], c: string[], p: string[]): boolean;
};

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;
/** Hex as both libraries write it compared alike: lower case, no 0x prefixes. */
const plainHex = (s: string) => s.toLowerCase().replace(/0x/g, '');

function same(what: string, ours: string, theirs: string): void {
  if (plainHex(ours) !== plainHex(theirs)) throw new Error(`bench: ${what} differs: ours ${ours.slice(0, 24)}…, kzg-wasm ${theirs.slice(0, 24)}…`);
}

/** A row of the table: median ms, ours; kzg-wasm's (null: no such call); noble's (null: not timed, it is only beside the MSM). */
const row = (task: string, ours: number, kzgWasm: number | null, notes: string, noble: number | null = null) => ({ task, ours, kzgWasm, noble, notes });

export type BrowserBenchRow = ReturnType<typeof row>;

type Nav = { navigator?: { userAgent?: string; hardwareConcurrency?: number }; crossOriginIsolated?: boolean };

/** The suite, in this page; `loadKzgWasm` is kzg-wasm's loadKZG when the page bundled it: cold start → MSM → the KZG functions. */
export async function runBrowserBench(o: BrowserBenchRequest, loadKzgWasm?: (precompute: number) => Promise<KzgWasm>): Promise<BrowserBenchResult> {
  const g = globalThis as unknown as Nav;
  const cold = await coldRow(loadKzgWasm);
  const rows: BrowserBenchRow[] = [cold.row, await msmRow(o)];
  const k = await kzgRows(o, cold.theirs, g);
  rows.push(...k.rows);
  return {
    userAgent: g.navigator?.userAgent ?? 'unknown',
    wasmBuild: defaultBuild(),
    crossOriginIsolated: g.crossOriginIsolated === true,
    hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 0,
    rows,
    kzgWasmMissing: cold.kzgWasmMissing,
    precomputeMs: k.precomputeMs,
    kzgWasmLoadMs: cold.kzgWasmLoadMs,
  };
}

/** The first commitment in a fresh page, set-up included (cold, first: nothing of either library has run in this page yet). */
async function coldRow(loadKzgWasm?: (precompute: number) => Promise<KzgWasm>) {
  const { blob } = makeBlob(0);
  const blobHex = hex(blob);
  const oursCold = await timeOnce(() => createKzg().blobToKzgCommitment(blob));
  let theirs: KzgWasm | undefined;
  let kzgWasmMissing: string | null = loadKzgWasm ? null : 'kzg-wasm is not installed (npm ci installs it: a devDependency)';
  let kzgWasmLoadMs: number | null = null;
  let theirCold: number | null = null;
  if (loadKzgWasm) {
    try {
      const t0 = performance.now();
      theirs = await loadKzgWasm(0);
      kzgWasmLoadMs = performance.now() - t0;
      theirCold = kzgWasmLoadMs + (await timeOnce(() => theirs?.blobToKZGCommitment(blobHex)));
    } catch (e) {
      kzgWasmMissing = `kzg-wasm failed to load: ${(e as Error).message}`;
      theirs = undefined;
    }
  }
  const notes = `ours: createKzg() + 1 call${kzgWasmLoadMs !== null ? `; kzg-wasm: loadKZG(0) ${kzgWasmLoadMs.toFixed(0)} ms + 1 call` : ''}`;
  return { row: row('first blobToKzgCommitment in a fresh page (set-up included)', oursCold, theirCold, notes), theirs, kzgWasmMissing, kzgWasmLoadMs };
}

/** G1 MSM n = 4096: ours vs noble's pippenger, ours checked against the oracle first. */
async function msmRow(o: BrowserBenchRequest): Promise<BrowserBenchRow> {
  const inp = benchInputs(G1, 4096);
  const Point = bls12_381.G1.Point;
  if (!(msm(inp.points, inp.scalars) as { equals(p: unknown): boolean }).equals(inp.expected)) throw new Error('bench: our MSM differs from the oracle');
  const msmT = await timeRounds(
    { ours: () => msm(inp.points, inp.scalars), noble: () => pippenger(Point as never, inp.points as never[], inp.scalars as bigint[]) },
    o.rounds
  );
  const notes = 'default gates; kzg-wasm: no MSM call (its commitment is this MSM)';
  return row('G1 MSM n = 4096', msmT.get('ours') as number, null, notes, msmT.get('noble') as number);
}

/** The KZG functions, tables built once; kzg-wasm's answers compared with ours before it is timed. */
async function kzgRows(o: BrowserBenchRequest, theirs: KzgWasm | undefined, g: Nav): Promise<{ rows: BrowserBenchRow[]; precomputeMs: number }> {
  const { blob } = makeBlob(0);
  const blobHex = hex(blob);
  const kzg = createKzg({ precompute: true });
  const commitment = kzg.blobToKzgCommitment(blob);
  const proof = kzg.computeBlobKzgProof(blob, commitment);
  const [cells, proofs] = kzg.computeCellsAndKzgProofs(blob);
  const batchBlobs = Array.from({ length: o.batch }, (_, i) => makeBlob(i).blob);
  const batchCommitments = batchBlobs.map((b) => kzg.blobToKzgCommitment(b));
  const batchProofs = batchBlobs.map((b, i) => kzg.computeBlobKzgProof(b, batchCommitments[i] as Uint8Array));
  if (!kzg.verifyBlobKzgProofBatch(batchBlobs, batchCommitments, batchProofs)) throw new Error('bench: our batch does not verify');
  if (!(await kzg.blobToKzgCommitmentAsync(blob)).every((x, i) => x === commitment[i])) throw new Error('bench: the async commitment differs');
  const [bh, ch, ph] = [batchBlobs.map(hex), batchCommitments.map(hex), batchProofs.map(hex)];
  if (theirs) {
    same('commitment', hex(commitment), theirs.blobToKZGCommitment(blobHex));
    same('blob proof', hex(proof), theirs.computeBlobKZGProof(blobHex, hex(commitment)));
    const tc = theirs.computeCellsAndKZGProofs(blobHex);
    same('cells', cells.map(hex).join(''), tc.cells.join(''));
    same('cell proofs', proofs.map(hex).join(''), tc.proofs.join(''));
    if (!theirs.verifyBlobKZGProofBatch(bh, ch, ph)) throw new Error('bench: kzg-wasm does not verify our batch');
  }
  // ours, and kzg-wasm beside it when it loaded
  const timed = (ours: Record<string, () => unknown>, peer: (t: KzgWasm) => unknown, rounds: number) =>
    timeRounds(theirs ? { ...ours, kzgWasm: () => peer(theirs) } : ours, rounds);
  const commitT = await timed(
    { ours: () => kzg.blobToKzgCommitment(blob), oursAsync: () => kzg.blobToKzgCommitmentAsync(blob) },
    (t) => t.blobToKZGCommitment(blobHex),
    o.rounds
  );
  await closeWorkerPool();
  const cellsT = await timed({ ours: () => kzg.computeCellsAndKzgProofs(blob) }, (t) => t.computeCellsAndKZGProofs(blobHex), o.cellsRounds);
  const batchT = await timed(
    { ours: () => kzg.verifyBlobKzgProofBatch(batchBlobs, batchCommitments, batchProofs) },
    (t) => t.verifyBlobKZGProofBatch(bh, ch, ph),
    o.rounds
  );
  const timedRow = (task: string, t: Map<string, number>, notes: string) => row(task, t.get('ours') as number, t.get('kzgWasm') ?? null, notes);
  const rows = [
    timedRow(
      'blobToKzgCommitment',
      commitT,
      `ours: createKzg({ precompute: true }); on ${g.navigator?.hardwareConcurrency ?? '?'}-thread Web Workers (blobToKzgCommitmentAsync): ${(commitT.get('oursAsync') as number).toFixed(1)} ms`
    ),
    timedRow('computeCellsAndKzgProofs', cellsT, 'ours: createKzg({ precompute: true })'),
    timedRow(`verifyBlobKzgProofBatch (${o.batch} blobs)`, batchT, ''),
  ];
  return { rows, precomputeMs: kzg.precomputeMs };
}

/** Installs the bench on globalThis.__stepwise (the page's entry passes kzg-wasm's loadKZG when it bundled it). */
export function installBenchPage(loadKzgWasm?: (precompute: number) => Promise<KzgWasm>): void {
  (globalThis as unknown as { __stepwise: unknown }).__stepwise = { bench: (o: BrowserBenchRequest) => runBrowserBench(o, loadKzgWasm) };
}
