/**
 * Corpus files: counterexamples (and hand-picked hard cases) stored as JSON so that a bug found
 * once stays caught: the property suite replays every file in properties/corpus on every run,
 * and `stepwise-msm fuzz` writes new ones there.
 *
 * Format (version 1):
 * {
 *   "version": 1, "curve": "toy" | "bls12-381-g1" | "bls12-381-g2",
 *   "gates": { "<gateId>": boolean, ... } | "none" | "all" | "default",
 *   "window": number | null,
 *   "points": [ "identity" | { "x": hex | [hex, hex], "y": hex | [hex, hex] } ],
 *   "scalars": [ hex ],
 *   "logs"?: [ hex ]            (discrete logs kᵢ with Pᵢ = kᵢ·G, when known: enables the oracle)
 *   "seed"?: number, "path"?: string, "note"?: string,
 *   "threads"?: number          (options.threads of the call: the workers gate's split)
 *   "entry"?: "plain" | "prepared" | "async", "handleWindow"?: number | null, "tuning"?: { … }
 *                               (a reach case: msm, msm on a prepare() handle, msmAsync; the call is
 *                               made on a handle of that window iff handleWindow is present, null:
 *                               prepare chose; options.tuning)
 * }
 * Gate names unknown to the current registry are an error (a renamed gate must be migrated),
 * not silently dropped.
 */
import { curveById, type AnyCurve } from './curve/index.js';
import { ENTRY_POINTS, MAX_WINDOW, type EntryPoint, type Tuning } from './optimized/step.js';
import { resolveTuning } from './optimized/options.js';

export interface CorpusCase {
  version: 1;
  curve: string;
  gates: Record<string, boolean> | 'none' | 'all' | 'default';
  window: number | null;
  points: ('identity' | { x: string | [string, string]; y: string | [string, string] })[];
  scalars: string[];
  logs?: string[];
  seed?: number;
  path?: string;
  note?: string;
  threads?: number;
  entry?: EntryPoint;
  handleWindow?: number | null;
  tuning?: Tuning;
}

const hex = (v: bigint) => '0x' + v.toString(16);

function coordToJson(v: any): string | [string, string] {
  return typeof v === 'bigint' ? hex(v) : [hex(v.c0), hex(v.c1)];
}

function coordFromJson(curve: AnyCurve, v: unknown, where: string): any {
  if (typeof v === 'string') return BigInt(v);
  if (Array.isArray(v) && v.length === 2 && curve.id === 'bls12-381-g2') return { c0: BigInt(v[0]), c1: BigInt(v[1]) };
  throw new TypeError(`corpus: ${where} must be a hex string${curve.id === 'bls12-381-g2' ? ' pair' : ''}`);
}

export function encodeCase(
  curve: AnyCurve,
  points: readonly any[],
  scalars: readonly bigint[],
  gates: CorpusCase['gates'],
  window: number | undefined,
  extra: Partial<Pick<CorpusCase, 'logs' | 'seed' | 'path' | 'note' | 'threads' | 'entry' | 'handleWindow' | 'tuning'>> = {}
): CorpusCase {
  return {
    version: 1,
    curve: curve.id,
    gates,
    window: window ?? null,
    points: points.map((p) => {
      if (curve.isZero(p)) return 'identity';
      const { x, y } = p.toAffine();
      return { x: coordToJson(x), y: coordToJson(y) };
    }),
    scalars: scalars.map(hex),
    ...extra,
  };
}

export interface DecodedCase {
  curve: AnyCurve;
  points: any[];
  scalars: bigint[];
  logs?: bigint[];
  gates: CorpusCase['gates'];
  window: number | undefined;
  threads?: number;
  /** A reach case's entry point (undefined: plain msm), and whether the call is made on a prepare() handle of window prepareWindow. */
  entry?: EntryPoint;
  onHandle: boolean;
  prepareWindow: number | undefined;
  tuning?: Tuning;
}

