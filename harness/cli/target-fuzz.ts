/**
 * `stepwise-msm fuzz --target <spec>`: a differential campaign against any MSM: the
 * target layer's generator and checks (harness/targets/check.ts fuzzTarget: adversarial valid
 * inputs compared with the reference answer, invalid inputs that must be rejected, crashes and
 * hangs), sharded exactly like the engine's fuzz (worker-pool.ts): case i has seed caseSeed(seed, i)
 * and group groups[i mod |groups|]. Each worker thread opens its own target (one subprocess per
 * worker for cmd: and blst).
 *
 * After a failure the campaign goes on (`untilFailure`: it stops): every failing case is counted
 * and listed (--json: by case index), and the first failure of each kind (verdict × group ×
 * input class) is shrunk by fast-check (inside fuzzTarget), printed as its protocol line
 * (`g1 <hex>`, ready to paste into the target's own unit test) with its verdict, and written to
 * `<corpus>/targets/` (corpus-io.ts), which `replay --target <spec> <file>` re-runs.
 */
import path from 'node:path';
import type { Group } from '../targets/target.js';
import { fmtPct, mdCell, mdInline } from '../format.js';
import { EXIT } from './errors.js';
import { planCampaign, runWorkerPool, type CampaignSize, type PoolControl, type WorkerShare } from './worker-pool.js';
import { writeJsonFile, writeTargetCase } from './corpus-io.js';
import { replayCommand } from './target-options.js';
import {
  emptyStats,
  failureKind,
  SHRINK_GRACE_MS,
  SIZE_BANDS,
  type TargetWorkerFailure,
  type TargetWorkerInput,
  type TargetWorkerMessage,
  type TargetWorkerStats,
} from './target-fuzz-worker.js';

/** The campaign's size, its target and cases as each worker gets them (echo: by default for subprocess targets), and where its results go. */
export interface TargetFuzzOptions extends CampaignSize, Omit<TargetWorkerInput, keyof WorkerShare | 'classes'> {
  classes: string[] | null;
  corpus: string;
  json: string | null;
}

/** A shrunk failure (the first of its kind), written to the corpus. */
export interface TargetFuzzFailure extends TargetWorkerFailure {
  corpusPath: string;
}

/** Every failing case of the campaign, shrunk or not. */
type FailingCase = Pick<TargetWorkerFailure, 'index' | 'group' | 'klass' | 'kind' | 'detail'>;

export interface TargetFuzzResult {
  code: number;
  cases: number;
  elapsedMs: number;
  casesPerMinute: number;
  /** The first failure of each kind (verdict × group × class), shrunk. */
  failures: TargetFuzzFailure[];
  /** Every failing case, in the order found. */
  failingCases: FailingCase[];
  /** Cases checked per "group class" and per size band, over all workers. */
  byClass: Record<string, number>;
  bySize: Record<string, number>;
  /** The first failure, when it was seen (before shrinking): time since the start, its case index, the cases run by then. */
  firstFailure: { ms: number; index: number; cases: number; kind: string; group: Group; klass: string } | null;
  /** Shares of the workers' time: inside the target's calls, in the echo (protocol) calls. */
  callShare: number;
  echoShare: number | null;
  /** Echo time ÷ target call time: the part of a call that is the protocol round trip. */
  protocolShareOfCalls: number | null;
  fatal: string[];
}

/** The longest protocol line printed in full in the summary (longer ones: in the corpus file). */
const MAX_PRINTED_LINE = 20_000;

/** What the workers reported over the campaign. */
interface Campaign extends CampaignState {
  interrupted: boolean;
  elapsedMs: number;
  cases: number;
}

/** The campaign's figures: its rate, the shares of the workers' time, cases by class and size. */
type Figures = Pick<TargetFuzzResult, 'casesPerMinute' | 'byClass' | 'bySize' | 'callShare' | 'echoShare' | 'protocolShareOfCalls'>;

