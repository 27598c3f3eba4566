/**
 * A `module:` target in a worker thread of its own. The module's function runs there; the calling
 * thread keeps the per-call limit: past it (or at the caller's deadline) the thread is terminated
 * — which stops a call that never returns, even a synchronous loop that no timer in its own
 * thread could interrupt — and the call fails with TargetFailure('timeout') (CallAborted at the
 * deadline). The next call starts a fresh thread (the module loaded again). The thread is
 * unreferenced between calls, so an open target does not keep the process alive.
 *
 * This file is both sides: `openModuleThread` (the caller's) and, run as the thread's entry
 * through cli/worker-boot.mjs, the loop that answers calls.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../cli/errors.js';
import { GROUPS } from './eip2537.js';
import { bytesTarget, decodedTarget, type BytesMsm } from './in-process.js';
import { CallAborted, CallHistory, itemsOf, SLOW_TARGET_HINT, TargetFailure, type CallOptions, type Group, type Target, type TargetReply } from './target.js';

interface ThreadData {
  __entry: string;
  spec: string;
  file: string;
  cwd: string;
}

type FromThread =
  | { type: 'ready'; groups: Group[]; decodesInput: boolean }
  | { type: 'open-error'; message: string; usage: boolean }
  | { type: 'reply'; id: number; reply: TargetReply }
  | { type: 'failure'; id: number; kind: TargetFailure['kind']; message: string };

interface Pending {
  resolve: (r: TargetReply) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Opens `module:<file>` in a worker thread; a module that cannot be loaded is a UsageError, as in process. */
