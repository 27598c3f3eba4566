/**
 * Ratio measurements for the regression gate, through the bench harness's runner (bench/run.ts):
 * every set is checked against the discrete-log oracle before it is timed, its multiplications
 * are counted once, and its median is divided by the "none" median of the same run.
 *
 * Noise: on a shared machine the load changes while the sets are timed one after the other, and
 * a single ratio to one "none" timing drifted by up to 40 % here. So "none" is timed again after
 * every 4 sets and each set is divided by the mean of the nearest "none" timings before and after
 * it; `rounds` repeats the whole list (order reversed every other round) and keeps the median
 * ratio per set; and `gate` re-measures any set that looks slower before reporting it.
 */
import { runBench, type BenchRow } from '../bench/run.js';
import type { GateSetSpec } from '../bench/gate-sets.js';
import type { MsmImpl } from '../contract.js';
import { curveOfFlag, type CurveFlag } from './cases.js';
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
  /** An MSM to time instead of the engine (the command's implementation under test; no counts then). */
  impl?: MsmImpl;
}

export interface MeasureResult {
  measured: Measured[];
  /** Sets whose bench correctness check failed (wrong result or error): never timed. */
  failed: { key: string; name: string; note: string }[];
  rows: BenchRow[];
}

/** Label prefix of the extra "none" timings interleaved with the sets. */
const NONE_COPY = 'none (again) #';

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
  const fault = o.impl;
  const ratios = new Map<string, number[]>();
  const med = new Map<string, number[]>();
  const mul = new Map<string, number | null>();
  const failed = new Map<string, string>();
  let rows: BenchRow[] = [];
  const NONE_EVERY = 4;
  for (let round = 0; round < o.rounds; round++) {
    // alternate the order between rounds, and time "none" again after every NONE_EVERY sets:
    // each set is divided by the mean of the nearest "none" timings before and after it, so a
    // change of machine load during the run does not shift the ratios of the later sets
    const others = specs.filter((x) => !x.baseline);
    const seq = round % 2 === 0 ? others : [...others].reverse();
    const order: GateSetSpec[] = [specs.find((x) => x.baseline)!];
    seq.forEach((x, i) => {
      order.push(x);
      if ((i + 1) % NONE_EVERY === 0 || i === seq.length - 1)
        order.push({ label: `${NONE_COPY}${order.length}`, gates: order[0].gates, views: [], aliases: [], baseline: false });
    });
    const rep = await runBench({
      curve: o.curve,
      sizes: [o.n],
      gateSets: order,
      time: o.time,
      iterations: o.iterations,
      peers: [],
      seed: o.seed,
      count: (o.count ?? true) && round === 0,
      log: o.log ? (line) => o.log!(line.replace(/none \(again\) #\d+/, 'none')) : undefined,
      ...(fault ? { msmImpl: (p: readonly any[], s: readonly bigint[], opt: Record<string, unknown>) => fault(p, s, opt as any) } : {}),
    });
    if (round === 0) rows = rep.rows.filter((r) => !r.label.startsWith(NONE_COPY));
    const at = (label: string) => rep.rows.find((r) => r.kind === 'engine' && r.label === label);
    // "none" timings in measurement order (index in `order`, median)
    const noneAt: { i: number; ms: number }[] = [];
    order.forEach((x, i) => {
      const r = at(x.label);
      if ((x.baseline || x.label.startsWith(NONE_COPY)) && r?.status === 'ok' && r.medianMs) noneAt.push({ i, ms: r.medianMs });
    });
    order.forEach((x, i) => {
      if (x.label.startsWith(NONE_COPY)) return;
      const r = at(x.label);
      if (!r) return;
      if (r.status !== 'ok') {
        failed.set(r.label, r.note ?? r.status);
        return;
      }
      if (round === 0) mul.set(r.label, r.mulTotal);
      if (r.medianMs === null) return;
      (med.get(r.label) ?? med.set(r.label, []).get(r.label)!).push(r.medianMs);
      if (x.baseline) {
        (ratios.get(r.label) ?? ratios.set(r.label, []).get(r.label)!).push(1);
        return;
      }
      const before = [...noneAt].reverse().find((z) => z.i < i);
      const after = noneAt.find((z) => z.i > i);
      const ref = before && after ? (before.ms + after.ms) / 2 : (before ?? after)?.ms;
      if (ref) (ratios.get(r.label) ?? ratios.set(r.label, []).get(r.label)!).push(r.medianMs / ref);
    });
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
