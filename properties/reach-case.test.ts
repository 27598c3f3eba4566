/**
 * The reach-driven case generator (harness/arbitraries/reach-case.ts): every target of every
 * step's declared reach yields cases that carry it (entry point, window, wide window on G1, n
 * around each threshold, a batch larger than each cap, tunings, threads, scalar and input
 * classes), a step added to a registry gets its declared edges drawn with no edit of the
 * harness, and the cases pass the contract through their entry points.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { G1, G2, TOY, closeWorkerPool, type AnyCurve } from '../src/index.js';
import { MAX_WINDOW, STEPS, reach, type Step } from '../src/optimized/index.js';
import { REACH_DEFAULTS, reachCaseFailure, defaultReachCases, describeReachCase, reachCaseArb, type ReachCase } from '../harness/arbitraries/reach-case.js';
import { defaultBudget, reachEdges, type ReachItem } from '../harness/reach-items.js';
import { runs } from '../harness/config.js';

afterAll(async () => {
  await closeWorkerPool();
});

const bits = (c: AnyCurve) => c.scalarBits;

/** Whether scalar s is of the class (independent of the generator's own bookkeeping). */
function isOfClass(curve: AnyCurve, cls: string, s: bigint, window: number): boolean {
  const b = bits(curve);
  switch (cls) {
    case 'fullSize':
      return s >> BigInt(b - 1) === 1n && s < curve.order;
    case 'zeroDigits': {
      if (s >> BigInt(b - 1) !== 1n) return false;
      const c = BigInt(window);
      if (Math.floor((b - 1) / window) === 0) return true; // one window holds the whole scalar
      for (let w = 0n; (w + 1n) * c <= BigInt(b - 1); w++) if (((s >> (w * c)) & ((1n << c) - 1n)) === 0n) return true;
      return false;
    }
    case 'carries': {
      // every digit of some width c is 2^(c−1) or 2^(c−1) ± 1 below the top window
      for (let c = 1; c <= 16; c++) {
        const half = 1n << BigInt(c - 1);
        let ok = true;
        for (let w = 0; (w + 1) * c < b - c && ok; w++) {
          const d = (s >> BigInt(w * c)) & ((1n << BigInt(c)) - 1n);
          if (d !== half && d !== half - 1n && d !== half + 1n) ok = false;
        }
        if (ok) return true;
      }
      return s >= curve.order - 1000n; // reduced mod r: allowed to wrap only near r
    }
    case 'small':
      return s > 0n && s < 1n << BigInt(Math.floor(b / 2));
    case 'nearOrder':
      return s >= curve.order - 1000n && s < curve.order;
  }
  return false;
}

function hasInput(c: ReachCase, cls: string): boolean {
  const r = c.curve.order;
  const ks = c.points.map((p) => p.k);
  const pairs = (f: (i: number, j: number) => boolean) => ks.some((_, i) => ks.some((__, j) => i !== j && f(i, j)));
  switch (cls) {
    case 'zeroScalars':
      return c.scalars.includes(0n);
    case 'identity':
      return ks.includes(0n);
    case 'duplicates':
      return pairs((i, j) => ks[i] === ks[j] && c.scalars[i] === c.scalars[j]);
    case 'opposite':
      return pairs((i, j) => ks[i] === (r - ks[j]) % r && c.scalars[i] === c.scalars[j]);
    case 'collisions':
      return c.scalars.some((s) => c.scalars.filter((x) => x === s).length >= 3);
  }
  return false;
}

