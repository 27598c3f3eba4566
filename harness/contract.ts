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
import { oracleOf } from './oracle.js';
import { showPoint } from './show.js';
import { thrownText } from './format.js';

/** What an implementation under test is called with besides points and scalars. */
export interface MsmCall {
  gates: GateRecord;
  window: number | undefined;
  curve: AnyCurve;
  /** options.threads, when the case sets it (the workers gate's split). */
  threads?: number;
}

/** An MSM under test: Σ scalars[i]·points[i] (the case's options as an optional third argument). */
export type MsmImpl = (points: readonly any[], scalars: readonly bigint[], call: MsmCall) => unknown;

/** The engine of this package (src/optimized) as an MsmImpl. */
export const engine: MsmImpl = (points, scalars, call) => msm(points, scalars, call);

/** What an implementation is called in failure text, and the `--impl` value that loads it again (null: given in process). */
export interface ImplIdentity {
  name: string;
  implFlag: string | null;
}

const identities = new WeakMap<MsmImpl, ImplIdentity>();

/** Names an implementation (e.g. the --impl module "my.mjs"), so failures and replay commands say which MSM failed; returns it. */
export function nameImpl(impl: MsmImpl, name: string, implFlag: string | null = null): MsmImpl {
  identities.set(impl, { name, implFlag });
  return impl;
}

/** The identity of an implementation: as named by nameImpl, else "engine" (the engine and unnamed in-process functions). */
export function implIdentity(impl: MsmImpl): ImplIdentity {
  return identities.get(impl) ?? { name: 'engine', implFlag: null };
}

export type CheckKind = 'differential' | 'oracle' | 'both';
export const CHECK_KINDS: readonly CheckKind[] = ['differential', 'oracle', 'both'];

/**
 * Runs `impl` on the case and checks it: undefined when it passes, else what went wrong (the
 * error it threw, a non-point result, or the two points that differ).
 */
export function msmCaseFailure(impl: MsmImpl, c: MsmCase, check: CheckKind = 'both'): string | undefined {
  if (!CHECK_KINDS.includes(check)) throw new RangeError(`msmCaseFailure: check must be one of ${CHECK_KINDS.join(', ')}, got ${String(check)}`);
  const pts = c.points.map((p) => p.P);
  const name = implIdentity(impl).name;
  let got: unknown;
  try {
    // copies: an implementation that changes its arguments must not change what it is judged on
    got = impl(pts.slice(), c.scalars.slice(), {
      gates: { ...c.gates },
      window: c.window,
      curve: c.curve,
      ...(c.threads !== undefined ? { threads: c.threads } : {}),
    });
  } catch (e) {
    return `${name} threw ${thrownText(e)}`;
  }
  if (!c.curve.isPoint(got)) return `${name} returned ${notAPoint(got)}`;
  if (check !== 'oracle') {
    const want = referenceMsm(pts, c.scalars, c.curve);
    if (!c.curve.equals(got, want)) return `${name} ${showPoint(c.curve, got)} ≠ reference ${showPoint(c.curve, want)}`;
  }
  if (check !== 'differential') {
    const want = oracleOf(c.curve, c.points, c.scalars);
    if (!c.curve.equals(got, want)) return `${name} ${showPoint(c.curve, got)} ≠ oracle ${showPoint(c.curve, want)}`;
  }
  return undefined;
}

/** msmCaseFailure as an assertion (for fc.property / vitest): throws naming the case on failure. */
export function assertMsmCase(impl: MsmImpl, c: MsmCase, check: CheckKind = 'both'): void {
  const failure = msmCaseFailure(impl, c, check);
  if (failure !== undefined) throw new Error(`${describeCase(c)}: ${failure}`);
}

/** The engine equals the reference MSM on the case. */
export const checkDifferential = (c: MsmCase): void => assertMsmCase(engine, c, 'differential');

/** The engine equals the discrete-log oracle on the case. */
export const checkOracle = (c: MsmCase): void => assertMsmCase(engine, c, 'oracle');

// ---------------------------------------------------------------------------------------------
// Algebraic laws: checked on the implementation alone (no reference, no oracle).

export type LawId = 'linearity' | 'permutation' | 'concatenation' | 'negation';
export const LAW_IDS: readonly LawId[] = ['linearity', 'permutation', 'concatenation', 'negation'];