export async function openModuleThread(spec: string, file: string, cwd: string, timeoutMs: number | undefined): Promise<Target> {
  const entry = new URL(`./module-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
  const history = new CallHistory();
  const pending = new Map<number, Pending>();
  let seq = 0;
  let thread: { worker: Worker; ready: Promise<{ groups: Group[]; decodesInput: boolean }> } | null = null;
  let closed = false;

  const failAll = (e: Error) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    pending.clear();
  };
  const stop = () => {
    if (!thread) return;
    const { worker } = thread;
    thread = null;
    void worker.terminate();
  };
  const start = () => {
    const data: ThreadData = { __entry: entry, spec, file, cwd };
    const worker = new Worker(fileURLToPath(new URL('../cli/worker-boot.mjs', import.meta.url)), { workerData: data });
    worker.unref();
    const ready = new Promise<{ groups: Group[]; decodesInput: boolean }>((resolve, reject) => {
      worker.on('message', (m: FromThread) => {
        if (m.type === 'ready') resolve({ groups: m.groups, decodesInput: m.decodesInput });
        else if (m.type === 'open-error') reject(m.usage ? new UsageError(m.message) : new Error(m.message));
        else {
          const p = pending.get(m.id);
          if (!p) return;
          pending.delete(m.id);
          clearTimeout(p.timer);
          if (pending.size === 0) worker.unref();
          if (m.type === 'reply') p.resolve(m.reply);
          else p.reject(new TargetFailure(m.kind, m.message));
        }
      });
      const gone = (why: string) => {
        if (thread?.worker !== worker) return;
        thread = null;
        const e = new TargetFailure('crash', `${spec}: its thread ended (${why}) during the call`);
        reject(e);
        failAll(e);
      };
      worker.on('error', (e) => gone(`${e?.name ?? 'Error'}: ${e?.message ?? String(e)}`));
      worker.on('exit', (code) => gone(`exit code ${code}`));
    });
    ready.catch(() => {});
    thread = { worker, ready };
    return thread;
  };

  const meta = await start().ready.catch((e) => {
    stop();
    throw e;
  });
  const t: Target = {
    spec,
    groups: Object.freeze([...meta.groups]),
    decodesInput: meta.decodesInput,
    async call(group: Group, input: Uint8Array, options: CallOptions = {}): Promise<TargetReply> {
      if (closed) throw new TargetFailure('crash', `${spec}: called after close()`);
      if (!t.groups.includes(group))
        throw new RangeError(`target ${spec} does not implement ${String(group).toUpperCase()} (it implements ${t.groups.join(', ')})`);
      const th = thread ?? start();
      await th.ready.catch((e) => {
        throw e instanceof TargetFailure
          ? e
          : new TargetFailure('crash', `${spec}: the module could not be loaded again: ${(e as Error)?.message ?? String(e)}`);
      });
      const ms = options.timeoutMs ?? timeoutMs;
      const { deadline } = options;
      const n = itemsOf(group, input.length);
      const id = ++seq;
      const t0 = performance.now();
      const reply = await new Promise<TargetReply>((resolve, reject) => {
        const limit = ms ?? Number.POSITIVE_INFINITY;
        const cut = deadline !== undefined && deadline - Date.now() < limit;
        const wait = cut ? Math.max(0, (deadline as number) - Date.now()) : limit;
        const timer = Number.isFinite(wait)
          ? setTimeout(() => {
              pending.delete(id);
              stop();
              reject(
                cut
                  ? new CallAborted("call cut at the caller's deadline")
                  : new TargetFailure(
                      'timeout',
                      `no result within ${ms} ms (the call did not return: its thread was stopped), on a ${group.toUpperCase()} request of ${n} item(s). ${history.describe(group, n)} ${SLOW_TARGET_HINT}`
                    )
              );
            }, wait)
          : undefined;
        pending.set(id, { resolve, reject, timer });
        th.worker.ref();
        th.worker.postMessage({ id, group, input });
      });
      history.record(group, n, performance.now() - t0);
      return reply;
    },
    async close() {
      closed = true;
      const th = thread;
      stop();
      failAll(new CallAborted('target closed'));
      if (th) await th.worker.terminate();
    },
  };
  return t;
}

/** The module loaded in this thread, as an in-process target (no per-call limit: the caller's thread keeps it). */
async function openModuleInProcess(spec: string, file: string, cwd: string): Promise<Target> {
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) throw new UsageError(`--target ${spec}: no module at ${abs}`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--target ${spec}: cannot load the module: ${(e as Error)?.message ?? String(e)}`);
  }
  if (typeof mod.eip2537 === 'function') {
    const groups = Array.isArray(mod.groups) ? (mod.groups as Group[]).filter((g) => g === 'g1' || g === 'g2') : GROUPS;
    return bytesTarget({ spec, groups }, mod.eip2537 as BytesMsm);
  }
  if (typeof mod.msm === 'function') {
    const msm = { g1: mod.msm, g2: mod.msmG2 } as Record<Group, (points: any[], scalars: bigint[]) => unknown>;
    return decodedTarget({ spec, groups: typeof mod.msmG2 === 'function' ? GROUPS : ['g1'] }, (group, points, scalars) => msm[group](points, scalars));
  }
  throw new UsageError(`--target ${spec}: the module exports neither eip2537(input, group) nor msm(points, scalars)`);
}

/** The thread's side: opens the module in process (no limit of its own) and answers each call in turn. */
async function serve(data: ThreadData): Promise<void> {
  const port = parentPort!;
  const post = (m: FromThread) => port.postMessage(m);
  let target: Target;
  try {
    target = await openModuleInProcess(data.spec, data.file, data.cwd);
  } catch (e) {
    post({ type: 'open-error', message: (e as Error)?.message ?? String(e), usage: e instanceof UsageError });
    return;
  }
  post({ type: 'ready', groups: [...target.groups], decodesInput: target.decodesInput });
  port.on('message', async (m: { id: number; group: Group; input: Uint8Array }) => {
    try {
      post({ type: 'reply', id: m.id, reply: await target.call(m.group, m.input) });
    } catch (e) {
      const f = e instanceof TargetFailure ? e : new TargetFailure('crash', (e as Error)?.message ?? String(e));
      post({ type: 'failure', id: m.id, kind: f.kind, message: f.message });
    }
  });
}

if (parentPort && (workerData as Partial<ThreadData> | null)?.__entry?.includes('module-thread')) await serve(workerData as ThreadData);
