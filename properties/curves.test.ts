/**
 * The curve parameters are proved, not trusted: the toy curve's p and r are prime, the curve has
 * exactly r points (counted by brute force), G has order r; the GLV constants (β, λ) of every
 * curve satisfy φ(P) = λ·P; the bindings agree with noble's group law.
 */
import { describe, expect, it } from 'vitest';
import { CURVES, G1, G2, TOY, TOY_B, TOY_P, TOY_R } from '../src/curve/index.js';

function isPrime(n: bigint): boolean {
  if (n < 2n) return false;
  for (let d = 2n; d * d <= n; d++) if (n % d === 0n) return false;
  return true;
}

describe('toy curve parameters', () => {
  it('p and r are prime, p ≡ 1 (mod 3)', () => {
    expect(isPrime(TOY_P)).toBe(true);
    expect(isPrime(TOY_R)).toBe(true);
    expect(TOY_P % 3n).toBe(1n);
  });
  it('#E(F_p) = r, by counting points', () => {
    const p = Number(TOY_P);
    const squares = new Array<number>(p).fill(0);
    for (let y = 0; y < p; y++) squares[(y * y) % p]++;
    let count = 1; // the point at infinity
    for (let x = 0; x < p; x++) count += squares[(x * x * x + Number(TOY_B)) % p];
    expect(BigInt(count)).toBe(TOY_R);
  });
  it('G is on the curve and has order r (r·G = O, G ≠ O)', () => {
    const { x, y } = TOY.BASE.toAffine();
    expect((y * y - x * x * x - TOY_B) % TOY_P).toBe(0n);
    let acc = TOY.ZERO;
    for (let k = 0n; k < TOY_R; k++) acc = acc.add(TOY.BASE);
    expect(acc.is0()).toBe(true);
    expect(TOY.BASE.is0()).toBe(false);
  });
});

describe('GLV constants of every curve', () => {
  for (const c of CURVES) {
    it(`${c.name}: β³ = 1, β ≠ 1, λ³ ≡ 1 (mod r), φ(k·G) = λk·G`, () => {
      const { beta, lambda } = c.endo!;
      const F = c.Fp;
      expect(F.eql(F.mul(F.sqr(beta), beta), F.ONE)).toBe(true);
      expect(F.eql(beta, F.ONE)).toBe(false);
      expect((lambda * lambda * lambda) % c.order).toBe(1n);
      for (const k of [1n, 2n, 12345n]) {
        const P = c.BASE.multiply(k % c.order);
        const phi = c.fromProjective(F.mul(P.X, beta), P.Y, P.Z);
        expect(phi.equals(P.multiply(lambda % c.order))).toBe(true);
      }
    });
  }
});

describe('bindings', () => {
  it('isOnCurve accepts real points and the identity, rejects off-curve coordinates', () => {
    for (const c of CURVES) {
      expect(c.isOnCurve(c.BASE.multiply(7n))).toBe(true);
      expect(c.isOnCurve(c.ZERO)).toBe(true);
    }
    expect(G1.isOnCurve(new G1.Point(1n, 1n, 1n))).toBe(false);
    expect(TOY.isOnCurve(new TOY.Point(1n, 1n, 1n))).toBe(false);
    expect(G2.isOnCurve(new G2.Point(G2.Fp.ONE, G2.Fp.ONE, G2.Fp.ONE))).toBe(false);
  });
  it('isOnCurve: the Z = 1 (affine) shortcut agrees with the projective equation, on and off the curve', () => {
    for (const c of CURVES) {
      const F = c.Fp as any;
      for (const k of [1n, 2n, 7n, 1234567n, c.order - 1n]) {
        const P = c.BASE.multiply(k % c.order || 1n);
        const { x, y } = P.toAffine();
        const z = F.fromSmall(5);
        const scaled = new (c.Point as any)(F.mul(x, z), F.mul(y, z), z);
        expect(c.isOnCurve(new (c.Point as any)(x, y, F.ONE)), `${c.name} k=${k} affine`).toBe(true);
        expect(c.isOnCurve(scaled), `${c.name} k=${k} Z=5`).toBe(true);
        // y + 1 and x + 1 with Z = 1 (both forms): off the curve
        for (const [bx, by] of [
          [x, F.add(y, F.ONE)],
          [F.add(x, F.ONE), y],
        ]) {
          expect(c.isOnCurve(new (c.Point as any)(bx, by, F.ONE)), `${c.name} k=${k} off, Z=1`).toBe(false);
          expect(c.isOnCurve(new (c.Point as any)(F.mul(bx, z), F.mul(by, z), z)), `${c.name} k=${k} off, Z=5`).toBe(false);
        }
      }
    }
  });
  it('scalar bit lengths', () => {
    expect(G1.scalarBits).toBe(255);
    expect(G2.scalarBits).toBe(255);
    expect(TOY.scalarBits).toBe(11);
  });
});
