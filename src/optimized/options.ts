/**
 * Validation of `msm` options. Errors name the option and give the allowed range or names.
 */
import { curveOption, type AnyCurve, type CurveId } from '../curve/index.js';
import { resolveGates, type GatesOption } from './gates.js';
import { resolveTestHooks, TEST_HOOKS, type TestHooks } from './hooks.js';
import { MAX_WINDOW, MIN_WINDOW, type CallOptions, type GateSet, type Tuning } from './step.js';
import { simdSupported } from './wasm/builds.js';

export { MAX_WINDOW, MIN_WINDOW };
export type { Tuning };

export interface MsmOptions {
  /** Gate selection; see gates.ts. Default: every gate at its registered default. */
  gates?: GatesOption;
  /** Explicit window size in [1, 16]; always honoured when given, whatever the gates and n. */
  window?: number;
  /** The curve, by binding or id. Needed only to say which identity an empty call returns. */
  curve?: AnyCurve | CurveId;
  /** Worker threads for the workers gate (step 11); ignored when that gate is off. */
  threads?: number;
  /**
   * Test and bench knobs (see `Tuning` in step.ts): e.g. `{ maxBatch: 3 }` caps step 07's
   * batches, `{ minPoints: 2 }` lets step 11 split tiny inputs. They never change the sum.
   */
  tuning?: Tuning;
}

export interface ResolvedOptions {
  gates: GateSet;
  window: number | undefined;
  curve: AnyCurve | undefined;
  /** The per-call fields the steps read (job.call); the engine adds `prepared` for a handle. */
  call: CallOptions;
}

const KNOWN = ['gates', 'window', 'curve', 'threads', 'count', 'tuning'];

const TUNING_KEYS = ['maxBatch', 'segments', 'alwaysBatchAffine', 'maxKeptBytes', 'minPoints', 'wasmBuild'];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const shown = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v);

/** Validates options.tuning; errors name the key and its allowed range. */
export function resolveTuning(t: unknown): Tuning {
  if (t === null || typeof t !== 'object' || Array.isArray(t))
    throw new TypeError(`options.tuning must be an object, got ${t === null ? 'null' : Array.isArray(t) ? 'an array' : typeof t}`);
  const o = t as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!TUNING_KEYS.includes(k)) throw new RangeError(`options.tuning: unknown key "${k}": allowed keys are ${TUNING_KEYS.join(', ')}`);
  const out: { -readonly [K in keyof Tuning]: Tuning[K] } = {};
  const { maxBatch, segments, alwaysBatchAffine, maxKeptBytes, minPoints, wasmBuild } = o;
  if (maxBatch !== undefined) {
    if (maxBatch !== Infinity && !(isInt(maxBatch) && maxBatch >= 1))
      throw new RangeError(`options.tuning.maxBatch must be an integer ≥ 1 or Infinity, got ${shown(maxBatch)}`);
    out.maxBatch = maxBatch as number;
  }
  if (segments !== undefined) {
    if (!isInt(segments) || segments < 0) throw new RangeError(`options.tuning.segments must be an integer ≥ 0 (0: the default rule), got ${shown(segments)}`);
    out.segments = segments;
  }
  if (alwaysBatchAffine !== undefined) {
    if (typeof alwaysBatchAffine !== 'boolean') throw new TypeError(`options.tuning.alwaysBatchAffine must be a boolean, got ${typeof alwaysBatchAffine}`);
    out.alwaysBatchAffine = alwaysBatchAffine;
  }
  if (maxKeptBytes !== undefined) {
    if (maxKeptBytes !== Infinity && !(isInt(maxKeptBytes) && maxKeptBytes >= 0))
      throw new RangeError(`options.tuning.maxKeptBytes must be an integer ≥ 0 or Infinity, got ${shown(maxKeptBytes)}`);
    out.maxKeptBytes = maxKeptBytes as number;
  }
  if (minPoints !== undefined) {
    if (!isInt(minPoints) || minPoints < 1) throw new RangeError(`options.tuning.minPoints must be an integer ≥ 1, got ${shown(minPoints)}`);
    out.minPoints = minPoints;
  }
  if (wasmBuild !== undefined) {
    if (wasmBuild !== 'simd' && wasmBuild !== 'scalar')
      throw new RangeError(`options.tuning.wasmBuild must be 'simd' or 'scalar', got ${typeof wasmBuild === 'string' ? `"${wasmBuild}"` : typeof wasmBuild}`);
    if (wasmBuild === 'simd' && !simdSupported()) throw new RangeError("options.tuning.wasmBuild 'simd': this runtime has no WebAssembly SIMD (use 'scalar')");
    out.wasmBuild = wasmBuild;
  }
  return Object.freeze(out);
}

/** `options` as a record, or the TypeError naming it (`name`) and what it got. */
export function optionsObject(options: unknown, name: string): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(`${name} must be an object or undefined, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  return options as Record<string, unknown>;
}

/** An explicit window size, or the RangeError naming the option (`name`), the range and what it got. */
export function windowOption(w: unknown, name: string): number {
  if (typeof w !== 'number' || !Number.isInteger(w) || w < MIN_WINDOW || w > MAX_WINDOW)
    throw new RangeError(`${name} must be an integer in [${MIN_WINDOW}, ${MAX_WINDOW}], got ${typeof w === 'number' ? w : typeof w}`);
  return w;
}

export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) return { gates: resolveGates(undefined), window: undefined, curve: undefined, call: {} };
  const o = optionsObject(options, 'options');
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new RangeError(`unknown option "${k}": allowed options are ${KNOWN.join(', ')}`);
  const gates = resolveGates(o.gates);
  let window: number | undefined;
  if (o.window !== undefined) window = windowOption(o.window, 'options.window');
  const curve = curveOption(o.curve, 'options.curve');
  if (o.threads !== undefined) {
    const t = o.threads;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 64)
      throw new RangeError(`options.threads must be an integer in [1, 64], got ${typeof t === 'number' ? t : typeof t}`);
  }
  if (o.count !== undefined && typeof o.count !== 'boolean') throw new TypeError(`options.count must be a boolean, got ${typeof o.count}`);
  const call: { threads?: number; tuning?: Tuning; hooks?: TestHooks } = {};
  if (o.threads !== undefined) call.threads = o.threads as number;
  if (o.tuning !== undefined) call.tuning = resolveTuning(o.tuning);
  const hooks = (o as { [TEST_HOOKS]?: unknown })[TEST_HOOKS];
  if (hooks !== undefined) call.hooks = resolveTestHooks(hooks);
  return { gates, window, curve, call };
}
