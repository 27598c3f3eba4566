/**
 * A target: an MSM under test that is not necessarily this project's engine. Every
 * target answers EIP-2537 MSM requests: the input is exactly the precompile's input bytes (G1:
 * k × 160 bytes = 128-byte padded point ‖ 32-byte big-endian scalar; G2: k × 288 bytes), the
 * output is the 128- or 256-byte encoded result, or a rejection.
 *
 * In-process targets (engine, noble, mcl-wasm, micro-eth-signer, module:) and subprocess targets
 * (cmd:, blst) implement the same interface, so the checks, the conformance matrix, fuzz, gate,
 * replay and bench treat them alike.
 */

export type Group = 'g1' | 'g2';

/** What a target said about one request. */
export type TargetReply =
  /** The encoded result (128 bytes for G1, 256 for G2). */
  | { kind: 'output'; output: Uint8Array }
  /** The target rejected the input (EIP-2537: the precompile fails), with its message. */
  | { kind: 'error'; message: string };

/** A target that did not answer: crashed, hung past the per-call timeout, or broke the protocol. */
export class TargetFailure extends Error {
  readonly kind: 'crash' | 'timeout' | 'protocol';
  constructor(kind: 'crash' | 'timeout' | 'protocol', message: string) {
    super(message);
    this.name = 'TargetFailure';
    this.kind = kind;
  }
}

export interface CallOptions {
  /** Per-call limit in milliseconds; past it the call fails with TargetFailure('timeout'). */
  timeoutMs?: number;
  /**
   * The caller's own end (epoch ms, Date.now()): a call still running then is cut — the process
   * killed — and rejects with CallAborted, which is no verdict on the target (a campaign's time
   * is up). Only subprocess and async calls can be cut.
   */
  deadline?: number;
}

/** A call cut at the caller's deadline (CallOptions.deadline): not the target's failure. */
export class CallAborted extends Error {
  override name = 'CallAborted';
}

export interface Target {
  /** The spec as given (`engine:glv`, `cmd:./my-msm`, …): what `--target` accepts and reports print. */
  readonly spec: string;
  /** The groups it implements (a G2 request to a G1-only target is not sent). */
  readonly groups: readonly Group[];
  /**
   * Whether it decodes the EIP-2537 bytes itself. False for targets that take decoded points
   * (noble points, `module:` exporting `msm`): the harness decodes for them, so the invalid-input
   * classes do not apply (the conformance matrix shows them as n/a).
   */
  readonly decodesInput: boolean;
  /** One MSM request. Resolves with the output or a rejection; rejects only with TargetFailure. */
  call(group: Group, input: Uint8Array, options?: CallOptions): Promise<TargetReply>;
  /** Releases the target (ends its subprocess). Idempotent. */
  close(): Promise<void>;
}

/**
 * The slowest answered call of each (group, size) so far, for timeout messages: a correct target
 * that is merely slow at large n gets told how long it took before, and which options help.
 */
export class CallHistory {
  private readonly slowest = new Map<string, number>();

  /** Records one answered call (an output or a rejection) of `n` items that took `ms`. */
  record(group: Group, n: number, ms: number): void {
    const k = `${group}:${n}`;
    if (ms > (this.slowest.get(k) ?? -1)) this.slowest.set(k, ms);
  }

  /** One sentence about earlier calls like this one: the slowest answered call of that size, else the slowest of the group. */
  describe(group: Group, n: number): string {
    const G = group.toUpperCase();
    const same = this.slowest.get(`${group}:${n}`);
    if (same !== undefined) return `The slowest answered ${G} call with ${n} item(s) took ${formatMs(same)}.`;
    let best: { n: number; ms: number } | undefined;
    for (const [k, ms] of this.slowest) {
      const [g, m] = k.split(':');
      if (g === group && (best === undefined || ms > best.ms)) best = { n: Number(m), ms };
    }
    return best === undefined
      ? `No ${G} call has been answered yet.`
      : `No ${G} call with ${n} item(s) has been answered yet; the slowest answered ${G} call took ${formatMs(best.ms)} (${best.n} item(s)).`;
  }
}

/** What a timeout message adds for a user whose target is correct but slow. */
export const SLOW_TARGET_HINT = 'A correct but slower target needs a larger --timeout <ms> (or a smaller --max-n <n>).';

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Items in an EIP-2537 MSM input of `bytes` bytes (whole items; a bad length rounds down). */
export function itemsOf(group: Group, bytes: number): number {
  return Math.floor(bytes / (group === 'g1' ? 160 : 288));
}
