/**
 * The library in a real browser: the packed tarball (npm pack) is unpacked into a consumer folder,
 * a page importing `stepwise-msm` and `stepwise-msm/kzg` is bundled for the browser with esbuild
 * (no plug-in for the library; `stepwise-msm/worker` as a second entry, the pool worker), served
 * from 127.0.0.1 with cross-origin isolation, and run in headless Chromium (find-browser.ts). In
 * the page, with fast-check running there:
 *  - the runtime as the library sees it: WebAssembly SIMD and the build picked, isolation, one
 *    copy of the library in the bundle;
 *  - engine vs noble: the conformance rows of engine targets over a spread of gate sets and of
 *    noble, on G1 and G2, every input class (random and adversarial, valid and invalid);
 *  - the catalogue's differential checks (engine = reference over random gate sets), quick counts;
 *  - the official KZG vectors of all 12 functions (a sample of each, read here from
 *    STEPWISE_VECTORS and sent to the page; skipped with the reason without vectors, required
 *    under CI);
 *  - msmAsync on Web Workers (step 11) against the discrete-log oracle, two calls on one pool (the
 *    second with the default thread count); each build's module as the page decodes it (the
 *    tarball's .wasm files byte for byte); the non-SIMD build forced
 *    once (options.tuning.wasmBuild) against the oracle;
 *  - the README's page (an ES module import of the esbuild bundle) and the `conformance --browser`
 *    command on this session (its Node × Chromium matrix).
 * Without a browser the test is skipped with the reason printed, except under env CI, where it
 * fails (.ci/run installs Debian's chromium). Console errors, page errors and failed requests fail it.
 *
 * Then the same page, bundled from the same unpacked tarball (packed once for both), in headless
 * Firefox (Debian's firefox-esr) driven by puppeteer-core over WebDriver BiDi, a cheaper subset:
 * the runtime report, engine (default gates) vs noble on G1 and G2 over every input class,
 * one computing case of each of the 12 KZG functions, msmAsync on Web Workers against the oracle
 * and the non-SIMD build forced once. Firefox: env STEPWISE_FIREFOX, else firefox-esr or firefox
 * on PATH; without it or without puppeteer-core, a printed skip, a failure under CI (.ci/run
 * installs firefox-esr).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEsbuild } from '../../harness/browser/bundle.js';
import { conformanceBrowserCommand } from '../../harness/browser/commands.js';
import type { MatrixRow } from '../../harness/cli/conformance-matrix.js';
import { findBrowser, findFirefox } from '../../harness/browser/find-browser.js';
import { sampleVectorCases, vectorsMatrix } from '../../harness/browser/runs.js';
import { driverAvailable, openBrowserSession, type BrowserSession, type LibrarySource } from '../../harness/browser/session.js';
import { familyMembers, setLabel } from '../../harness/gate-sets.js';
import { WASM_BUILDS, WASM_FILE_NAMES } from '../../src/optimized/wasm/builds.js';
import { FUNCTIONS } from '../../harness/vectors/kzg-cases.js';
import { HOW_TO_GET_VECTORS, vectorsRoot } from '../../harness/vectors/kzg-runner.js';
import { childEnv, packTarball, unpackWithLinkedDependencies } from '../support/packed.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const UNDER_CI = Boolean(process.env.CI);
const BROWSER = findBrowser();
const VECTORS = vectorsRoot();
const SEED = (globalThis as { __FC_SEED__?: number }).__FC_SEED__ ?? 1;
if (!BROWSER.found && !UNDER_CI) console.warn(`[browser] skipping the Chromium test: ${BROWSER.reason}`);

const RUN = BROWSER.found || UNDER_CI;

/** The packed tarball unpacked into a consumer folder, once for both browsers. */
interface Packed {
  work: string;
  consumer: string;
  installed: string;
  source: LibrarySource;
}
let packing: Promise<Packed> | undefined;
function packed(): Promise<Packed> {
  packing ??= (async () => {
    const t = Date.now();
    // a no-op when dist/ is up to date (npm test has just built it)
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: ROOT, env: childEnv(), encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run build failed\n${built.stdout}\n${built.stderr}`);
    const work = mkdtempSync(path.join(os.tmpdir(), 'stepwise-browser-test-'));
    const { tarball, info } = packTarball(ROOT, work);
    const consumer = path.join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const installed = unpackWithLinkedDependencies(tarball, consumer, ROOT);
    console.log(`[browser] ${info.filename} packed and unpacked in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const source: LibrarySource = {
      cwd: consumer,
      lib: 'stepwise-msm',
      kzg: 'stepwise-msm/kzg',
      page: `./${path
        .relative(consumer, path.join(installed, 'dist', 'harness', 'browser', 'page.js'))
        .split(path.sep)
        .join('/')}`,
      worker: 'stepwise-msm/worker',
    };
    return { work, consumer, installed, source };
  })();
  return packing;
}

