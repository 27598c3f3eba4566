/**
 * The pool worker of step 11 (workers): runs one chunk of a transformed MSM job per message and
 * replies with the partial sum's projective coordinates. Errors inside the computation are
 * replied as { id, error } (the caller's promise rejects with them); the test hook `crash`
 * (hooks.ts) makes this worker die instead ('exit': process.exit; 'throw': an uncaught error),
 * to check that the caller fails cleanly and never hangs.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { runChunkTask, type ChunkTask } from './pool-task.js';

/** Answers the pool's tasks on `port` (the module does this by itself when it runs as a worker thread). */
export function serve(port: MessagePort): void {
  port.on('message', (task: ChunkTask) => {
    if (task.crash === 'exit') process.exit(7);
    if (task.crash === 'throw') throw new Error('test-injected crash');
    try {
      port.postMessage({ id: task.id, ...runChunkTask(task) });
    } catch (e) {
      port.postMessage({ id: task.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
}

// Imported outside a worker thread (e.g. by a tool that loads every module), it does nothing.
if (parentPort) serve(parentPort);
