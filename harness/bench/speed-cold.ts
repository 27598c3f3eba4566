/**
 * The speed suite's cold-start table: what a process that computes a few commitments meets.
 * Each measurement is a fresh `node` process (speed-cold-child.ts), ours and c-kzg's alternated
 * (ours first on even runs, c-kzg first on odd ones), `runs` of each; the table shows medians.
 *
 * Per process: import + createKzg() (c-kzg: load + loadTrustedSetup(0)), three
 * blobToKzgCommitment calls, then three computeCellsAndKzgProofs calls (a library may build its
 * tables in the first call, a later one or never; the third is the steady one). The cold totals
 * are per process, then the median: commit = create + first commitment; cells = that + first
 * cells call. Every run's commitment and cells hash must agree with every other run's and with
 * the peer's; a run that disagrees or fails makes its side n/a with the reason. One extra
 * process of ours, not timed, runs the first and second call of each under the V8 sampling
 * profiler: the breakdown of where they go.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../format.js';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './profile.js';

export type ColdLib = 'ours' | 'ckzg';
export type ColdStage = 'create' | 'commit' | 'cells';

/** One fresh process's figures (ms) and results. */
export interface ColdRun {
  lib: ColdLib;
  /** node start → the child's first line (node boot, the module loader). */
  bootMs: number;
  /** import + createKzg() / c-kzg load + loadTrustedSetup(0). */
  createMs: number;
  /** the first, second and third blobToKzgCommitment of the process. */
  commitMs?: number;
  commit2Ms?: number;
  commit3Ms?: number;
  /** the first, second and third computeCellsAndKzgProofs (after the commitments). */
  cellsMs?: number;
  cells2Ms?: number;
  cells3Ms?: number;
  commitment?: string;
  cellsHash?: string;
  /** spawn → exit, as the parent saw it. */
  wallMs: number;
}

/** One library's medians over its fresh processes (ms), with the cold totals. */
export type ColdSide = Required<Omit<ColdRun, 'lib' | 'commitment' | 'cellsHash'>> &
  Pick<ColdRun, 'commitment' | 'cellsHash'> & {
    runs: number;
    /** median over the processes of create + first commitment. */
    coldCommitMs: number;
    /** median over the processes of create + first commitment + first cells call. */
    coldCellsMs: number;
  };

/** The cold-start table (`measureColdStart`). */
export interface ColdResult {
  runs: number;
  stage: ColdStage;
  /** A side's medians, or why it is n/a. */
  ours: ColdSide | string;
  ckzg: ColdSide | string;
  /** Why the two disagree (undefined when they agree or one side is n/a). */
  disagree?: string;
  /** The first and second calls of one untimed process of ours under the profiler (or why not). */
  profile?: { commit?: ProfileSummary; commit2?: ProfileSummary; cells?: ProfileSummary; cells2?: ProfileSummary } | string;
}

const med = (xs: (number | undefined)[]) => {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? median(v) : NaN;
};

/** Medians of one library's runs; a string when a run failed or the runs disagree with each other. */
export function summarizeCold(runs: readonly (ColdRun | string)[]): ColdSide | string {
  const failed = runs.find((r): r is string => typeof r === 'string');
  if (failed !== undefined) return failed;
  const ok = runs as ColdRun[];
  if (ok.length === 0) return 'no run';
  for (const key of ['commitment', 'cellsHash'] as const) {
    const seen = new Set(ok.map((r) => r[key]));
    if (seen.size > 1) return `the runs disagree on the ${key === 'commitment' ? 'commitment' : 'cells and proofs'} (${seen.size} different values)`;
  }
  const times = ['createMs', 'commitMs', 'commit2Ms', 'commit3Ms', 'cellsMs', 'cells2Ms', 'cells3Ms'] as const;
  return {
    runs: ok.length,
    ...(Object.fromEntries(times.map((k) => [k, med(ok.map((r) => r[k]))])) as Record<(typeof times)[number], number>),
    coldCommitMs: med(ok.map((r) => (r.commitMs === undefined ? undefined : r.createMs + r.commitMs))),
    coldCellsMs: med(ok.map((r) => (r.commitMs === undefined || r.cellsMs === undefined ? undefined : r.createMs + r.commitMs + r.cellsMs))),
    wallMs: med(ok.map((r) => r.wallMs)),
    bootMs: med(ok.map((r) => r.bootMs)),
    commitment: ok[0].commitment,
    cellsHash: ok[0].cellsHash,
  };
}

