/**
 * The engine's checks as data: one catalogue (harness/checks/index.ts) of
 * named checks — differential vs the reference, the discrete-log oracle, the laws, bad input,
 * each step's targeted cases, the window model's counted costs — that both runners execute:
 *  - vitest (properties/*.test.ts, properties/steps/*.test.ts): one `it` per entry, at the `full`
 *    level (npm test's counts), fast-check seeded by properties/setup.ts (FC_SEED);
 *  - `stepwise-msm gate` (harness/cli/gate.ts, stage "engine checks"): every entry, at the `quick`
 *    level by default and at `full` with --full, each seeded from --seed and its id (printed).
 *
 * A check throws on failure (an Error naming the case); it never returns a verdict. It asks its
 * context for run counts (`ctx.runs(full, quick?)`) and runs its properties through `ctx.assert`,
 * so the level and the seed travel with the call.
 */
import fc from 'fast-check';
import { GATE_IDS } from '../../src/index.js';
import { runs as scaled, exhaustiveStride, FULL_RUNS } from '../config.js';

export type CheckLevel = 'quick' | 'full';

export interface CheckContext {
  readonly level: CheckLevel;
  /**
   * Run count of one property: `full` at the full level (npm test's count), else `quick`
   * (default ⌈full / QUICK_DIVISOR⌉); both scaled by FC_RUNS, at least 1.
   */
  runs(full: number, quick?: number): number;
  /** fc.assert with the context's seed (a fresh seed per property of the check, derived from the check's). */
  assert<Ts>(prop: fc.IRawProperty<Ts, boolean>, params?: fc.Parameters<Ts>): void | Promise<void>;
  /**
   * True at the full level with FC_RUNS ≥ 1: checks that the generators reached a rare branch
   * (P = Q, P = −Q) need the full counts and are skipped at the reduced ones.
   */
  readonly reachChecks: boolean;
  /** Stride of loops that enumerate a whole range (1 = exhaustive), see config.exhaustiveStride. */
  stride(quickStride?: number): number;
  /**
   * Inputs of a volume check (a kernel run in bulk over arrays): `n` where the gate runs it (either
   * level), ⌈n / VOLUME_SLICE⌉ under vitest (npm test runs a slice, the gate the volume).
   */
  volume(n: number): number;
  /**
   * A seed for a generator that is not a property (e.g. fc.sample): the k-th of the check's
   * (the gate's check seed, or fast-check's global seed under vitest, printed by the setup file).
   */
  seed(k: number): number;
}

export interface EngineCheck {
  /** Unique id: `<suite> › <name>` (what the gate prints and seeds from). */
  readonly id: string;
  /** The vitest `describe` it belongs to. */
  readonly suite: string;
  /** The vitest `it` name. */
  readonly name: string;
  /** The file of properties/ that runs it under vitest (relative to the project root). */
  readonly file: string;
  /** vitest time limit of the entry (ms), default 180 000 (vitest.config.ts). */
  readonly timeoutMs?: number;
  run(ctx: CheckContext): void | Promise<void>;
}

/** quick = ⌈full / QUICK_DIVISOR⌉ unless a check states its own quick count. */
export const QUICK_DIVISOR = 4;

/** npm test's share of a volume check: ⌈n / VOLUME_SLICE⌉ of the gate's n (see CheckContext.volume). */
export const VOLUME_SLICE = 25;

/** One entry of a suite: the `it` name, the check, its options. */
export type CheckEntry = [string, (ctx: CheckContext) => void | Promise<void>, { timeoutMs?: number }?];

/** A group of entries under one vitest `describe` of one file. */
export function suite(file: string, name: string, entries: CheckEntry[]): EngineCheck[] {
  return entries.map(([it, run, o]) => ({ id: `${name} › ${it}`, suite: name, name: it, file, run, ...(o?.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) }));
}

/** An entry: the check `run` under the `it` name `name`. */
export const check = (name: string, run: CheckEntry[1], o?: CheckEntry[2]): CheckEntry => (o ? [name, run, o] : [name, run]);

