/**
 * Ratio measurements for the regression gate, through the bench harness's runner (bench/run.ts):
 * every set is checked against the discrete-log oracle before it is timed, its multiplications
 * are counted once, and its median is divided by the "none" median of the same run.
 *
 * Noise: on a shared machine a single tinybench run can drift by more than 10 %. `rounds` runs
 * the whole list several times (interleaving the sets) and keeps the median ratio per set, and
 * `gate` re-measures any set that looks slower before it reports a regression.
 */
import { runBench, type BenchRow } from '../../bench/run.js';
import type { GateSetSpec } from '../../bench/gate-sets.js';
import { curveOfFlag, msmUnderTest, type CurveFlag } from './cases.js';
import type { Measured } from './baseline.js';
import type { NamedGateSet } from './gate-sets.js';

export interface MeasureOptions {
  curve: CurveFlag;
  n: number;
  /** tinybench time budget per task, ms. */
  time: number;
  iterations: number;
  rounds: number;
  seed?: number;
  log?: (line: string) => void;
  /** Count multiplications (default true). */
  count?: boolean;
}

export interface MeasureResult {
  measured: Measured[];
  /** Sets whose bench correctness check failed (wrong result or error): never timed. */
  failed: { key: string; name: string; note: string }[];
  rows: BenchRow[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function measureSets(sets: readonly NamedGateSet[], o: MeasureOptions): Promise<MeasureResult> {
  const specs: GateSetSpec[] = [];
  const hasNone = sets.some((s) => s.key === 'none');
  const all = hasNone ? sets : [{ name: 'none', key: 'none', gates: Object.fromEntries(Object.keys(sets[0]?.gates ?? {}).map((k) => [k, false])) }, ...sets];
  for (const s of all) specs.push({ label: s.key, gates: s.gates, views: [], aliases: [], baseline: s.key === 'none' });
  const fault = process.env.STEPWISE_CLI_FAULT ? msmUnderTest() : undefined;
  const ratios = new Map<string, number[]>();
  const med = new Map<string, number[]>();
  const mul = new Map<string, number | null>();
  const failed = new Map<string, string>();
  let rows: BenchRow[] = [];
  for (let round = 0; round < o.rounds; round++) {
    // alternate the order between rounds so slow drifts do not always hit the same sets
    const order = round % 2 === 0 ? specs : [specs[0], ...specs.slice(1).reverse()];
    const rep = await runBench({
      curve: o.curve,
      sizes: [o.n],
      gateSets: order,
      time: o.time,
      iterations: o.iterations,
      peers: [],
      seed: o.seed,
      count: (o.count ?? true) && round === 0,
      log: o.log,
      ...(fault ? { msmImpl: (p: readonly any[], s: readonly bigint[], opt: Record<string, unknown>) => fault(p, s, opt as any) } : {}),
    });
    if (round === 0) rows = rep.rows;
    for (const r of rep.rows) {
      if (r.kind !== 'engine') continue;
      if (r.status !== 'ok') {
        failed.set(r.label, r.note ?? r.status);
        continue;
      }
      if (r.ratioToBaseline !== null) (ratios.get(r.label) ?? ratios.set(r.label, []).get(r.label)!).push(r.ratioToBaseline);
      if (r.medianMs !== null) (med.get(r.label) ?? med.set(r.label, []).get(r.label)!).push(r.medianMs);
      if (round === 0) mul.set(r.label, r.mulTotal);
    }
  }
  void curveOfFlag(o.curve);
  const measured: Measured[] = all
    .filter((s) => !failed.has(s.key))
    .map((s) => ({
      key: s.key,
      name: s.name,
      gates: s.gates,
      ratio: ratios.get(s.key)?.length ? median(ratios.get(s.key)!) : null,
      mulTotal: mul.get(s.key) ?? null,
      medianMs: med.get(s.key)?.length ? median(med.get(s.key)!) : null,
    }));
  return {
    measured,
    failed: [...failed].map(([key, note]) => ({ key, name: all.find((s) => s.key === key)?.name ?? key, note })),
    rows,
  };
}
