/**
 * The V8 sampling profiler (node:inspector) over a function, for the speed suite's "what limits
 * it" rows (speed-limits.ts): self time by function and file (wasm frames included, named from the
 * built module's export names), the share outside wasm, and optionally "phases": each sample
 * attributed to the innermost frame whose script URL matches a pattern.
 */
import { Session } from 'node:inspector/promises';
import { fmtPct } from '../format.js';
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples: number[];
}

/** One entry of a profile breakdown: a name and its share of the non-idle samples (0..1). */
export interface Share {
  name: string;
  share: number;
}

export interface ProfileSummary {
  /** Non-idle samples. */
  samples: number;
  /** Fraction of the samples whose leaf frame is not a wasm function. */
  outsideShare: number;
  /** Self time by function and file, wasm frames included, largest first. */
  self: Share[];
  /** Self time of the frames outside wasm only, largest first. */
  outside: Share[];
  /** Self time by script file ("wasm" for every wasm function, "(vm)" for GC and builtins). */
  files: Share[];
  /** With `phaseUrl`: each sample attributed to the innermost frame whose URL matches (function and file). */
  phases?: Share[];
  /**
   * With `phaseUrl`: each sample attributed to its chain of frames whose URL matches, outermost
   * first, without the prefix all such chains share (the entry point and its wrappers; a chain
   * that is only that prefix keeps its last frame, marked "(self)") and cut to `phaseDepth`
   * frames, joined by " › " (e.g. "fk20Proofs › fftG1"); samples with no such frame: "(not under it)".
   * (V8 may inline a frame away in some samples: the innermost view is the steadier one.)
   */
  paths?: Share[];
}

/** Runs `f` `reps` times under the V8 sampling profiler (interval in µs) and returns the profile. */
export async function sampleProfile(f: () => unknown, reps: number, intervalUs = 100): Promise<CpuProfile> {
  const s = new Session();
  s.connect();
  try {
    await s.post('Profiler.enable');
    await s.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await s.post('Profiler.start');
    for (let i = 0; i < reps; i++) await f();
    const { profile } = (await s.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    return profile;
  } finally {
    await s.post('Profiler.disable').catch(() => {});
    s.disconnect();
  }
}

const isWasm = (url: string) => url.startsWith('wasm');

/**
 * "function file" of a frame; wasm frames are "wasm <function>", with V8's "wasm-function[i]"
 * replaced by the module's export name for function i when `wasmNames` has it.
 */
export function frameName(fr: { url: string; functionName: string }, wasmNames?: ReadonlyMap<number, string>): string {
  if (isWasm(fr.url)) {
    const m = /^wasm-function\[(\d+)\]$/.exec(fr.functionName);
    const named = m ? wasmNames?.get(Number(m[1])) : undefined;
    return `wasm ${named ?? (fr.functionName || '(anonymous)')}`;
  }
  return `${fr.functionName || '(anonymous)'} ${fr.url.split('/').pop() ?? ''}`.trim();
}

function sharesOf(counts: Map<string, number>, total: number, top: number): Share[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, v]) => ({ name, share: total ? v / total : 0 }));
}

/**
 * Self time by function (wasm included), outside-wasm share and top, and with `phaseUrl` the
 * samples attributed to the innermost frame whose URL matches it (others: "(not under it)").
 */
export function summarizeProfile(
  profile: CpuProfile,
  opts: { top?: number; phaseUrl?: RegExp; phaseDepth?: number; wasmNames?: ReadonlyMap<number, string> } = {}
): ProfileSummary {
  const top = opts.top ?? 8;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const outside = new Map<string, number>();
  const chains: string[][] = [];
  const innermost = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  let wasm = 0;
  for (const id of profile.samples) {
    const fr = byId.get(id)!.callFrame;
    if (fr.functionName === '(idle)' || fr.functionName === '(program)') continue;
    total++;
    const k = frameName(fr, opts.wasmNames);
    self.set(k, (self.get(k) ?? 0) + 1);
    const file = isWasm(fr.url) ? 'wasm' : fr.url ? fr.url.split('/').pop()! : '(vm)';
    files.set(file, (files.get(file) ?? 0) + 1);
    if (isWasm(fr.url)) wasm++;
    else outside.set(k, (outside.get(k) ?? 0) + 1);
    if (opts.phaseUrl) {
      const chain: string[] = []; // matching frames, innermost first
      let inner = '(not under it)';
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const c = byId.get(cur)!.callFrame;
        if (isWasm(c.url) || !opts.phaseUrl.test(c.url)) continue;
        if (chain.length === 0) inner = frameName(c);
        chain.push(c.functionName || frameName(c));
      }
      innermost.set(inner, (innermost.get(inner) ?? 0) + 1);
      chains.push(chain.reverse());
    }
  }
  const paths = new Map<string, number>();
  const under = chains.filter((c) => c.length > 0);
  let common = under.length ? under[0].length : 0;
  for (const c of under) {
    let i = 0;
    while (i < common && i < c.length && c[i] === under[0][i]) i++;
    common = i;
  }
  for (const c of chains) {
    const rest = c.slice(common, common + (opts.phaseDepth ?? 2));
    const phase = c.length === 0 ? '(not under it)' : rest.length ? rest.join(' › ') : `${c[c.length - 1]} (self)`;
    paths.set(phase, (paths.get(phase) ?? 0) + 1);
  }
  return {
    samples: total,
    outsideShare: total ? 1 - wasm / total : NaN,
    self: sharesOf(self, total, top),
    outside: sharesOf(outside, total, top),
    files: sharesOf(files, total, top),
    phases: opts.phaseUrl ? sharesOf(innermost, total, top) : undefined,
    paths: opts.phaseUrl ? sharesOf(paths, total, top) : undefined,
  };
}

/** A share (0..1) in percent: "12.3 %". */
export const pct = (x: number) => fmtPct(100 * x);
/** "name a %, name b %, …" */
export const sharesText = (s: readonly Share[], k = s.length) =>
  s
    .slice(0, k)
    .map((x) => `${x.name} ${pct(x.share)}`)
    .join(', ');
