/**
 * `cmd:<command line>`: a target that is a long-lived subprocess speaking the line protocol.
 *
 *   request  (one line on its stdin):  `g1 <hex>` or `g2 <hex>`, the hex being exactly the
 *                                      EIP-2537 MSM input (k × 160 / k × 288 bytes)
 *   reply    (one line on its stdout): the hex of the 128- / 256-byte output,
 *                                      or `error <message>` when it rejects the input
 *
 * The command runs through the shell in `cwd`, is started on the first call and kept running.
 * Requests are serialized (one in flight). Failures, each a TargetFailure:
 *  - timeout:  no reply within the per-call limit (plus a start-up allowance for the first
 *              request to a new process) → the process (group) is killed;
 *  - crash:    the process exits or closes its pipes while a request is pending (exit code or
 *              signal and the last lines of its stderr are reported);
 *  - protocol: a reply that is not `error …` nor hex of the right length, or more than one line
 *              for one request (the reply is quoted, truncated) → the process is killed.
 * After any failure the next call starts a fresh process, so a fuzzing run goes on.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { POINT_SIZE, fromHex } from './eip2537.js';
import { shellQuote } from '../format.js';
import { CallAborted, CallHistory, itemsOf, SLOW_TARGET_HINT, TargetFailure, type CallOptions, type Group, type Target, type TargetReply } from './target.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_STARTUP_MS = 10_000;
const STDERR_LINES = 12;
/** Characters of a stderr line quoted (longer ones end with "…"): all that is kept of one. */
const QUOTED_CHARS = 300;
const QUOTE_CHARS = 160;
/** After a timeout: how long the harness listens, stdin closed, for a reply stuck in the target's stdout buffer (it stops early when the target exits or prints; a slow-starting runtime may need most of it). */
const FLUSH_WAIT_MS = 1000;
/** How long `probe` waits for a target started on an empty input to exit (a live one is then killed: it started). */
const PROBE_MS = 2000;
/** The hint of a reply that stays in a buffer. */
const FLUSH_HINT =
  'flush stdout after each reply line (C: fflush(stdout); Rust: stdout.flush(); Python: print(..., flush=True); Go: a bufio.Writer needs Flush())';

export interface CmdTargetOptions {
  /** Working directory of the command (default: process.cwd()). */
  cwd?: string;
  /** Default per-call limit, ms (default 10 s); a call's own `timeoutMs` overrides it. */
  timeoutMs?: number;
  /**
   * Extra time allowed for the first request to a freshly started process (loading a runtime,
   * reading tables), ms; default 10 s. The per-call limit then applies on top of it.
   */
  startupMs?: number;
  /** The spec to report (default `cmd:<command>`). */
  spec?: string;
  /** Groups it implements (default both). */
  groups?: readonly Group[];
  /** Extra environment for the command. */
  env?: Record<string, string>;
}

