/**
 * The checker checks itself: before `gate --target` and `conformance` judge anyone's MSM, they
 * run targets that are wrong on purpose (harness/targets/fixtures/faulty.mjs, one fault each)
 * through the same code path — the cmd: client and its framing rules, the in-process wrappers,
 * the case generator, the answer keys, the verdicts — and refuse to judge (exit 3) when one of
 * them is not caught with its expected verdict, or when the correct one does not agree on every
 * input class of both groups. Each harness rule (a wrong sum is `wrong`, a short or non-hex reply
 * `protocol`, a hang `timeout`, a dead process `crash`, an accepted invalid input
 * `accepts-invalid`) is then exercised on every run, not only by the tests.
 *
 * Small and fixed: n ≤ 3, a fixed seed (a self-check is reproducible, not a campaign), failures
 * not shrunk, every fixture in parallel (its own process): a few seconds.
 */
import { fileURLToPath } from 'node:url';
import { INVALID_CLASSES, TARGET_CLASSES, VALID_CLASSES, type TargetClass } from '../arbitraries/target-case.js';
import { fuzzTarget, type VerdictKind } from './check.js';
import { cmdTarget } from './cmd.js';
import { fromHex } from './eip2537.js';
import { shellQuote } from '../format.js';
import { bytesTarget } from './in-process.js';
import { pointPool } from './pool.js';
import type { Group, Target } from './target.js';

export const FAULTY_SCRIPT: string = fileURLToPath(new URL('./fixtures/faulty.mjs', import.meta.url));
const LIB = new URL('./fixtures/lib.mjs', import.meta.url).href;

export interface SelfCheckRow {
  /** The fixture: `cmd:faulty <fault>` or `in-process <fault>`. */
  fixture: string;
  group: Group;
  classes: readonly TargetClass[];
  expected: VerdictKind;
  /** The verdict it got (agrees: nothing caught). */
  got: VerdictKind;
  ok: boolean;
  detail: string;
  cases: number;
  ms: number;
}

export interface SelfCheckResult {
  ok: boolean;
  rows: SelfCheckRow[];
  ms: number;
}

interface Fixture {
  fault: string;
  inProcess?: boolean;
  group: Group;
  classes: readonly TargetClass[];
  expected: VerdictKind;
  timeoutMs?: number;
  runs: number;
}

const SEED = 20261;
const MAX_N = 3;

/** The fixtures and what each must get (faults of faulty.mjs; see its header). */
export const SELF_CHECK_FIXTURES: readonly Fixture[] = [
  // the correct one agrees on every class of both groups: the answer keys are right
  ...(['g1', 'g2'] as const).flatMap((group) => TARGET_CLASSES.map((k): Fixture => ({ fault: 'correct', group, classes: [k], expected: 'agrees', runs: 1 }))),
  { fault: 'drop-last', group: 'g1', classes: ['random-points'], expected: 'wrong', runs: 20 },
  { fault: 'no-subgroup-check', group: 'g1', classes: ['not-in-subgroup'], expected: 'accepts-invalid', runs: 5 },
  { fault: 'rejects-scalar-ge-r', group: 'g1', classes: ['scalar-above-r'], expected: 'rejects-valid', runs: 20 },
  { fault: 'crash-on-infinity', group: 'g1', classes: ['infinity'], expected: 'crash', runs: 10 },
  { fault: 'hang', group: 'g1', classes: ['scalar-zero-one'], expected: 'timeout', timeoutMs: 1000, runs: 20 },
  { fault: 'nothex', group: 'g1', classes: ['random-points'], expected: 'protocol', runs: 2 },
  { fault: 'short', group: 'g1', classes: ['random-points'], expected: 'protocol', runs: 2 },
  { fault: 'twolines', group: 'g1', classes: ['random-points'], expected: 'protocol', runs: 2 },
  // the in-process wrappers (module: and built-in targets)
  { fault: 'drop-last', inProcess: true, group: 'g1', classes: ['random-points'], expected: 'wrong', runs: 20 },
  { fault: 'short', inProcess: true, group: 'g1', classes: ['random-points'], expected: 'protocol', runs: 2 },
  { fault: 'hang', inProcess: true, group: 'g1', classes: ['scalar-zero-one'], expected: 'timeout', timeoutMs: 500, runs: 20 },
  { fault: 'no-subgroup-check', inProcess: true, group: 'g1', classes: ['not-in-subgroup'], expected: 'accepts-invalid', runs: 5 },
];

/** An in-process target with a fault, on the fixtures' noble MSM (bytesTarget: the module: path); a hang is a promise never settled. */
async function inProcessFixture(fault: string): Promise<Target> {
  const { faultyReply } = (await import(LIB)) as { faultyReply: (fault: string, g: Group, b: Uint8Array, bugs?: object) => string | undefined };
  return bytesTarget({ spec: `in-process ${fault}`, groups: ['g1', 'g2'] }, (input, group) => {
    const hex = faultyReply(fault, group, input, fault === 'no-subgroup-check' ? { noSubgroupCheck: true } : {});
    return hex === undefined ? new Promise(() => {}) : fromHex(hex);
  });
}

