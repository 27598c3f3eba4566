/**
 * One worker of `fuzz --target`: opens its own copy of the target (a cmd: target is one
 * subprocess per worker), then runs the cases of its share of the campaign — case indices of the
 * shard, every `workers`-th one starting at `worker` — one fuzzTarget run per case with the
 * case's own seed (caseSeed(seed, index)) and group (groups[index mod |groups|]). A failure is
 * reported and the campaign goes on (with `untilFailure`, it stops): the first failure of each
 * kind (verdict × group × class, over all workers: the parent broadcasts the kinds seen) is
 * shrunk by fast-check inside fuzzTarget; the later ones are reported as found.
 *
 * Time is split three ways for the summary: inside the target's calls, inside the echo target's
 * calls (subprocess targets: the same request sent to a process that only answers, i.e. the
 * protocol round trip), and the harness (generation, reference answer, comparison).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openTarget } from '../targets/spec.js';
import { echoTarget } from '../targets/cmd.js';
import { fuzzTarget, HarnessError, type TargetFuzzResult } from '../targets/check.js';
import { PoolError } from '../targets/pool.js';
import { CallAborted, type CallOptions, type Group, type Target } from '../targets/target.js';
import { caseSeed } from './cases.js';
import { forEachCase, type WorkerShare } from './worker-pool.js';
import type { TargetClass } from '../arbitraries/target-case.js';

/** A campaign's cases: what campaignCase makes a case of. */
export interface CampaignCases {
  seed: number;
  groups: readonly Group[];
  /** Largest MSM size. */
  maxN: number;
  timeoutMs?: number;
  classes?: readonly string[] | null;
}

export interface TargetWorkerInput extends WorkerShare, CampaignCases {
  spec: string;
  /** Folder a cmd: target's command line and a module: path are resolved from. */
  cwd: string;
  timeoutMs: number;
  groups: Group[];
  /** Also send every request to the echo target and time it (the protocol's share). */
  echo: boolean;
  /** Stop at the first failure (default: go on, shrinking the first failure of each kind). */
  untilFailure: boolean;
}

/**
 * A worker's figures before its first case (also what the campaign shows for a worker that has
 * not reported): cases done; ms inside target.call, inside the echo target's calls, in the
 * target's calls on the requests that were also echoed (the sample), and in the whole loop;
 * calls; cases checked per "group class" (e.g. "g1 infinity") and per size band ("n ≤ 16", …).
 */
export const emptyStats = (worker: number) => ({
  worker,
  done: 0,
  callMs: 0,
  echoMs: 0,
  echoedCallMs: 0,
  loopMs: 0,
  calls: 0,
  byClass: {} as Record<string, number>,
  bySize: {} as Record<string, number>,
});

export type TargetWorkerStats = ReturnType<typeof emptyStats>;

export interface TargetWorkerFailure {
  index: number;
  group: Group;
  caseSeed: number;
  kind: string;
  /** The input class of the failing case. */
  klass: string;
  detail: string;
  /** The request line: shrunk when `shrunk`, else empty (a repeat of a kind already shrunk). */
  line: string;
  seed: number;
  path: string;
  shrunk: boolean;
  /** Shrinking was cut at the campaign's end: the line is the smallest failing case found by then. */
  shrinkCut: boolean;
}

/** After --time: running calls are cut this much later, shrinking this much later (ms). */
export const CUT_GRACE_MS = 2000;
export const SHRINK_GRACE_MS = 5000;

/**
 * Case `index` of a campaign as fuzzTarget runs it: its own fast-check seed and group (the same
 * for every worker count and shard), one run, the campaign's point pools (poolSeed), sizes and classes.
 */
export function campaignCase(c: CampaignCases, index: number) {
  return {
    seed: caseSeed(c.seed, index),
    runs: 1,
    group: c.groups[index % c.groups.length],
    maxN: c.maxN,
    poolSeed: c.seed,
    ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}),
    ...(c.classes ? { classes: c.classes as readonly TargetClass[] } : {}),
  };
}

/** The size bands of the campaign's histogram, in order. */
export const SIZE_BANDS = ['n ≤ 16', 'n 17–256', 'n 257–1025', 'n > 1025'] as const;

/** The size band of a case of n items. */
export function sizeBand(n: number): string {
  return SIZE_BANDS[n <= 16 ? 0 : n <= 256 ? 1 : n <= 1025 ? 2 : 3];
}

/** What makes two failures the same kind: verdict, group and input class. */
export function failureKind(f: { kind: string; group: string; klass: string }): string {
  return `${f.kind} · ${f.group} · ${f.klass}`;
}

/** What a worker posts, each with its figures so far (`stats`). */
export type TargetWorkerMessage = { stats: TargetWorkerStats } & WorkerEvent;

type WorkerEvent =
  | { type: 'progress' }
  | { type: 'found'; index: number; group: Group; kind: string; klass: string }
  | { type: 'failure'; failure: TargetWorkerFailure }
  | { type: 'done' }
  /** harness: the harness failed its own check (a pool entry, an answer key), not the target */
  | { type: 'fatal'; message: string; harness: boolean };

/** Share of the loop time the echo may take: requests are echoed as a sample within it. */
export const ECHO_SHARE = 0.04;

/**
 * Wraps a target so that the time inside its calls is measured; with an echo target, a sample of
 * the requests (as many as fit in ECHO_SHARE of the elapsed time) is also sent to the echo and
 * timed, with the target's time on those same requests: their ratio is the protocol's share of a
 * call, at a small cost to the campaign.
 */