/** A quoted, truncated rendering of something the target printed. */
export function quote(s: string): string {
  const t = s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS)}… (${s.length} chars)` : s;
  return JSON.stringify(t);
}

/**
 * Live target processes. They run in their own process group (so that a timeout can kill the
 * shell and what it started), which also means they would outlive this process: on exit, the
 * remaining ones are killed.
 */
const live = new Set<Proc>();
let exitHook = false;
function track(p: Proc): void {
  live.add(p);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const q of live) q.kill();
    });
  }
}

class Proc {
  readonly child: ChildProcessWithoutNullStreams;
  /** Stdout not yet ended by a newline, in the chunks it came in (joined only when a line ends: no rescan per chunk). */
  private outParts: string[] = [];
  private lines: string[] = [];
  private stderr: string[] = [];
  private errTail = '';
  /** The request waiting for its reply line (or for the crash or protocol failure that ends it). */
  private pending: ((reply: string | TargetFailure) => void) | undefined;
  exited = false;
  exitInfo = '';
  exitCode: number | null = null;
  exitSignal: string | null = null;
  /** Called on every stdout line or exit while no request is pending (timeout diagnosis, probe). */
  private watcher: (() => void) | undefined;

  constructor(command: string, cwd: string, env: Record<string, string> | undefined) {
    this.child = spawn(command, { shell: true, cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (d: string) => this.onOut(d));
    this.child.stderr.on('data', (d: string) => this.onErr(d));
    // EPIPE and friends: reported as a crash through 'close' (or right away if it never started)
    this.child.stdin.on('error', () => {});
    this.child.on('error', (e) => this.onGone(`could not be started: ${e.message}`));
    this.child.on('close', (code, signal) => {
      this.exitCode = code;
      this.exitSignal = signal;
      this.onGone(signal ? `was killed by signal ${signal}` : `exited with code ${code}${code === 127 ? ' (the shell could not find the command)' : ''}`);
    });
    track(this);
  }

  private onOut(d: string): void {
    let from = 0;
    let nl: number;
    while ((nl = d.indexOf('\n', from)) >= 0) {
      this.outParts.push(d.slice(from, nl));
      let line = this.outParts.join('');
      this.outParts = [];
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.lines.push(line);
      from = nl + 1;
    }
    if (from < d.length) this.outParts.push(d.slice(from));
    this.deliver();
    this.watcher?.();
  }

  /** Stdout written after the last newline (a reply without its terminating newline, or one being written). */
  partialOut(): string {
    if (this.outParts.length > 1) this.outParts = [this.outParts.join('')];
    return this.outParts[0] ?? '';
  }

  private deliver(): void {
    if (!this.pending || this.lines.length === 0) return;
    const p = this.pending;
    this.pending = undefined;
    const line = this.lines.shift() as string;
    const extra = this.lines.splice(0);
    p(
      extra.length === 0
        ? line
        : new TargetFailure(
            'protocol',
            `more than one reply line for one request: ${quote(line)} then ${quote(extra[0])}${extra.length > 1 ? ` and ${extra.length - 1} more` : ''}`
          )
    );
  }

  /** Keeps the last STDERR_LINES lines, each cut after what is quoted of it: a line that never ends (`\r` progress output) costs no rescan. */
  private onErr(d: string): void {
    const cut = (s: string) => (s.length > QUOTED_CHARS + 1 ? s.slice(0, QUOTED_CHARS + 1) : s);
    const nl = d.indexOf('\n');
    if (nl < 0) {
      if (this.errTail.length <= QUOTED_CHARS) this.errTail = cut(this.errTail + d);
      return;
    }
    const parts = d.split('\n');
    parts[0] = cut(this.errTail + parts[0]);
    this.errTail = cut(parts.pop() ?? '');
    const keep = parts.slice(-STDERR_LINES).map(cut);
    this.stderr.push(...keep);
    if (this.stderr.length > STDERR_LINES) this.stderr.splice(0, this.stderr.length - STDERR_LINES);
  }

  stderrTail(): string {
    const lines = [...this.stderr, ...(this.errTail ? [this.errTail] : [])].slice(-STDERR_LINES);
    return lines.length
      ? `; last stderr lines:\n  ${lines.map((l) => (l.length > QUOTED_CHARS ? `${l.slice(0, QUOTED_CHARS)}…` : l)).join('\n  ')}`
      : '; nothing on stderr';
  }

  private onGone(how: string): void {
    if (this.exited) return;
    this.exited = true;
    this.exitInfo = how;
    live.delete(this);
    const p = this.pending;
    this.pending = undefined;
    p?.(new TargetFailure('crash', `the target process ${how} before replying${this.stderrTail()}`));
    this.watcher?.();
  }

  /**
   * Closes the target's stdin and waits up to `ms` for a stdout line or its exit: a program whose
   * replies sit in a stdout buffer writes them out when it exits at the end of its input.
   * Resolves with the first line seen (null: none).
   */
  endAndListen(ms: number): Promise<string | null> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.watcher = undefined;
        const partial = this.partialOut();
        resolve(this.lines.length > 0 ? (this.lines[0] as string) : partial !== '' ? partial : null);
      };
      const timer = setTimeout(finish, ms);
      this.watcher = () => {
        if (this.lines.length > 0 || this.exited) finish();
      };
      try {
        this.child.stdin.end();
      } catch {
        // already closed
      }
      this.watcher();
    });
  }

  /**
   * Writes one request. Resolves with its reply line, or null when none came within `ms` (the
   * request is dropped); rejects with the crash or protocol failure that ended it.
   */
  request(line: Buffer, ms: number): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve(null);
      }, ms);
      this.pending = (reply) => {
        clearTimeout(timer);
        if (reply instanceof TargetFailure) reject(reply);
        else resolve(reply);
      };
      this.child.stdin.write(line);
    });
  }

  /** Lines printed while no request was pending. */
  takeUnsolicited(): string[] {
    return this.lines.splice(0);
  }

  kill(): void {
    if (this.exited) return;
    try {
      // the shell and whatever it started: the whole process group
      if (this.child.pid !== undefined && process.platform !== 'win32') process.kill(-this.child.pid, 'SIGKILL');
      else this.child.kill('SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}

export class CmdTarget implements Target {
  readonly spec: string;
  readonly groups: readonly Group[];
  readonly decodesInput = true;
  readonly command: string;
  private readonly cwd: string;
  private readonly timeoutMs: number;
  private readonly startupMs: number;
  private readonly env: Record<string, string> | undefined;
  private proc: Proc | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Processes started so far (1 + restarts). */
  starts = 0;
  /** The slowest answered call of each size, for timeout messages. */
  readonly history = new CallHistory();
  /**
   * Spawn to first reply of the first process: a restarted process gets start-up time from it
   * (4×, at least 2 s, at most startupMs) rather than the full allowance, so that shrinking a
   * hang does not wait startupMs per candidate.
   */
  private firstReplyMs: number | undefined;

  constructor(command: string, opts: CmdTargetOptions = {}) {
    if (typeof command !== 'string' || command.trim() === '') throw new TypeError('cmd target: the command line must be a non-empty string');
    this.command = command;
    this.spec = opts.spec ?? `cmd:${command}`;
    this.groups = Object.freeze([...(opts.groups ?? ['g1', 'g2'])]);
    this.cwd = opts.cwd ?? process.cwd();
    const t = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(t) || t <= 0) throw new RangeError(`cmd target: timeoutMs must be a positive number of milliseconds, got ${t}`);
    this.timeoutMs = t;
    const st = opts.startupMs ?? DEFAULT_STARTUP_MS;
    if (!Number.isFinite(st) || st < 0) throw new RangeError(`cmd target: startupMs must be a non-negative number of milliseconds, got ${st}`);
    this.startupMs = st;
    this.env = opts.env;
  }

  call(group: Group, input: Uint8Array, options: CallOptions = {}): Promise<TargetReply> {
    if (group !== 'g1' && group !== 'g2') throw new RangeError(`group must be 'g1' or 'g2', got ${JSON.stringify(group)}`);
    if (!(input instanceof Uint8Array)) throw new TypeError(`cmd target: input must be a Uint8Array, got ${input === null ? 'null' : typeof input}`);
    const line = requestBytes(group, input);
    const run = this.queue.then(() => this.send(group, line, options.timeoutMs ?? this.timeoutMs, options.deadline));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(group: Group, line: Buffer, timeoutMs: number, deadline: number | undefined): Promise<TargetReply> {
    if (this.closed) throw new TargetFailure('crash', `${this.spec}: the target was closed`);
    if (deadline !== undefined && Date.now() >= deadline) throw new CallAborted(`${this.spec}: the caller's deadline passed before the call`);
    if (this.proc?.exited) this.proc = undefined;
    if (this.proc) {
      const extra = this.proc.takeUnsolicited();
      if (extra.length > 0) {
        this.restart();
        throw new TargetFailure(
          'protocol',
          `the target printed ${quote(extra[0])}${extra.length > 1 ? ` and ${extra.length - 1} more line(s)` : ''} after its previous reply (no request pending)`
        );
      }
    }
    let allowed = timeoutMs;
    const started = performance.now();
    const fresh = !this.proc;
    if (!this.proc) {
      this.proc = new Proc(this.command, this.cwd, this.env);
      this.starts++;
      allowed +=
        this.starts === 1 || this.firstReplyMs === undefined ? this.startupMs : Math.min(this.startupMs, Math.max(2000, Math.ceil(4 * this.firstReplyMs)));
    }
    const proc = this.proc;
    const cut = deadline !== undefined && deadline - Date.now() < allowed;
    const reply = await proc.request(line, cut ? Math.max(0, (deadline as number) - Date.now()) : allowed).catch((e: unknown) => {
      // whatever went wrong, the next call starts a fresh process
      if (e instanceof TargetFailure && e.kind !== 'crash') this.restart();
      else if (this.proc === proc) this.proc = undefined;
      throw e;
    });
    if (reply === null) {
      // the caller's time is up, not the target's: no verdict
      if (cut) {
        this.restart();
        throw new CallAborted(`${this.spec}: call cut at the caller's deadline`);
      }
      // output already there without its newline: the reply was written but not ended
      const unended = proc.partialOut();
      // a reply stuck in the target's stdout buffer comes out when its input ends: say so
      const late = unended === '' ? await proc.endAndListen(FLUSH_WAIT_MS) : null;
      this.restart();
      throw new TargetFailure('timeout', this.timeoutMessage(group, line, timeoutMs, allowed, late, unended));
    }
    const took = performance.now() - started;
    if (this.starts === 1 && this.firstReplyMs === undefined) this.firstReplyMs = took;
    // the first call of a process includes its start-up: not a measure of the MSM
    if (!fresh) this.history.record(group, itemsOf(group, (line.length - 4) / 2), took);
    try {
      return parseReply(group, reply);
    } catch (e) {
      this.restart();
      throw e;
    }
  }

  private timeoutMessage(group: Group, line: Buffer, timeoutMs: number, allowed: number, late: string | null, unended: string): string {
    const head = `no reply within ${timeoutMs} ms${allowed > timeoutMs ? ` (+ ${allowed - timeoutMs} ms start-up allowance)` : ''} (the process was killed)`;
    if (unended !== '')
      return `${head}: it wrote ${quote(unended)}, a reply without a terminating newline: end each reply line with "\\n" (the harness reads one line per reply).`;
    if (late !== null)
      return (
        `${head}: its reply ${quote(late)} came out only when the harness closed the target's stdin, so the target does not flush stdout ` +
        `after each reply line and every reply waits in its buffer: ${FLUSH_HINT}.`
      );
    const n = itemsOf(group, (line.length - 4) / 2);
    return `${head}, on a ${group.toUpperCase()} request of ${n} item(s). ${this.history.describe(group, n)} ${SLOW_TARGET_HINT} If the target answers but does not ${FLUSH_HINT}, its replies wait in a buffer.`;
  }

  /**
   * Starts the command on an empty input (stdin closed at once) to see that it runs: says why not
   * (not found, not executable, exits with an error at start-up, prints on stdout before any
   * request), or null. A target still running after a moment is killed: it started.
   */
  async probe(waitMs = PROBE_MS): Promise<string | null> {
    const p = new Proc(this.command, this.cwd, this.env);
    try {
      const first = await p.endAndListen(waitMs);
      if (!p.exited && first === null) return null;
      // let a process that just printed also exit, for its exit code and stderr
      if (!p.exited) await p.endAndListen(100);
      if (p.exitCode === 127 || p.exitCode === 126)
        return `the command ${p.exitCode === 127 ? 'was not found' : 'cannot be executed (permissions?)'}: \`${this.command}\` ${p.exitInfo}${p.stderrTail()}`;
      if (first !== null)
        return `the target printed ${quote(first)} on stdout before any request: stdout carries replies only (one per request); write logs to stderr`;
      if (p.exited && (p.exitCode !== 0 || p.exitSignal !== null))
        return `the target ${p.exitInfo} when started, before any request (it must read requests until the end of its input, then exit 0): \`${this.command}\`${p.stderrTail()}`;
      return null;
    } finally {
      p.kill();
    }
  }

  private restart(): void {
    this.proc?.kill();
    this.proc = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exited) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        p.kill();
        resolve();
      }, 500);
      p.child.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      p.child.stdin.end();
    });
  }
}

