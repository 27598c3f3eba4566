/**
 * One cold-start measurement of the speed suite (speed-cold.ts), in a fresh process:
 *
 *   node [--import tsx] harness/bench/speed-cold-child.ts <ours|ckzg> <seed> <create|commit|cells> [profile.json]
 *
 * ours: `import('stepwise-msm/kzg')` (this checkout's src/kzg) + `createKzg()`; ckzg: loading the
 * native binding + `loadTrustedSetup(0)`. Then (up to the stage asked) three
 * `blobToKzgCommitment` calls and three `computeCellsAndKzgProofs` calls on the suite's seeded
 * blob, each timed (a library may build its tables on the first use, on a later one, or never:
 * the third call is the steady one). Nothing of the library is loaded before the timed import
 * (the blob module imports nothing of it). Prints one JSON line: the times (ms), the commitment
 * and a SHA-256 of the cells and proofs (every call must give the same; the parent cross-checks
 * them across processes and libraries), or { error }.
 * With a profile path, the first and second call of each run under the V8 sampling profiler
 * (100 µs) and the profiles are written there (such a run is not timed).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { makeBlob } from './blob.js';
import { hexOf } from '../format.js';
import { loadNativeKzg } from '../ckzg.js';
import { sampleProfile } from './profile.js';

interface Lib {
  commit(blob: Uint8Array): Uint8Array;
  cells(blob: Uint8Array): [Uint8Array[], Uint8Array[]];
}

const [who, seedArg, upto, profilePath] = process.argv.slice(2);
if (who !== 'ours' && who !== 'ckzg') throw new RangeError(`speed-cold-child: library must be ours or ckzg, got ${who}`);
if (upto !== 'create' && upto !== 'commit' && upto !== 'cells') throw new RangeError(`speed-cold-child: stage must be create, commit or cells, got ${upto}`);
const seed = Number(seedArg);
const { blob } = makeBlob(seed);

async function main(): Promise<Record<string, unknown>> {
  const bootMs = performance.now(); // node start → this line (node, the loader, this module)
  const t0 = performance.now();
  let lib: Lib;
  if (who === 'ours') {
    const { createKzg } = await import('../../src/kzg/index.js');
    const kzg = createKzg();
    lib = { commit: (b) => kzg.blobToKzgCommitment(b), cells: (b) => kzg.computeCellsAndKzgProofs(b) };
  } else {
    const ck = loadNativeKzg();
    if (typeof ck === 'string') return { error: ck };
    ck.loadTrustedSetup(0);
    lib = { commit: (b) => ck.blobToKzgCommitment(b), cells: (b) => ck.computeCellsAndKzgProofs(b) };
  }
  const createMs = performance.now() - t0;
  const out: Record<string, unknown> = { lib: who, bootMs, createMs };
  if (upto === 'create') return out;
  const profiles: Record<string, unknown> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const s = performance.now();
    const v = f();
    out[`${name}Ms`] = performance.now() - s;
    return v;
  };
  const stage = async <T>(name: string, f: () => T): Promise<T> => {
    if (!profilePath) return timed(name, f);
    let value: T | undefined;
    profiles[name] = await sampleProfile(() => (value = f()), 1);
    return value as T;
  };
  // the first and second call (profiled with a profile path), the third (the steady one) timed; what they give must agree
  const thrice = async <T>(name: string, f: () => T, id: (r: T) => string): Promise<string | undefined> => {
    const ids = [id(await stage(name, f)), id(await stage(`${name}2`, f)), id(timed(`${name}3`, f))];
    return ids.every((x) => x === ids[0]) ? ids[0] : undefined;
  };
  out.commitment = await thrice('commit', () => lib.commit(blob), hexOf);
  if (out.commitment === undefined) return { error: 'the three commitments of one blob differ' };
  if (upto === 'cells') {
    out.cellsHash = await thrice(
      'cells',
      () => lib.cells(blob),
      ([cells, proofs]) => {
        const h = createHash('sha256');
        for (const x of [...cells, ...proofs]) h.update(x);
        return h.digest('hex');
      }
    );
    if (out.cellsHash === undefined) return { error: 'the three cells calls of one blob differ' };
  }
  if (profilePath) writeFileSync(profilePath, JSON.stringify(profiles));
  return out;
}

main().then(
  (r) => {
    process.stdout.write(JSON.stringify(r) + '\n');
    process.exit(0); // a pool or a background build must not keep the process alive
  },
  (e) => {
    process.stdout.write(JSON.stringify({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }) + '\n');
    process.exit(1);
  }
);
