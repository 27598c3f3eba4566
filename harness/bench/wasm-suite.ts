/**
 * Step 12 (wasmField) benchmark: the WebAssembly field backend against the BigInt field, and
 * the MSM against its peers, all in ONE process (ratios within the run; this machine is shared
 * and noisy, absolute times drift with the load of other jobs).
 *
 *   stepwise-msm bench --suite wasm                     (all sections, sizes 256,4096,65536)
 *   stepwise-msm bench --suite wasm --sizes 256,4096 --rounds 5 --ladder-n 256 --sections mul,ladder,msm,kzg
 *   (npm run bench:wasm and bench/wasm.bench.ts run the same; options parsed by the one bench command)
 *
 * Sections (one function each below): mul (ns per Fp multiplication by method, `FpMulNs`, and one
 * inversion), ladder (each rung of the step ladder with wasmField off and on), msm (G1 against
 * noble, mcl-wasm and c-kzg's 4096-point commitment as the native reference, with the model's
 * limit: multiplications × the measured ns/mul), kzg (blobToKzgCommitment against c-kzg).
 * Times: median of --rounds runs (alternating task order each round); 65536-point sets are
 * timed once per round, and noble/BigInt at 65536 only with --large.
 */
import type { NativeKzg } from '../ckzg.js';
import { G1, msm, msmInspect, GATES } from '../../src/index.js';
import { createKzg } from '../../src/kzg/index.js';
import { wasmField as wasmFieldInstance } from '../../src/optimized/wasm/backend.js';
import { makeBlob } from './blob.js';
import { benchInputs } from './inputs.js';
import { ckzgWithSetup, mclPeer, noblePeer } from './peers.js';
import { fmtFixed, hexOf, mdTable } from '../format.js';
import { timeRounds, type TimedTask } from './time-rounds.js';

export const WASM_SECTIONS = ['mul', 'ladder', 'msm', 'kzg'] as const;
export const WASM_DEFAULT_SIZES: readonly number[] = [256, 4096, 65536];

export interface WasmSuiteOptions {
  sizes: readonly number[];
  rounds: number;
  ladderN: number;
  sections: readonly string[];
  large: boolean;
}

const fmt = (x: number, d = 1) => fmtFixed(x, d);
const gatesOn = (ids: readonly string[]) => Object.fromEntries(GATES.map((g) => [g.id, ids.includes(g.id)]));

/** What the sections share (`Suite`): the output, the rounds, the wasm field's ns per multiplication, c-kzg (loaded on first use) and the blob. */
function suiteOf(opts: WasmSuiteOptions, print: (line: string) => void) {
  return {
    log: (s = '') => print(s),
    /** Prints a Markdown table (mdTable), one line per call. */
    table: (...t: Parameters<typeof mdTable>) => mdTable(...t).forEach((line) => print(line)),
    rounds: opts.rounds,
    large: opts.large,
    /** ns per wasm multiplication (the mul section's chain), NaN when it did not run. */
    nsPerMul: NaN,
    ckzg: (): NativeKzg => {
      const k = ckzgWithSetup();
      if (typeof k === 'string') throw new Error(`bench --suite wasm compares with c-kzg: ${k}`);
      return k;
    },
    blob: makeBlob().blob,
  };
}

type Suite = ReturnType<typeof suiteOf>;

/** ns per Fp multiplication by method, and the two inversions; returns the chain's ns per multiplication. */
async function mulSection(s: Suite): Promise<number> {
  const rounds = Math.max(s.rounds, 5);
  const ns = await measureFpMul(rounds);
  s.log(`\n## Fp multiplication (BLS12-381), median of ${rounds} rounds\n`);
  s.table(
    ['method', 'ns/mul', 'vs BigInt'],
    [
      ['BigInt (a·b) % p', fmt(ns.bigint), '1.00'],
      ['wasm, 10^6 chained muls in one call', fmt(ns.chain), fmt(ns.chain / ns.bigint, 3)],
      ['wasm, one JS→wasm call per mul', fmt(ns.call), fmt(ns.call / ns.bigint, 3)],
      ['wasm on bigints (convert in/out per mul)', fmt(ns.rt), fmt(ns.rt / ns.bigint, 3)],
    ],
    'lrr'
  );
  s.log(`\nper-call overhead ≈ ${fmt(ns.call - ns.chain)} ns`);
  s.log('');
  s.table(
    ['inversion in wasm', 'µs', 'in chained-mul times'],
    [
      ["divsteps (safegcd, the kernel's finv)", fmt(ns.inv / 1e3, 2), fmt(ns.inv / ns.chain, 0)],
      ['Fermat a^(p−2) (finvFermat)', fmt(ns.invFermat / 1e3, 2), fmt(ns.invFermat / ns.chain, 0)],
    ],
    'lrr'
  );
  return ns.chain;
}

