/**
 * When the WebAssembly backend (step 12, wasmField) runs a job's windows: a coordinate field
 * the module holds — a prime field whose elements are bigints below 2^384 (BLS12-381 G1, the
 * toy curve: degree 1), or its quadratic extension Fp[u]/(u² + 1) with elements { c0, c1 } of
 * such bigints (BLS12-381 G2: degree 2) — and the job's own field (not a counting wrapper,
 * which must see every multiplication). Step 12 reads it both to run and to price its kernels
 * (its `price` leaves the prices unchanged for a job wasm cannot run).
 */
import type { Field } from '../../curve/index.js';
import type { Job } from '../step.js';
import { wasmRefusedReason } from './backend.js';
import { buildFor } from './builds.js';
import { MAX_MODULUS_BITS } from './layout.js';
import type { Degree } from './msm.js';

const degrees = new WeakMap<object, Degree | string>();

const isFp2Element = (v: unknown): v is { c0: bigint; c1: bigint } =>
  typeof v === 'object' && v !== null && typeof (v as { c0?: unknown }).c0 === 'bigint' && typeof (v as { c1?: unknown }).c1 === 'bigint';

/** Fp elements per coordinate of this field in wasm (1 or 2), or why wasm cannot hold it. */
function degreeOf(Fp: Field<any>): Degree | string {
  let d = degrees.get(Fp);
  if (d === undefined) {
    const p = Fp.ORDER;
    if (p >= 1n << BigInt(MAX_MODULUS_BITS)) d = `modulus above 2^${MAX_MODULUS_BITS}`;
    else if (typeof Fp.ZERO === 'bigint') d = 1;
    else if (!isFp2Element(Fp.ZERO)) d = `${Fp.name} elements are neither bigints nor { c0, c1 } pairs (no ${Fp.name} in wasm)`;
    else {
      // the module's Fp2 is Fp[u]/(u² + 1): the field must agree (u·u = −1, 1 = (1, 0))
      const uu = Fp.mul({ c0: 0n, c1: 1n }, { c0: 0n, c1: 1n });
      const ok = isFp2Element(uu) && uu.c0 === p - 1n && uu.c1 === 0n && isFp2Element(Fp.ONE) && Fp.ONE.c0 === 1n && Fp.ONE.c1 === 0n;
      d = ok ? 2 : `${Fp.name} is not Fp[u]/(u² + 1) (no ${Fp.name} in wasm)`;
    }
    degrees.set(Fp, d);
  }
  return d;
}

/** Why the wasm backend cannot hold this curve's field, or undefined when it can. */
export function wasmCurveReason(curve: Pick<Job['curve'], 'Fp'>): string | undefined {
  const d = degreeOf(curve.Fp);
  return typeof d === 'string' ? d : undefined;
}

/** Fp elements per coordinate of a curve whose field wasm holds (check wasmCurveReason first). */
export function wasmDegree(curve: Pick<Job['curve'], 'Fp'>): Degree {
  const d = degreeOf(curve.Fp);
  if (typeof d === 'string') throw new RangeError(`wasm: ${d}`);
  return d;
}

/** Why the wasm backend cannot run this job, or undefined when it can. */
export function wasmFallbackReason(job: Pick<Job, 'curve' | 'F' | 'call'>): string | undefined {
  const why = wasmCurveReason(job.curve);
  if (why !== undefined) return why;
  if (job.F !== job.curve.Fp) return 'counting field';
  return wasmRefusedReason(buildFor(job.call.tuning?.wasmBuild));
}
