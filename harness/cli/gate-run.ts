import type { MsmImpl } from '../contract.js';
import { caseSeed, type CheckKind, type CurveFlag, type FailureReport } from './cases.js';
import type { CountCheck, CountsFile } from '../bench/counts.js';
import type { Family, GateSetSpec } from '../gate-sets.js';
import type { TimeStage } from '../timing/stage.js';

export interface GateOptions {
  seed: number;
  families: Family[];
  /** Runs of the toy property per set (the other properties scale from it). */
  runs: number;
  g1Runs: number;
  full: boolean;
  vectorsRoot: string | null;
  skipVectors: boolean;
  /** No counts and no timing. */
  skipBench: boolean;
  /** Count expectations file (bench/expected-counts.json). */
  counts: string;
  /** True when --counts was given (a missing file is then an error, not a note). */
  countsExplicit: boolean;
  /** `--against`: a git ref, 'none', or null for the default reference. */
  against: string | null;
  /** No timing stage at all. */
  skipTime: boolean;
  /** Families timed against the reference. */
  timeSets: Family[];
  timeN: number;
  timeRounds: number;
  /** Budget per side, set and round, ms. */
  timeBudget: number;
  /** Allowed slow-down of the median ratio (fraction, 0.1 = 10 %). */
  tolerance: number;
  /** Seed of the bootstrap (printed). */
  bootSeed: number;
  corpus: string;
  junit: string | null;
  /** Runs of the toy property with a random gate set per case (0 = skip that stage). */
  randomRuns: number;
  /** The timing stage (injected by tests; default harness/timing/stage.ts). */
  timeStage?: TimeStage;
  /** Skip the engine-check catalogue (harness/checks/). */
  skipChecks?: boolean;
  /** Run only the catalogue entries whose id contains this text (case-insensitive). */
  checksFilter?: string;
  /** Stop at the first failure (property, check, vectors or soundness); later stages are reported as skipped. */
  bail?: boolean;
}

export interface GatePropertyDef {
  id: string;
  curve: CurveFlag;
  minN: number;
  maxN: number;
  maxWindow: number;
  check: CheckKind;
  runs: (o: GateOptions) => number;
}

/** Display name and key of the random-gate-set stage's row. */
export const RANDOM_SET = 'random gate sets';
export const RANDOM_KEY = 'random';

export function gateProperties(): GatePropertyDef[] {
  return [
    { id: 'toy n≤40', curve: 'toy', minN: 0, maxN: 40, maxWindow: 16, check: 'both', runs: (o) => o.runs },
    { id: 'toy n 100..300', curve: 'toy', minN: 100, maxN: 300, maxWindow: 8, check: 'both', runs: (o) => Math.max(1, Math.ceil(o.runs / 10)) },
    { id: 'G1 oracle n≤24', curve: 'g1', minN: 1, maxN: 24, maxWindow: 8, check: 'oracle', runs: (o) => o.g1Runs },
  ];
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The seed of one (set, property) pair: fixed for a given --seed. */
export function propertySeed(seed: number, setKey: string, propId: string): number {
  return caseSeed(seed, fnv(`${setKey}/${propId}`) & 0x3fffffff);
}

/** A row of the properties stage: a catalogue set, or the random stage's pseudo-set. */
export interface GateRow {
  label: string;
  gates: Readonly<Record<string, boolean>>;
}

export interface SetOutcome {
  set: GateRow;
  props: { id: string; status: 'pass' | 'fail' | 'skipped'; runs: number; ms: number; failure?: FailureReport; note?: string }[];
  ok: boolean;
  /** Smallest failing n over its failing properties. */
  minN: number | null;
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
