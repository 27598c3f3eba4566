// Worker bootstrap: worker threads do not share the main thread's TypeScript loader, so each
// worker registers tsx itself and then loads the TypeScript module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
