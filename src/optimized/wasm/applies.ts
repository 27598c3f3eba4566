/**
 * When the WebAssembly backend (step 12, wasmField) runs a job's windows: a prime field whose
 * elements are bigints below 2^384 (BLS12-381 G1, the toy curve), and the job's own field (not
 * a counting wrapper, which must see every multiplication). Step 12 reads it both to run and to
 * price its kernels (its `price` leaves the prices unchanged for a job wasm cannot run).
 */
import type { Job } from '../step.js';
import { MAX_MODULUS_BITS } from './backend.js';

/** Why the wasm backend cannot run this job, or undefined when it can. */
export function wasmFallbackReason(job: Pick<Job, 'curve' | 'F'>): string | undefined {
  const Fp = job.curve.Fp;
  if (typeof Fp.ZERO !== 'bigint') return `${Fp.name} elements are not bigints (no ${Fp.name} in wasm)`;
  if (job.F !== Fp) return 'counting field';
  return wasmModulusReason(Fp);
}

/** Why the wasm backend cannot hold this curve's field, or undefined when it can. */
export function wasmCurveReason(curve: Pick<Job['curve'], 'Fp'>): string | undefined {
  const Fp = curve.Fp;
  if (typeof Fp.ZERO !== 'bigint') return `${Fp.name} elements are not bigints (no ${Fp.name} in wasm)`;
  return wasmModulusReason(Fp);
}

function wasmModulusReason(Fp: Job['curve']['Fp']): string | undefined {
  if (Fp.ORDER >= 1n << BigInt(MAX_MODULUS_BITS)) return `modulus above 2^${MAX_MODULUS_BITS}`;
  return undefined;
}