/** The step ladder at one n, one column per field backend, with multiplication counts. */
async function ladderSection(s: Suite, n: number): Promise<void> {
  const inp = benchInputs<any>(G1, n);
  const steps = GATES.filter((g) => g.id !== 'wasmField').sort((a, b) => a.step - b.step);
  const rungs: [string, string[]][] = [
    ['none', []],
    ...steps.map((g, i): [string, string[]] => [`≤${String(g.step).padStart(2, '0')} +${g.id}`, steps.slice(0, i + 1).map((x) => x.id)]),
  ];
  s.log(`\n## Ladder, G1, n = ${n}, one column per field backend (msm, single thread; median of ${s.rounds})\n`);
  s.log('| rung | BigInt ms | wasm ms | wasm / BigInt | BigInt mulTotal | wasm muls |\n|---|---:|---:|---:|---:|---:|');
  for (const [label, ids] of rungs) {
    const gB = gatesOn(ids);
    const gW = { ...gB, wasmField: true };
    for (const g of [gB, gW]) if (!msm(inp.points, inp.scalars, { gates: g }).equals(inp.expected)) throw new Error(`${label}: wrong result`);
    const t = await timeRounds({ big: () => msm(inp.points, inp.scalars, { gates: gB }), wasm: () => msm(inp.points, inp.scalars, { gates: gW }) }, s.rounds);
    const cB = msmInspect(inp.points, inp.scalars, { gates: gB, count: true }).counts!.mulTotal;
    const cW = wasmMulsOf(() => msm(inp.points, inp.scalars, { gates: gW })).muls;
    s.log(`| ${label} | ${fmt(t.get('big')!)} | ${fmt(t.get('wasm')!)} | ${fmt(t.get('wasm')! / t.get('big')!, 3)} | ${cB} | ${cW} |`);
  }
  s.log('\n(wasm muls: multiplications inside the module; the BigInt field work outside it — GLV β·x, Horner, the small-n path — is not in that column.)');
}

/** G1 MSM per size: default gates with and without wasmField, noble, mcl-wasm, and c-kzg's 4096-point commitment. */
async function msmSection(s: Suite, sizes: readonly number[]): Promise<void> {
  const ckzg = s.ckzg();
  const noble = (await noblePeer.load(G1)) as Exclude<Awaited<ReturnType<typeof noblePeer.load>>, string>;
  const mcl = await mclPeer.load(G1);
  const DEF = gatesOn(GATES.filter((g) => g.default).map((g) => g.id));
  const DEFW = { ...DEF, wasmField: true, workers: false };
  DEF.workers = false;
  DEF.wasmField = false; // the BigInt column: default gates with this step off (it is default-on)
  s.log(`\n## G1 MSM, single thread, median of ${s.rounds} (65536: ${s.large ? 'every task' : 'noble and BigInt skipped; --large to include'})\n`);
  s.log(
    '| n | default BigInt ms | default + wasmField ms | noble ms | mcl-wasm ms | c-kzg commit (4096, native) ms | wasm / BigInt | wasm / noble | wasm / mcl | wasm / c-kzg | wasm muls | muls × ns/mul ms |'
  );
  s.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of sizes) {
    const inp = benchInputs<any>(G1, n);
    const big = n < 65536 || s.large;
    const tasks: TimedTask[] = [['wasm', () => msm(inp.points, inp.scalars, { gates: DEFW })]];
    if (big) {
      const pr = noble.prepare(inp.points, inp.scalars, inp.expected);
      tasks.push(['big', () => msm(inp.points, inp.scalars, { gates: DEF })], ['noble', () => pr.run()]);
    }
    if (typeof mcl !== 'string') {
      try {
        const pr = mcl.prepare(inp.points, inp.scalars, inp.expected);
        if (!pr.check(pr.run())) throw new Error('wrong result');
        tasks.push(['mcl', () => pr.run()]);
      } catch (e) {
        s.log(`(n = ${n}: mcl-wasm n/a — ${(e as Error).message})`);
      }
    }
    if (n === 4096) tasks.push(['ckzg', () => ckzg.blobToKzgCommitment(s.blob)]);
    if (!msm(inp.points, inp.scalars, { gates: DEFW }).equals(inp.expected)) throw new Error(`wasm: wrong result at n = ${n}`);
    const muls = wasmMulsOf(() => msm(inp.points, inp.scalars, { gates: DEFW })).muls;
    const t = await timeRounds(tasks, n >= 65536 ? Math.min(s.rounds, 2) : s.rounds);
    const g = (k: string) => t.get(k) ?? NaN;
    const cells = [n, fmt(g('big')), fmt(g('wasm')), fmt(g('noble')), fmt(g('mcl')), fmt(g('ckzg'))];
    const ratios = [fmt(g('wasm') / g('big'), 3), fmt(g('wasm') / g('noble'), 3), fmt(g('wasm') / g('mcl'), 3), fmt(g('wasm') / g('ckzg'), 2)];
    s.log(`| ${[...cells, ...ratios, muls, fmt((muls * s.nsPerMul) / 1e6)].join(' | ')} |`);
  }
  if (Number.isFinite(s.nsPerMul)) s.log(`\nmodel limit at n = 4096: 0.67 M × ${fmt(s.nsPerMul)} ns = ${fmt((0.67e6 * s.nsPerMul) / 1e6)} ms`);
}

