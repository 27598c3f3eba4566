// Development-only start of the pool worker when the library runs from its TypeScript sources
// (tests, `tsx`): registers tsx's ESM loader in this worker thread, then loads pool-worker.ts.
// Compiled output starts pool-worker.js directly and never needs this file (nor tsx).
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
