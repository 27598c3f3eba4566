/**
 * Peer MSM implementations timed in the same run as the engine, on the same inputs.
 *
 *  - noble:  @noble/curves' `pippenger(Point, points, scalars)` (any curve built on noble points,
 *            so G1, G2 and the toy curve). Always present.
 *  - mcl:    mcl-wasm's `mulVec` on BLS12-381 G1 (WebAssembly). Inputs are converted to mcl
 *            objects before timing (compressed point encoding, big-endian scalars); the result is
 *            compared through its compressed encoding.
 *
 * A peer that fails to load, does not support the curve, or fails its correctness check shows
 * as n/a (with the reason) in the report; it never stops the run.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import type { AnyCurve } from '../src/index.js';

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
    if (!Point || !Point.Fn) return `curve ${curve.id} has no noble Fn on its point class`;
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

let mclReady: Promise<any> | undefined;

export const mclPeer: Peer = {
  id: 'mcl',
  title: 'mcl-wasm mulVec',
  async load(curve) {
    if (curve.id !== 'bls12-381-g1') return `mcl-wasm peer is wired for BLS12-381 G1 only`;
    let mcl: any;
    try {
      mclReady ??= (async () => {
        const m: any = await import('mcl-wasm');
        const lib = m.init ? m : m.default;
        await lib.init(lib.BLS12_381);
        lib.setETHserialization(true);
        return lib;
      })();
      mcl = await mclReady;
    } catch (e) {
      mclReady = undefined;
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

export const PEERS: readonly Peer[] = Object.freeze([noblePeer, mclPeer]);

export function peerById(id: string): Peer {
  const p = PEERS.find((x) => x.id === id);
  if (!p) throw new RangeError(`unknown peer "${id}": expected ${PEERS.map((x) => x.id).join(', ')}`);
  return p;
}
