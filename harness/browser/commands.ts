/**
 * `vectors --browser` and `conformance --browser`: the same runs in this process and in headless
 * Chromium (a page bundled from this copy's dist/: the library as a browser bundle takes it), and
 * the Node × Chromium matrix. The browser comes from find-browser.ts; without one (or without
 * playwright-core / esbuild) the command exits 3 saying how to get it.
 */
import type { Io } from '../cli/commands/shared.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { ownPackageRoot } from '../cli/project-root.js';
import { parseTargetSpec } from '../targets/spec.js';
import type { Group } from '../targets/target.js';
import type { VectorGateSet } from '../vectors/kzg-runner.js';
import { findBrowser } from './find-browser.js';
import { pageApi, type ConformanceRequest, type PageApi } from './page.js';
import { conformanceFailures, conformanceMatrix, sampleVectorCases, vectorsAllPassed, vectorsMatrix, vectorsRequest } from './runs.js';
import { openBrowserSession, packageSource, type BrowserSession } from './session.js';

/** Opens the page in Chromium, or throws a UsageError saying what is missing. */
export async function openOwnSession(io: Io): Promise<BrowserSession> {
  const b = findBrowser();
  if (!b.found) throw new UsageError(`--browser: ${b.reason}`);
  const root = ownPackageRoot();
  try {
    return await openBrowserSession({ executablePath: b.path, source: packageSource(root), log: (l) => io.err(`${l}\n`) });
  } catch (e) {
    throw new UsageError(`--browser: ${(e as Error).message}`);
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs the page function `name` on `req` through the page's own code in this process, then in the
 * page (`shared`, else a session of its own, closed after): both results, the session, both times.
 */
async function nodeThenPage<K extends 'vectors' | 'conformance'>(io: Io, name: K, req: Parameters<PageApi[K]>[0], shared?: BrowserSession) {
  const t0 = performance.now();
  const node: Awaited<ReturnType<PageApi[K]>> = await (pageApi()[name] as (r: typeof req) => ReturnType<PageApi[K]>)(req);
  const tNode = performance.now() - t0;
  const session = shared ?? (await openOwnSession(io));
  const t1 = performance.now();
  try {
    const browser = await session.call(name, req, 3_600_000);
    return { node, browser, session, times: `Node ${secs(tNode)}, Chromium ${secs(performance.now() - t1)}` };
  } finally {
    if (!shared) await session.close();
  }
}

export async function vectorsBrowserCommand(o: { root: string; gateSets: VectorGateSet[]; functions?: string[]; sample?: number }, io: Io): Promise<number> {
  const cases = sampleVectorCases(o.root, o.sample, o.functions);
  if (cases.length === 0) throw new UsageError(`no KZG vectors under ${o.root}`);
  io.err(
    `[vectors] ${cases.length} case(s)${o.sample !== undefined ? ` (at most ${o.sample} per function)` : ''} × ${o.gateSets.length} gate set(s), Node then Chromium\n`
  );
  const { node, browser, session, times } = await nodeThenPage(io, 'vectors', vectorsRequest(cases, o.gateSets));
  const runtimes = [
    { name: 'Node', rows: node },
    { name: session.browser.split('.')[0] as string, rows: browser },
  ];
  io.out(`## Official vectors, Node × ${session.browser} (${o.root})\n\n${vectorsMatrix(runtimes)}\n\n`);
  for (const rt of runtimes) for (const r of rt.rows) for (const f of r.failures) io.out(`- ❌ ${rt.name} ${r.fn} (${r.gates}) ${f.name}: ${f.reason}\n`);
  for (const p of session.problems) io.out(`- ❌ Chromium: ${p}\n`);
  const ok = vectorsAllPassed(runtimes) && session.problems.length === 0;
  io.out(`${ok ? '✅' : '❌'} ${cases.length} case(s) per runtime and gate set; ${times}\n`);
  return ok ? EXIT.PASS : EXIT.CORRECTNESS;
}

/** Default targets of `conformance --browser`: the engine with default, no and all gates, and noble. */
export const BROWSER_DEFAULT_TARGETS = ['engine', 'engine:none', 'engine:all', 'noble'];

/** The in-page form of target specs: engine targets with their gates, noble; anything else is refused. */
export function browserTargets(specs: readonly string[]): ConformanceRequest['targets'] {
  return specs.map((spec) => {
    const t = parseTargetSpec(spec);
    if (t.kind === 'engine') return { spec: t.spec, gates: { ...t.gates } };
    if (t.kind === 'builtin' && t.name === 'noble') return { spec: 'noble', gates: null };
    throw new UsageError(`--browser: --target ${spec} cannot run in a page (the page runs engine[:<gates>] and noble)`);
  });
}

export async function conformanceBrowserCommand(
  o: { targets?: string[]; groups: Group[] | null; runs: number; seed: number; maxN: number; timeoutMs: number; strict: boolean },
  io: Io,
  /** An open session to use instead of starting Chromium (tests share theirs; it is not closed here). */
  shared?: BrowserSession
): Promise<number> {
  const { runs, seed, maxN, timeoutMs } = o;
  const targets = browserTargets(o.targets ?? BROWSER_DEFAULT_TARGETS);
  const req: ConformanceRequest = { targets, groups: o.groups ?? ['g1', 'g2'], runs, seed, maxN, timeoutMs };
  io.err(`[conformance] ${req.targets.length} target(s) × ${req.groups.join(', ')}, ${req.runs} case(s) per cell, seed ${req.seed}: Node then Chromium\n`);
  const { node, browser, session, times } = await nodeThenPage(io, 'conformance', req, shared);
  const classes = Object.keys(node[0]?.cells ?? {});
  const runtimes = [
    { name: 'Node', rows: node },
    { name: 'Chromium', rows: browser },
  ];
  const failures = conformanceFailures(runtimes);
  const differ = node.flatMap((r, i) =>
    classes
      .filter((c) => r.cells[c]?.kind !== browser[i]?.cells[c]?.kind)
      .map((c) => `${r.spec} ${r.group} · ${c}: Node ${r.cells[c]?.kind}, Chromium ${browser[i]?.cells[c]?.kind}`)
  );
  io.out(
    `## Conformance, Node × ${session.browser}\n\n${req.runs} case(s) per cell · seed ${req.seed} · n ≤ ${req.maxN}\n\n${conformanceMatrix(classes, runtimes)}\n\n`
  );
  for (const f of failures) io.out(`- ❌ ${f}\n`);
  for (const d of differ) io.out(`- ≠ ${d}\n`);
  for (const p of session.problems) io.out(`- ❌ Chromium: ${p}\n`);
  const bad = failures.length > 0 || differ.length > 0 || session.problems.length > 0;
  io.out(`${bad ? '❌' : '✅'} every cell ${bad ? 'is not the same' : 'agrees'} in Node and Chromium; ${times}\n`);
  return o.strict && bad ? EXIT.CORRECTNESS : EXIT.PASS;
}
