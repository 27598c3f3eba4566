/**
 * In-process targets: MSMs called as functions in this process (the engine, noble, mcl-wasm,
 * micro-eth-signer, a `module:`), wrapped as Targets.
 *
 *  - `decodedTarget`: for an MSM on decoded points (decodesInput = false). The harness decodes
 *    the EIP-2537 input with the codec (an invalid input is rejected by the codec, so the
 *    invalid classes say nothing about the MSM), reduces the scalars mod r (every such API takes
 *    field elements; s·P = (s mod r)·P on the subgroup) and encodes the returned point. A throw
 *    on a valid input is a rejection of a valid input; a result that is not a point of the group
 *    is a protocol failure.
 *  - `bytesTarget`: for a function on the EIP-2537 bytes themselves (decodesInput = true): it
 *    returns the output bytes or throws to reject.
 * Sync functions cannot be interrupted here, so the per-call timeout only applies to async ones
 * (a `module:` runs these in a thread of its own, module-thread.ts, whose caller keeps the limit).
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { eip2537G1Msm, eip2537G2Msm } from '../../src/kzg/index.js';
import { curveOfGroup, decodeMsmInput, encodePoint, NOBLE, POINT_SIZE, R_ORDER } from './eip2537.js';
import { CallAborted, CallHistory, itemsOf, SLOW_TARGET_HINT, TargetFailure, type CallOptions, type Group, type Target, type TargetReply } from './target.js';

/** Σ scalars[i]·points[i] on noble points of `group` (scalars reduced mod r). */
export type PointMsm = (group: Group, points: any[], scalars: bigint[]) => unknown;
/** The EIP-2537 precompile as a function: output bytes, or a throw to reject. */
export type BytesMsm = (input: Uint8Array, group: Group) => unknown;

export interface InProcessOptions {
  spec: string;
  groups: readonly Group[];
  /** Default per-call limit for async functions, ms. */
  timeoutMs?: number;
}

function checkGroup(t: Target, group: Group): void {
  if (!t.groups.includes(group))
    throw new RangeError(`target ${t.spec} does not implement ${String(group).toUpperCase()} (it implements ${t.groups.join(', ')})`);
}

function describeThrow(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `threw ${String(e)}`;
}

/**
 * Awaits an async result with a time limit (a sync one cannot be interrupted: it is returned as
 * is): past `ms` a TargetFailure('timeout') whose message ends with `why()` (how long earlier calls
 * of that size took), at the caller's `deadline` a CallAborted.
 */
async function withTimeout<T>(v: T | Promise<T>, ms: number | undefined, deadline: number | undefined, why: () => string): Promise<T> {
  if (!(v instanceof Promise) || (ms === undefined && deadline === undefined)) return await v;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = ms ?? Number.POSITIVE_INFINITY;
  const cut = deadline !== undefined && deadline - Date.now() < limit;
  try {
    return await Promise.race([
      v,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(cut ? new CallAborted("call cut at the caller's deadline") : new TargetFailure('timeout', `no result within ${ms} ms, ${why()}`)),
          cut ? Math.max(0, (deadline as number) - Date.now()) : limit
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a call does once its input is read: an answer already (a rejection), or the call to make on `n` items and how its result is judged. */
type Prepared = TargetReply | { n: number; run: () => unknown; reply: (got: unknown) => TargetReply };

/** The shell of both kinds: the group check, the call limited (withTimeout) and recorded, a throw on the way a rejection. */
function inProcessTarget(opts: InProcessOptions, decodesInput: boolean, prepare: (group: Group, input: Uint8Array) => Prepared): Target {
  const history = new CallHistory();
  const t: Target = {
    spec: opts.spec,
    groups: Object.freeze([...opts.groups]),
    decodesInput,
    async call(group: Group, input: Uint8Array, options: CallOptions = {}): Promise<TargetReply> {
      checkGroup(t, group);
      const p = prepare(group, input);
      if ('kind' in p) return p;
      const { n } = p;
      let got: unknown;
      try {
        const t0 = performance.now();
        got = await withTimeout(
          p.run(),
          options.timeoutMs ?? opts.timeoutMs,
          options.deadline,
          () => `on a ${group.toUpperCase()} request of ${n} item(s). ${history.describe(group, n)} ${SLOW_TARGET_HINT}`
        );
        history.record(group, n, performance.now() - t0);
      } catch (e) {
        if (e instanceof TargetFailure || e instanceof CallAborted) throw e;
        return { kind: 'error', message: describeThrow(e) };
      }
      return p.reply(got);
    },
    async close() {},
  };
  return t;
}

export function decodedTarget(opts: InProcessOptions, msm: PointMsm): Target {
  return inProcessTarget(opts, false, (group, input) => {
    const d = decodeMsmInput(group, input);
    if ('error' in d) return { kind: 'error', message: `rejected by the harness's decoder: ${d.error}` };
    const curve = curveOfGroup(group);
    const scalars = d.scalars.map((s) => s % R_ORDER);
    return {
      n: d.points.length,
      run: () => msm(group, d.points, scalars),
      reply: (got) => {
        if (!curve.isPoint(got))
          throw new TargetFailure('protocol', `${opts.spec} returned something that is not a ${curve.name} point (${describeValue(got)})`);
        return { kind: 'output', output: encodePoint(group, got) };
      },
    };
  });
}

export function bytesTarget(opts: InProcessOptions, fn: BytesMsm): Target {
  return inProcessTarget(opts, true, (group, input) => ({
    n: itemsOf(group, input.length),
    run: () => fn(input.slice(), group),
    reply: (got) => {
      if (!(got instanceof Uint8Array)) throw new TargetFailure('protocol', `${opts.spec} returned ${describeValue(got)}, expected a Uint8Array`);
      if (got.length !== POINT_SIZE[group])
        throw new TargetFailure('protocol', `${opts.spec} returned ${got.length} bytes, expected ${POINT_SIZE[group]} for ${group.toUpperCase()}`);
      return { kind: 'output', output: got };
    },
  }));
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `an object ${(v as object).constructor?.name ?? ''}`.trim();
  return typeof v;
}

/**
 * The engine as a target: the library's own precompile entry points (src/kzg/eip2537.ts: its
 * decoder and checks, then the engine with `gates`), so the bytes go to the code under test and
 * the invalid classes apply too.
 */
export function engineTarget(spec: string, gates: Record<string, boolean>): Target {
  return bytesTarget({ spec, groups: ['g1', 'g2'] }, (input, group) => (group === 'g1' ? eip2537G1Msm(input, gates) : eip2537G2Msm(input, gates)));
}

/** @noble/curves' pippenger on G1 and G2 as a target (harness-decoded). */
export function nobleTarget(): Target {
  return decodedTarget({ spec: 'noble', groups: ['g1', 'g2'] }, (group, points, scalars) => pippenger(NOBLE[group].Point, points, scalars));
}