/** Checks that the case carries its target item; returns what is wrong, or undefined. */
function carries(c: ReachCase, step: Step, it: ReachItem): string | undefined {
  const r = step.reach!;
  const n = c.points.length;
  const windowAsked = c.onHandle ? c.prepareWindow : c.window;
  switch (it.kind) {
    case 'entry':
      if (c.entry !== it.entry) return `entry ${c.entry}`;
      if (it.entry === 'prepared' && !c.onHandle) return 'prepared entry without a handle';
      return undefined;
    case 'window':
      return (it.window === 'auto' ? windowAsked === undefined : windowAsked === it.window) ? undefined : `window ${windowAsked}`;
    case 'wideG1':
      if (c.curve !== G1 || windowAsked !== MAX_WINDOW) return `curve ${c.curve.id} window ${windowAsked}`;
      return c.scalars.every((s) => isOfClass(G1, 'fullSize', s, 16) || (s === 0n && c.inputClasses.includes('zeroScalars')))
        ? undefined
        : 'a scalar is not full-size';
    case 'curve':
      return c.curve.id === it.id ? undefined : `curve ${c.curve.id}`;
    case 'size':
      return n === it.n ? undefined : `n = ${n}`;
    case 'threshold': {
      const th = r.thresholds.find((t) => t.name === it.name)!;
      const at = it.knobValue ?? th.at;
      if (n !== at + it.offset) return `n = ${n}, want ${at + it.offset}`;
      if (it.knobValue !== undefined && c.tuning?.[th.knob!] !== it.knobValue) return `tuning ${JSON.stringify(c.tuning)}`;
      if (c.scalars.includes(0n) || c.points.some((p) => p.k === 0n)) return 'a zero term (n after the transforms would differ)';
      return undefined;
    }
    case 'cap': {
      const cap = r.caps.find((x) => x.name === it.name)!;
      if (c.tuning?.[cap.knob] !== it.value) return `tuning ${JSON.stringify(c.tuning)}`;
      // windows of 1–2 bits: at most 2 buckets, so some round has more than n/4 > cap additions
      if (windowAsked === undefined || windowAsked > 2 || n < 4 * it.value + 4) return `window ${windowAsked}, n = ${n}`;
      return undefined;
    }
    case 'tuning':
      return JSON.stringify(c.tuning) === JSON.stringify(it.tuning) ? undefined : `tuning ${JSON.stringify(c.tuning)}`;
    case 'threads':
      return c.threads === it.threads ? undefined : `threads ${c.threads}`;
    case 'scalar':
      // a planted zero scalar is the only other value allowed
      return c.scalars.every((s) => isOfClass(c.curve, it.cls, s, windowAsked ?? 4) || (s === 0n && c.inputClasses.includes('zeroScalars')))
        ? undefined
        : `scalars ${c.scalars.map((s) => s.toString(16)).join(',')}`;
    case 'input':
      return hasInput(c, it.cls) ? undefined : 'class not planted';
  }
}

describe('reach cases: each declared item is carried by the cases drawn for it', () => {
  for (const curve of [TOY, G1, G2])
    it(`${curve.id}: every target of every step`, () => {
      const edges = reachEdges(curve);
      // G2 carries only the items of the steps that name it (reach.curves)
      expect(edges.length).toBeGreaterThan(curve === G2 ? 0 : 20);
      const wrong: string[] = [];
      edges.forEach((t, k) => {
        for (const c of fc.sample(reachCaseArb(curve, { edge: t }), { seed: 1000 + k, numRuns: 2 })) {
          const why = carries(c, t.step, t.item);
          if (why !== undefined) wrong.push(`${t.label}: ${why} (${describeReachCase(c)})`);
          if (t.step.id !== 'baseline' && !c.gates[t.step.id]) wrong.push(`${t.label}: gate off`);
          if (c.points.length > defaultBudget(curve).maxN) wrong.push(`${t.label}: n = ${c.points.length} over the budget`);
        }
      });
      expect(wrong).toEqual([]);
    });

  it('the wide-window target exists only on BLS12-381 G1, thresholds above the G1 budget only on the toy curve', () => {
    expect(reachEdges(G1).some((t) => t.item.kind === 'wideG1')).toBe(true);
    expect(reachEdges(TOY).some((t) => t.item.kind === 'wideG1')).toBe(false);
    const big = (t: { item: ReachItem; label: string }) => t.item.kind === 'threshold' && t.item.knobValue === undefined && t.label.includes('MIN_POINTS');
    expect(reachEdges(TOY).filter(big)).toHaveLength(3);
    expect(reachEdges(G1).filter(big)).toHaveLength(0);
  });

  it('BLS12-381 G1: every declared window above the budget is drawn, at n ≤ 3 without tuning (the toy curve has one window from 11 bits up)', () => {
    const budget = defaultBudget(G1);
    const wide = reachEdges(G1).filter((t) => t.item.kind === 'window' && t.item.window !== 'auto' && t.item.window > budget.maxWindow);
    for (const w of [9, 13, 15]) expect(wide.filter((t) => t.item.kind === 'window' && t.item.window === w).map((t) => t.step.id)).toContain('baseline');
    // after every other edge: those keep their index, so the seed of their cases
    const all = reachEdges(G1);
    expect(all.slice(all.length - wide.length)).toEqual(wide);
    // window 16: the wide-window edge of the steps that declare it
    expect(wide.filter((t) => t.item.kind === 'window' && t.item.window === MAX_WINDOW && t.step.reach!.wideG1)).toEqual([]);
    const labels = new Set(wide.map((t) => t.label));
    const cases = defaultReachCases(G1, { filter: (t) => labels.has(t.label) });
    expect(cases.length).toBe(wide.length * REACH_DEFAULTS.runsPerEdge);
    for (const c of cases) {
      expect(c.points.length).toBeLessThanOrEqual(3);
      expect(c.tuning).toBeUndefined();
      expect(c.onHandle ? c.prepareWindow : c.window).toBeGreaterThan(budget.maxWindow);
    }
  });

  it('a fixed gate set draws only from its active steps (and step 00)', () => {
    const gates = Object.fromEntries(STEPS.map((s) => [s.id, s.id === STEPS[0].id]));
    const ids = new Set(reachEdges(TOY, gates).map((t) => t.step.id));
    expect([...ids].sort()).toEqual(['baseline', STEPS[0].id].sort());
    for (const c of fc.sample(reachCaseArb(TOY, { gates }), { seed: 7, numRuns: 50 })) expect(c.gates).toEqual(gates);
  });
});

