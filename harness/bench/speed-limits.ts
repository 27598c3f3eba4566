/**
 * "What limits it": the measured breakdown behind every row of the speed suite's goal table
 * (harness/bench/speed-suite.ts collects the measurements in the same run, speed-goals.ts
 * judges them; this file turns them into one row per goal). Each figure is a measurement, never
 * an estimate: the V8 sampling profiler (profile.ts), one `msmAsync` call taken apart
 * (threads-breakdown.ts), both re-exported here; the instructions of the built module's `fmul` /
 * `fsqr` (`wasmMulOps`: SIMD limb products, i64x2.extmul = two 30×30-bit products each, vs the
 * Montgomery reduction's scalar m_k and m·p multiplies); model limits (counted wasm
 * multiplications × measured ns per multiplication).
 *
 * `limitRows`: "met" for met goals, "n/a: reason" when the goal was not judged (with what was
 * measured anyway), else the breakdown text: model limits and profiles against c-kzg,
 * ffjavascript and kzg-wasm; msmAsync taken apart against one thread, c-kzg and ffjavascript's
 * pool; G2's counted Fp2 work per op against mcl-wasm; the cold start's phases per fresh process
 * (first call − steady call = one-time work) with a profile of the first calls.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findWasmFile } from '../../src/optimized/wasm/load.js';
import { fmtFixed, fmtMs, mdCell, mdTable } from '../format.js';
import { toolEnv } from '../tool-env.js';
import type { MulSplit } from './mul-split.js';
import type { ColdResult } from './speed-cold.js';
import { pct, sharesText, type ProfileSummary } from './profile.js';
import type { GoalId } from './speed-goals.js';
import type { ThreadsBreakdown } from './threads-breakdown.js';

export { frameName, pct, sampleProfile, sharesText, summarizeProfile, type CpuProfile, type ProfileSummary, type Share } from './profile.js';
export { threadsBreakdown, type ThreadsBreakdown } from './threads-breakdown.js';

// ---------------------------------------------------------------- wasm instructions

/**
 * Counts the operations in one function body of WebAssembly text (binaryen's folded form):
 * i64x2.extmul_* instructions (two 30×30-bit limb products each), scalar i64.mul instructions,
 * SIMD operations (v128 / i64x2 / i32x4) and scalar ones (local/global accesses excluded).
 */