/** Why ours and the peer's results differ, or undefined when they agree. */
export function coldDisagreement(ours: ColdSide, peer: ColdSide, peerName = 'c-kzg'): string | undefined {
  if (ours.commitment !== peer.commitment)
    return `${peerName}'s first commitment differs from ours (${peer.commitment?.slice(0, 16)}… vs ${ours.commitment?.slice(0, 16)}…)`;
  if (ours.cellsHash !== peer.cellsHash)
    return `${peerName}'s cells and proofs differ from ours (SHA-256 ${peer.cellsHash?.slice(0, 16)}… vs ${ours.cellsHash?.slice(0, 16)}…)`;
  return undefined;
}

/** Runs harness/bench/<name> in a fresh node without NODE_OPTIONS (through tsx when the harness runs from its sources). */
export function spawnBenchChild(name: string, args: readonly string[], timeout: number) {
  const ts = import.meta.url.endsWith('.ts');
  const child = fileURLToPath(new URL(`./${name}.${ts ? 'ts' : 'js'}`, import.meta.url));
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const node = ts ? ['--import', import.meta.resolve('tsx'), child] : [child];
  return spawnSync(process.execPath, [...node, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 20, timeout });
}

/** One fresh process; its figures or the reason it failed. */
export function runColdChild(lib: ColdLib, seed: number, stage: ColdStage, profilePath?: string): ColdRun | string {
  const t0 = performance.now();
  const r = spawnBenchChild('speed-cold-child', [lib, String(seed), stage, ...(profilePath ? [profilePath] : [])], 15 * 60_000);
  const wallMs = performance.now() - t0;
  const last = (r.stdout || '').trim().split('\n').pop() ?? '';
  let j: any;
  try {
    j = JSON.parse(last);
  } catch {
    return `${lib} child exited ${r.status ?? r.signal} without a result: ${(r.stderr || '').trim().split('\n').slice(-1)[0] ?? ''}`;
  }
  if (j.error) return String(j.error);
  if (r.status !== 0) return `${lib} child exited ${r.status ?? r.signal}`;
  return { ...j, wallMs } as ColdRun;
}

/** The cold-start table: `runs` fresh processes of each library, alternated, then one profiled process of ours. */
export async function measureColdStart(
  opts: { runs: number; seed: number; stage?: ColdStage; profile?: boolean },
  log: (line: string) => void = () => {}
): Promise<ColdResult> {
  const stage = opts.stage ?? 'cells';
  const runs: Record<ColdLib, (ColdRun | string)[]> = { ours: [], ckzg: [] };
  let ckzgGone: string | undefined;
  for (let i = 0; i < opts.runs; i++) {
    const order: ColdLib[] = i % 2 ? ['ckzg', 'ours'] : ['ours', 'ckzg'];
    for (const lib of order) {
      if (lib === 'ckzg' && ckzgGone !== undefined) continue;
      log(`[speed] cold start ${i + 1}/${opts.runs}: ${lib} (fresh process)`);
      const r = runColdChild(lib, opts.seed, stage);
      runs[lib].push(r);
      // a peer that does not load will not load on the next run either
      if (lib === 'ckzg' && typeof r === 'string') ckzgGone = r;
    }
  }
  const ours = summarizeCold(runs.ours);
  const ckzg = summarizeCold(runs.ckzg);
  const res: ColdResult = { runs: opts.runs, stage, ours, ckzg };
  if (typeof ours !== 'string' && typeof ckzg !== 'string') res.disagree = coldDisagreement(ours, ckzg);
  if (opts.profile && stage !== 'create' && typeof ours !== 'string') {
    log('[speed] cold start: one more process of ours, its first calls profiled (not timed)');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-cold-'));
    try {
      const file = path.join(dir, 'profile.json');
      const r = runColdChild('ours', opts.seed, stage, file);
      if (typeof r === 'string') res.profile = r;
      else {
        const p = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CpuProfile>;
        const sum = (x: CpuProfile | undefined) => (x ? summarizeProfile(x, { top: 6, phaseUrl: /\/src\//, phaseDepth: 3 }) : undefined);
        res.profile = { commit: sum(p.commit), commit2: sum(p.commit2), cells: sum(p.cells), cells2: sum(p.cells2) };
      }
    } catch (e) {
      res.profile = `profile unreadable: ${(e as Error).message}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return res;
}
