/**
 * Per-call test hooks: knobs that exist only for the project's own checks (e.g. make a pool
 * worker die), kept out of the public option types (`MsmOptions`, `Tuning`).
 *
 * A call carries them under a private symbol key of its options object (`withTestHooks`), so
 * they travel with the call, never as module state, and `resolveOptions` finds them without
 * listing them among the public options (`Object.keys` does not see a symbol key). The engine
 * hands them to the steps as `job.call.hooks`; they never change a sum.
 */

export interface TestHooks {
  /**
   * Step 11 (workers), msmAsync only: the worker running this call's first chunk dies instead
   * of running it ('throw': an uncaught error; 'exit': the worker exits with code 7).
   */
  readonly crash?: 'throw' | 'exit';
  /**
   * Step 11 (workers), msmAsync on a prepare() handle: the handle's points and table go to each
   * worker as its own transferred copy, as where SharedArrayBuffer is unavailable (a browser page
   * that is not cross-origin isolated).
   */
  readonly noSharedMemory?: boolean;
}

/** The options key test hooks live under (not exported from the package's entry points). */
export const TEST_HOOKS: unique symbol = Symbol('stepwise-msm test hooks');

const HOOK_KEYS = ['crash', 'noSharedMemory'];

/** `options` with `hooks` attached for this one call. */
export function withTestHooks<O extends object>(options: O, hooks: TestHooks): O {
  return { ...options, [TEST_HOOKS]: hooks };
}

/** Validates a call's test hooks; errors name the hook and its allowed values. */
export function resolveTestHooks(h: unknown): TestHooks {
  if (h === null || typeof h !== 'object' || Array.isArray(h)) throw new TypeError(`test hooks must be an object, got ${h === null ? 'null' : typeof h}`);
  const o = h as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!HOOK_KEYS.includes(k)) throw new RangeError(`test hooks: unknown hook "${k}": known hooks are ${HOOK_KEYS.join(', ')}`);
  const out: { -readonly [K in keyof TestHooks]: TestHooks[K] } = {};
  const { crash, noSharedMemory } = o;
  if (crash !== undefined) {
    if (crash !== 'throw' && crash !== 'exit')
      throw new RangeError(`test hooks: crash must be 'throw' or 'exit', got ${typeof crash === 'string' ? `"${crash}"` : typeof crash}`);
    out.crash = crash;
  }
  if (noSharedMemory !== undefined) {
    if (typeof noSharedMemory !== 'boolean') throw new TypeError(`test hooks: noSharedMemory must be a boolean, got ${typeof noSharedMemory}`);
    out.noSharedMemory = noSharedMemory;
  }
  return Object.freeze(out);
}
