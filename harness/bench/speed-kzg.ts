/**
 * The speed suite's KZG rows (a section of speed-suite.ts): one seeded blob, ours
 * (createKzg({ precompute: true, threads: 2 })) against c-kzg, rust-eth-kzg and kzg-wasm, each
 * peer cross-checked first (one that disagrees is reported, not timed), then what limits ours.
 */
import { prepare, closeWorkerPool } from '../../src/index.js';
import { createKzg } from '../../src/kzg/index.js';
import { hexOf } from '../format.js';
import { blobScalars, makeBlob } from './blob.js';
import { KZG_PEERS, kzgPeerCheck, loadKzgWasm } from './peers.js';
import { timeOnce, timeRounds } from './time-rounds.js';
import { modelLimit, sampleProfile, summarizeProfile, threadsBreakdown } from './speed-limits.js';
import type { Ms } from './speed-goals.js';
import { wasmMulsOf } from './wasm-suite.js';
import { fmtMs, fmtR, type SpeedRun } from './speed-run.js';

type KzgTask = [string, () => unknown];

/** Our KZG instance on one seeded blob: its first cells call timed, its results checked against themselves. */
async function kzgOurs(r: SpeedRun) {
  const { blob } = makeBlob(r.seed);
  r.log('[speed] KZG: createKzg({ precompute: true, threads: 2 }), first calls, our results');
  const pre = createKzg({ precompute: true, threads: 2 });
  let oursCells: [Uint8Array[], Uint8Array[]] = [[], []];
  const firstCellsPre = await timeOnce(() => (oursCells = pre.computeCellsAndKzgProofs(blob)));
  const commitment = pre.blobToKzgCommitment(blob);
  const proof = pre.computeBlobKzgProof(blob, commitment);
  if (!pre.verifyBlobKzgProof(blob, commitment, proof) || pre.verifyBlobKzgProof(blob, commitment, commitment))
    throw new Error('speed: our own blob proof verification disagrees with itself');
  const want = { commitment: hexOf(commitment), cells: oursCells[0].map(hexOf), proofs: oursCells[1].map(hexOf) };
  return { blob, pre, firstCellsPre, commitment, proof, want };
}

/** The KZG peers, each loaded and checked against our results: the timed tasks, and why a peer is not timed. */
async function kzgPeers(r: SpeedRun, k: Awaited<ReturnType<typeof kzgOurs>>) {
  const { blob, pre, commitment, proof, want } = k;
  const tasks = {
    commit: [['ours', () => pre.blobToKzgCommitment(blob)]],
    cells: [['ours', () => pre.computeCellsAndKzgProofs(blob)]],
    verify: [['ours', () => pre.verifyBlobKzgProof(blob, commitment, proof)]],
  } as Record<'commit' | 'cells' | 'verify', KzgTask[]>;
  const peerWhy = new Map<string, string>();
  for (const p of KZG_PEERS) {
    r.log(`[speed] KZG: loading and checking ${p.id}`);
    const make = await p.load();
    if (typeof make === 'string') {
      peerWhy.set(p.id, make);
      continue;
    }
    const ops = make(blob, commitment, proof, commitment);
    const bad = kzgPeerCheck(ops, want);
    if (bad !== undefined) peerWhy.set(p.id, `${p.id} disagrees with ours, not timed: ${bad}`);
    else for (const k of ['commit', 'cells', 'verify'] as const) tasks[k].push([p.id, ops[k]]);
  }
  return { tasks, peerWhy };
}

