export { msm, msmInspect, slotProvider, runJob, makeJob } from './engine.js';
export type { InspectOptions, MsmReport } from './engine.js';
export { GATES, GATE_IDS, DEFAULT_GATES, NO_GATES, ALL_GATES, resolveGates, gateLabel } from './gates.js';
export type { GateInfo, GatesOption } from './gates.js';
export { resolveOptions, MAX_WINDOW, MIN_WINDOW } from './options.js';
export type { MsmOptions } from './options.js';
export { STEPS } from './steps/index.js';
export type { Step, Job, Trace, DigitTable, BucketSet, GroupOps, GateSet } from './step.js';
