/**
 * The catalogue of engine checks (see check.ts): every check `npm test` applies to the engine,
 * in one list, in the order the gate runs them. vitest runs each file's share
 * (properties/*.test.ts, properties/steps/*.test.ts); `stepwise-msm gate` runs all of them.
 * A step's checks are registered here by one line (harness/checks/steps/<name>.ts).
 */
import type { EngineCheck } from './check.js';
import { BAD_INPUT_CHECKS, DIFFERENTIAL_CHECKS, LAW_CHECKS, ORACLE_CHECKS } from './core.js';
import { REACH_CHECKS } from './reach.js';
import { CHECKS as combinations } from './combinations.js';
import { CHECKS as exhaustiveToy } from './exhaustive-toy.js';
import { CHECKS as engineBehaviour } from './engine.js';
import { CHECKS as kernels } from './kernels.js';
import { CHECKS as wasmKernels } from './wasm-kernels.js';
import { CHECKS as smallFastPath } from './steps/smallFastPath.js';
import { CHECKS as windowCostModel } from './steps/windowCostModel.js';
import { CHECKS as windowCostModelCounted } from './steps/windowCostModel.counted.js';
import { CHECKS as windowCostModelFixture } from './steps/windowCostModel.fixture.js';
import { CHECKS as skipZero } from './steps/skipZero.js';
import { CHECKS as bucketReuse } from './steps/bucketReuse.js';
import { CHECKS as signedDigits } from './steps/signedDigits.js';
import { CHECKS as xyzzBuckets } from './steps/xyzzBuckets.js';
import { CHECKS as batchAffine } from './steps/batchAffine.js';
import { CHECKS as batchAffineReduction } from './steps/batchAffineReduction.js';
import { CHECKS as glv } from './steps/glv.js';
import { CHECKS as fixedBase } from './steps/fixedBase.js';
import { CHECKS as workers } from './steps/workers.js';
import { CHECKS as wasmField } from './steps/wasmField.js';

export type { EngineCheck } from './check.js';

export const ENGINE_CHECKS: readonly EngineCheck[] = [
  ...DIFFERENTIAL_CHECKS,
  ...ORACLE_CHECKS,
  ...LAW_CHECKS,
  ...BAD_INPUT_CHECKS,
  ...REACH_CHECKS,
  ...combinations,
  ...exhaustiveToy,
  ...engineBehaviour,
  ...kernels,
  ...wasmKernels,
  ...smallFastPath,
  ...windowCostModel,
  ...windowCostModelFixture,
  ...windowCostModelCounted,
  ...skipZero,
  ...bucketReuse,
  ...signedDigits,
  ...xyzzBuckets,
  ...batchAffine,
  ...batchAffineReduction,
  ...glv,
  ...fixedBase,
  ...workers,
  ...wasmField,
];

{
  const seen = new Set<string>();
  for (const c of ENGINE_CHECKS) {
    if (seen.has(c.id)) throw new Error(`harness/checks: duplicate check id ${JSON.stringify(c.id)}`);
    seen.add(c.id);
  }
}