/** KZG on one seeded blob: ours vs c-kzg, rust-eth-kzg and kzg-wasm, three rows (under --quick: the rows, not measured). */
export async function kzgSection(r: SpeedRun): Promise<void> {
  if (r.opts.quick) {
    r.rep.times.push(
      ...['blobToKzgCommitment', 'computeCellsAndKzgProofs', 'verifyBlobKzgProof'].map((work) => ({
        work,
        cols: { ours: NaN },
        notes: ['--quick: KZG rows not measured'],
      }))
    );
    return;
  }
  const rounds = r.rounds;
  const k = await kzgOurs(r);
  const { blob, pre, want } = k;
  const { tasks, peerWhy } = await kzgPeers(r, k);
  const kw = await loadKzgWasm().catch((e: Error) => e.message);
  if (typeof kw !== 'string')
    r.rep.info.push(['kzg-wasm loadKZG() (wasm instantiation + the mainnet setup, precompute 0), once in this process', `${fmtMs(kw.loadMs)} ms`]);
  // the commitment with 2 threads: blobToKzgCommitmentAsync of the same instance (createKzg({ threads: 2 }))
  if (hexOf(await pre.blobToKzgCommitmentAsync(blob)) !== want.commitment) throw new Error('speed: blobToKzgCommitmentAsync differs from blobToKzgCommitment');
  tasks.commit.push(['threads', () => pre.blobToKzgCommitmentAsync(blob)]);
  r.log('[speed] KZG: timing blobToKzgCommitment');
  const tc = await timeRounds(tasks.commit, Math.max(rounds, 5));
  r.log('[speed] KZG: timing computeCellsAndKzgProofs');
  const tcell = await timeRounds(tasks.cells, rounds);
  r.log('[speed] KZG: timing verifyBlobKzgProof');
  const tv = await timeRounds(tasks.verify, Math.max(rounds, 5));
  await kzgLimits(r, k, tc, tcell);
  const peerMs = (t: Map<string, number>, id: string): Ms => t.get(id) ?? peerWhy.get(id) ?? `${id} not timed`;
  r.measures.kzg = {
    commit: tc.get('ours')!,
    cells: tcell.get('ours')!,
    commitThreads: tc.get('threads')!,
    ckzgCommit: peerMs(tc, 'c-kzg'),
    ckzgCells: peerMs(tcell, 'c-kzg'),
    kzgWasmCommit: peerMs(tc, 'kzg-wasm'),
    kzgWasmCells: peerMs(tcell, 'kzg-wasm'),
  };
  const peerCols = (t: Map<string, number>) => ({ ckzg: t.get('c-kzg') ?? NaN, rust: t.get('rust-eth-kzg') ?? NaN, kzgWasm: t.get('kzg-wasm') ?? NaN });
  r.rep.times.push(
    {
      work: 'blobToKzgCommitment',
      cols: { ours: tc.get('ours'), threads: tc.get('threads'), ...peerCols(tc) },
      notes: [
        'ours: createKzg({ precompute: true, threads: 2 }) (setup prepared); 1 thread: blobToKzgCommitment; 2 threads: blobToKzgCommitmentAsync',
        ...peerWhy.values(),
      ],
    },
    { work: 'computeCellsAndKzgProofs', cols: { ours: tcell.get('ours'), ...peerCols(tcell) }, notes: [`ours steady (median of ${rounds})`] },
    { work: 'verifyBlobKzgProof', cols: { ours: tv.get('ours'), ...peerCols(tv) }, notes: [] }
  );
  r.rep.info.push(
    ['createKzg({ precompute: true }) cost', `${fmtMs(pre.precomputeMs)} ms (FK20 table and the fixed-base tables of the setup)`],
    [
      'first computeCellsAndKzgProofs after createKzg({ precompute: true }) ÷ steady',
      `${fmtR(k.firstCellsPre / tcell.get('ours')!)} (${fmtMs(k.firstCellsPre)} vs ${fmtMs(tcell.get('ours'))} ms)`,
    ]
  );
}

/** What limits the KZG rows: counted and profiled on the same instance and blob. */
async function kzgLimits(r: SpeedRun, k: Awaited<ReturnType<typeof kzgOurs>>, tc: Map<string, number>, tcell: Map<string, number>): Promise<void> {
  const { blob, pre } = k;
  const limits = r.limits!;
  const wasmNames = r.wasmNames;
  limits.commitAsyncMs = tc.get('threads');
  r.log('[speed] KZG limits: commitment counted and profiled, threads taken apart, one cells call profiled');
  const commitMuls = wasmMulsOf(() => pre.blobToKzgCommitment(blob)).muls;
  const commitProf = summarizeProfile(await sampleProfile(() => pre.blobToKzgCommitment(blob), 5), { top: 8, wasmNames });
  limits.commitment = modelLimit('blobToKzgCommitment (setup prepared)', 4096, commitMuls, r.mul!.chain, tc.get('ours')!, commitProf);
  // its MSM taken apart: msmAsync over a prepare() handle of the same bases (the same table the instance shares with its workers)
  limits.commitThreads = await threadsBreakdown(prepare(pre.setup.g1LagrangeBrp), blobScalars(blob), 2, 3);
  const cellsProfile = summarizeProfile(await sampleProfile(() => pre.computeCellsAndKzgProofs(blob), 1), {
    top: 8,
    phaseUrl: /\/kzg\//,
    phaseDepth: 2,
    wasmNames,
  });
  limits.cells = { ms: tcell.get('ours')!, profile: cellsProfile };
  limits.ckzgCommitMs = tc.get('c-kzg');
  limits.ckzgCellsMs = tcell.get('c-kzg');
  limits.kzgWasmCommitMs = tc.get('kzg-wasm');
  limits.kzgWasmCellsMs = tcell.get('kzg-wasm');
  await closeWorkerPool();
}