/** Every cell of the rows agrees (noble's n/a cells aside): the rows and cells that do not, none expected; logs the count of agreeing cells. */
function expectAllAgree(rows: readonly MatrixRow[], tag: string): number {
  const bad = rows.flatMap((r) =>
    Object.entries(r.cells)
      .filter(([, c]) => c.kind !== 'agrees' && !(c.kind === 'n/a' && r.spec === 'noble'))
      .map(([cls, c]) => `${r.spec} ${r.group} ${cls}: ${c.kind} ${c.note ?? ''} ${c.line?.slice(0, 200) ?? ''}`)
  );
  expect(bad, `seed ${SEED}`).toEqual([]);
  const cells = rows.reduce((a, r) => a + Object.values(r.cells).filter((c) => c.kind === 'agrees').length, 0);
  console.log(`[${tag}] conformance: ${rows.length} rows, ${cells} cells agree (seed ${SEED}; replay: FC_SEED=${SEED})`);
  return cells;
}

/**
 * The official KZG vectors in the page: a computing case of each of the 12 functions, default
 * gates, one instance per function (every call a first call, so no fixed-base or FK20 table is
 * built: seconds each). Every function ran and every case passed.
 */
async function expectVectorsPass(s: BrowserSession, browser: string): Promise<void> {
  const tag = browser === 'Chromium' ? 'browser' : 'firefox';
  if (!VECTORS) throw new Error(`the ${browser} test needs the vectors under CI: ${HOW_TO_GET_VECTORS}`);
  const t = performance.now();
  const cases = sampleVectorCases(VECTORS, 1);
  expect(new Set(cases.map((c) => c.fn))).toEqual(new Set(FUNCTIONS));
  const t1 = performance.now();
  const rows = await s.call('vectors', { cases, gateSets: [{ label: 'default', gates: undefined }], instancePerFunction: true }, 180_000);
  const ran = rows.reduce((a, r) => a + r.ms, 0);
  console.log(`[${tag}] vectors ms: ${rows.map((r) => `${r.fn} ${Math.round(r.ms)}`).join(', ')}`);
  console.log(
    `[${tag}] vectors in ${browser} (${cases.length} cases read in ${((t1 - t) / 1000).toFixed(1)} s, run in ${(ran / 1000).toFixed(1)} s, call ${((performance.now() - t1) / 1000).toFixed(1)} s):\n${vectorsMatrix([{ name: browser, rows }])}`
  );
  expect(rows.map((r) => r.fn).sort()).toEqual([...FUNCTIONS].sort());
  expect(rows.flatMap((r) => r.failures.map((f) => `${r.fn} ${f.name}: ${f.reason}`))).toEqual([]);
  expect(rows.reduce((a, r) => a + r.passed, 0)).toBe(cases.length);
}

/** msmAsync on Web Workers (step 11, 600 G1 points): 2 threads, then the default count on the same pool, both equal to the discrete-log oracle. */
async function expectWorkersAgree(s: BrowserSession, tag: string): Promise<void> {
  // a worker that stops answering after its first task hangs the second call: fail in a minute, not at the session's limit
  const r = await s.call('workers', { n: 600, threads: 2, seed: SEED }, 60_000);
  console.log(`[${tag}] msmAsync on Web Workers: ${JSON.stringify(r)}`);
  expect(r.equal, JSON.stringify(r)).toBe(true);
  expect(r.detail).toMatchObject({ workers: 2 });
  expect(r.detail.tasksRun as number).toBeGreaterThanOrEqual(2);
  expect(r.detail.defaultChunks, 'chunks of a call without options.threads: min(navigator.hardwareConcurrency, 8)').toBe(r.detail.wantDefaultChunks);
}