/** Runs the campaign: checks → workers → the corpus → the summary (stdout) and --json. */
export async function runTargetFuzz(o: TargetFuzzOptions, out: (s: string) => void, err: (s: string) => void): Promise<TargetFuzzResult> {
  const c = await runCampaign(o, err);
  const failures = writeFailures(o, c.found);
  const figures = campaignFigures(o, c);
  out(summaryMarkdown(o, c, failures, figures) + '\n');
  const result: TargetFuzzResult = {
    code:
      c.harnessFailed || nothingChecked(c)
        ? EXIT.USAGE
        : c.failingCases.length || c.fatal.length
          ? EXIT.CORRECTNESS
          : c.interrupted
            ? EXIT.INTERRUPTED
            : EXIT.PASS,
    cases: c.cases,
    elapsedMs: c.elapsedMs,
    casesPerMinute: figures.casesPerMinute,
    failures,
    failingCases: c.failingCases,
    firstFailure: c.firstFailure,
    byClass: figures.byClass,
    bySize: figures.bySize,
    callShare: figures.callShare,
    echoShare: figures.echoShare,
    protocolShareOfCalls: figures.protocolShareOfCalls,
    fatal: c.fatal,
  };
  if (o.json) writeJsonFile(o.json, { ...result, options: o });
  return result;
}

/** The worker threads over the shard, with a progress line; each opens its own target. */
async function runCampaign(o: TargetFuzzOptions, err: (s: string) => void): Promise<Campaign> {
  const plan = planCampaign(o);
  const { started, shardCases, workers } = plan;
  err(
    `fuzz: target ${o.spec}, groups ${o.groups.join(', ')}, n ≤ ${o.maxN}, classes ${o.classes?.join(',') ?? 'all'}, ` +
      `${o.runs !== null ? `${shardCases} of ${o.runs} cases` : `${o.timeSec} s`}, seed ${o.seed}, shard ${o.shard.index}/${o.shard.count}, ` +
      `${workers} worker(s), per-call timeout ${o.timeoutMs} ms${o.echo ? ', echo timing on' : ''}, ${o.untilFailure ? 'until the first failure' : 'going on after failures'}\n`
  );
  const st: CampaignState = {
    started,
    stats: Array.from({ length: workers }, (_, w) => emptyStats(w)),
    found: [],
    failingCases: [],
    kindsSeen: new Set(),
    firstFailure: null,
    fatal: [],
    harnessFailed: false,
  };
  const total = () => st.stats.reduce((a, s) => a + s.done, 0);
  const { interrupted, elapsedMs } = await runWorkerPool<TargetWorkerMessage>({
    campaign: plan,
    module: 'target-fuzz-worker',
    input: (): Omit<TargetWorkerInput, keyof WorkerShare> => ({
      spec: o.spec,
      cwd: o.cwd,
      timeoutMs: o.timeoutMs,
      groups: o.groups,
      maxN: o.maxN,
      classes: o.classes,
      echo: o.echo,
      untilFailure: o.untilFailure,
    }),
    onMessage: (w, m, pool) => onWorkerMessage(o, st, { ...pool, total }, w, m),
    terminateOnDone: false,
    // a worker stuck in an in-process call that cannot be cut: ended after the graces
    graceMs: SHRINK_GRACE_MS + 3000,
    perMinute: true,
    count: () => ({ done: total(), failures: st.failingCases.length }),
    err,
  });
  return { ...st, interrupted, elapsedMs, cases: total() };
}

/** The campaign as the workers' messages build it. */
interface CampaignState {
  started: number;
  stats: TargetWorkerStats[];
  /** The shrunk failures, the first of each kind. */
  found: TargetWorkerFailure[];
  failingCases: FailingCase[];
  kindsSeen: Set<string>;
  firstFailure: TargetFuzzResult['firstFailure'];
  fatal: string[];
  /** A worker's fatal error was the harness's own check failing (a pool entry, an answer key): no verdict on the target, exit 3. */
  harnessFailed: boolean;
}

/**
 * One worker message: its stats replace the worker's; a failure is counted, the first of its kind
 * kept (two workers may shrink the same kind at once: the first one reported is kept) and told to
 * every worker. Returns whether the worker is done (done or fatal: it closed its target and ends on
 * its own; a cmd: child is reaped by close).
 */
