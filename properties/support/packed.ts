/**
 * The package as `npm pack` ships it, unpacked into a consumer folder's node_modules with its
 * dependencies linked from this checkout's node_modules (no install, no network): for tests that
 * consume the packed tarball (the browser test; package.test.ts's fallback when `npm ci
 * --offline` cannot install).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The environment of a child process: no loader flags, no coverage collection, no npm-script context. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'NODE_OPTIONS' || k === 'NODE_V8_COVERAGE' || k === 'INIT_CWD') continue;
    if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|userconfig)$/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function ok(cmd: string, args: string[], cwd: string, what: string): string {
  const res = spawnSync(cmd, args, { cwd, env: childEnv(), encoding: 'utf8', timeout: 170_000, shell: process.platform === 'win32' });
  if (res.status !== 0) throw new Error(`${what} exited ${res.status}${res.error ? ` (${res.error.message})` : ''}\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

/** `npm pack` of `root` (built beforehand) into `dest`: the tarball's path and npm's report. */
export function packTarball(root: string, dest: string): { tarball: string; info: PackInfo } {
  const packed = JSON.parse(ok(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], root, 'npm pack')) as PackInfo[];
  const info = packed[0] as PackInfo;
  return { tarball: path.join(dest, info.filename), info };
}

/**
 * Unpacks `tarball` into `consumer`/node_modules/<name> and links each of the package's
 * dependencies (and its `bin`) from `root`/node_modules. Returns the installed package's folder.
 */
export function unpackWithLinkedDependencies(tarball: string, consumer: string, root: string): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
  const unpack = path.join(path.dirname(tarball), `unpack-${path.basename(consumer)}`);
  mkdirSync(unpack, { recursive: true });
  ok('tar', ['-xzf', tarball, '-C', unpack], path.dirname(tarball), 'tar -x');
  const installed = path.join(consumer, 'node_modules', pkg.name);
  mkdirSync(path.dirname(installed), { recursive: true });
  cpSync(path.join(unpack, 'package'), installed, { recursive: true });
  for (const dep of Object.keys(pkg.dependencies)) {
    const to = path.join(consumer, 'node_modules', dep);
    mkdirSync(path.dirname(to), { recursive: true });
    symlinkSync(path.join(root, 'node_modules', dep), to, 'junction');
  }
  mkdirSync(path.join(consumer, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(path.join(installed, 'bin', 'stepwise-msm.js'), path.join(consumer, 'node_modules', '.bin', 'stepwise-msm'));
  return installed;
}
