/**
 * Times the working tree's engine ("head") against a reference revision's engine, both loaded in
 * this process and the same way (the reference by dynamic import of its worktree's
 * dist/src/index.js when this harness runs built, of its src/index.ts when it runs from the
 * TypeScript sources), on the same
 * inputs: per round, every set is timed with the two sides' calls interleaved one by one
 * (ref, head, head, ref, ref, head, …: the side that goes first alternates from pair to pair,
 * set to set and round to round), so a burst of load on the shared machine hits both sides
 * alike; the set order is reversed every other round. A side's time in a round is its fastest
 * call there (on a shared machine a call can only be slowed down by other jobs, so the
 * minimum is the steadiest estimate of its own cost); the per-round ratios head ÷ reference
 * then go to decide.ts.
 *
 * Each side's gate record comes from its own registry through the one catalogue
 * (harness/gate-sets.ts): `all −glv` on the reference means every gate *it* registers but
 * glv. A key the reference does not have (e.g. `only <new step>`) is reported `new`, not judged.
 */
import { existsSync } from 'node:fs';
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

/** How this harness (and so the head engine) is loaded: built (dist/, the command users run) or from the TypeScript sources (tsx). */
export const HEAD_LOAD: 'built' | 'sources' = import.meta.url.endsWith('.ts') ? 'sources' : 'built';

/**
 * Loads a tree's engine into this process: its dist/src/index.js ('built'), or its src/index.ts
 * ('sources'; registers tsx first if needed).
 */
export async function loadEngine(dir: string, how: 'built' | 'sources' = 'sources'): Promise<EngineApi> {
  if (how === 'built') {
    const file = path.join(dir, 'dist', 'src', 'index.js');
    if (!existsSync(file)) throw new Error(`the reference tree at ${dir} is not built: ${file} is missing`);
    return (await import(pathToFileURL(file).href)) as EngineApi;
  }
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
  /** Time budget per set and round, both sides' calls interleaved, ms (at least `minCalls` calls each). */
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
  /** With status 'failed': which side gave a wrong result or threw (a head failure is a correctness failure). */
  failedSide?: 'head' | 'reference';
  note: string | null;
  /** Per-round medians, ms. */
  headMs: number[];
  refMs: number[];
  /** Per-round head ÷ reference. */
  ratios: number[];
  decision: Decision | null;
  /** Wall time spent on this set (the checks of both sides and every round's calls), ms. */
  ms: number;
}

function timeCall(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * Calls `fn` until `budgetMs` have passed and at least `minCalls` calls were made; its fastest
 * call, ms. With `other`, the calls of the two alternate (pairs, first side swapped every pair,
 * starting with `other` when `otherFirst`) and the budget covers both: [min fn, min other].
 */
function sample(fn: () => unknown, budgetMs: number, minCalls: number, other?: () => unknown, otherFirst = false): [number, number] {
  const xs: number[] = [];
  const ys: number[] = [];
  const start = performance.now();
  let flip = otherFirst;
  while (xs.length < minCalls || performance.now() - start < budgetMs) {
    if (other && flip) ys.push(timeCall(other));
    xs.push(timeCall(fn));
    if (other && !flip) ys.push(timeCall(other));
    flip = !flip;
  }
  return [Math.min(...xs), ys.length ? Math.min(...ys) : NaN];
}

const curveOf = (api: EngineApi, c: TimingCurve): any => (c === 'g1' ? api.G1 : api.TOY);

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
    const t0 = performance.now();
    const out: SetTiming = { label: s.label, status: 'timed', note: null, headMs: [], refMs: [], ratios: [], decision: null, ms: 0 };
    const headFn = () => o.head.msm(inp.points, inp.scalars, { curve: headCurve, gates: s.gates });
    if (!same(headFn(), false)) {
      Object.assign(out, { status: 'failed', failedSide: 'head', note: 'head gave a wrong result: not timed', ms: performance.now() - t0 });
      tasks.push({ out, head: headFn, ref: null });
      continue;
    }
    let refFn: (() => unknown) | null = null;
    if (o.ref) {
      const rs: GateSetSpec | undefined = findSet(refSets, s.label) ?? s.aliases.map((a) => findSet(refSets, a)).find(Boolean);
      if (!rs) Object.assign(out, { status: 'new', note: 'not in the reference (new family member): head timed only' });
      else {
        const ref = o.ref;
        const fn = () => ref.msm(refPoints, inp.scalars, { curve: refCurve, gates: rs.gates });
        let why: string | null;
        try {
          why = same(fn(), true) ? null : 'reference gave a wrong result: not judged';
        } catch (e) {
          why = `reference threw: ${(e as Error).message}`;
        }
        if (why === null) refFn = fn;
        else Object.assign(out, { status: 'failed', failedSide: 'reference', note: why });
      }
    }
    out.ms = performance.now() - t0;
    tasks.push({ out, head: headFn, ref: refFn });
  }

  for (let round = 0; round < o.rounds; round++) {
    const order = round % 2 ? [...tasks].reverse() : tasks;
    order.forEach((t, i) => {
      if (t.out.status === 'failed') return;
      const refFirst = (round + i) % 2 === 0;
      const t0 = performance.now();
      const [h, r] = sample(t.head, o.budgetMs, o.minCalls, t.ref ?? undefined, refFirst);
      t.out.ms += performance.now() - t0;
      t.out.headMs.push(h);
      if (t.ref) {
        t.out.refMs.push(r);
        t.out.ratios.push(h / r);
      }
    });
    log(
      `round ${round + 1}/${o.rounds}: ${
        tasks
          .filter((t) => t.ref)
          .map((t) => `${t.out.label} ${(t.out.ratios.at(-1) ?? NaN).toFixed(3)}`)
          .join(', ') || tasks.map((t) => `${t.out.label} ${(t.out.headMs.at(-1) ?? NaN).toFixed(1)} ms`).join(', ')
      }`
    );
  }
  for (const t of tasks) if (t.ref && t.out.ratios.length) t.out.decision = decide(t.out.ratios, { tolerance: o.tolerance, seed: o.bootSeed });
  return tasks.map((t) => t.out);
}