/** Input of the laws (arbitraries/law-case.ts): points, two scalar vectors, a permutation and a split index. */
export interface LawCase {
  curve: AnyCurve;
  points: any[];
  a: bigint[];
  b: bigint[];
  /** A permutation of 0..n−1. */
  perm: number[];
  /** 0 ≤ split ≤ n. */
  split: number;
  gates: GateRecord;
  window: number | undefined;
}

/**
 * One law on the case: undefined when both sides are equal points, else what went wrong.
 *   linearity      msm(P, a + b) = msm(P, a) + msm(P, b)
 *   permutation    msm(π(P), π(a)) = msm(P, a)
 *   concatenation  msm(P, a) = msm(P[..split], a[..split]) + msm(P[split..], a[split..])
 *   negation       msm(P, r − a) = −msm(P, a) = msm(−P, a)
 */
export function lawFailure(impl: MsmImpl, law: LawId, c: LawCase): string | undefined {
  if (!LAW_IDS.includes(law)) throw new RangeError(`lawFailure: law must be one of ${LAW_IDS.join(', ')}, got ${String(law)}`);
  const { curve, points: P, a, b } = c;
  const r = curve.order;
  const call: MsmCall = { gates: c.gates, window: c.window, curve };
  const run = (pts: readonly any[], sc: readonly bigint[], what: string): any => {
    const got = impl(pts.slice(), sc.slice(), { ...call, gates: { ...call.gates } });
    if (!curve.isPoint(got)) throw new LawFailure(`${what} returned ${notAPoint(got)}`);
    return got;
  };
  const differ = (lhs: any, rhs: any, l: string, rr: string) =>
    curve.equals(lhs, rhs) ? undefined : `${law}: ${l} ${showPoint(curve, lhs)} ≠ ${rr} ${showPoint(curve, rhs)}`;
  try {
    switch (law) {
      // the calls in the order the laws are written (left side first): the first failing call is the one reported
      case 'linearity': {
        const ab = a.map((x, i) => (x + b[i]) % r);
        const sum = run(P, ab, 'msm(P, a + b)');
        return differ(sum, curve.add(run(P, a, 'msm(P, a)'), run(P, b, 'msm(P, b)')), 'msm(P, a + b)', 'msm(P, a) + msm(P, b)');
      }
      case 'permutation': {
        const [pP, pa] = [c.perm.map((i) => P[i]), c.perm.map((i) => a[i])];
        return differ(run(pP, pa, 'msm(π(P), π(a))'), run(P, a, 'msm(P, a)'), 'msm(π(P), π(a))', 'msm(P, a)');
      }
      case 'concatenation': {
        const whole = run(P, a, 'msm(P, a)');
        const halves = curve.add(run(P.slice(0, c.split), a.slice(0, c.split), 'msm(left)'), run(P.slice(c.split), a.slice(c.split), 'msm(right)'));
        return differ(whole, halves, 'msm(P, a)', 'msm(left) + msm(right)');
      }
      case 'negation': {
        const neg = curve.negate(run(P, a, 'msm(P, a)'));
        const ra = a.map((x) => (r - x) % r);
        const viaScalars = differ(run(P, ra, 'msm(P, r − a)'), neg, 'msm(P, r − a)', '−msm(P, a)');
        if (viaScalars !== undefined) return viaScalars;
        const nP = P.map((p) => curve.negate(p));
        return differ(run(nP, a, 'msm(−P, a)'), neg, 'msm(−P, a)', '−msm(P, a)');
      }
    }
  } catch (e) {
    if (e instanceof LawFailure) return `${law}: ${e.message}`;
    return `${law}: ${implIdentity(impl).name} threw ${thrownText(e)}`;
  }
}

class LawFailure extends Error {}

/** What a result that is not a point is: a Promise (the MSM under test must answer synchronously) or anything else. */
function notAPoint(got: unknown): string {
  const thenable = typeof (got as { then?: unknown } | null)?.then === 'function';
  if (thenable) Promise.resolve(got).catch(() => {}); // its rejection, if any, is not the harness's to report
  return thenable ? 'a Promise: the MSM under test must return the point itself (synchronously)' : 'something that is not a point of the curve';
}

/** lawFailure as an assertion: throws naming the law and the case on failure. */
export function assertLaw(impl: MsmImpl, law: LawId, c: LawCase): void {
  const failure = lawFailure(impl, law, c);
  if (failure !== undefined) throw new Error(`curve=${c.curve.id} n=${c.points.length} window=${c.window ?? 'auto'} split=${c.split}: ${failure}`);
}
