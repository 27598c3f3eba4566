/**
 * The pool worker of step 11 (workers): answers each task (one chunk of a call, pool-task.ts)
 * with the chunk's partial sum, or the first point of the chunk found off the curve; an error
 * inside the computation is replied as { id, error } (the caller's promise rejects with it).
 * The test hook `crash` (hooks.ts) makes this worker die instead ('exit': it exits with code 7;
 * 'throw': an uncaught error), to check that the caller fails cleanly and never hangs.
 * Platform code (the channel to the pool, exiting) comes from platform/threads.ts.
 */
import { ChunkCache, runChunkTask, type ChunkTask, type DropMessage } from './pool-task.js';
import type { ParentChannel } from './platform/host.js';
import { exitWorker, parentChannel } from './platform/threads.js';

/** Answers the pool's messages on `channel` (the module does this by itself when it runs as a worker). */
export function serve(channel: ParentChannel): void {
  const cache = new ChunkCache();
  channel.onMessage((m) => {
    if (typeof (m as DropMessage).drop === 'number') return cache.drop((m as DropMessage).drop);
    const task = m as ChunkTask;
    if (task.hooks?.crash === 'exit') exitWorker(7);
    if (task.hooks?.crash === 'throw') throw new Error('test-injected crash');
    try {
      channel.post(runChunkTask(task, cache));
    } catch (e) {
      channel.post({ id: task.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
}

// Imported outside a worker (e.g. by a tool that loads every module), it does nothing.
const channel = parentChannel();
if (channel) serve(channel);
