/** The conformance matrix's data and cell texts (conformance.ts builds it; the Markdown and the HTML report render it). */
import type { Group } from '../targets/target.js';

export type CellKind = 'agrees' | 'wrong' | 'rejects-valid' | 'accepts-invalid' | 'crash' | 'timeout' | 'protocol' | 'n/a';

export interface Cell {
  kind: CellKind;
  /** Why n/a, or the failure's detail. */
  note: string | null;
  /** Cases run in the cell. */
  cases: number;
  /** Wall time of the cell, ms (shrinking included; JUnit reports it). */
  ms?: number;
  /** The shrunk failing request, fast-check seed and path (failures only). */
  line?: string;
  seed?: number;
  path?: string;
  /** Where the failure was written (gate --target). */
  corpusPath?: string;
}

export interface MatrixRow {
  spec: string;
  group: Group | null;
  /** Set when the target could not be opened: the whole row is skipped with this reason. */
  skipped: string | null;
  cells: Record<string, Cell>;
  ms: number;
}

export interface Matrix {
  classes: string[];
  rows: MatrixRow[];
  runs: number;
  seed: number;
  maxN: number;
  date: string;
  ms: number;
}

export const CELL_TEXT: Readonly<Record<CellKind, string>> = Object.freeze({
  agrees: '✅ agrees',
  wrong: '❌ wrong',
  'rejects-valid': '❌ rejects valid',
  'accepts-invalid': '❌ accepts invalid',
  crash: '💥 crash',
  timeout: '⏱ timeout',
  protocol: '❌ protocol',
  'n/a': '– n/a',
});

export const isFailureCell = (c: Cell) => c.kind !== 'agrees' && c.kind !== 'n/a';
