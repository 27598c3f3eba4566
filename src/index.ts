/**
 * stepwise-msm public API.
 *  - msm / msmInspect: the gated Pippenger engine (src/optimized).
 *  - referenceMsm: the naive double-and-add reference (src/reference).
 *  - GATES: the gate registry; G1, G2, TOY: the curve bindings.
 */
export {
  msm,
  msmInspect,
  prepare,
  msmAsync,
  closeWorkerPool,
  workerPoolStats,
  GATES,
  GATE_IDS,
  DEFAULT_GATES,
  NO_GATES,
  ALL_GATES,
  resolveGates,
  gateLabel,
  MAX_WINDOW,
  MIN_WINDOW,
} from './optimized/index.js';
export type {
  MsmOptions,
  InspectOptions,
  MsmReport,
  MsmPoints,
  PreparedBases,
  PrepareOptions,
  GateInfo,
  GatesOption,
  GateId,
  Trace,
  GateSet,
} from './optimized/index.js';
export { referenceMsm } from './reference/msm.js';
export { G1, G2, TOY, CURVES, curveById, curveOfPoint } from './curve/index.js';
export type { Curve, AnyCurve, CurveId, G1Point, G2Point, ToyPoint, Field, FieldCounts } from './curve/index.js';
export { validateMsmInput } from './validate.js';