async function openFixture(f: Fixture): Promise<Target> {
  return f.inProcess
    ? await inProcessFixture(f.fault)
    : cmdTarget(`${shellQuote(process.execPath)} ${shellQuote(FAULTY_SCRIPT)} ${f.fault}`, {
        spec: `cmd:faulty ${f.fault}`,
        timeoutMs: f.timeoutMs ?? 10_000,
        startupMs: 10_000,
      });
}

async function runOn(target: Target, f: Fixture): Promise<SelfCheckRow> {
  const t0 = performance.now();
  const base = { fixture: target.spec, group: f.group, classes: f.classes, expected: f.expected };
  try {
    const r = await fuzzTarget(target, {
      seed: SEED,
      runs: f.runs,
      group: f.group,
      maxN: MAX_N,
      classes: f.classes,
      poolSeed: SEED,
      shrink: () => false,
      // the correct fixture (an independent EIP-2537 on noble) checks the answer keys
      audit: 'never',
      ...(f.timeoutMs !== undefined ? { timeoutMs: f.timeoutMs } : {}),
    });
    const v = r.failures[0]?.verdict;
    const got: VerdictKind = v?.kind ?? 'agrees';
    return { ...base, got, ok: got === f.expected, detail: v?.detail.split('\n')[0] ?? '', cases: r.cases, ms: performance.now() - t0 };
  } catch (e) {
    return {
      ...base,
      got: 'agrees',
      ok: false,
      detail: `the self-check itself failed: ${(e as Error)?.message ?? String(e)}`,
      cases: 0,
      ms: performance.now() - t0,
    };
  }
}

/**
 * Runs every fixture (in parallel) and says whether each got its expected verdict. With `pools`,
 * also builds (and so checks, entry by entry) the point pools the run itself will use: a wrong
 * pool entry stops it here, before any target is judged.
 */
export async function selfCheck(fixtures: readonly Fixture[] = SELF_CHECK_FIXTURES, pools?: { maxN: number; seed: number }): Promise<SelfCheckResult> {
  const t0 = performance.now();
  const poolRows: SelfCheckRow[] = [];
  if (pools)
    for (const group of ['g1', 'g2'] as const)
      try {
        pointPool(group, pools.maxN, pools.seed);
      } catch (e) {
        const detail = `the point pool of the run failed its check: ${(e as Error)?.message ?? String(e)}`;
        poolRows.push({ fixture: 'point pool', group, classes: [], expected: 'agrees', got: 'agrees', ok: false, detail, cases: 0, ms: 0 });
      }
  // the fixtures draw from pools built the same way: with a broken pool, their rows would only repeat it
  if (poolRows.length) return { ok: false, rows: poolRows, ms: performance.now() - t0 };
  // the correct fixture's cells share one process per group; every other fixture has its own
  const shared = (f: Fixture) => f.fault === 'correct' && !f.inProcess;
  const byGroup = new Map<Group, Fixture[]>();
  for (const f of fixtures.filter(shared)) byGroup.set(f.group, [...(byGroup.get(f.group) ?? []), f]);
  const batches = [...byGroup.values(), ...fixtures.filter((f) => !shared(f)).map((f) => [f])];
  const rows = (await Promise.all(batches.map(runBatch))).flat();
  return { ok: rows.every((r) => r.ok), rows, ms: performance.now() - t0 };
}

/** Fixtures that share a target (opened and closed here), in turn. */
async function runBatch(fixtures: readonly Fixture[]): Promise<SelfCheckRow[]> {
  const target = await openFixture(fixtures[0]);
  try {
    const rows: SelfCheckRow[] = [];
    for (const f of fixtures) rows.push(await runOn(target, f));
    return rows;
  } finally {
    await target.close();
  }
}

/** One line for the log, or the refusal's text: every fixture that was not caught as expected. */
export function selfCheckText(r: SelfCheckResult): string {
  const faulty = r.rows.filter((x) => x.expected !== 'agrees');
  const correct = r.rows.filter((x) => x.expected === 'agrees');
  if (r.ok)
    return `self-check: ${faulty.length} targets wrong on purpose caught with their expected verdicts (${[...new Set(faulty.map((x) => x.expected))].join(', ')}), the correct one agrees on ${correct.length} class cells (${VALID_CLASSES.length + INVALID_CLASSES.length} classes × G1, G2) — ${(r.ms / 1000).toFixed(1)} s`;
  const bad = r.rows.filter((x) => !x.ok);
  return [
    `the harness failed its own self-check, so it will not judge the target (a bug of stepwise-msm, not of the target: please report it): ${
      bad.every((x) => x.fixture === 'point pool') ? 'its point pool failed its check' : `${bad.length} of ${r.rows.length} fixture(s) not caught as expected`
    }:`,
    ...bad.map((x) =>
      x.fixture === 'point pool'
        ? `  - ${x.group}: ${x.detail.slice(0, 300)}`
        : `  - ${x.fixture} on ${x.group} ${x.classes.join(',')}: expected ${x.expected}, got ${x.got}${x.detail ? ` (${x.detail.slice(0, 300)})` : ''} after ${x.cases} case(s)`
    ),
  ].join('\n');
}
