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
 *   "seed"?: number, "path"?: string, "note"?: string
 * }
 * Gate names unknown to the current registry are an error (a renamed gate must be migrated),
 * not silently dropped.
 */
import { curveById, type AnyCurve } from './curve/index.js';
import { MAX_WINDOW } from './optimized/step.js';

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
  extra: Partial<Pick<CorpusCase, 'logs' | 'seed' | 'path' | 'note'>> = {}
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
  const w = c.window ?? undefined;
  if (w !== undefined && (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_WINDOW))
    throw new RangeError(`corpus: window must be null or an integer in [1, ${MAX_WINDOW}], got ${JSON.stringify(w)}`);
  return { curve, points, scalars, logs, gates: c.gates, window: w };
}
