/**
 * A target: an MSM under test that is not necessarily this project's engine (issue 14). Every
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