/** The request as written to the pipe, `g1 <hex>\n`, built as bytes (no string of a megabyte to encode again). */
function requestBytes(group: Group, input: Uint8Array): Buffer {
  const hex = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('hex');
  const out = Buffer.allocUnsafe(hex.length + 4);
  out.write(`${group} `, 0, 'latin1');
  out.write(hex, 3, 'latin1');
  out[out.length - 1] = 10;
  return out;
}

/** One reply line → TargetReply; anything else is TargetFailure('protocol') quoting it. */
export function parseReply(group: Group, line: string): TargetReply {
  if (line === 'error' || line.startsWith('error ')) return { kind: 'error', message: line.slice(6).trim() || '(no message)' };
  const want = POINT_SIZE[group];
  if (!/^[0-9a-fA-F]*$/.test(line) || line.length === 0) throw new TargetFailure('protocol', `reply is neither "error <message>" nor hex: ${quote(line)}`);
  if (line.length !== 2 * want)
    throw new TargetFailure('protocol', `reply is ${line.length} hex digits, expected ${2 * want} (${want} bytes for ${group.toUpperCase()}): ${quote(line)}`);
  return { kind: 'output', output: fromHex(line) };
}

export function cmdTarget(command: string, opts: CmdTargetOptions = {}): CmdTarget {
  return new CmdTarget(command, opts);
}

/**
 * A `cmd:` target that answers every request at once with a fixed output, doing no MSM: timing it
 * on the same inputs gives the protocol's round-trip cost (spawned pipe, hex encoding, parsing).
 * The script is harness/targets/echo.mjs, copied beside the build's cmd.js.
 */
export function echoTarget(opts: Omit<CmdTargetOptions, 'spec'> = {}): CmdTarget {
  const script = fileURLToPath(new URL('./echo.mjs', import.meta.url));
  return new CmdTarget(`${shellQuote(process.execPath)} ${shellQuote(script)}`, { ...opts, spec: 'echo' });
}
