/**
 * The `blst` target: native blst (the library behind c-kzg, geth's and reth's BLS precompiles,
 * Lighthouse, Grandine) behind the line protocol, as a `cmd:` target on a small C program,
 * harness/targets/blst/blst-msm.c.
 *
 * The program is compiled on first use with the system C compiler from the blst sources that the
 * `c-kzg` package vendors (node_modules/c-kzg/deps/blst): blst-msm.c + blst's src/server.c (the
 * whole library in one translation unit) + build/assembly.S, with the flags c-kzg builds blst
 * with (-D__BLST_PORTABLE__: the assembly picks ADX/mulx code at run time) at -O2. blst has
 * assembly for x86-64 and AArch64 only; elsewhere it is built as portable C (-D__BLST_NO_ASM__,
 * as blst's own build.sh does; assembly.S is then empty). The binary goes to a cache directory
 * beside the installed packages (node_modules/.cache/stepwise-msm/blst-msm-<hash>), the hash
 * covering the sources, the compiler and the flags: it is rebuilt only when one of them changes.
 *
 * No C compiler or no c-kzg package → a UsageError saying what is missing and how to get it;
 * blstAvailable() gives the same reason without throwing (for tests that skip).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../cli/errors.js';
import { cmdTarget } from '../cmd.js';
import { shellQuote } from '../../format.js';
import type { Target } from '../target.js';

/** The C source of the harness (copied beside the compiled module by scripts/build.ts). */
export const BLST_SOURCE: string = fileURLToPath(new URL('./blst-msm.c', import.meta.url));
/** The same harness with a fault switched on by its argument (wrong on purpose: blst-faulty.c). */
export const BLST_FAULTY_SOURCE: string = fileURLToPath(new URL('./blst-faulty.c', import.meta.url));

/** The faults blst-faulty takes as its first argument (`correct`: none). */
export const BLST_FAULTS = [
  'correct',
  'drop-top-bit',
  'no-subgroup-check',
  'crash-on-infinity',
  'hang',
  'equal-points',
  'g2-only',
  'n-above',
  'rejects-scalar-ge-r',
] as const;
export type BlstFault = (typeof BLST_FAULTS)[number];

/**
 * The compiler flags (part of the cache key): c-kzg's (__BLST_PORTABLE__: run-time CPU feature
 * dispatch), -O2 -fno-builtin as blst's build.sh, and portable C where blst has no assembly.
 */
const CFLAGS = ['-O2', '-fno-builtin', '-D__BLST_PORTABLE__', ...(process.arch === 'x64' || process.arch === 'arm64' ? [] : ['-D__BLST_NO_ASM__'])];

export interface BuildOptions {
  /** Rebuild even when the cached binary is up to date. */
  force?: boolean;
  /** Progress lines (what is built, with which compiler, how long it took). */
  log?: (line: string) => void;
  /** Where binaries are cached (default node_modules/.cache/stepwise-msm beside c-kzg, else the system's temporary directory). */
  cacheDir?: string;
  /** The program to build (default BLST_SOURCE; BLST_FAULTY_SOURCE includes it). */
  source?: string;
}

export interface OpenBlstOptions extends BuildOptions {
  /** Default per-call limit of the target, ms (the cmd client's default when absent). */
  timeoutMs?: number;
}

/** Where blst's sources are, or why they are not there. */
function findBlst(): { dir: string; version: string } | { missing: string } {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('c-kzg/package.json');
  } catch {
    return {
      missing:
        'the blst target needs the blst sources vendored by the c-kzg package, which is not installed: run `npm install --save-exact c-kzg` (an optional dependency of stepwise-msm: npm ci leaves it out when it cannot compile it)',
    };
  }
  const dir = path.join(path.dirname(pkg), 'deps', 'blst');
  for (const f of ['bindings/blst.h', 'src/server.c', 'build/assembly.S'])
    if (!existsSync(path.join(dir, f)))
      return {
        missing: `the blst target needs ${path.join(dir, f)}, which the installed c-kzg package does not contain (reinstall c-kzg: \`npm install --save-exact c-kzg\`)`,
      };
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '?';
  return { dir, version };
}

