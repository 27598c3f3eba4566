export type { Field, FieldCounts } from './field.js';
export { primeField, countingField, batchInvert, newCounts } from './field.js';
export type { Curve, AnyCurve, CurveId, CurvePoint, PointConstructor, Projective, Endomorphism } from './types.js';
export { bindCurve } from './bind.js';
export { G1, G2, FpBls, Fp2Bls, BLS_R, BLS_P, BLS_LAMBDA } from './bls12-381.js';
export type { G1Point, G2Point } from './bls12-381.js';
export { TOY, TOY_P, TOY_B, TOY_R, TOY_G, TOY_BETA, TOY_LAMBDA } from './toy.js';
export type { ToyPoint } from './toy.js';
export { CURVES, curveById, curveOfPoint, curveOption } from './registry.js';
