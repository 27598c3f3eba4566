/**
 * One chunk of an MSM call as it crosses to a pool worker (step 11, workers), and the worker
 * side of it: decode the chunk, finish its validation, run the whole pipeline on it.
 *
 * A task carries the call's gates, window and tuning, its chunk [start, end) of the call's
 * points, and one transferred buffer (pool-codec.ts words): the chunk's scalars, then, for a call
 * on plain points, the chunk's points and one byte per point that is still to be tested on the
 * curve (msmAsync leaves those tests to the workers; validate.ts). A call on a prepare() handle
 * sends no points: the handle's points and table are words in a buffer shared once per worker
 * (`handle.buffer`, sent with the first task that needs it), which the worker decodes once per
 * chunk range and keeps (`ChunkCache`) until the pool tells it the handle is gone.
 *
 * The worker runs the chunk as `msm` would run a call with one thread (validation's on-curve
 * tests, the transforms, the direct hooks (fixed-base tables on a handle), the bucket method),
 * so the partial sum is the very one step 11's in-thread mode computes for the same chunk.
 */
import { curveById, type AnyCurve, type CurveId } from '../curve/index.js';
import { makeJob, runJob } from './engine.js';
import { resolveGates } from './gates.js';
import type { TestHooks } from './hooks.js';
import { preparedOf, type PreparedBases } from './kernels/fixed-base.js';
import type { Proj } from './kernels/projective.js';
import { pointCodec, readPoints, readScalars, SCALAR_WORDS } from './pool-codec.js';
import type { CallOptions, GateSet, Tuning } from './step.js';
import { ELEMENT_BYTES } from './wasm/layout.js';
import { tableSlice } from './wasm/tables.js';

/** A prepare() handle as a task refers to it: its shared words (points, then table) by key. */
export interface HandleRef {
  /** The pool's key for this handle (the worker keeps the decoded chunks under it). */
  key: number;
  /** Points of the handle, table window and rows per base. */
  n: number;
  window: number;
  rows: number;
  /**
   * Its table after the points: none; 'words' (n·rows entries as points, pool-codec.ts); 'bytes'
   * (a table kept in the wasm module's form, wasm/tables.ts: n·rows affine Montgomery points,
   * then their flags).
   */
  table: 'none' | 'words' | 'bytes';
  /** n points as words, then the table. Sent once per worker. */
  buffer?: ArrayBufferLike;
}

/** What crosses to a worker: one chunk of a call. */
export interface ChunkTask {
  id: number;
  curve: CurveId;
  gates: GateSet;
  window: number | undefined;
  /** The call's tuning knobs (options.tuning), for the steps that run in the worker. */
  tuning?: Tuning;
  /** The call's test hooks for this chunk (hooks.ts; e.g. `crash`: the worker dies on this task). */
  hooks?: TestHooks;
  /** The chunk: indices [start, end) of the call's points (errors name them). */
  start: number;
  end: number;
  /** The chunk's scalars; for plain points then its points and (with `check`) one byte per point to test on the curve. */
  data: ArrayBuffer;
  check: boolean;
  /** The call is on a prepare() handle: its shared words instead of points in `data`. */
  handle?: HandleRef;
}

/** The chunk's partial sum (projective), or the first point of the chunk found off the curve, or an error. */
export type ChunkReply = { id: number; X: unknown; Y: unknown; Z: unknown } | { id: number; offCurve: number } | { id: number; error: string };

/** What the pool tells a worker besides tasks: a handle is gone (its decoded chunks can go). */
export interface DropMessage {
  drop: number;
}

/** Layout of a task's `data`, in words: scalars, then points, then the check bytes. */
export function taskLayout(curve: AnyCurve, count: number, withPoints: boolean, check: boolean): { pointsAt: number; checkAt: number; bytes: number } {
  const pointsAt = count * SCALAR_WORDS;
  const checkAt = withPoints ? pointsAt + count * pointCodec(curve).pointWords : pointsAt;
  return { pointsAt, checkAt, bytes: 8 * checkAt + (check ? count : 0) };
}

interface HandleData {
  ref: HandleRef;
  buffer: ArrayBufferLike;
  chunks: Map<string, { points: Proj<any>[]; handle: PreparedBases }>;
}