/** A non-negative integer written as a string (hex 0x… or decimal: a JSON number loses digits past 2^53), below `bound` when given. */
function integerFromJson(v: unknown, what: string, bound?: bigint): bigint {
  let x: bigint;
  try {
    if (typeof v !== 'string') throw new TypeError();
    x = BigInt(v);
  } catch {
    throw new TypeError(`corpus: ${what} must be an integer written as a string (0x… or decimal), got ${JSON.stringify(v)}`);
  }
  if (x < 0n || (bound !== undefined && x >= bound))
    throw new RangeError(`corpus: ${what} must be in [0, ${bound === undefined ? '∞' : `0x${bound.toString(16)}`}), got ${v}`);
  return x;
}

export function decodeCase(json: unknown): DecodedCase {
  if (json === null || typeof json !== 'object') throw new TypeError('corpus: a case must be a JSON object');
  const c = json as CorpusCase;
  if (c.version !== 1) throw new RangeError(`corpus: unsupported version ${String(c.version)}: expected 1`);
  const curve = curveById(c.curve);
  if (!Array.isArray(c.points) || !Array.isArray(c.scalars)) throw new TypeError('corpus: points and scalars must be arrays');
  const points = c.points.map((p, i) => {
    if (p === 'identity') return curve.ZERO;
    const P = curve.Point.fromAffine({
      x: coordFromJson(curve, p.x, `points[${i}].x`),
      y: coordFromJson(curve, p.y, `points[${i}].y`),
    });
    // (0, 0) is on neither curve; noble would read it as the identity, which is written "identity"
    if (!curve.isOnCurve(P) || curve.equals(P, curve.ZERO)) throw new RangeError(`corpus: points[${i}] is not on ${curve.name}`);
    return P;
  });
  const scalars = c.scalars.map((s, i) => integerFromJson(s, `scalars[${i}]`, curve.order));
  if (scalars.length !== points.length) throw new RangeError(`corpus: ${points.length} points but ${scalars.length} scalars`);
  const logs = c.logs?.map((s, i) => integerFromJson(s, `logs[${i}]`));
  if (logs !== undefined && logs.length !== points.length) throw new RangeError(`corpus: ${points.length} points but ${logs.length} logs`);
  const w = windowFromJson(c.window, 'window');
  const out: DecodedCase = { curve, points, scalars, logs, gates: c.gates, window: w, onHandle: false, prepareWindow: undefined };
  if (c.threads !== undefined) {
    if (typeof c.threads !== 'number' || !Number.isInteger(c.threads) || c.threads < 1 || c.threads > 64)
      throw new RangeError(`corpus: threads must be an integer in [1, 64], got ${JSON.stringify(c.threads)}`);
    out.threads = c.threads;
  }
  if (c.tuning !== undefined) {
    try {
      out.tuning = resolveTuning(c.tuning);
    } catch (e) {
      throw new RangeError(`corpus: tuning: ${(e as Error).message}`);
    }
  }
  if (c.entry !== undefined) {
    if (!ENTRY_POINTS.includes(c.entry)) throw new RangeError(`corpus: entry must be one of ${ENTRY_POINTS.join(', ')}, got ${JSON.stringify(c.entry)}`);
    out.entry = c.entry;
  }
  if ('handleWindow' in c) {
    if (c.entry === undefined || c.entry === 'plain')
      throw new RangeError('corpus: handleWindow needs entry "prepared" or "async" (a call on a prepare() handle)');
    out.onHandle = true;
    out.prepareWindow = windowFromJson(c.handleWindow, 'handleWindow');
  } else if (c.entry === 'prepared') throw new RangeError('corpus: entry "prepared" needs handleWindow (null: prepare chose the window)');
  return out;
}

/** A window field: null / absent, or an integer in [1, MAX_WINDOW]. */
function windowFromJson(v: unknown, what: string): number | undefined {
  const w = v ?? undefined;
  if (w !== undefined && (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_WINDOW))
    throw new RangeError(`corpus: ${what} must be null or an integer in [1, ${MAX_WINDOW}], got ${JSON.stringify(w)}`);
  return w;
}
