/**
 * The speed suite's measuring sections of MSM and KZG rows (speed-suite.ts runs them in order).
 * MSM: G1 at each size against the peers, G2 against mcl-wasm, prepare()'s threshold and the
 * small-n path. KZG: one seeded blob, ours (createKzg({ precompute: true, threads: 2 })) against
 * c-kzg, rust-eth-kzg and kzg-wasm, then what limits ours. Every result is checked before it is
 * timed (a peer that disagrees is reported, not timed); a goal's two sides are timed in one group.
 */
import { G1, G2, msm, msmAsync, msmInspect, prepare, closeWorkerPool } from '../../src/index.js';
import { createKzg } from '../../src/kzg/index.js';
import { FIXED_BASE_MAX_N, fixedBasePays } from '../../src/optimized/prepare.js';
import { hexOf } from '../format.js';
import { blobScalars, makeBlob } from './blob.js';
import { benchInputs } from './inputs.js';
import { closeFfjs, ffjsPeer1, ffjsPeerPool, KZG_PEERS, kzgPeerCheck, loadKzgWasm, mclPeer, noblePeer, type PeerLoaded } from './peers.js';
import { timeOnce, timeRounds } from './time-rounds.js';
import { wasmMulsOf } from './wasm-suite.js';
import { modelLimit, sampleProfile, summarizeProfile, threadsBreakdown } from './speed-limits.js';
import type { Ms } from './speed-goals.js';
import { fmtMs, fmtR, got, ONE, outsideWasmShare, peerTask, THREADS, type SpeedRun } from './speed-run.js';

/** The G1 peers, loaded once for every size (or why not). */
type G1Peers = Record<'noble' | 'mcl' | 'ff1' | 'ffPool', PeerLoaded | string> & { poolThreads?: number };

/** G1 MSM at each n (one row each), then the pools closed. */
export async function g1Section(r: SpeedRun): Promise<void> {
  const [noble, mcl, ff1, ffPool] = [await noblePeer.load(G1), await mclPeer.load(G1), await ffjsPeer1.load(G1), await ffjsPeerPool.load(G1)];
  const peers: G1Peers = { noble, mcl, ff1, ffPool, poolThreads: typeof ffPool === 'string' ? undefined : ffPool.threads };
  for (const n of r.sizes) await g1Row(r, n, peers);
  await closeFfjs();
  await closeWorkerPool();
}

/** Ours on plain points and on a prepare() handle at n: correct first, each one's counted wasm multiplications. */
function g1Inputs(r: SpeedRun, n: number) {
  r.log(`[speed] G1 MSM n = ${n}: inputs, prepare, correctness`);
  const inp = benchInputs<any>(G1, n, r.seed);
  const t0 = performance.now();
  const h = prepare(inp.points);
  const prepMs = performance.now() - t0;
  const muls: Record<string, number> = {};
  for (const [label, run] of Object.entries({ plain: () => msm(inp.points, inp.scalars, ONE), prepared: () => msm(h, inp.scalars, ONE) })) {
    const { value, muls: m } = wasmMulsOf(run);
    muls[label] = m;
    if (!(value as any).equals(inp.expected)) throw new Error(`speed: ours (${label}) gives a wrong result at n = ${n}`);
  }
  return { inp, h, prepMs, muls };
}

/**
 * One G1 row. Timing groups: ours one thread (`msm`) and on a `prepare()` handle as one pair; ours
 * one thread and `msmAsync` with 2 threads as another (n ≥ 4096); at the goal sizes ours one
 * thread, ffjavascript one thread, ours 2 threads and ffjavascript's worker pool as a group; ours
 * one thread, noble's pippenger and mcl-wasm's mulVec as another. A goal's two sides are always in
 * one group; noble's garbage and the pools' threads do not fall inside the ours-vs-ours pairs.
 * The threads are taken apart at n ≥ 4096 (`threadsBreakdown`).
 */
