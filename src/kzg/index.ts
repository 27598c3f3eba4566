/** Ethereum KZG (EIP-4844 + EIP-7594) on the stepwise-msm engine. */
export { createKzg } from './kzg.js';
export {
  BYTES_PER_BLOB,
  BYTES_PER_CELL,
  BYTES_PER_COMMITMENT,
  BYTES_PER_FIELD_ELEMENT,
  BYTES_PER_PROOF,
  CELLS_PER_EXT_BLOB,
  FIELD_ELEMENTS_PER_BLOB,
  FIELD_ELEMENTS_PER_CELL,
  FIELD_ELEMENTS_PER_EXT_BLOB,
} from './common.js';
export type { Kzg, KzgOptions } from './kzg.js';
export { KzgError, type KzgErrorCode } from './errors.js';
export { loadPackageSetup, loadTrustedSetupFile, parseTrustedSetupTxt, type KzgSetup } from './setup.js';
export { fk20Column, fk20Table } from './fk20.js';
export { bytesToG1, g1ToBytes } from './g1.js';
export { decodeG1MsmInput, decodeG2MsmInput, encodeG1, encodeG2, eip2537G1Msm, eip2537G2Msm, Eip2537Error, type Eip2537Reason } from './eip2537.js';
