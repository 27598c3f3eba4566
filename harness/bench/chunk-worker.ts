/**
 * The speed suite's timing worker (threads-breakdown.ts): runs one chunk task of
 * the workers step with the pool workers' own function (`runChunkTask`, with its own cache of
 * handle chunks, as a pool worker keeps them) and replies with the partial sum and the time the
 * chunk took inside this worker.
 */
import { parentPort } from 'node:worker_threads';
import { ChunkCache, runChunkTask, type ChunkTask } from '../../src/optimized/pool-task.js';

if (parentPort) {
  const port = parentPort;
  const cache = new ChunkCache();
  port.on('message', (task: ChunkTask) => {
    try {
      const t0 = performance.now();
      const r = runChunkTask(task, cache);
      port.postMessage({ ...r, ms: performance.now() - t0 });
    } catch (e) {
      port.postMessage({ id: task.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
}
