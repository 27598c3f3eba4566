/** Writing counterexamples into the corpus folder (format: src/corpus.ts; target cases: target-corpus.ts). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FailureReport } from './cases.js';
import { shellQuote } from '../format.js';

/** Writes `value` as JSON to `dir/fileName` (dir created if needed), never overwriting a different file of that name (-2, -3, … instead); returns the path. */
export function writeCorpusJson(dir: string, fileName: string, value: unknown): string {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(value, null, 2) + '\n';
  let file = path.join(dir, fileName);
  for (let k = 2; existsSync(file) && readFileSync(file, 'utf8') !== text; k++) file = path.join(dir, fileName.replace(/\.json$/, `-${k}.json`));
  writeFileSync(file, text);
  return file;
}

/** Writes the report's corpus case into `dir` (created if needed); returns the file path. */
export function writeCorpus(dir: string, r: FailureReport): string {
  const file = writeCorpusJson(dir, r.fileName, r.corpus);
  r.corpusPath = file;
  return file;
}

/** The command that replays a report's corpus file (with --impl when an --impl module failed). */
export function corpusReplayCommand(r: FailureReport, file: string): string {
  return `npx stepwise-msm ${['replay', file, ...(r.implFlag !== null ? ['--impl', r.implFlag] : [])].map(shellQuote).join(' ')}`;
}
