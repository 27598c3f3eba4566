/**
 * The step registry: one import and one list entry per optimization step, in step order.
 * Adding a step = adding its file and its line here; the gate registry (GATES), options
 * validation, the property suite's gate-set arbitrary and the benches all read this list.
 */
import type { Step } from '../step.js';
import { smallFastPath } from './01-smallFastPath.js';
import { windowCostModel } from './02-windowCostModel.js';
import { skipZero } from './03-skipZero.js';
import { bucketReuse } from './04-bucketReuse.js';
import { signedDigits } from './05-signedDigits.js';
import { xyzzBuckets } from './06-xyzzBuckets.js';
import { batchAffine } from './07-batchAffine.js';
import { batchAffineReduction } from './08-batchAffineReduction.js';
import { glv } from './09-glv.js';
import { fixedBase } from './10-fixedBase.js';
import { workers } from './11-workers.js';
import { wasmField } from './12-wasmField.js';

const REGISTERED = [
  smallFastPath,
  windowCostModel,
  skipZero,
  bucketReuse,
  signedDigits,
  xyzzBuckets,
  batchAffine,
  batchAffineReduction,
  glv,
  fixedBase,
  workers,
  wasmField,
] as const;

export const STEPS: readonly Step[] = Object.freeze([...REGISTERED]);

/** The registered gate names as a type (each step file declares its id as `Step<'name'>`). */
export type GateId = (typeof REGISTERED)[number]['id'];