async function g1Row(r: SpeedRun, n: number, peers: G1Peers): Promise<void> {
  const { opts, rounds, nMid, nLast } = r;
  const { inp, h, prepMs, muls } = g1Inputs(r, n);
  const plainTask: [string, () => unknown] = ['plain', () => msm(inp.points, inp.scalars, ONE)];
  const notes: string[] = [];
  const big = n >= 4096 || (opts.quick && n === nLast);
  const role = n === nMid ? 'mid' : n === nLast ? 'large' : undefined;
  const threadsTask: [string, () => unknown] = ['threads', () => msmAsync(inp.points, inp.scalars, THREADS)];
  if (big) {
    const res = await msmAsync(inp.points, inp.scalars, THREADS);
    if (!(res as any).equals(inp.expected)) throw new Error(`speed: threads give a wrong result at n = ${n}`);
  }
  // peers, each checked on these inputs before it is timed
  const nobleRun = await peerTask(peers.noble, 'noble', inp.points, inp.scalars, inp.expected);
  const mclRun = await peerTask(peers.mcl, 'mcl-wasm', inp.points, inp.scalars, inp.expected);
  const ffRun = role ? await peerTask(peers.ff1, 'ffjavascript', inp.points, inp.scalars, inp.expected) : undefined;
  const poolRun = role && big ? await peerTask(peers.ffPool, 'ffjavascript pool', inp.points, inp.scalars, inp.expected) : undefined;
  for (const x of [nobleRun, mclRun, ffRun, poolRun]) if (typeof x === 'string') notes.push(x);
  const withPeer = (k: string, x: (() => unknown) | string | undefined): [string, () => unknown][] => (typeof x === 'function' ? [[k, x]] : []);
  r.log(`[speed] G1 MSM n = ${n}: timing`);
  const large = n >= 65536;
  const pairRounds = large ? Math.min(rounds, 2) : n >= 4096 ? Math.max(rounds, 5) : Math.max(rounds, 7);
  const pair = await timeRounds([plainTask, ['prepared', () => msm(h, inp.scalars, ONE)]], pairRounds);
  const threadsPair = big ? await timeRounds([plainTask, threadsTask], pairRounds) : new Map<string, number>();
  const ffGroup = role
    ? await timeRounds(
        [plainTask, ...withPeer('ffjs', ffRun), ...(big ? [threadsTask] : []), ...withPeer('ffjsPool', poolRun)],
        large ? Math.min(rounds, 2) : opts.quick ? rounds : Math.max(rounds, 5)
      )
    : new Map<string, number>();
  const rest = await timeRounds([plainTask, ...withPeer('noble', nobleRun), ...withPeer('mcl', mclRun)], large ? Math.min(rounds, 2) : rounds);
  notes.push(
    h.tableBytes > 0
      ? `prepare: window ${h.window}, ${(h.tableBytes / 2 ** 20).toFixed(1)} MB table, built in ${fmtMs(prepMs)} ms`
      : `prepare: no table at this n (plain path)`
  );
  if (role && peers.poolThreads !== undefined) notes.push(`ffjavascript pool: ${peers.poolThreads} workers`);
  r.rep.times.push({
    work: `G1 MSM n = ${n}`,
    cols: {
      ours: pair.get('plain'),
      prepared: pair.get('prepared'),
      ...(big ? { threads: threadsPair.get('threads') } : {}),
      ...(role ? { ffjs: ffGroup.get('ffjs') ?? NaN } : {}),
      ...(role && big ? { ffjsPool: ffGroup.get('ffjsPool') ?? NaN } : {}),
      mcl: rest.get('mcl') ?? NaN,
      noble: rest.get('noble') ?? NaN,
    },
    notes,
  });
  if (role) g1Measures(r, role, { n, big, ffGroup, threadsPair, pair, ffRun, poolRun, poolThreads: peers.poolThreads });
  r.ms.set(n, { plain: pair.get('plain')!, prepared: pair.get('prepared')!, noble: rest.get('noble') ?? NaN });
  r.prepareParts.push({
    n,
    ratio: pair.get('prepared')! / pair.get('plain')!,
    plainMuls: muls.plain,
    preparedMuls: muls.prepared,
    tableBytes: h.tableBytes,
    window: h.window,
  });
  if (n === nMid || n === nLast) r.kept.set(n, { inp, h, plainMuls: muls.plain });
  if (big) {
    r.log(`[speed] G1 MSM n = ${n}: threads breakdown (msmAsync taken apart)`);
    r.threadsParts.push(await threadsBreakdown(inp.points, inp.scalars, 2, large ? 1 : 3));
  }
}

