/**
 * The contract every MSM under test must pass (the analogue of fast-check's shared arbitrary
 * contract), written once for the vitest properties and the CLI (gate, fuzz, replay): for a case
 * (arbitraries/msm-case.ts), the implementation returns a point of the curve that equals the
 * reference MSM (`differential`), the discrete-log oracle (`oracle`), or both.
 *
 * The implementation is a parameter: the engine (`engine`), a deliberately broken MSM (the CLI
 * tests' fixtures) or any other `msm(points, scalars)` — it receives the case's gates, window and
 * curve as a third argument, which it may ignore.
 */
import { msm, referenceMsm, type AnyCurve } from '../src/index.js';
import { describeCase, type MsmCase } from './arbitraries/msm-case.js';
import type { GateRecord } from './arbitraries/gates.js';
import { oracle } from './oracle.js';
import { showPoint } from './show.js';

/** What an implementation under test is called with besides points and scalars. */
export interface MsmCall {
  gates: GateRecord;
  window: number | undefined;
  curve: AnyCurve;
}

/** An MSM under test: Σ scalars[i]·points[i] (the case's options as an optional third argument). */
export type MsmImpl = (points: readonly any[], scalars: readonly bigint[], call: MsmCall) => unknown;

/** The engine of this package (src/optimized) as an MsmImpl. */
export const engine: MsmImpl = (points, scalars, call) => msm(points, scalars, call);

export type CheckKind = 'differential' | 'oracle' | 'both';
export const CHECK_KINDS: readonly CheckKind[] = ['differential', 'oracle', 'both'];

/**
 * Runs `impl` on the case and checks it: undefined when it passes, else what went wrong (the
 * error it threw, a non-point result, or the two points that differ).
 */
export function checkMsmCase(impl: MsmImpl, c: MsmCase, check: CheckKind = 'both'): string | undefined {
  if (!CHECK_KINDS.includes(check)) throw new RangeError(`checkMsmCase: check must be one of ${CHECK_KINDS.join(', ')}, got ${String(check)}`);
  const pts = c.points.map((p) => p.P);
  let got: unknown;
  try {
    got = impl(pts, c.scalars, { gates: c.gates, window: c.window, curve: c.curve });
  } catch (e) {
    return `engine threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
  }
  if (!c.curve.isPoint(got)) return 'engine returned something that is not a point of the curve';
  if (check !== 'oracle') {
    const want = referenceMsm(pts, c.scalars, c.curve);
    if (!c.curve.equals(got, want)) return `engine ${showPoint(c.curve, got)} ≠ reference ${showPoint(c.curve, want)}`;
  }
  if (check !== 'differential') {
    const want = oracle(
      c.curve,
      c.points.map((p) => p.k),
      c.scalars
    );
    if (!c.curve.equals(got, want)) return `engine ${showPoint(c.curve, got)} ≠ oracle ${showPoint(c.curve, want)}`;
  }
  return undefined;
}

/** checkMsmCase as an assertion (for fc.property / vitest): throws naming the case on failure. */
export function assertMsmCase(impl: MsmImpl, c: MsmCase, check: CheckKind = 'both'): void {
  const failure = checkMsmCase(impl, c, check);
  if (failure !== undefined) throw new Error(`${describeCase(c)}: ${failure}`);
}

/** The engine equals the reference MSM on the case. */
export const checkDifferential = (c: MsmCase): void => assertMsmCase(engine, c, 'differential');

/** The engine equals the discrete-log oracle on the case. */
export const checkOracle = (c: MsmCase): void => assertMsmCase(engine, c, 'oracle');
