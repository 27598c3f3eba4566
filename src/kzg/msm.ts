/**
 * Every MSM of the KZG layer goes through here, and from here through the engine's
 * `msm(points, scalars, { gates })` with the caller's gates.
 *
 * `fixed(points, scalars)` is for the setup's bases (Lagrange, monomial, FK20 rows), which are
 * the same arrays on every call: when the engine exports `prepare(points)` and the `fixedBase`
 * gate is on, the bases are prepared (cached per array) and the handle is passed to `msm` in
 * place of the points. A base array is prepared on its PREPARE_ON_USE-th use, not its first: a
 * table costs several MSMs to build and saves a fraction of one per call, so a process that
 * commits once (a command, a test, a serverless function) never builds it, and one that keeps
 * going pays it once, early. `prepareFixed` (createKzg's `precompute`) builds them up front.
 * `any(points, scalars)` is for per-call points (commitments, proofs).
 */
import * as engine from '../optimized/index.js';
import type { GatesOption } from '../optimized/index.js';
import { G1P, type G1 } from './g1.js';

type Prepare = (points: readonly G1[], options?: unknown) => unknown;

/** The use of a fixed base array on which its table is built (earlier uses run the plain path). */
export const PREPARE_ON_USE = 2;

export class MsmContext {
  readonly gates: GatesOption | undefined;
  private readonly usePrepare: Prepare | undefined;
  private readonly handles = new WeakMap<readonly G1[], unknown>();
  private readonly uses = new WeakMap<readonly G1[], number>();

  constructor(gates: GatesOption | undefined) {
    this.gates = gates;
    const resolved = engine.resolveGates(gates);
    const prepare = (engine as unknown as Record<string, unknown>).prepare;
    this.usePrepare = typeof prepare === 'function' && resolved.fixedBase === true ? (prepare as Prepare) : undefined;
  }

  private opts() {
    return this.gates === undefined ? { curve: 'bls12-381-g1' as const } : { gates: this.gates, curve: 'bls12-381-g1' as const };
  }

  /** The prepared handle of a fixed base array (built on first use, then cached per array). */
  private handle(bases: readonly G1[]): unknown {
    let h = this.handles.get(bases);
    if (h === undefined) {
      h = this.usePrepare!(bases, { curve: 'bls12-381-g1' });
      this.handles.set(bases, h);
    }
    return h;
  }

  /**
   * Builds now the handles `fixed` would build on first use for these base arrays (nothing when
   * the fixedBase gate is off). Returns how many handles were built by this call.
   */
  prepareFixed(baseArrays: readonly (readonly G1[])[]): number {
    if (!this.usePrepare) return 0;
    let built = 0;
    for (const b of baseArrays)
      if (!this.handles.has(b)) {
        this.handle(b);
        built++;
      }
    return built;
  }

  /** Σ scalars[i]·bases[i] for a fixed base array of the setup (its table from its PREPARE_ON_USE-th use). */
  fixed(bases: readonly G1[], scalars: readonly bigint[]): G1 {
    if (bases.length !== scalars.length) throw new Error(`internal: ${bases.length} bases, ${scalars.length} scalars`);
    return engine.msm(this.basesOf(bases) as G1[], scalars, this.opts());
  }

  /** What a call on a fixed base array passes the engine: its handle from the PREPARE_ON_USE-th use on, else the bases. */
  private basesOf(bases: readonly G1[]): unknown {
    if (!this.usePrepare) return bases;
    const used = (this.uses.get(bases) ?? 0) + 1;
    this.uses.set(bases, used);
    return used >= PREPARE_ON_USE || this.handles.has(bases) ? this.handle(bases) : bases;
  }

  /** Whether the table of this base array is built (for properties and benches). */
  isPrepared(bases: readonly G1[]): boolean {
    return this.handles.has(bases);
  }

  /**
   * `fixed` with the MSM split over the engine's worker pool (`msmAsync`, the workers gate on,
   * `threads` or the platform's default), the same table policy (the bases' prepared handle from
   * their PREPARE_ON_USE-th use, its table shared once with every worker). The same point as `fixed`.
   */
  fixedAsync(bases: readonly G1[], scalars: readonly bigint[], threads: number | undefined): Promise<G1> {
    if (bases.length !== scalars.length) throw new Error(`internal: ${bases.length} bases, ${scalars.length} scalars`);
    const gates = { ...engine.resolveGates(this.gates), workers: true };
    const opts = { gates, curve: 'bls12-381-g1' as const, ...(threads === undefined ? {} : { threads }) };
    return engine.msmAsync(this.basesOf(bases) as G1[], scalars, opts);
  }

  /** Σ scalars[i]·points[i] for per-call points. */
  any(points: readonly G1[], scalars: readonly bigint[]): G1 {
    if (points.length === 0) return G1P.ZERO;
    return engine.msm(points, scalars, this.opts());
  }
}