/**
 * An entry that is one property, run through `ctx.assert` with `numRuns: ctx.runs(full, quick)`
 * (`runs` is `full` or `[full, quick]`); `params` adds fast-check parameters (e.g. `examples`).
 */
export function prop<Ts>(
  name: string,
  runs: number | readonly [number, number],
  property: (ctx: CheckContext) => fc.IRawProperty<Ts, boolean>,
  params: fc.Parameters<Ts> = {}
): CheckEntry {
  const [full, quick] = typeof runs === 'number' ? [runs] : runs;
  return [name, (ctx) => ctx.assert(property(ctx), { ...params, numRuns: ctx.runs(full, quick) })];
}

/** A gate record naming every registered gate, with exactly `ids` on. */
export const gatesOn = (...ids: string[]): Record<string, boolean> => Object.fromEntries(GATE_IDS.map((id) => [id, ids.includes(id)]));

function mix(seed: number, k: number): number {
  let h = (seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/**
 * The context of one run of one check. `seed` undefined: fast-check's global seed (vitest's
 * setup file sets it from FC_SEED); a number: property k of the check gets seed mix(seed, k).
 * `slice`: run volume checks at npm test's slice (the vitest runner sets it).
 */
export function checkContext(level: CheckLevel, seed?: number, opts: { timeLimitMs?: number; slice?: boolean } = {}): CheckContext {
  if (level !== 'quick' && level !== 'full') throw new RangeError(`checkContext: level must be quick or full, got ${String(level)}`);
  let k = 0;
  return {
    level,
    runs: (full, quick) => (level === 'full' ? scaled(full) : scaled(quick ?? Math.ceil(full / QUICK_DIVISOR))),
    assert: (prop, params) => {
      const p: fc.Parameters<any> = { ...(params ?? {}) };
      if (seed !== undefined) p.seed = mix(seed, k++);
      if (opts.timeLimitMs !== undefined) {
        p.interruptAfterTimeLimit = opts.timeLimitMs;
        p.markInterruptAsFailure = true;
      }
      return fc.assert(prop as any, p) as any;
    },
    reachChecks: level === 'full' && FULL_RUNS,
    volume: (n) => (opts.slice ? Math.ceil(n / VOLUME_SLICE) : n),
    seed: (j) => mix(seed ?? Number(fc.readConfigureGlobal().seed ?? 0), 1000 + j),
    stride: (quickStride = 8) => (level === 'full' ? exhaustiveStride() : Math.max(quickStride, exhaustiveStride())),
  };
}

/** Outcome of one entry in the gate. */
export interface CheckOutcome {
  id: string;
  file: string;
  ok: boolean;
  ms: number;
  seed: number;
  message?: string;
}

/** Runs `checks` one after another (the gate's stage), collecting failures; never throws. */
export async function runChecks(
  checks: readonly EngineCheck[],
  o: { level: CheckLevel; seed: number; log: (line: string) => void; timeLimitMs?: number; seedOf: (id: string) => number; bail?: boolean }
): Promise<CheckOutcome[]> {
  const out: CheckOutcome[] = [];
  for (const c of checks) {
    if (o.bail && out.some((x) => !x.ok)) break;
    const seed = o.seedOf(c.id);
    const t = performance.now();
    try {
      await c.run(checkContext(o.level, seed, { timeLimitMs: o.timeLimitMs ?? c.timeoutMs ?? 180_000 }));
      const ms = performance.now() - t;
      out.push({ id: c.id, file: c.file, ok: true, ms, seed });
      o.log(`[gate] check ✓ ${c.id} (${(ms / 1000).toFixed(1)} s)`);
    } catch (e) {
      const ms = performance.now() - t;
      const msg = (e as Error)?.message ?? String(e);
      const first = msg
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(0, 6)
        .join(' | ');
      out.push({ id: c.id, file: c.file, ok: false, ms, seed, message: first });
      o.log(`[gate] check ✗ ${c.id} (seed ${seed}): ${first}`);
    }
  }
  return out;
}