export function countOps(body: string) {
  const r = { simdMul: 0, scalarMul: 0, simdOps: 0, scalarOps: 0 };
  for (const m of body.matchAll(/\(([a-z0-9]+)\.([a-z0-9_]+)/g)) {
    const [ty, op] = [m[1], m[2]];
    if (ty === 'local' || ty === 'global') continue;
    const simd = ty === 'v128' || ty === 'i64x2' || ty === 'i32x4' || ty === 'i16x8' || ty === 'i8x16';
    if (simd) r.simdOps++;
    else r.scalarOps++;
    if (simd && op.startsWith('extmul')) r.simdMul++;
    if (ty === 'i64' && op === 'mul') r.scalarMul++;
  }
  return r;
}

export type FnOps = ReturnType<typeof countOps>;

/**
 * fmul and fsqr of the built module, counted, and the export name of each exported function by
 * index (for naming wasm frames in profiles); a string reason when the module cannot be read.
 */
export async function wasmMulOps(): Promise<{ fmul: FnOps; fsqr: FnOps; names: Map<number, string>; file: string } | string> {
  const file = findWasmFile();
  if (file === undefined) return 'build/wasm/msm.wasm not built';
  let binaryen: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('binaryen/package.json');
    binaryen = path.join(path.dirname(pkg), JSON.parse(readFileSync(pkg, 'utf8')).main ?? 'index.js');
  } catch (e) {
    return `binaryen not available: ${(e as Error).message.split('\n')[0]}`;
  }
  // binaryen runs in a child process without coverage collection (toolEnv): its code is large and is not ours
  const script = `import { readFileSync } from 'node:fs'; const b = (await import(${JSON.stringify(pathToFileURL(binaryen).href)})).default; const m = b.readBinary(readFileSync(${JSON.stringify(file)})); process.stdout.write(m.emitText()); m.dispose();`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: toolEnv(),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (child.status !== 0)
    return `could not read the wasm text: ${(child.stderr || child.error?.message || `exit ${child.status}`).trim().split('\n').slice(-1)[0]}`;
  const text = child.stdout;
  try {
    const fnOf = (exp: string) => {
      const m = text.match(new RegExp(`\\(export "${exp}" \\(func \\$([^)\\s]+)\\)\\)`));
      if (!m) throw new Error(`export ${exp} not found`);
      const start = text.indexOf(`\n (func $${m[1]} `);
      if (start < 0) throw new Error(`function $${m[1]} not found`);
      const end = text.indexOf('\n (func ', start + 1);
      return countOps(text.slice(start, end < 0 ? undefined : end));
    };
    const names = new Map<number, string>();
    for (const m of text.matchAll(/\(export "([^"]+)" \(func \$(\d+)\)\)/g)) names.set(Number(m[2]), m[1]);
    return { fmul: fnOf('fmul'), fsqr: fnOf('fsqr'), names, file };
  } catch (e) {
    return `could not read the wasm text: ${(e as Error).message}`;
  }
}

// ---------------------------------------------------------------- rows

/** The counted work of one path and its model limit (counted wasm multiplications × ns per mul). */
export function modelLimit(label: string, n: number, muls: number, nsPerMul: number, measuredMs: number, profile?: ProfileSummary) {
  return { label, n, muls, limitMs: (muls * nsPerMul) / 1e6, measuredMs, profile };
}

export type ModelLimit = ReturnType<typeof modelLimit>;

/** A G2 MSM of ours taken apart: counted field work and a profile (mcl-wasm timed beside it). */
export interface G2Limit {
  n: number;
  ms: number;
  mclMs?: number;
  /** Fp2 multiplications + squarings of one MSM (the counting field). */
  fieldOps: number;
  /** Fp multiplications the wasm module counted during one MSM (0: the G2 path runs in BigInt). */
  wasmMuls: number;
  profile?: ProfileSummary;
}

/** Everything the rows are made of, measured in the same run (absent: not measured, with `why`). */
export interface LimitsData {
  /** Why the KZG rows are absent (e.g. "--quick: KZG rows not measured"); undefined when measured. */
  kzgWhy?: string;
  nsPerMul: { chain: number; call: number; bigint: number };
  mulOps: { fmul: FnOps; fsqr: FnOps } | string;
  /** fmul timed in two parts (mul-split.ts), or why not. */
  mulSplit?: MulSplit | string;
  /** plain and prepared (table) paths at the middle size (4096). */
  plain?: ModelLimit;
  prepared?: ModelLimit;
  /** the commitment path of createKzg({ precompute: true }), one call. */
  commitment?: ModelLimit;
  /** the largest size, plain path. */
  largest?: ModelLimit;
  ckzgCommitMs?: number;
  ckzgCellsMs?: number;
  kzgWasmCommitMs?: number;
  kzgWasmCellsMs?: number;
  /** msmAsync threads = 2 at the sizes ≥ 4096 (quick: the largest quick size). */
  threads: ThreadsBreakdown[];
  /** the same over a prepare() handle of the setup's 4096 Lagrange points and a blob's scalars. */
  commitThreads?: ThreadsBreakdown;
  /** blobToKzgCommitmentAsync with 2 threads (ms), whose MSM `commitThreads` takes apart. */
  commitAsyncMs?: number;
  /** one steady computeCellsAndKzgProofs call under the profiler. */
  cells?: { ms: number; profile: ProfileSummary };
  /** prepare() handle ÷ plain per size: counted wasm multiplications of both, table facts. */
  prepare: { n: number; ratio: number; plainMuls: number; preparedMuls: number; tableBytes: number; window: number }[];
  /** ffjavascript beside ours at the G1 goal sizes (ms, same timing group). */
  ffjs?: { n: number; oursMs: number; ffjsMs: number; threadsMs?: number; poolMs?: number; poolThreads?: number }[];
  /** G2 MSMs taken apart at the G2 goal sizes. */
  g2?: G2Limit[];
  cold?: ColdResult | string;
}

export interface LimitRow {
  measure: string;
  status: 'met' | 'not met' | 'n/a';
  /** "met", "n/a: …" or the measured breakdown. */
  text: string;
}

const ms = (x: number) => fmtMs(x, { fine: 1, unit: true });
const r2 = (x: number) => fmtFixed(x);

function modelText(m: ModelLimit, peerMs?: number, peer = 'c-kzg'): string {
  const parts = [
    `${m.label} at n = ${m.n}: ${m.muls} counted wasm multiplications × ns/mul = limit ${ms(m.limitMs)}`,
    peerMs !== undefined && Number.isFinite(peerMs) ? `limit ÷ ${peer} ${r2(m.limitMs / peerMs)}` : undefined,
    `measured ${ms(m.measuredMs)} = ${r2(m.measuredMs / m.limitMs)} × the limit`,
    m.profile ? `outside wasm ${pct(m.profile.outsideShare)} (${sharesText(m.profile.outside, 4)})` : undefined,
  ];
  return parts.filter(Boolean).join('; ');
}

function threadsText(b: ThreadsBreakdown, oneThreadMs?: number): string {
  const parts = [
    `n = ${b.n}, threads ${b.threads}: wall ${ms(b.wallMs)}`,
    `chunks (runChunkTask: decode, transforms, recoding, buckets; timed inside a worker) ${b.chunkMs.map(ms).join(' + ')} (in this thread ${b.chunkHereMs.map(ms).join(' + ')})`,
    `main-thread serial ${ms(b.serialMs)} (validate ${ms(b.prepMs)}, write words ${ms(b.tasksMs)}, post (structured clone, buffers transferred) ${ms(b.cloneMs)}, combine ${ms(b.combineMs)})`,
    `ideal = max(chunk) + serial = ${ms(b.idealMs)}`,
    `overhead (transfer, wake-up, contention) = wall − ideal = ${ms(b.wallMs - b.idealMs)}`,
    `each chunk alone on one worker: round trip ${b.roundTripMs.map(ms).join(' + ')} (transfer + wake-up = round trip − chunk: ${b.roundTripMs.map((x, k) => ms(x - b.chunkMs[k])).join(', ')})`,
    `both at once: wall − serial − slowest round trip = ${ms(b.parallelLossMs)} (parallel loss)`,
    oneThreadMs !== undefined && Number.isFinite(oneThreadMs) ? `one thread ${ms(oneThreadMs)}: ideal ÷ one thread ${r2(b.idealMs / oneThreadMs)}` : undefined,
  ];
  return parts.filter(Boolean).join('; ');
}

/** The wasm Fp multiplication taken apart: ns per mul (chain, call, BigInt), its timed split, its instruction counts. */
export function mulText(d: Pick<LimitsData, 'nsPerMul' | 'mulSplit' | 'mulOps'>): string {
  const { chain, call, bigint } = d.nsPerMul;
  const parts = [
    `wasm ${chain.toFixed(1)} ns/mul in a chain, ${call.toFixed(1)} ns one call per mul (call overhead ${(call - chain).toFixed(1)} ns); BigInt ${bigint.toFixed(1)} ns`,
  ];
  const sp = d.mulSplit;
  if (sp !== undefined)
    parts.push(
      typeof sp === 'string'
        ? `timed split n/a: ${sp}`
        : `timed split (a measuring module compiled from the same kernels, fmul ${sp.mulNs.toFixed(1)} ns there): limb products ${sp.productNs.toFixed(1)} ns = ${pct(sp.productNs / sp.mulNs)}, Montgomery reduction ${sp.reductionNs.toFixed(1)} ns = ${pct(sp.reductionNs / sp.mulNs)}`
    );
  if (typeof d.mulOps === 'string') parts.push(`instruction counts n/a: ${d.mulOps}`);
  else {
    const f = d.mulOps.fmul;
    const s = d.mulOps.fsqr;
    const ops = f.simdOps + f.scalarOps;
    parts.push(
      `fmul in the built module: ${f.simdMul} i64x2.extmul (${2 * f.simdMul} limb products) + ${f.scalarMul} scalar i64.mul (Montgomery reduction: m_k and m·p); ${ops} operations: ${f.simdOps} SIMD (products) = ${pct(f.simdOps / ops)}, ${f.scalarOps} scalar (column sums, reduction, final subtraction) = ${pct(f.scalarOps / ops)}`,
      `fsqr: ${s.simdMul} extmul + ${s.scalarMul} i64.mul, ${s.simdOps + s.scalarOps} operations`
    );
  }
  return parts.join('; ');
}

function coldText(c: ColdResult | string | undefined, withCells: boolean): string | undefined {
  if (c === undefined || typeof c === 'string') return undefined;
  const parts: string[] = [];
  if (typeof c.ours === 'string') parts.push(`ours n/a: ${c.ours}`);
  else {
    const o = c.ours;
    parts.push(
      `ours (medians of ${o.runs} fresh processes): import + createKzg() ${ms(o.createMs)}; blobToKzgCommitment first ${ms(o.commitMs)}, second ${ms(o.commit2Ms)}, third (steady) ${ms(o.commit3Ms)}: the first call ${ms(o.commitMs - o.commit3Ms)} above steady` +
        (withCells
          ? `; computeCellsAndKzgProofs first ${ms(o.cellsMs)}, second ${ms(o.cells2Ms)}, third (steady) ${ms(o.cells3Ms)}: the first call ${ms(o.cellsMs - o.cells3Ms)} above steady`
          : '')
    );
  }
  if (typeof c.ckzg === 'string') parts.push(`c-kzg n/a: ${c.ckzg}`);
  else {
    const k = c.ckzg;
    parts.push(
      `c-kzg: load + loadTrustedSetup(0) ${ms(k.createMs)} (its EIP-7594 tables are built there); first commitment ${ms(k.commitMs)}` +
        (withCells ? `; first cells ${ms(k.cellsMs)}` : '')
    );
    if (typeof c.ours !== 'string') {
      const o = c.ours;
      const oursSteady = o.createMs + o.commit3Ms + (withCells ? o.cells3Ms : 0);
      const peer = withCells ? k.coldCellsMs : k.coldCommitMs;
      parts.push(
        `ours with its first calls at their steady time: ${ms(oursSteady)}, ÷ c-kzg ${r2(oursSteady / peer)}; import + createKzg() alone ÷ c-kzg ${r2(o.createMs / peer)}`
      );
    }
  }
  if (c.disagree) parts.push(`results differ: ${c.disagree}`);
  const p = c.profile;
  if (typeof p === 'string') parts.push(`profile n/a: ${p}`);
  else if (p) {
    const one = (label: string, x?: ProfileSummary) =>
      x
        ? `${label} (${x.samples} samples), by innermost src function: ${sharesText(x.phases ?? [], 5)}; by call path: ${sharesText(x.paths ?? [], 4)}; outside wasm ${pct(x.outsideShare)}`
        : undefined;
    for (const line of [
      one('profile of an untimed fresh process of ours, first commitment', p.commit),
      one('its second commitment', p.commit2),
      withCells ? one('its first cells call', p.cells) : undefined,
      withCells ? one('its second cells call', p.cells2) : undefined,
    ])
      if (line) parts.push(line);
  }
  return parts.join('; ');
}

function g2Text(g: G2Limit, g1NsPerMul?: number): string {
  const ns = (g.ms * 1e6) / g.fieldOps;
  const limit = (g.wasmMuls * (g1NsPerMul ?? Number.NaN)) / 1e6;
  const parts = [
    `G2 n = ${g.n}: ${ms(g.ms)} for ${g.fieldOps} counted Fp2 multiplications + squarings = ${ns.toFixed(0)} ns per op` +
      (g1NsPerMul !== undefined && Number.isFinite(g1NsPerMul) ? ` (${r2(ns / g1NsPerMul)} × G1's wasm Fp multiplication, ${g1NsPerMul.toFixed(0)} ns)` : ''),
    g.wasmMuls === 0
      ? 'wasm multiplications counted in the call: 0 (the G2 field runs in BigInt)'
      : `${g.wasmMuls} wasm Fp multiplications counted in the call (${r2(g.wasmMuls / g.fieldOps)} per Fp2 op) × ns/mul = limit ${ms(limit)}${g.mclMs !== undefined ? `; limit ÷ mcl-wasm ${r2(limit / g.mclMs)}` : ''}; measured ${ms(g.ms)} = ${r2(g.ms / limit)} × the limit`,
    g.mclMs !== undefined ? `mcl-wasm ${ms(g.mclMs)} = ${((g.mclMs * 1e6) / g.fieldOps).toFixed(0)} ns per op of our count` : undefined,
    g.profile
      ? `outside wasm ${pct(g.profile.outsideShare)}; self time ${sharesText(g.profile.self, 5)}; by file ${sharesText(g.profile.files, 4)}`
      : undefined,
  ];
  return parts.filter(Boolean).join('; ');
}

/**
 * One row per goal (same order): "met" when met, "n/a: why" when not judged (with the
 * breakdown measured anyway, if any), else what limits it, from `d`.
 */
export function limitRows(goals: readonly { id: GoalId; measure: string; status: LimitRow['status']; note?: string }[], d: LimitsData): LimitRow[] {
  const midN = d.plain?.n;
  const largeN = d.largest?.n;
  const thr = (n: number | undefined) => d.threads.find((b) => b.n === n);
  const ff = (n: number | undefined) => d.ffjs?.find((f) => f.n === n);
  const vsFfjs = (m: ModelLimit | undefined) => {
    const f = ff(m?.n);
    return m && `${modelText(m, f?.ffjsMs, 'ffjavascript')}${f ? `; ffjavascript one thread ${ms(f.ffjsMs)} (ours in its timing group ${ms(f.oursMs)})` : ''}`;
  };
  const vsPool = (n: number | undefined) => {
    const b = thr(n);
    const f = ff(n);
    const pool = f?.poolMs;
    return (
      b &&
      threadsText(b) +
        (pool !== undefined
          ? `; ffjavascript pool (${f?.poolThreads ?? '?'} workers) ${ms(pool)}: ideal ÷ its pool ${r2(b.idealMs / pool)}, slowest chunk ÷ its pool ${r2(Math.max(...b.chunkMs) / pool)}`
          : '')
    );
  };
  const cells = (peer: string) => {
    const c = d.cells;
    const p = c?.profile;
    return (
      p &&
      `one steady call (${ms(c!.ms)}, ${p.samples} samples), by innermost src/kzg function: ${sharesText(p.phases ?? [])}; by call path under the entry: ${sharesText(p.paths ?? [], 5)}; self time (wasm included): ${sharesText(p.self)}; by file: ${sharesText(p.files, 5)}; outside wasm ${pct(p.outsideShare)}; ${peer}`
    );
  };
  const threads = (n: number | undefined) => {
    const b = thr(n);
    return b && threadsText(b, n === midN ? d.plain?.measuredMs : d.largest?.measuredMs);
  };
  const ct = d.commitThreads;
  // each goal's breakdown; undefined when its measurements are absent
  const texts: Record<GoalId, () => string | undefined> = {
    coldCommit: () => coldText(d.cold, false),
    coldCells: () => coldText(d.cold, true),
    ffjsMid: () => vsFfjs(d.plain),
    ffjsLarge: () => vsFfjs(d.largest),
    poolMid: () => vsPool(midN),
    poolLarge: () => vsPool(largeN),
    commitKzgWasm: () => d.commitment && modelText(d.commitment, d.kzgWasmCommitMs, 'kzg-wasm'),
    cellsKzgWasm: () => cells(`kzg-wasm ${ms(d.kzgWasmCellsMs ?? NaN)}`),
    g2Small: () => d.g2?.[0] && g2Text(d.g2[0], d.nsPerMul.chain),
    g2Large: () => d.g2?.[1] && g2Text(d.g2[1], d.nsPerMul.chain),
    threadsMid: () => threads(midN),
    threadsLarge: () => threads(largeN),
    commitThreadsCkzg: () =>
      ct &&
      `blobToKzgCommitmentAsync ${ms(d.commitAsyncMs ?? NaN)}; its MSM taken apart (msmAsync over a prepare() handle of the setup's Lagrange points): ${threadsText(ct)}; ideal ÷ c-kzg ${r2(ct.idealMs / (d.ckzgCommitMs ?? NaN))}, chunk ÷ c-kzg ${r2(Math.max(...ct.chunkMs) / (d.ckzgCommitMs ?? NaN))}`,
    msmCkzg: () => (d.plain && d.prepared ? [modelText(d.plain, d.ckzgCommitMs), modelText(d.prepared, d.ckzgCommitMs)].join(' | ') : undefined),
    commitCkzg: () =>
      d.commitment &&
      [modelText(d.commitment, d.ckzgCommitMs), d.prepared ? `the MSM alone: ${modelText(d.prepared, d.ckzgCommitMs)}` : ''].filter(Boolean).join(' | '),
    cellsCkzg: () => cells(`c-kzg ${ms(d.ckzgCellsMs ?? NaN)}`),
  };
  return goals.map((t) => {
    if (t.status === 'met') return { measure: t.measure, status: t.status, text: 'met' };
    const text = texts[t.id]();
    if (t.status === 'n/a')
      // the goal is not judged (--quick, a peer missing or disagreeing); a breakdown measured anyway is still shown
      return { measure: t.measure, status: t.status, text: `n/a: ${t.note ?? 'not measured'}${text === undefined ? '' : `; measured anyway: ${text}`}` };
    return { measure: t.measure, status: t.status, text: text ?? `n/a: ${d.kzgWhy ?? 'not measured in this run'}` };
  });
}

/** The limits section in Markdown (a heading, then one table row per goal). */
export function limitsMarkdown(rows: readonly LimitRow[]): string[] {
  return [
    '## What limits it (same run)',
    '',
    'For each goal not met: the measured breakdown (model limit = counted wasm multiplications × measured ns per multiplication; profiles: V8 sampling profiler; threads: one msmAsync call taken apart: its serial part in this thread, each chunk timed inside a worker and as a round trip).',
    '',
    ...mdTable(
      ['measure', 'status', 'what limits it (measured)'],
      rows.map((r) => [r.measure, r.status, mdCell(r.text)])
    ),
    '',
  ];
}
