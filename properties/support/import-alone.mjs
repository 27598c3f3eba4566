// Loads each module given on the command line as the first and only entry of a fresh module
// graph (one worker thread per module, import-alone.worker.mjs: tsx registered in it), a few at a time, and prints one
// JSON line: { "<file>": null | "<error>" }. Run as a child process by
// properties/imports-alone.test.ts (outside the coverage run: these loads are not tests of
// the code's behaviour, and tsx-in-worker source maps would blur c8's line counts).
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

function loadAlone(file) {
  return new Promise((done) => {
    const w = new Worker(new URL('./import-alone.worker.mjs', import.meta.url), { workerData: { url: pathToFileURL(file).href }, execArgv: [] });
    let settled = false;
    const finish = (why) => {
      if (settled) return;
      settled = true;
      void w.terminate();
      done(why);
    };
    w.on('message', (m) => finish(m.ok ? null : m.error));
    w.on('error', (e) => finish(`uncaught ${e.message}`));
    w.on('exit', (code) => finish(`exited with code ${code} before reporting`));
  });
}

const queue = process.argv.slice(2);
const out = {};
const lane = async () => {
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) out[f] = await loadAlone(f);
};
await Promise.all([lane(), lane(), lane()]);
process.stdout.write(JSON.stringify(out) + '\n');