describe('a step added to the registry has its declared reach drawn, with no edit of the harness', () => {
  const FAKE_CUT = 33;
  const fake: Step = {
    id: 'fakeEdge',
    step: 99,
    title: 'a test step that only declares its reach',
    default: false,
    reach: reach({
      entries: ['prepared', 'async'],
      windows: [7, 'auto'],
      thresholds: [{ name: 'FAKE_CUT', at: FAKE_CUT, side: 'atOrBelow' }],
      caps: [{ name: 'fake cap', knob: 'maxBatch', values: [2] }],
      tunings: [{ segments: 5 }],
      threads: [4],
      scalars: ['nearOrder'],
      inputs: ['collisions'],
    }),
  };
  const registry = [...STEPS, fake];
  const gates = Object.fromEntries(registry.map((s) => [s.id, s === fake]));

  it('its items are edges, and the gate set it is on in draws cases carrying each of them', () => {
    const edges = reachEdges(TOY, gates, undefined, registry).filter((t) => t.step === fake);
    expect(edges.map((t) => t.label)).toEqual([
      'fakeEdge: entry prepared',
      'fakeEdge: entry async',
      'fakeEdge: window 7',
      'fakeEdge: window auto',
      'fakeEdge: FAKE_CUT − 1',
      'fakeEdge: FAKE_CUT',
      'fakeEdge: FAKE_CUT + 1',
      'fakeEdge: a batch larger than fake cap = 2',
      'fakeEdge: tuning {"segments":5}',
      'fakeEdge: threads 4',
      'fakeEdge: scalars nearOrder',
      'fakeEdge: inputs collisions',
    ]);
    // random draws over the union (step 00 and the fake step): every fake item shows up
    const cases = fc.sample(reachCaseArb(TOY, { gates, registry }), { seed: 99, numRuns: runs(400) });
    const missing = edges.filter((t) => !cases.some((c) => c.edge === t.label && carries(c, fake, t.item) === undefined));
    expect(missing.map((t) => t.label)).toEqual([]);
    const ns = new Set(cases.filter((c) => c.edge.startsWith('fakeEdge: FAKE_CUT')).map((c) => c.points.length));
    expect([...ns].sort()).toEqual([FAKE_CUT - 1, FAKE_CUT, FAKE_CUT + 1]);
    expect(cases.some((c) => c.onHandle && c.prepareWindow === 7)).toBe(true);
    expect(cases.filter((c) => c.edge.startsWith('fakeEdge')).every((c) => c.threads === 4)).toBe(true);
  });

  it('the default reach cases include the fake step with every gate random (it is forced on in its cases)', () => {
    const cases = defaultReachCases(TOY, { registry, filter: (t) => t.step === fake });
    expect(cases).toHaveLength(12 * REACH_DEFAULTS.runsPerEdge);
    expect(cases.every((c) => c.gates.fakeEdge === true)).toBe(true);
  });
});

describe('reach cases pass the contract through their entry points', () => {
  it('toy curve: random edges of the default registry (msm, prepare() handles, msmAsync)', async () => {
    const cases = fc.sample(reachCaseArb(TOY), { seed: 4242, numRuns: runs(120) });
    expect(new Set(cases.map((c) => c.entry))).toEqual(new Set(['plain', 'prepared', 'async']));
    for (const c of cases) expect(await reachCaseFailure(c)).toBeUndefined();
  });

  it('BLS12-381 G1: window 16 with full-size scalars, on points and on a handle', async () => {
    const wide = reachEdges(G1).filter((t) => t.item.kind === 'wideG1' && (t.step.reach!.entries.includes('prepared') || t.step.id === 'baseline'));
    expect(wide.length).toBeGreaterThan(0);
    const cases = wide.slice(0, 3).flatMap((t, k) => fc.sample(reachCaseArb(G1, { edge: t }), { seed: 77 + k, numRuns: 1 }));
    for (const c of cases) expect(await reachCaseFailure(c, 'oracle')).toBeUndefined();
  });
});
