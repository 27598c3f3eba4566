/** Readable renderings of points for assertion diffs (affine coordinates in hex, or 'identity'). */
import type { AnyCurve } from '../src/index.js';

function render(curve: AnyCurve, p: any, prefix: string): string {
  if (curve.isZero(p)) return 'identity';
  const { x, y } = p.toAffine();
  const h = (v: any): string => (typeof v === 'bigint' ? prefix + v.toString(16) : `${prefix}${v.c0.toString(16)}+${prefix}${v.c1.toString(16)}u`);
  return `(${h(x)}, ${h(y)})`;
}

export function show(curve: AnyCurve, p: any): string {
  return render(curve, p, '');
}

/** A point for CLI output and failure descriptions: affine coordinates as 0x-hex, or 'identity'. */
export function showPoint(curve: AnyCurve, p: any): string {
  return render(curve, p, '0x');
}
