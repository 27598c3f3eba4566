/**
 * What runs inside the browser page (bundled by harness/browser/bundle.ts with the library the
 * page is testing): the checks of the harness, the same code as in Node, exposed on
 * `globalThis.__stepwise` for the Node side (harness/browser/session.ts) to call one by one.
 *
 *  - env: the runtime as the library sees it (WebAssembly SIMD, the build it picked, cross-origin
 *    isolation, threads), and whether the bare `stepwise-msm` entries the page was given are the
 *    very modules the harness imports (one copy of the library in the bundle);
 *  - conformance: rows of the conformance matrix (harness/cli/conformance-row.ts) for engine
 *    targets with the given gates and for noble, every input class, fast-check in the page;
 *  - checks: engine checks of the catalogue (e.g. the differential checks) at the quick level;
 *  - vectors: official KZG cases (parsed by the Node side) through kzg-cases.ts's loaders;
 *  - workers: msmAsync with step 11 on (Web Workers) against the discrete-log oracle, twice on the
 *    same pool (the second call with the default thread count, navigator.hardwareConcurrency);
 *  - scalarBuild: an MSM on the forced non-SIMD build (options.tuning.wasmBuild) against the oracle,
 *    and the SHA-256 of each build's module as the page's library decodes it.
 * Every function returns plain data (structured-clone safe); bigints travel as strings.
 */
import fc from 'fast-check';
import { G1, G2, TOY, closeWorkerPool, msm, msmAsync, msmInspect, workerPoolStats, type AnyCurve } from '../../src/index.js';
import { createKzg } from '../../src/kzg/index.js';
import { defaultBuild, simdSupported, WASM_BUILDS } from '../../src/optimized/wasm/builds.js';
import { wasmBytes } from '../../src/optimized/wasm/load.js';
import { checkContext, type CheckOutcome, type EngineCheck } from '../checks/check.js';
import { DIFFERENTIAL_CHECKS, ORACLE_CHECKS } from '../checks/core.js';
import { classInfo, runRow, type RowOptions } from '../cli/conformance-row.js';
import type { MatrixRow } from '../cli/conformance-matrix.js';
import { oracle } from '../oracle.js';
import { engineTarget, nobleTarget } from '../targets/in-process.js';
import type { Group } from '../targets/target.js';
import { checkCase, LOADERS, type CaseData } from '../vectors/kzg-cases.js';
import type { FunctionResult } from '../vectors/kzg-runner.js';

export interface PageEnv {
  userAgent: string;
  simd: boolean;
  defaultBuild: string;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  hardwareConcurrency: number;
  /** The entries handed to installPage are the modules the harness imports (one library copy). */
  sameLibrary: boolean;
}

export interface ConformanceRequest extends RowOptions {
  /** Engine targets (spec and gate record) and, with gates null, noble. */
  targets: { spec: string; gates: Record<string, boolean> | null }[];
  groups: Group[];
}

export interface VectorCase extends CaseData {
  fn: string;
  name: string;
}

export interface VectorsRequest {
  cases: VectorCase[];
  gateSets: { label: string; gates: Record<string, boolean> | string | undefined }[];
  /**
   * A new createKzg() per function (default: one per gate set). An instance builds a fixed-base
   * or FK20 table on the second call that needs it: with one instance per function, each call is
   * a first call (no table is built), as in a page that calls each function once.
   */
  instancePerFunction?: boolean;
}

export interface MsmCheck {
  equal: boolean;
  n: number;
  ms: number;
  detail: Record<string, unknown>;
}

const CURVES: Record<string, AnyCurve> = { g1: G1, g2: G2, toy: TOY };

/** The catalogue's check groups the page runs (harness/checks/core.ts). */
export const CHECK_GROUPS = { differential: DIFFERENTIAL_CHECKS, oracle: ORACLE_CHECKS } satisfies Record<string, EngineCheck[]>;
export type CheckGroup = keyof typeof CHECK_GROUPS;

