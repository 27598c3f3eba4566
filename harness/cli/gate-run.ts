import type { GateFlags } from './commands/gate-flags.js';
import type { MsmImpl } from '../contract.js';
import { caseSeed, type FailureReport, type PropertySpec } from './cases.js';
import type { CountCheck, CountsFile } from '../bench/counts.js';
import type { GateSetSpec } from '../gate-sets.js';
import type { TimeStage } from '../timing/stage.js';
import { fnv1a } from '../prng.js';

/**
 * What the gate reads: the parser's flags (commands/gate-flags.ts, not copied) but the paths, which
 * the command resolves against the project root, and the --mutation and --target flags.
 */
export type GateOptions = Omit<
  GateFlags,
  | 'counts'
  | 'corpus'
  | 'vectors'
  | 'mutation'
  | 'mutationConfig'
  | 'mutationThreshold'
  | 'mutationForce'
  | 'impl'
  | 'target'
  | 'group'
  | 'shard'
  | 'timeout'
  | 'maxN'
> & {
  /** The count expectations file, resolved against the project root. */
  counts: string;
  /** True when --counts was given (a missing file is then an error, not a note). */
  countsExplicit: boolean;
  corpus: string;
  /** The official vectors folder, or null (not configured or --skip-vectors). */
  vectorsRoot: string | null;
  /** The timing stage (injected by tests; default harness/timing/stage.ts). */
  timeStage?: TimeStage;
};

/** Toy-curve runs per set: --runs, else 100 (1000 with --full). */
export const runsOf = (o: Pick<GateOptions, 'runs' | 'full'>): number => o.runs ?? (o.full ? 1000 : 100);
/** G1 oracle runs per set: --g1-runs, else 12 (120 with --full). */
export const g1RunsOf = (o: Pick<GateOptions, 'g1Runs' | 'full'>): number => o.g1Runs ?? (o.full ? 120 : 12);
/** Runs of the random gate sets: --random-runs, else 5 × the toy runs. */
export const randomRunsOf = (o: Pick<GateOptions, 'randomRuns' | 'runs' | 'full'>): number => o.randomRuns ?? 5 * runsOf(o);

export interface GatePropertyDef extends Pick<PropertySpec, 'curve' | 'minN' | 'maxN' | 'maxWindow' | 'check'> {
  id: string;
  runs: (o: GateOptions) => number;
}

/** Display name and key of the random-gate-set stage's row. */
export const RANDOM_SET = 'random gate sets';
export const RANDOM_KEY = 'random';

export function gateProperties(): GatePropertyDef[] {
  return [
    { id: 'toy n≤40', curve: 'toy', minN: 0, maxN: 40, maxWindow: 16, check: 'both', runs: runsOf },
    { id: 'toy n 100..300', curve: 'toy', minN: 100, maxN: 300, maxWindow: 8, check: 'both', runs: (o) => Math.max(1, Math.ceil(runsOf(o) / 10)) },
    { id: 'G1 oracle n≤24', curve: 'g1', minN: 1, maxN: 24, maxWindow: 8, check: 'oracle', runs: g1RunsOf },
  ];
}

/** The seed of one (set, property) pair: fixed for a given --seed. */
export function propertySeed(seed: number, setKey: string, propId: string): number {
  return caseSeed(seed, fnv1a(`${setKey}/${propId}`) & 0x3fffffff);
}

/** A row of the properties stage: a catalogue set, or the random stage's pseudo-set. */
export type GateRow = Pick<GateSetSpec, 'label' | 'gates'>;

export interface SetOutcome {
  set: GateRow;
  props: { id: string; status: 'pass' | 'fail' | 'skipped'; runs: number; ms: number; failure?: FailureReport; note?: string }[];
  ok: boolean;
}

/** One gate run: its options and inputs, and what the stages found so far (later stages read earlier ones). */
export interface GateRun {
  o: GateOptions;
  err: (s: string) => void;
  impl: MsmImpl;
  sets: GateSetSpec[];
  props: GatePropertyDef[];
  expected: CountsFile | null;
  countsNote: string;
  /** Every set's outcome, the random stage's pseudo-set last (filled by the properties stage). */
  outcomes: SetOutcome[];
  /** The sets that passed their properties (the random pseudo-set excluded): what counts and time measure. */
  passing: SetOutcome[];
  counted: CountFigures | null;
}

export interface CountFigures {
  counted: { label: string; mulTotal: number; ms?: number }[];
  failed: { label: string; note: string; ms: number }[];
  checks: CountCheck[];
  curve: string;
  n: number;
}

export const NOT_ENGINE = '➖ not applicable: the MSM under test is not the engine (--impl)';
export const failingOf = (g: GateRun) => g.outcomes.filter((s) => !s.ok);