/** blobToKzgCommitment: ours with and without wasmField against c-kzg. */
async function kzgSection(s: Suite): Promise<void> {
  const ckzg = s.ckzg();
  const ours = createKzg({ gates: { wasmField: false } });
  const oursW = createKzg({ gates: { wasmField: true } });
  const want = hexOf(ckzg.blobToKzgCommitment(s.blob));
  for (const k of [ours, oursW]) if (hexOf(k.blobToKzgCommitment(s.blob)) !== want) throw new Error('commitment differs from c-kzg');
  const t = await timeRounds(
    { ours: () => ours.blobToKzgCommitment(s.blob), oursW: () => oursW.blobToKzgCommitment(s.blob), ckzg: () => ckzg.blobToKzgCommitment(s.blob) },
    s.rounds
  );
  const names = { ours: 'ours, default gates (BigInt)', oursW: 'ours, default + wasmField', ckzg: 'c-kzg (native)' };
  s.log(`\n## blobToKzgCommitment (4096-point G1 MSM over the Lagrange setup), median of ${s.rounds}\n`);
  s.table(
    ['implementation', 'ms', 'vs c-kzg'],
    Object.entries(names).map(([k, name]) => [name, fmt(t.get(k)!), fmt(t.get(k)! / t.get('ckzg')!, 2)]),
    'lrr'
  );
}

/** Runs the sections and prints Markdown through `print` (one call per line). */
export async function runWasmSuite(opts: WasmSuiteOptions, print: (line: string) => void): Promise<void> {
  const s = suiteOf(opts, print);
  const load = (await import('node:os')).loadavg();
  s.log(`# wasmField bench — ${new Date().toISOString()}, load average ${load.map((x) => x.toFixed(1)).join(' ')}, rounds ${opts.rounds}`);
  if (opts.sections.includes('mul')) s.nsPerMul = await mulSection(s);
  if (opts.sections.includes('ladder')) await ladderSection(s, opts.ladderN);
  if (opts.sections.includes('msm')) await msmSection(s, opts.sizes);
  if (opts.sections.includes('kzg')) await kzgSection(s);
}

/** Runs `f` and counts the multiplications the wasm field module did meanwhile (its counter). */
export function wasmMulsOf<T>(f: () => T): { value: T; muls: number } {
  const W = wasmFieldInstance(G1.Fp.ORDER);
  const m0 = W.mulCount();
  const value = f();
  return { value, muls: W.mulCount() - m0 };
}

/**
 * ns per Fp multiplication (BLS12-381) by method, median of `rounds` rounds (task order
 * alternating): bigint = BigInt (a·b) % p; chain = wasm, 10^6 chained multiplications inside one
 * call (no call overhead); call = wasm, one JS→wasm call per multiplication; rt = wasm on bigints
 * (convert in, multiply, convert out); inv = one wasm inversion, divsteps (the kernel's finv);
 * invFermat = one wasm inversion by Fermat, a^(p−2) (finvFermat).
 */
export type FpMulNs = Record<'bigint' | 'chain' | 'call' | 'rt' | 'inv' | 'invFermat', number>;

/** The operations one call of each method's task does. */
const FP_MUL_OPS: FpMulNs = { bigint: 200_000, chain: 1_000_000, call: 1_000_000, inv: 2_000, invFermat: 200, rt: 50_000 };

/** The mul section's measurement (also the speed suite's wasm ÷ BigInt row): each method's task, FP_MUL_OPS operations a call. */
export async function measureFpMul(rounds: number): Promise<FpMulNs> {
  const p = G1.Fp.ORDER;
  const W = wasmFieldInstance(p);
  const a0 = 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcn % p;
  const b0 = p - 0x0fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432n;
  const [A, B] = [W.DATA, W.DATA + 64];
  let sink = 0n;
  const methods: Record<keyof FpMulNs, () => void> = {
    bigint: () => {
      let x = a0;
      for (let i = 0; i < 200_000; i++) x = (x * b0) % p;
      sink ^= x;
    },
    chain: () => {
      W.put(A, a0);
      W.put(B, b0);
      W.x.mulChain(A, B, 1_000_000);
    },
    call: () => {
      W.put(A, a0);
      W.put(B, b0);
      const f = W.x.fmul;
      for (let i = 0; i < 1_000_000; i++) f(A, A, B);
    },
    inv: () => {
      W.put(A, a0);
      for (let i = 0; i < 2_000; i++) W.x.finv(A, A);
    },
    invFermat: () => {
      W.put(A, a0);
      for (let i = 0; i < 200; i++) W.x.finvFermat(A, A);
    },
    rt: () => {
      let x = a0;
      for (let i = 0; i < 50_000; i++) x = W.mul(x, b0);
      sink ^= x;
    },
  };
  const t = await timeRounds(methods, rounds);
  if (sink === -1n) throw new Error('unreachable');
  const ns = (k: keyof FpMulNs) => (t.get(k)! * 1e6) / FP_MUL_OPS[k];
  return { bigint: ns('bigint'), chain: ns('chain'), call: ns('call'), rt: ns('rt'), inv: ns('inv'), invFermat: ns('invFermat') };
}
