/**
 * Times the working tree's engine ("head") against a reference revision's engine, both loaded in
 * this process (the reference by dynamic import of its worktree's src/index.ts), on the same
 * inputs: per round, every set is timed on both sides back to back, the side that goes first
 * alternating from set to set and round to round, and the set order reversed every other
 * round; a side's time in a round is the median of its calls within the round's budget. The
 * per-round ratios head ÷ reference then go to decide.ts.
 *
 * Each side's gate record comes from its own registry through the one catalogue
 * (harness/gate-sets.ts): `all −glv` on the reference means every gate *it* registers but
 * glv. A key the reference does not have (e.g. `only <new step>`) is reported `new`, not judged.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as headApi from '../../src/index.js';
import type { GateInfo } from '../../src/index.js';
import { benchInputs, DEFAULT_SEED } from '../bench/inputs.js';
import { findSet, gateSetsOf, type Family, type GateSetSpec } from '../gate-sets.js';
import { decide, type Decision } from './decide.js';

/** What the harness needs of an engine tree's public API (old and new trees alike). */
export interface EngineApi {
  msm: (points: any, scalars: readonly bigint[], options: Record<string, unknown>) => unknown;
  GATES: readonly GateInfo[];
  G1: any;
  TOY: any;
  closeWorkerPool?: () => Promise<void>;
}

export const HEAD_ENGINE: EngineApi = headApi as unknown as EngineApi;

/** Loads a tree's engine (its src/index.ts) into this process; registers tsx first if needed. */
export async function loadEngine(dir: string): Promise<EngineApi> {
  const url = pathToFileURL(path.join(dir, 'src', 'index.ts')).href;
  try {
    return (await import(url)) as EngineApi;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { register } = await import('tsx/esm/api');
    register();
    return (await import(url)) as EngineApi;
  }
}

export type TimingCurve = 'g1' | 'toy';

export interface TimingOptions {
  head: EngineApi;
  /** null: time head only (reported, not judged). */
  ref: EngineApi | null;
  families: readonly Family[];
  /** Keys (family names) to time; default every set of `families`. */
  only?: readonly string[];
  curve: TimingCurve;
  n: number;
  rounds: number;
  /** Time budget per side, set and round, ms (at least `minCalls` calls). */
  budgetMs: number;
  minCalls: number;
  /** Input seed. */
  seed?: number;
  /** Bootstrap seed and tolerance for the decision. */
  bootSeed: number;
  tolerance: number;
  log?: (line: string) => void;
}

export interface SetTiming {
  label: string;
  status: 'timed' | 'new' | 'failed';
  note: string | null;
  /** Per-round medians, ms. */
  headMs: number[];
  refMs: number[];
  /** Per-round head ÷ reference. */
  ratios: number[];
  decision: Decision | null;
}

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Calls `fn` until `budgetMs` have passed and at least `minCalls` calls were made; median ms per call. */
function sample(fn: () => unknown, budgetMs: number, minCalls: number): number {
  const xs: number[] = [];
  const start = performance.now();
  while (xs.length < minCalls || performance.now() - start < budgetMs) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return medianOf(xs);
}

function curveOf(api: EngineApi, c: TimingCurve): any {
  return c === 'g1' ? api.G1 : api.TOY;
}

export async function timeAgainst(o: TimingOptions): Promise<SetTiming[]> {
  const log = o.log ?? (() => {});
  const headCurve = curveOf(o.head, o.curve);
  const inp = benchInputs<any>(headCurve, o.n, o.seed ?? DEFAULT_SEED);
  const headSets = gateSetsOf(o.families, { gates: o.head.GATES }).filter((s) => !o.only || o.only.some((k) => k === s.label || s.aliases.includes(k)));
  const refSets = o.ref ? gateSetsOf(o.families, { gates: o.ref.GATES }) : [];
  const refCurve = o.ref ? curveOf(o.ref, o.curve) : null;
  const refPoints = o.ref ? (inp.points as any[]).map((p) => refCurve.Point.fromAffine(p.toAffine())) : null;
  const same = (r: unknown, viaRef: boolean): boolean => {
    try {
      const p = viaRef ? headCurve.Point.fromAffine((r as any).toAffine()) : r;
      return headCurve.isPoint(p) && headCurve.equals(p, inp.expected);
    } catch {
      return false;
    }
  };

  type Task = { out: SetTiming; head: () => unknown; ref: (() => unknown) | null };
  const tasks: Task[] = [];
  for (const s of headSets) {
    const out: SetTiming = { label: s.label, status: 'timed', note: null, headMs: [], refMs: [], ratios: [], decision: null };
    const headFn = () => o.head.msm(inp.points, inp.scalars, { curve: headCurve, gates: s.gates });
    if (!same(headFn(), false)) {
      Object.assign(out, { status: 'failed', note: 'head gave a wrong result: not timed' });
      tasks.push({ out, head: headFn, ref: null });
      continue;
    }
    let refFn: (() => unknown) | null = null;
    if (o.ref) {
      const rs: GateSetSpec | undefined = findSet(refSets, s.label) ?? s.aliases.map((a) => findSet(refSets, a)).find(Boolean);
      if (!rs) Object.assign(out, { status: 'new', note: 'not in the reference (new family member): head timed only' });
      else {
        const ref = o.ref;
        refFn = () => ref.msm(refPoints, inp.scalars, { curve: refCurve, gates: rs.gates });
        let ok = false;
        try {
          ok = same(refFn(), true);
        } catch (e) {
          Object.assign(out, { status: 'failed', note: `reference threw: ${(e as Error).message}` });
        }
        if (!ok && out.status !== 'failed') Object.assign(out, { status: 'failed', note: 'reference gave a wrong result: not judged' });
        if (!ok) refFn = null;
      }
    }
    tasks.push({ out, head: headFn, ref: refFn });
  }

  for (let round = 0; round < o.rounds; round++) {
    const order = round % 2 ? [...tasks].reverse() : tasks;
    order.forEach((t, i) => {
      if (t.out.status === 'failed') return;
      const refFirst = t.ref !== null && (round + i) % 2 === 0;
      let h = 0;
      let r = 0;
      if (refFirst) r = sample(t.ref!, o.budgetMs, o.minCalls);
      h = sample(t.head, o.budgetMs, o.minCalls);
      if (t.ref && !refFirst) r = sample(t.ref, o.budgetMs, o.minCalls);
      t.out.headMs.push(h);
      if (t.ref) {
        t.out.refMs.push(r);
        t.out.ratios.push(h / r);
      }
    });
    log(`round ${round + 1}/${o.rounds}: ${tasks.filter((t) => t.ref).map((t) => `${t.out.label} ${(t.out.ratios.at(-1) ?? NaN).toFixed(3)}`).join(', ') || tasks.map((t) => `${t.out.label} ${(t.out.headMs.at(-1) ?? NaN).toFixed(1)} ms`).join(', ')}`);
  }
  for (const t of tasks) if (t.ref && t.out.ratios.length) t.out.decision = decide(t.out.ratios, { tolerance: o.tolerance, seed: o.bootSeed });
  return tasks.map((t) => t.out);
}

export function medianMs(xs: readonly number[]): number | null {
  return xs.length ? medianOf(xs) : null;
}