/** n points with known logs and n scalars, from a seed (fast-check's generators, in the page). */
function sample(curve: AnyCurve, n: number, seed: number): { points: unknown[]; logs: bigint[]; scalars: bigint[] } {
  const r = curve.order;
  const logs = fc.sample(fc.bigInt({ min: 1n, max: r - 1n }), { seed, numRuns: n });
  const scalars = fc.sample(fc.bigInt({ min: 0n, max: r - 1n }), { seed: seed + 1, numRuns: n });
  return { points: logs.map((k) => curve.BASE.multiply(k)), logs, scalars };
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** SHA-256 (hex) of each build's module as the library decodes it in this page (its embedded base64, load.browser.ts). */
async function moduleDigests(): Promise<Record<string, string>> {
  const subtle = (globalThis as unknown as { crypto: { subtle: { digest(a: string, b: Uint8Array): Promise<ArrayBuffer> } } }).crypto.subtle;
  const out: Record<string, string> = {};
  for (const b of WASM_BUILDS) {
    const d = new Uint8Array(await subtle.digest('SHA-256', wasmBytes(b)));
    out[b] = Array.from(d, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  return out;
}

/** Official KZG cases through a createKzg() per gate set (or per function): a result per function and gate set. */
function runVectors(o: VectorsRequest): FunctionResult[] {
  const rows: FunctionResult[] = [];
  for (const set of o.gateSets) {
    let kzg = createKzg({ gates: set.gates as never });
    for (const fn of [...new Set(o.cases.map((c) => c.fn))]) {
      if (o.instancePerFunction) kzg = createKzg({ gates: set.gates as never, setup: kzg.setup });
      const t0 = performance.now();
      const r: FunctionResult = { fn, gates: set.label, total: 0, passed: 0, failures: [], ms: 0 };
      for (const c of o.cases.filter((x) => x.fn === fn)) {
        r.total++;
        let why: string | undefined;
        try {
          const load = LOADERS[c.fn];
          why = load === undefined ? `no loader for ${c.fn}` : checkCase(kzg, load(c.input, c.output));
        } catch (e) {
          why = `cannot load: ${errorText(e)}`;
        }
        if (why === undefined) r.passed++;
        else r.failures.push({ name: c.name, reason: why });
      }
      r.ms = performance.now() - t0;
      rows.push(r);
    }
  }
  return rows;
}

/** msmAsync with the workers gate on, twice on one pool (the second call with the default thread count), against the oracle. */
async function workersCheck(o: { n: number; threads: number; seed: number; curve?: string }): Promise<MsmCheck> {
  const curve = CURVES[o.curve ?? 'g1'] as AnyCurve;
  const { points, logs, scalars } = sample(curve, o.n, o.seed);
  const before = workerPoolStats();
  const t0 = performance.now();
  const got = (await msmAsync(points as never[], scalars, { gates: { workers: true }, threads: o.threads, curve })) as { equals(q: unknown): boolean };
  const ms = performance.now() - t0;
  const after = workerPoolStats();
  // a second call on the same pool (each worker's second task), with the default thread count: min(navigator.hardwareConcurrency, 8) chunks
  const again = (await msmAsync(points as never[], scalars, { gates: { workers: true }, curve })) as { equals(q: unknown): boolean };
  const last = workerPoolStats();
  await closeWorkerPool();
  const want = oracle(curve, logs, scalars);
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return {
    equal: got.equals(want) && again.equals(want),
    n: o.n,
    ms,
    detail: {
      workers: after.workers,
      tasksRun: after.tasksRun - before.tasksRun,
      stats: after,
      defaultChunks: last.tasksRun - after.tasksRun,
      wantDefaultChunks: Math.min(Math.max(1, hc), 8, o.n),
    },
  };
}

/** An MSM on the forced non-SIMD build against the oracle and the default build, with each build's module digest. */
async function scalarBuildCheck(o: { n: number; seed: number }): Promise<MsmCheck> {
  const { points, logs, scalars } = sample(G1, o.n, o.seed);
  const t0 = performance.now();
  const r = msmInspect(points as never[], scalars, { gates: { wasmField: true }, tuning: { wasmBuild: 'scalar' } });
  const ms = performance.now() - t0;
  const simd = msmInspect(points as never[], scalars, { gates: { wasmField: true } });
  return {
    equal: (r.result as { equals(q: unknown): boolean }).equals(oracle(G1, logs, scalars)),
    n: o.n,
    ms,
    detail: {
      field: r.trace.field,
      wasmBuild: r.trace.wasmBuild,
      defaultWasmBuild: simd.trace.wasmBuild,
      sameAsDefault: (simd.result as { equals(q: unknown): boolean }).equals(r.result),
      modules: await moduleDigests(),
    },
  };
}

export function pageApi(given: { lib?: Record<string, unknown>; kzg?: Record<string, unknown> } = {}) {
  return {
    env(): PageEnv {
      const g = globalThis as unknown as { navigator?: { userAgent?: string; hardwareConcurrency?: number }; crossOriginIsolated?: boolean };
      return {
        userAgent: g.navigator?.userAgent ?? 'unknown',
        simd: simdSupported(),
        defaultBuild: defaultBuild(),
        crossOriginIsolated: g.crossOriginIsolated === true,
        sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
        hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 0,
        sameLibrary: given.lib === undefined || (given.lib.msm === msm && given.lib.msmAsync === msmAsync && given.kzg?.createKzg === createKzg),
      };
    },

    async conformance(o: ConformanceRequest): Promise<MatrixRow[]> {
      const { names, invalid } = await classInfo();
      const rows: MatrixRow[] = [];
      for (const t of o.targets) {
        const target = t.gates === null ? nobleTarget() : engineTarget(t.spec, t.gates);
        for (const g of o.groups) rows.push(await runRow(target, g, o, names, invalid, () => {}));
      }
      return rows;
    },

    async checks(o: { groups: CheckGroup[]; seed: number }): Promise<CheckOutcome[]> {
      const out: CheckOutcome[] = [];
      for (const group of o.groups)
        for (const [k, c] of CHECK_GROUPS[group].entries()) {
          const seed = (o.seed + k * 7919) >>> 0;
          const t = performance.now();
          try {
            await c.run(checkContext('quick', seed));
            out.push({ id: c.id, file: c.file, ok: true, ms: performance.now() - t, seed });
          } catch (e) {
            out.push({ id: c.id, file: c.file, ok: false, ms: performance.now() - t, seed, message: errorText(e).split('\n').slice(0, 6).join(' | ') });
          }
        }
      return out;
    },

    vectors: runVectors,
    workers: workersCheck,
    scalarBuild: scalarBuildCheck,
  };
}

export type PageApi = ReturnType<typeof pageApi>;

/** Installs the page API on globalThis.__stepwise (called by the page's entry, which passes the bare entries it imported). */
export function installPage(given: { lib?: Record<string, unknown>; kzg?: Record<string, unknown> } = {}): void {
  (globalThis as unknown as { __stepwise: PageApi }).__stepwise = pageApi(given);
}