/** A goal size's measures (the middle or the largest n) and its ffjavascript limit row. */
function g1Measures(
  r: SpeedRun,
  role: 'mid' | 'large',
  g: { n: number; big: boolean; ffRun: unknown; poolRun: unknown; poolThreads?: number } & Record<'ffGroup' | 'threadsPair' | 'pair', Map<string, number>>
): void {
  const { n, big, ffGroup, threadsPair, pair } = g;
  const why = (x: unknown, name: string) => (typeof x === 'string' ? x : `${name} not timed`);
  r.measures.g1[role] = {
    n,
    plain: got(ffGroup, 'plain', 'not timed'),
    ffjs: got(ffGroup, 'ffjs', why(g.ffRun, 'ffjavascript')),
    threads: got(ffGroup, 'threads', `threads not measured at n = ${n}`),
    ffjsPool: got(ffGroup, 'ffjsPool', big ? why(g.poolRun, 'ffjavascript pool') : `threads not measured at n = ${n}`),
    pairPlain: got(threadsPair, 'plain', `threads not measured at n = ${n}`),
    pairThreads: got(threadsPair, 'threads', `threads not measured at n = ${n}`),
    onePlain: got(pair, 'plain', 'not timed'),
  };
  r.ffjsParts.push({
    n,
    oursMs: ffGroup.get('plain') ?? NaN,
    ffjsMs: ffGroup.get('ffjs') ?? NaN,
    threadsMs: ffGroup.get('threads'),
    poolMs: ffGroup.get('ffjsPool'),
    poolThreads: g.poolThreads,
  });
}

/** G2 MSM vs mcl-wasm, one row per size. */
export async function g2Section(r: SpeedRun): Promise<void> {
  const mcl2 = await mclPeer.load(G2);
  for (const [k, n] of [
    ['small', r.g2Sizes[0]],
    ['large', r.g2Sizes[1]],
  ] as const)
    await g2Row(r, k, n, mcl2);
}

/** One G2 row: ours vs mcl-wasm timed, ours counted and profiled. */
async function g2Row(r: SpeedRun, k: 'small' | 'large', n: number, mcl2: PeerLoaded | string): Promise<void> {
  r.log(`[speed] G2 MSM n = ${n}: ours vs mcl-wasm`);
  const inp = benchInputs<any>(G2, n, r.seed);
  const ours = () => msm(inp.points, inp.scalars, ONE);
  const { value, muls: wasmMuls } = wasmMulsOf(ours);
  if (!(value as any).equals(inp.expected)) throw new Error(`speed: ours gives a wrong G2 result at n = ${n}`);
  const mclRun = await peerTask(mcl2, 'mcl-wasm', inp.points, inp.scalars, inp.expected);
  const t = await timeRounds(
    [['ours', ours], ...(typeof mclRun === 'function' ? [['mcl', mclRun] as [string, () => unknown]] : [])],
    r.opts.quick ? r.rounds : Math.max(r.rounds, 5)
  );
  const counted = msmInspect(inp.points, inp.scalars, { ...ONE, count: true });
  const profile = summarizeProfile(await sampleProfile(ours, r.opts.quick ? 1 : 5), { top: 8, wasmNames: r.wasmNames });
  r.g2Parts.push({ n, ms: t.get('ours')!, mclMs: t.get('mcl'), fieldOps: counted.counts!.mulTotal, wasmMuls, profile });
  r.measures.g2[k] = { n, ours: t.get('ours')!, mcl: got(t, 'mcl', typeof mclRun === 'string' ? mclRun : 'mcl-wasm not timed') };
  r.rep.times.push({ work: `G2 MSM n = ${n}`, cols: { ours: t.get('ours'), mcl: t.get('mcl') ?? NaN }, notes: typeof mclRun === 'string' ? [mclRun] : [] });
}