/** A worker's decoded handle chunks, by handle key and chunk range. */
export class ChunkCache {
  private readonly handles = new Map<number, HandleData>();
  private readonly gates = new Map<string, GateSet>();

  drop(key: number): void {
    this.handles.delete(key);
  }

  get size(): number {
    return this.handles.size;
  }

  /** The frozen gate set of a task (one per distinct record, so the engine's per-gate-set caches hit). */
  gateSet(g: GateSet): GateSet {
    const label = JSON.stringify(g);
    let s = this.gates.get(label);
    if (s === undefined) this.gates.set(label, (s = resolveGates(g)));
    return s;
  }

  /** The chunk [start, end) of a handle: its points and a handle over them with the matching table rows. */
  handleChunk(ref: HandleRef, curve: AnyCurve, start: number, end: number): { points: Proj<any>[]; handle: PreparedBases } {
    let h = this.handles.get(ref.key);
    if (h === undefined) {
      if (ref.buffer === undefined) throw new Error(`internal: the words of handle ${ref.key} were never sent to this worker`);
      h = { ref, buffer: ref.buffer, chunks: new Map() };
      this.handles.set(ref.key, h);
    }
    const id = `${start}:${end}`;
    let c = h.chunks.get(id);
    if (c === undefined) {
      const codec = pointCodec(curve);
      const w = new BigUint64Array(h.buffer, 0, h.ref.n * codec.pointWords);
      const points = readPoints(codec, w, start * codec.pointWords, end - start);
      const isIdentity = new Uint8Array(points.length);
      for (let i = 0; i < points.length; i++) if (curve.Fp.isZero(points[i].Z)) isIdentity[i] = 1;
      const { rows, n, table: kind } = h.ref;
      let table: readonly Proj<any>[] = Object.freeze([]);
      if (kind === 'words') {
        const tw = new BigUint64Array(h.buffer, 8 * n * codec.pointWords, n * rows * codec.pointWords);
        table = Object.freeze(readPoints(codec, tw, start * rows * codec.pointWords, (end - start) * rows));
      }
      if (kind === 'bytes') {
        const count = n * rows;
        const degree = codec.pointWords / 18;
        const bytes = new Uint8Array(h.buffer, 8 * n * codec.pointWords, count * (2 * ELEMENT_BYTES * degree + 1));
        table = tableSlice({ p: curve.Fp.ORDER as bigint, degree: degree as 1 | 2, count, bytes }, start * rows, end * rows).entries;
      }
      c = { points, handle: preparedOf(curve, points, h.ref.window, rows, { table, isIdentity }) };
      h.chunks.set(id, c);
    }
    return c;
  }
}

/** The worker side of one task: the chunk's partial sum by the whole pipeline with the task's gates, one thread. */
export function runChunkTask(task: ChunkTask, cache: ChunkCache = new ChunkCache()): ChunkReply {
  const curve = curveById(task.curve);
  const count = task.end - task.start;
  const layout = taskLayout(curve, count, task.handle === undefined, task.check);
  const w = new BigUint64Array(task.data, 0, layout.checkAt);
  const scalars = readScalars(w, 0, count);
  const call: { -readonly [K in keyof CallOptions]: CallOptions[K] } = { threads: 1 };
  if (task.tuning) call.tuning = task.tuning;
  let points: Proj<any>[];
  if (task.handle) {
    const c = cache.handleChunk(task.handle, curve, task.start, task.end);
    points = c.points;
    call.prepared = Object.freeze({ handle: c.handle, scalars: Object.freeze(scalars) });
  } else {
    points = readPoints(pointCodec(curve), w, layout.pointsAt, count);
    if (task.check) {
      const flags = new Uint8Array(task.data, 8 * layout.checkAt, count);
      for (let i = 0; i < count; i++) if (flags[i] && !curve.isOnCurve(points[i])) return { id: task.id, offCurve: task.start + i };
    }
  }
  const job = makeJob(curve, points, scalars, cache.gateSet(task.gates), task.window, Object.freeze(call));
  const r = runJob(job);
  return { id: task.id, X: r.X, Y: r.Y, Z: r.Z };
}