function onWorkerMessage(o: TargetFuzzOptions, st: CampaignState, pool: PoolControl & { total: () => number }, w: number, m: TargetWorkerMessage): boolean {
  st.stats[w] = m.stats;
  if (m.type === 'found') {
    st.firstFailure ??= { ms: Date.now() - st.started, index: m.index, cases: pool.total() + 1, kind: m.kind, group: m.group, klass: m.klass };
    // the other workers' calls in flight are cut (the finder goes on shrinking its failure)
    if (o.untilFailure) pool.broadcast('cut');
  } else if (m.type === 'failure') {
    const f = m.failure;
    st.failingCases.push({ index: f.index, group: f.group, klass: f.klass, kind: f.kind, detail: f.detail });
    const kind = failureKind(f);
    if (f.shrunk && !st.kindsSeen.has(kind)) {
      st.found.push(f);
      pool.log(`FAILURE at case ${f.index} (${f.group}, ${f.klass}): ${f.kind}: ${f.detail.split('\n')[0]}`);
    }
    if (!st.kindsSeen.has(kind)) {
      st.kindsSeen.add(kind);
      pool.broadcast({ type: 'seen', kind });
    }
    if (o.untilFailure) pool.stopAll();
  } else if (m.type === 'fatal') {
    st.fatal.push(`worker ${w}: ${m.message}`);
    st.harnessFailed ||= m.harness;
    pool.log(`worker ${w} could not run the target: ${m.message}`);
    pool.stopAll();
  }
  return m.type === 'done' || m.type === 'fatal';
}

/** One corpus file per distinct shrunk request (kinds often shrink to the same one). */
function writeFailures(o: TargetFuzzOptions, found: readonly TargetWorkerFailure[]): TargetFuzzFailure[] {
  const written = new Map<string, string>();
  return found.map((f) => {
    let corpusPath = written.get(`${f.kind} ${f.line}`);
    corpusPath ??= writeTargetCase(o.corpus, {
      line: f.line,
      verdict: f.kind,
      detail: f.detail,
      target: o.spec,
      seed: f.seed,
      path: f.path,
      found: `found by stepwise-msm fuzz --target (campaign seed ${o.seed}, case ${f.index}, ${f.klass})`,
      timeoutMs: o.timeoutMs,
    });
    written.set(`${f.kind} ${f.line}`, corpusPath);
    return { ...f, corpusPath };
  });
}

function campaignFigures(o: TargetFuzzOptions, c: Campaign): Figures {
  const sum = (k: 'loopMs' | 'callMs' | 'echoMs' | 'echoedCallMs') => c.stats.reduce((a, s) => a + s[k], 0);
  const [loopMs, callMs, echoMs, echoedCallMs] = [sum('loopMs'), sum('callMs'), sum('echoMs'), sum('echoedCallMs')];
  const merge = (key: 'byClass' | 'bySize') => {
    const m: Record<string, number> = {};
    for (const st of c.stats) for (const [k, v] of Object.entries(st[key])) m[k] = (m[k] ?? 0) + v;
    return m;
  };
  return {
    casesPerMinute: c.cases / Math.max(c.elapsedMs / 60000, 1e-9),
    callShare: loopMs > 0 ? callMs / loopMs : 0,
    echoShare: o.echo && loopMs > 0 ? echoMs / loopMs : null,
    protocolShareOfCalls: o.echo && echoedCallMs > 0 ? Math.min(1, echoMs / echoedCallMs) : null,
    byClass: merge('byClass'),
    bySize: merge('bySize'),
  };
}

/** A campaign in which no call finished checked nothing: it must not read as a pass. */
const nothingChecked = (c: Campaign): boolean => !c.harnessFailed && !c.failingCases.length && !c.fatal.length && !c.interrupted && c.cases === 0;

const pct = (x: number) => fmtPct(100 * x, 0);

/** The summary: verdict, the campaign's table and shares, then the failing kinds, then each shrunk request. */
function summaryMarkdown(o: TargetFuzzOptions, c: Campaign, failures: readonly TargetFuzzFailure[], fig: Figures): string {
  return [...campaignLines(o, c, fig), ...kindLines(o, c.failingCases), ...shrunkLines(o, failures)].join('\n');
}

