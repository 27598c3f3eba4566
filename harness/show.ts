/** Readable renderings of points for assertion diffs (affine coordinates in hex, or 'identity'). */
import type { AnyCurve } from '../src/index.js';

export function show(curve: AnyCurve, p: any): string {
  if (curve.isZero(p)) return 'identity';
  const { x, y } = p.toAffine();
  const h = (v: any): string => (typeof v === 'bigint' ? v.toString(16) : `${v.c0.toString(16)}+${v.c1.toString(16)}u`);
  return `(${h(x)}, ${h(y)})`;
}

/** A point for CLI output and failure descriptions: affine coordinates as 0x-hex, or 'identity'. */
export function showPoint(curve: AnyCurve, p: any): string {
  if (curve.isZero(p)) return 'identity';
  const { x, y } = p.toAffine();
  const h = (v: any): string => (typeof v === 'bigint' ? '0x' + v.toString(16) : `0x${v.c0.toString(16)}+0x${v.c1.toString(16)}u`);
  return `(${h(x)}, ${h(y)})`;
}
