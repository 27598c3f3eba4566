// Worker bootstrap of `stepwise-msm fuzz`: loads the worker module named in workerData.__entry.
// Compiled (the package: dist/harness/cli/fuzz-worker.js) it is plain JavaScript and is imported
// as is. From the TypeScript sources (fuzz-worker.ts, tests and `npx tsx`) worker threads do not
// share the main thread's loader, so the worker registers tsx (a devDependency) first — only then.
import { workerData } from 'node:worker_threads';

const entry = workerData.__entry;
if (typeof entry !== 'string') throw new TypeError(`worker-boot: workerData.__entry must be a module URL string, got ${typeof entry}`);
if (/\.ts$/.test(new URL(entry).pathname)) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
