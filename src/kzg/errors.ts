/**
 * The one error type of the KZG layer. Bad input (wrong length, non-canonical field element,
 * invalid G1 encoding, bad cell index, …) throws `KzgError` with code 'BADARGS' and a message
 * that names the argument and, for lists, the index. A malformed trusted setup throws code
 * 'SETUP'. Verification functions return false for a well-formed but wrong proof; they throw
 * only for malformed input, as c-kzg does.
 */
export type KzgErrorCode = 'BADARGS' | 'SETUP';

export class KzgError extends Error {
  readonly code: KzgErrorCode;
  constructor(code: KzgErrorCode, message: string) {
    super(message);
    this.name = 'KzgError';
    this.code = code;
  }
}

export const badArgs = (message: string): KzgError => new KzgError('BADARGS', message);
