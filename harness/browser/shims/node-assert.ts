/**
 * `node:assert/strict` in a browser page, as far as the harness uses it (harness/checks/expect.ts
 * calls `assert.fail`): the browser bundler (harness/browser/bundle.ts) aliases the module here.
 */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

function fail(message?: string | Error): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? 'Failed');
}

const assert = Object.assign((value: unknown, message?: string) => value || fail(message ?? 'assertion failed'), {
  fail,
  AssertionError,
  ok: (value: unknown, message?: string) => value || fail(message),
});

export default assert;
export { fail };
