/**
 * Worker-thread side of step 11 (workers), plain JavaScript so that Node can start it without a
 * loader: it loads the TypeScript engine through tsx's ESM API, then runs one chunk of a
 * transformed MSM job per message and replies with the partial sum's projective coordinates.
 * Errors inside the computation are replied as { id, error } (the caller's promise rejects with
 * them); the test-only `crash` flag makes this worker die instead ('exit': process.exit;
 * 'throw': an uncaught error), to check that the caller fails cleanly and never hangs.
 */
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (!parentPort) throw new Error('11-workers.worker.mjs must run as a worker thread');
const port = parentPort;
const queue = [];
let run;

port.on('message', (task) => {
  if (task.crash === 'exit') process.exit(7);
  if (task.crash === 'throw') throw new Error('test-injected crash');
  if (run) handle(task);
  else queue.push(task);
});

function handle(task) {
  try {
    port.postMessage({ id: task.id, ...run(task) });
  } catch (e) {
    port.postMessage({ id: task.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
}

register();
// The engine's public entry first: it loads engine → options → gates → registry → steps in the
// same order as the main thread, so the import cycle (steps → engine) resolves the same way.
await import('../index.ts');
const mod = await import('./11-workers.ts');
run = mod.runChunkTask;
for (const t of queue.splice(0)) handle(t);
