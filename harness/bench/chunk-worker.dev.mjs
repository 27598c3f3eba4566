// Development-only start of the speed suite's timing worker when the harness runs from its
// TypeScript sources (tests, `tsx`): registers tsx's ESM loader in this worker thread, then loads
// chunk-worker.ts (as src/optimized/pool-worker.dev.mjs does for the pool).
import { register } from 'tsx/esm/api';

register();
await import('./chunk-worker.ts');