/** The non-SIMD build forced once (options.tuning.wasmBuild): equal to the oracle, and the trace names it. Returns the page's report. */
async function expectScalarBuild(s: BrowserSession) {
  const r = await s.call('scalarBuild', { n: 64, seed: SEED });
  expect(r.equal, JSON.stringify(r)).toBe(true);
  expect(r.detail).toMatchObject({ field: 'wasm', wasmBuild: 'scalar', defaultWasmBuild: 'simd', sameAsDefault: true });
  return r;
}

afterAll(async () => {
  const p = await packing?.catch(() => undefined);
  if (p) rmSync(p.work, { recursive: true, force: true });
});

describe.skipIf(!RUN)(`the packed library in headless Chromium${BROWSER.found ? '' : ` (${BROWSER.reason})`}`, () => {
  let consumer = '';
  let installed = '';
  let session: BrowserSession | undefined;
  const t0 = Date.now();

  beforeAll(async () => {
    if (!BROWSER.found) throw new Error(`the browser test needs a browser under CI: ${BROWSER.reason}`);
    const p = await packed();
    ({ consumer, installed } = p);
    session = await openBrowserSession({ executablePath: BROWSER.path, source: p.source, log: (l) => console.log(l) });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    console.log(`[browser] Chromium part: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  const s = () => session as BrowserSession;

  it('the page bundle pulls in the packed package (no sources of this checkout); the page is cross-origin isolated, with SIMD and one library copy', async () => {
    // the library and the harness page come from the unpacked tarball; only the entry text and the
    // bundler's shims of two Node modules for the harness (harness/browser/shims) come from elsewhere
    const own = s().bundle.inputs.filter((f) => !f.includes('node_modules/') && !/harness\/browser\/shims\/node-(assert|util)\.[jt]s$/.test(f));
    expect(own, 'every other input comes from node_modules (the tarball or its dependencies)').toEqual(['stepwise-page:stepwise-page-entry']);
    expect(s().bundle.inputs.some((f) => f.includes('node_modules/stepwise-msm/dist/src/optimized/wasm/load.browser.js'))).toBe(true);
    expect(s().bundle.inputs.some((f) => /node_modules\/stepwise-msm\/dist\/src\/optimized\/wasm\/load\.js$/.test(f))).toBe(false);
    const env = await s().call('env', undefined);
    console.log(
      `[browser] ${env.userAgent}: SIMD ${env.simd}, build ${env.defaultBuild}, isolated ${env.crossOriginIsolated}, ${env.hardwareConcurrency} threads`
    );
    expect(env).toMatchObject({ simd: true, defaultBuild: 'simd', crossOriginIsolated: true, sharedArrayBuffer: true, sameLibrary: true });
    expect(env.hardwareConcurrency).toBeGreaterThanOrEqual(1);
  });

  it('engine vs noble on G1 and G2, every input class, engine targets over a spread of gate sets', async () => {
    // G1: default, none, all, and all but one of the gates that change the arithmetic most (wasm, GLV);
    // G2 (BigInt field, slower): default and none
    const sets = (['default', 'none', 'all', 'minus-one'] as const)
      .flatMap((f) => familyMembers(f).map((m) => ({ spec: `engine:${setLabel(m.id)}`, gates: { ...m.gates } })))
      .filter((t) => !t.spec.startsWith('engine:all −') || /−(wasmField|glv)$/.test(t.spec));
    const noble = { spec: 'noble', gates: null };
    const common = { runs: 2, seed: SEED, maxN: 8, timeoutMs: 60_000 };
    const rows = [
      ...(await s().call('conformance', { targets: [...sets, noble], groups: ['g1'], ...common })),
      ...(await s().call('conformance', { targets: [...sets.filter((t) => /:(default|none)$/.test(t.spec)), noble], groups: ['g2'], ...common })),
    ];
    expect(rows.length).toBe(sets.length + 1 + 3);
    expectAllAgree(rows, 'browser');
  });

  it("the catalogue's differential checks (engine = reference over random gate sets) at quick counts", async () => {
    const out = await s().call('checks', { groups: ['differential'], seed: SEED });
    expect(out.length).toBeGreaterThanOrEqual(4);
    expect(out.filter((c) => !c.ok).map((c) => `${c.id} (seed ${c.seed}): ${c.message}`)).toEqual([]);
  });

  if (!VECTORS && !UNDER_CI) console.warn(`[browser] skipping the official vectors in Chromium: STEPWISE_VECTORS is not set (${HOW_TO_GET_VECTORS})`);
  it.skipIf(!VECTORS && !UNDER_CI)(
    'the official KZG vectors of all 12 functions, a computing case of each, default gates, each the first call of its instance',
    () => expectVectorsPass(s(), 'Chromium')
  );

  it('msmAsync on Web Workers (step 11, 600 G1 points; 2 threads, then the default count on the same pool) equals the discrete-log oracle', () =>
    expectWorkersAgree(s(), 'browser'));

  it("the non-SIMD build, forced once, equals the oracle and the trace names it; each build's module in the page is the packed .wasm file", async () => {
    const r = await expectScalarBuild(s());
    // the page decodes the embedded base64 of each build: byte for byte the tarball's files (a scalar request served the SIMD module would pass the line above)
    const sha = (f: string) =>
      createHash('sha256')
        .update(readFileSync(path.join(installed, 'dist', 'src', 'optimized', 'wasm', f)))
        .digest('hex');
    expect(r.detail.modules).toEqual(Object.fromEntries(WASM_BUILDS.map((b) => [b, sha(WASM_FILE_NAMES[b])])));
  });

  it("the README's page: an ES module import of the esbuild bundle, msm and msmAsync (its pool-worker.js beside it)", async () => {
    // what the README's "In the browser" section tells a user to run, through esbuild's API
    const esbuild = await loadEsbuild();
    await esbuild.build({
      entryPoints: { 'stepwise-msm': 'stepwise-msm', 'pool-worker': 'stepwise-msm/worker' },
      absWorkingDir: consumer,
      bundle: true,
      format: 'esm',
      outdir: path.join(s().dir, 'web'),
      logLevel: 'silent',
    });
    writeFileSync(
      path.join(s().dir, 'readme.html'),
      [
        '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">',
        '<script type="module">',
        "  import { msm, msmAsync, msmInspect, G1 } from './web/stepwise-msm.js';",
        '  try {',
        '    const sum = msm([G1.BASE, G1.BASE.double()], [3n, 5n]);',
        '    const points = Array.from({ length: 600 }, (_, i) => G1.BASE.multiply(BigInt(i + 1)));',
        '    const scalars = points.map((_, i) => BigInt(7 * i + 1));',
        '    let e = 0n;',
        '    for (let i = 0; i < 600; i++) e += BigInt(i + 1) * BigInt(7 * i + 1);',
        '    const onWorkers = await msmAsync(points, scalars, { gates: { workers: true }, threads: 2 });',
        '    globalThis.__result = { thirteen: sum.equals(G1.BASE.multiply(13n)), workers: onWorkers.equals(G1.BASE.multiply(e % G1.order)), build: msmInspect(points, scalars).trace.wasmBuild };',
        '  } catch (err) {',
        '    globalThis.__result = { error: String(err && err.stack || err) };',
        '  }',
        '</script>',
      ].join('\n')
    );
    expect(await s().visit('readme.html')).toEqual({ thirteen: true, workers: true, build: 'simd' });
  });

  it('conformance --browser (its command, on this session): the Node × Chromium matrix, every cell agreeing in both', async () => {
    let out = '';
    const code = await conformanceBrowserCommand(
      { targets: ['engine:all', 'noble'], groups: ['g1'], runs: 1, seed: SEED, maxN: 4, timeoutMs: 60_000, strict: true },
      { out: (x) => (out += x), err: () => {} },
      s()
    );
    expect(code, out).toBe(0);
    expect(out).toMatch(/^## Conformance, Node × Chromium \d+/);
    const rows = out.split('\n').filter((l) => /^\| (engine:all|noble) \|/.test(l));
    expect(rows.length).toBe(2);
    expect(rows[0]).toMatch(/^\| engine:all \| g1 \| ✅ \/ ✅ \|/);
    for (const r of rows) expect(r).not.toMatch(/❌|≠/);
    expect(out).toContain('every cell agrees in Node and Chromium');
  });

  it('no console error, page error or failed request', () => {
    expect(s().problems).toEqual([]);
  });
});

const FIREFOX = findFirefox();
const FIREFOX_DRIVER = await driverAvailable('firefox');
const FIREFOX_MISSING = !FIREFOX.found ? FIREFOX.reason : !FIREFOX_DRIVER.ok ? FIREFOX_DRIVER.reason : undefined;
if (FIREFOX_MISSING !== undefined && !UNDER_CI) console.warn(`[firefox] skipping the Firefox test: ${FIREFOX_MISSING}`);

describe.skipIf(FIREFOX_MISSING !== undefined && !UNDER_CI)(
  `the packed library in headless Firefox${FIREFOX_MISSING === undefined ? '' : ` (${FIREFOX_MISSING})`}`,
  () => {
    let session: BrowserSession | undefined;
    let t0 = 0;

    beforeAll(async () => {
      t0 = Date.now();
      if (FIREFOX_MISSING !== undefined) throw new Error(`the Firefox test needs Firefox and puppeteer-core under CI: ${FIREFOX_MISSING}`);
      const p = await packed();
      session = await openBrowserSession({
        browser: 'firefox',
        executablePath: (FIREFOX as { path: string }).path,
        source: p.source,
        log: (l) => console.log(l.replace('[browser]', '[firefox]')),
      });
    }, 120_000);

    afterAll(async () => {
      await session?.close();
      console.log(`[firefox] Firefox part: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });

    const s = () => session as BrowserSession;

    it('the page is cross-origin isolated, with SIMD (the SIMD build picked) and one library copy', async () => {
      const env = await s().call('env', undefined);
      console.log(
        `[firefox] ${s().browser}, ${env.userAgent}: SIMD ${env.simd}, build ${env.defaultBuild}, isolated ${env.crossOriginIsolated}, ${env.hardwareConcurrency} threads`
      );
      expect(s().browser).toMatch(/^Firefox \d+/);
      expect(env).toMatchObject({ simd: true, defaultBuild: 'simd', crossOriginIsolated: true, sharedArrayBuffer: true, sameLibrary: true });
    });

    it('engine vs noble on G1 and G2, every input class (default gates; the Chromium part covers the spread of gate sets)', async () => {
      const targets = [
        ...(['default'] as const).flatMap((f) => familyMembers(f).map((m) => ({ spec: `engine:${setLabel(m.id)}`, gates: { ...m.gates } }))),
        { spec: 'noble', gates: null },
      ];
      const common = { runs: 1, seed: SEED, maxN: 6, timeoutMs: 60_000 };
      const rows = [
        ...(await s().call('conformance', { targets, groups: ['g1'], ...common })),
        ...(await s().call('conformance', { targets, groups: ['g2'], ...common })),
      ];
      expect(rows.length).toBe(4);
      expect(expectAllAgree(rows, 'firefox')).toBeGreaterThanOrEqual(8);
    });

    it.skipIf(!VECTORS && !UNDER_CI)('the official KZG vectors, a computing case of each of the 12 functions, default gates', () =>
      expectVectorsPass(s(), 'Firefox')
    );

    it('msmAsync on Web Workers (step 11, 600 G1 points, 2 threads then the default count) equals the discrete-log oracle', () =>
      expectWorkersAgree(s(), 'firefox'));

    it('the non-SIMD build, forced once, equals the oracle and the trace names it', () => expectScalarBuild(s()));

    it('no console error, page error or failed request', () => {
      expect(s().problems).toEqual([]);
    });
  }
);