export function timedTarget(t: Target, echo: Target | null, stats: { callMs: number; echoMs: number; echoedCallMs?: number; calls: number }): Target {
  const since = performance.now();
  return {
    spec: t.spec,
    groups: t.groups,
    decodesInput: t.decodesInput,
    async call(group: Group, input: Uint8Array, options?: CallOptions) {
      const t0 = performance.now();
      let ms = 0;
      try {
        return await t.call(group, input, options);
      } finally {
        ms = performance.now() - t0;
        stats.callMs += ms;
        stats.calls++;
        if (echo && stats.echoMs < ECHO_SHARE * (performance.now() - since)) {
          const t1 = performance.now();
          try {
            await echo.call(group, input, options);
          } catch {
            // the echo is a measurement only
          }
          stats.echoMs += performance.now() - t1;
          stats.echoedCallMs = (stats.echoedCallMs ?? 0) + ms;
        }
      }
    },
    close: () => t.close(),
  };
}

/** What this worker knows of the campaign: stopped ('stop', 'cut'), whether it found a failure itself, the failure kinds seen. */
interface Control {
  stopped: boolean;
  foundHere: boolean;
  seen: Set<string>;
}

/**
 * Listens to the parent: 'stop', 'cut' and the kinds of failure seen. `cut` rejects on 'cut'
 * (--until-failure: another worker found the first failure): a call in flight here is then cut
 * (no verdict, as at the end of --time) instead of running to its end, its timeout and a shrink.
 */
function listen(port: MessagePort): { ctl: Control; cut: Promise<never> } {
  const ctl: Control = { stopped: false, foundHere: false, seen: new Set() };
  let cutNow = () => {};
  const cut = new Promise<never>((_, reject) => {
    cutNow = () => reject(new CallAborted('call cut: the campaign stopped at its first failure (--until-failure)'));
  });
  cut.catch(() => {});
  port.on('message', (m: unknown) => {
    if (m === 'stop') ctl.stopped = true;
    else if (m === 'cut') {
      ctl.stopped = true;
      if (!ctl.foundHere) cutNow();
    } else if (typeof m === 'object' && m !== null && (m as { type?: string }).type === 'seen') ctl.seen.add((m as { kind: string }).kind);
  });
  return { ctl, cut };
}

async function main(input: TargetWorkerInput): Promise<void> {
  const port = parentPort!;
  const { ctl, cut } = listen(port);
  const stats = emptyStats(input.worker);
  const started = performance.now();
  const post = (e: WorkerEvent) => port.postMessage({ ...e, stats: { ...stats, loopMs: performance.now() - started } } satisfies TargetWorkerMessage);
  let target: Target | null = null;
  let echo: Target | null = null;
  try {
    target = await openTarget(input.spec, { cwd: input.cwd, timeoutMs: input.timeoutMs });
    echo = input.echo ? echoTarget() : null;
    const measured = timedTarget(target, echo, stats);
    await runShare(input, { ...measured, call: (group, bytes, options) => Promise.race([measured.call(group, bytes, options), cut]) }, ctl, stats, post);
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'fatal', message: (e as Error)?.message ?? String(e), harness: e instanceof HarnessError || e instanceof PoolError });
  } finally {
    await target?.close();
    await echo?.close();
  }
}

/** The worker's cases in turn (forEachCase): each failure posted; ends at 'stop', at the campaign's end or (untilFailure) at a failure. */
function runShare(input: TargetWorkerInput, target: Target, ctl: Control, stats: TargetWorkerStats, post: (e: WorkerEvent) => void): Promise<void> {
  const runCase = async (index: number) => {
    const c = campaignCase(input, index);
    const res = await fuzzCase(c, index, input, target, ctl, stats, post);
    // a case cut at the end of the campaign's time is not counted (nor is a failure it did not show)
    if (res.aborted && !res.failures.length) return true;
    stats.done++;
    const f = res.failures[0];
    if (!f) return false;
    const failure: TargetWorkerFailure = {
      index,
      group: c.group,
      caseSeed: c.seed,
      kind: f.verdict.kind,
      klass: f.case.klass,
      detail: f.verdict.detail || f.verdict.kind,
      line: f.shrunk ? f.line : '',
      seed: f.seed,
      path: f.path,
      shrunk: f.shrunk,
      shrinkCut: res.aborted,
    };
    ctl.seen.add(failureKind(failure));
    post({ type: 'failure', failure });
    return input.untilFailure;
  };
  return forEachCase(
    input,
    () => ctl.stopped,
    runCase,
    () => post({ type: 'progress' })
  );
}

/** One case through fuzzTarget, counted by class and size; a failure is shrunk when its kind has not been seen yet. */
function fuzzCase(
  c: ReturnType<typeof campaignCase>,
  index: number,
  input: TargetWorkerInput,
  target: Target,
  ctl: Control,
  stats: TargetWorkerStats,
  post: (e: WorkerEvent) => void
): Promise<TargetFuzzResult> {
  const { group } = c;
  const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  return fuzzTarget(target, {
    ...c,
    shrink: (v) => !ctl.seen.has(failureKind({ kind: v.kind, group, klass: v.klass ?? '' })),
    onCase: (c) => {
      count(stats.byClass, `${c.group} ${c.klass}`);
      count(stats.bySize, sizeBand(c.n));
    },
    onFound: (v, c) => {
      ctl.foundHere = true;
      post({ type: 'found', index, group, kind: v.kind, klass: c.klass });
    },
    ...(input.deadline !== null ? { stopAt: input.deadline + CUT_GRACE_MS, shrinkStopAt: input.deadline + SHRINK_GRACE_MS } : {}),
  });
}

if (parentPort && (workerData as { __entry?: string } | null)?.__entry?.includes('target-fuzz-worker')) await main(workerData as TargetWorkerInput);