/** The C compiler to use, as a command and leading arguments (env CC may carry some, e.g. `ccache gcc`). */
function findCompiler(): { cc: string[]; label: string } | { missing: string } {
  const fromEnv = process.env.CC?.trim();
  const candidates = fromEnv ? [fromEnv.split(/\s+/)] : [['cc'], ['gcc'], ['clang']];
  for (const cc of candidates) {
    const probe = spawnSync(cc[0], [...cc.slice(1), '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return { cc, label: `${cc.join(' ')} (${probe.stdout.split('\n')[0].trim()})` };
  }
  return {
    missing: fromEnv
      ? `the blst target needs a C compiler, and CC=${JSON.stringify(fromEnv)} does not run (\`${fromEnv} --version\` failed)`
      : 'the blst target needs a C compiler and none of cc, gcc, clang runs: install one (e.g. `apt-get install gcc`, `xcode-select --install`) or set CC',
  };
}

/** Why the blst target cannot be built here, or undefined when it can (a compiler and the sources are there). */
export function blstAvailable(): string | undefined {
  const blst = findBlst();
  if ('missing' in blst) return blst.missing;
  const cc = findCompiler();
  return 'missing' in cc ? cc.missing : undefined;
}

/** Every file under dir, sorted (the blst sources that go into the cache key). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** The hash of what the binary is made of: the harness source, blst's sources, the compiler and the flags. */
function buildKey(source: string, blstDir: string, cc: readonly string[], compilerLabel: string): string {
  const h = createHash('sha256');
  h.update(readFileSync(BLST_SOURCE));
  if (source !== BLST_SOURCE) h.update(readFileSync(source));
  for (const sub of ['bindings', 'src', 'build'])
    for (const f of filesUnder(path.join(blstDir, sub))) {
      h.update(path.relative(blstDir, f));
      h.update(readFileSync(f));
    }
  h.update(JSON.stringify({ cc, compilerLabel, CFLAGS, platform: process.platform, arch: process.arch }));
  return h.digest('hex').slice(0, 16);
}

/**
 * node_modules/.cache/stepwise-msm beside the c-kzg package (where build tools keep caches), or
 * a folder of the system's temporary directory when that one cannot be written (a read-only or
 * global install).
 */
function defaultCacheDir(blstDir: string): string {
  const beside = path.join(blstDir, '..', '..', '..', '.cache', 'stepwise-msm');
  try {
    mkdirSync(beside, { recursive: true });
    accessSync(beside, constants.W_OK);
    return beside;
  } catch {
    return path.join(os.tmpdir(), 'stepwise-msm-cache');
  }
}

const building = new Map<string, Promise<string>>();

/**
 * Builds the blst harness (or finds it in the cache) and returns the path of the binary.
 * Throws UsageError when there is no C compiler or no c-kzg package, and an Error with the
 * compiler's output when the compilation fails.
 */
export function buildBlst(options: BuildOptions = {}): Promise<string> {
  const blst = findBlst();
  if ('missing' in blst) return Promise.reject(new UsageError(blst.missing));
  const compiler = findCompiler();
  if ('missing' in compiler) return Promise.reject(new UsageError(compiler.missing));
  const cacheDir = options.cacheDir ?? defaultCacheDir(blst.dir);
  const source = options.source ?? BLST_SOURCE;
  const key = buildKey(source, blst.dir, compiler.cc, compiler.label);
  const exe = path.join(cacheDir, `${path.basename(source, '.c')}-${key}${process.platform === 'win32' ? '.exe' : ''}`);
  const log = options.log ?? (() => {});
  if (!options.force && existsSync(exe) && statSync(exe).size > 0) return Promise.resolve(exe);
  // one build per binary in this process; other processes are kept apart by the temporary name
  const running = building.get(exe);
  if (running) return running;
  const job = compile(source, blst.dir, compiler, cacheDir, exe, log);
  building.set(exe, job);
  return job.finally(() => building.delete(exe));
}

async function compile(
  source: string,
  blstDir: string,
  compiler: { cc: string[]; label: string },
  cacheDir: string,
  exe: string,
  log: (line: string) => void
): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  // written under a temporary name, then renamed: a concurrent build never runs a half-written binary
  const tmp = `${exe}.tmp-${process.pid}`;
  const started = Date.now();
  const args = [
    ...compiler.cc.slice(1),
    ...CFLAGS,
    '-I',
    path.join(blstDir, 'bindings'),
    '-o',
    tmp,
    source,
    path.join(blstDir, 'src', 'server.c'),
    path.join(blstDir, 'build', 'assembly.S'),
  ];
  log(`blst: compiling ${path.basename(exe)} with ${compiler.label}…`);
  const r = await run(compiler.cc[0], args);
  if (r.status === 0 && existsSync(tmp)) {
    renameSync(tmp, exe);
    log(`blst: built ${exe} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return exe;
  }
  rmSync(tmp, { force: true });
  const output = r.output.trim().split('\n').slice(-15).join('\n  ');
  throw new Error(`blst: could not compile ${source}: \`${compiler.cc[0]} ${args.join(' ')}\` failed (${r.status}):\n  ${output}`);
}

/** Runs a command to its end; status is 0 on success, else a description (exit code, signal, spawn error). */
function run(cmd: string, args: readonly string[]): Promise<{ status: 0 | string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ status: `could not start: ${e.message}`, output }));
    child.on('close', (code, signal) => resolve({ status: code === 0 ? 0 : signal ? `killed by ${signal}` : `exit ${code}`, output }));
  });
}

/** The `blst` target: builds the harness on first use, then runs it as a `cmd:` target. */
export async function openBlst(options: OpenBlstOptions = {}): Promise<Target> {
  const exe = await buildBlst(options);
  return cmdTarget(shellQuote(exe), { spec: 'blst', ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
}

/**
 * The command line of blst-faulty with one fault (built on first use like the blst target), for
 * a `cmd:` spec: `cmd:<this>`. `k` is n-above's exponent (wrong when n ≥ 2^k + 1).
 */
export async function blstFaultyCommand(fault: BlstFault, options: BuildOptions & { k?: number } = {}): Promise<string> {
  if (!BLST_FAULTS.includes(fault)) throw new RangeError(`blstFaultyCommand: fault must be one of ${BLST_FAULTS.join(', ')}, got ${JSON.stringify(fault)}`);
  const exe = await buildBlst({ ...options, source: BLST_FAULTY_SOURCE });
  return `${shellQuote(exe)} ${fault}${fault === 'n-above' && options.k !== undefined ? ` ${options.k}` : ''}`;
}
