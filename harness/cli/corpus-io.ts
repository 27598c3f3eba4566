/** Writing counterexamples into the corpus folder (format: src/corpus.ts). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FailureReport } from './cases.js';

/** Writes the report's corpus case into `dir` (created if needed); returns the file path. */
export function writeCorpus(dir: string, r: FailureReport): string {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(r.corpus, null, 2) + '\n';
  let file = path.join(dir, r.fileName);
  // never overwrite a different case with the same name
  for (let k = 2; existsSync(file) && readFileSync(file, 'utf8') !== text; k++) file = path.join(dir, r.fileName.replace(/\.json$/, `-${k}.json`));
  writeFileSync(file, text);
  r.corpusPath = file;
  return file;
}