function campaignLines(o: TargetFuzzOptions, c: Campaign, fig: Figures): string[] {
  const { cases, failingCases, fatal } = c;
  const head = c.harnessFailed
    ? '❌ stepwise-msm failed its own check, so its verdicts do not stand (a bug of stepwise-msm, not of the target: please report it)'
    : failingCases.length
      ? `❌ FAILED: ${failingCases.length} failing case(s) of ${cases}`
      : fatal.length
        ? '❌ the target could not be run'
        : c.interrupted
          ? '⏹ interrupted (Ctrl-C): partial result, no failure so far'
          : nothingChecked(c)
            ? `⚠️ nothing checked: no call of the target finished within --time (exit 3: raise --time or --timeout, or lower --max-n)`
            : '✅ passed';
  const { byClass, bySize } = fig;
  const classNames = [...new Set(Object.keys(byClass).map((k) => k.slice(3)))];
  const classes = classNames.map((k) => `${k} ${o.groups.map((g) => byClass[`${g} ${k}`] ?? 0).join(' / ')}`).join(', ');
  const sizes = SIZE_BANDS.filter((b) => bySize[b])
    .map((b) => `${b}: ${bySize[b]}`)
    .join(', ');
  const ff = c.firstFailure;
  return [
    `## stepwise-msm fuzz --target ${o.spec}: ${head}`,
    '',
    '| target | groups | n | cases | elapsed | cases/min | in target calls | protocol (echo) | seed | shard |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---|',
    `| ${mdCell(o.spec)} | ${o.groups.join(', ')} | ≤ ${o.maxN} | ${cases} | ${(c.elapsedMs / 1000).toFixed(1)} s | ${fig.casesPerMinute.toFixed(0)} | ${pct(fig.callShare)} | ${
      fig.protocolShareOfCalls === null ? '–' : `${pct(fig.protocolShareOfCalls)} of call time`
    } | ${o.seed} | ${o.shard.index}/${o.shard.count} |`,
    '',
    `Time of the workers: ${pct(fig.callShare)} inside the target's calls${fig.echoShare !== null ? `, ${pct(fig.echoShare)} in the echo of a sample of the same requests (not counted as the target's)` : ''}, the rest in the harness (generating cases, the expected answers, comparing).`,
    ...fatal.map((m) => `\n- ❌ ${m}`),
    ...(cases > 0 ? ['', `Cases by input class (${o.groups.join(' / ')}): ${classes}; by size: ${sizes}.`] : []),
    ...(ff
      ? [
          `\nFirst failure seen ${(ff.ms / 1000).toFixed(1)} s into the campaign, at case ${ff.index} (${ff.group}, ${ff.klass}, ${ff.kind}), ${ff.cases} case(s) run by then.`,
        ]
      : []),
  ];
}

/** The failing cases by kind (verdict × group × class), when there are any. */
function kindLines(o: TargetFuzzOptions, failingCases: readonly FailingCase[]): string[] {
  if (!failingCases.length) return [];
  const byKind = new Map<string, { f: FailingCase; count: number }>();
  for (const f of failingCases) {
    const k = failureKind(f);
    const e = byKind.get(k);
    if (e) e.count++;
    else byKind.set(k, { f, count: 1 });
  }
  const L = [
    '',
    o.untilFailure
      ? 'Stopped at the first failure (--until-failure).'
      : `The campaign went on after failures: ${failingCases.length} failing case(s) of ${byKind.size} kind(s) (verdict × group × input class); the first of each kind is shrunk below${o.json ? `, every failing case index is in ${o.json}` : ' (--json lists every failing case index)'}.`,
    '',
    '| verdict | group | class | failing cases | first case |',
    '|---|---|---|---:|---:|',
  ];
  for (const { f, count } of byKind.values()) L.push(`| ${f.kind} | ${f.group} | ${f.klass} | ${count} | ${f.index} |`);
  return L;
}

/** Each shrunk failure: its verdict, its protocol line (or where it is), its corpus file and replay command. */
function shrunkLines(o: TargetFuzzOptions, failures: readonly TargetFuzzFailure[]): string[] {
  const L: string[] = [];
  const printed = new Map<string, TargetFuzzFailure>();
  for (const f of failures) {
    L.push('', `**${f.kind}** (${f.group}, ${f.klass}, case ${f.index}, fast-check seed ${f.seed}, path \`${f.path}\`): ${mdInline(f.detail)}`, '');
    const same = printed.get(`${f.kind} ${f.line}`);
    if (same) {
      L.push(`Shrunk to the same request as the ${same.klass} failure above (case ${same.index}).`);
      continue;
    }
    printed.set(`${f.kind} ${f.line}`, f);
    if (f.shrinkCut) L.push("Shrinking was cut when the campaign's time was up: this is the smallest failing case found by then.", '');
    if (f.line.length <= MAX_PRINTED_LINE) L.push("Shrunk request (protocol line, paste it into the target's own test):", '', '```', f.line, '```');
    else L.push(`Shrunk request: ${f.line.length} characters, in the corpus file.`);
    L.push('');
    const rel = path.relative(process.cwd(), f.corpusPath) || f.corpusPath;
    L.push(`- corpus file: \`${rel}\``);
    L.push(`- replay: \`${replayCommand(o.spec, rel, o.timeoutMs)}\``);
  }
  return L;
}