/** prepare()'s threshold: a forced table above FIXED_BASE_MAX_N, timed and profiled. */
export async function prepareThreshold(r: SpeedRun): Promise<void> {
  const quick = r.opts.quick;
  const nT = quick ? r.nLast : 16384;
  r.log(`[speed] prepare threshold: n = ${nT}, prepare({ table: true }) vs plain`);
  const inp = benchInputs<any>(G1, nT, r.seed);
  const t0 = performance.now();
  const h = prepare(inp.points, { table: true });
  const buildMs = performance.now() - t0;
  if (!(msm(h, inp.scalars, ONE) as any).equals(inp.expected)) throw new Error(`speed: forced table gives a wrong result at n = ${nT}`);
  const t = await timeRounds(
    { plain: () => msm(inp.points, inp.scalars, ONE), table: () => msm(h, inp.scalars, ONE) },
    quick ? r.rounds : Math.max(r.rounds, 3)
  );
  const pPlain = await outsideWasmShare(() => msm(inp.points, inp.scalars, ONE), quick ? 1 : 2);
  const pTable = await outsideWasmShare(() => msm(h, inp.scalars, ONE), quick ? 1 : 2);
  r.rep.info.push([
    `prepare threshold: n = ${nT}, prepare({ table: true }) ÷ plain (default decision: ${fixedBasePays(nT) ? 'table' : 'no table'}, FIXED_BASE_MAX_N = ${FIXED_BASE_MAX_N})`,
    `${fmtR(t.get('table')! / t.get('plain')!)} (${fmtMs(t.get('table'))} vs ${fmtMs(t.get('plain'))} ms; window ${h.window}, ${h.rows} rows, ${(h.tableBytes / 2 ** 20).toFixed(0)} MB table built in ${fmtMs(buildMs)} ms); outside wasm: table path ${(100 * pTable.share).toFixed(1)} % (${pTable.top}), plain ${(100 * pPlain.share).toFixed(1)} %`,
  ]);
}

/** The small-n path (step 01): its bit walk in wasm (the straus slot) vs the BigInt walk. */
export async function smallN(r: SpeedRun): Promise<void> {
  r.log('[speed] small-n path: the walk in wasm vs BigInt (wasmField off)');
  const parts: string[] = [];
  const WASM = { gates: { workers: false } };
  const BIG = { gates: { workers: false, wasmField: false } };
  for (const n of r.opts.quick ? [1, 8] : [1, 8, 32]) {
    const inp = benchInputs<any>(G1, n, r.seed);
    for (const o of [WASM, BIG])
      if (!(msm(inp.points, inp.scalars, o) as any).equals(inp.expected)) throw new Error(`speed: small-n path gives a wrong result at n = ${n}`);
    const reps = n === 1 ? 40 : 10;
    const loop = (o: object) => () => {
      for (let i = 0; i < reps; i++) msm(inp.points, inp.scalars, o);
    };
    const t = await timeRounds({ wasm: loop(WASM), bigint: loop(BIG) }, Math.max(r.rounds, 5));
    const w = t.get('wasm')! / reps;
    const b = t.get('bigint')! / reps;
    parts.push(`n = ${n}: ${w.toFixed(2)} vs ${b.toFixed(2)} ms = ${fmtR(w / b)}`);
  }
  r.rep.info.push([
    'small-n path (step 01, n ≤ 64 after GLV): the walk in wasm (straus slot) ÷ the BigInt walk (wasmField off), G1, one MSM',
    parts.join('; '),
  ]);
}

// ---------------------------------------------------------------- KZG rows

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
