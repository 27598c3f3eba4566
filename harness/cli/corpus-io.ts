/**
 * Writing counterexamples into the corpus folder (format: src/corpus.ts), and the corpus of
 * target failures: one JSON file per shrunk failing request, written by `fuzz --target` and
 * `gate --target` into `<corpus>/targets/` (not the engine corpus that properties/corpus.test.ts
 * replays), re-run by `replay --target <spec> <file>`.
 *
 *   { "format": "stepwise-msm target case", "version": 1, "group": "g1", "input": "<hex>",
 *     "line": "g1 <hex>", "verdict": "wrong", "detail": "…", "target": "cmd:…",
 *     "seed": 123, "path": "0:1", "found": "found by …" }
 *
 * `input` is the EIP-2537 MSM precompile input; `line` the same request as the protocol line
 * (what a cmd: target reads). replay also takes a plain text file of protocol lines
 * (`g1 <hex>` / `g2 <hex>`, one per line, `#` comments): what fuzz prints, pasted.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FailureReport } from './cases.js';
import { shellQuote } from '../format.js';
import { fnv1a } from '../prng.js';
import { writeReport } from '../stages.js';
import { parseRequestLine, toHex } from '../targets/eip2537.js';
import type { Group } from '../targets/target.js';
import { UsageError } from './errors.js';

/** Writes `value` as JSON to `dir/fileName` (dir created if needed), never overwriting a different file of that name (-2, -3, … instead); returns the path. */
export function writeCorpusJson(dir: string, fileName: string, value: unknown): string {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(value, null, 2) + '\n';
  let file = path.join(dir, fileName);
  for (let k = 2; existsSync(file) && readFileSync(file, 'utf8') !== text; k++) file = path.join(dir, fileName.replace(/\.json$/, `-${k}.json`));
  writeFileSync(file, text);
  return file;
}

/** Writes `value` as indented JSON to `file`, its folder created if needed: a command's --json result. */
export function writeJsonFile(file: string, value: unknown): void {
  writeReport(file, JSON.stringify(value, null, 2) + '\n');
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

export const TARGET_CASE_FORMAT = 'stepwise-msm target case';

export interface TargetCorpusCase {
  format: typeof TARGET_CASE_FORMAT;
  version: 1;
  group: Group;
  /** Hex of the EIP-2537 input (no 0x). */
  input: string;
  /** The protocol line of the request. */
  line: string;
  /** Verdict when found (agrees | wrong | rejects-valid | accepts-invalid | crash | timeout | protocol). */
  verdict: string;
  detail: string;
  /** The target it was found on. */
  target: string;
  /** fast-check seed and path of the shrunk counterexample. */
  seed: number;
  path: string;
  found: string;
  /** The per-call limit (ms) it was run with: replay --target uses it unless given --timeout. */
  timeoutMs?: number;
}

/** One request to re-run, and where it came from (file:line), for messages. */
type TargetRequest = { group: Group; input: Uint8Array; source: string };

/** Writes one failure into `<corpus>/targets/`; returns the file path. */
export function writeTargetCase(corpus: string, c: Omit<TargetCorpusCase, 'format' | 'version' | 'input' | 'group'>): string {
  const { group, input } = parseProtocolLine(c.line, 'failure line');
  const value: TargetCorpusCase = { format: TARGET_CASE_FORMAT, version: 1, group, input: toHex(input), ...c };
  const slug =
    c.target
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'target';
  return writeCorpusJson(path.join(corpus, 'targets'), `${slug}-${group}-${c.verdict}-${fnv1a(c.line).toString(16).padStart(8, '0')}.json`, value);
}

/** "g1 <hex>" → group and input bytes (parseRequestLine, trimmed: k = 0 is "g1" alone); UsageError naming `where` otherwise. */
function parseProtocolLine(line: string, where: string): { group: Group; input: Uint8Array } {
  try {
    return parseRequestLine(line.trim());
  } catch {
    throw new UsageError(
      `${where}: expected a protocol line "g1 <hex>" or "g2 <hex>" (an even number of hex digits), got "${line.trim().slice(0, 60)}${line.trim().length > 60 ? '…' : ''}"`
    );
  }
}

/** The requests of a corpus file (JSON target case) or of a text file of protocol lines. */
export function readTargetRequests(file: string): { requests: TargetRequest[]; recorded: TargetCorpusCase | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (text.trimStart().startsWith('{')) {
    let json: Partial<TargetCorpusCase>;
    try {
      json = JSON.parse(text) as Partial<TargetCorpusCase>;
    } catch (e) {
      throw new UsageError(`${file}: invalid JSON: ${(e as Error).message}`);
    }
    if (json.format !== TARGET_CASE_FORMAT)
      throw new UsageError(
        `${file} is not a target case (format "${String(json.format)}", expected "${TARGET_CASE_FORMAT}"); an engine corpus case is replayed without --target`
      );
    if (json.timeoutMs !== undefined && !(Number.isSafeInteger(json.timeoutMs) && json.timeoutMs >= 1))
      throw new UsageError(`${file}: timeoutMs must be a positive integer (ms), got ${JSON.stringify(json.timeoutMs)}`);
    return { requests: [{ ...parseProtocolLine(`${json.group} ${json.input}`, file), source: file }], recorded: json as TargetCorpusCase };
  }
  const requests: TargetRequest[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    requests.push({ ...parseProtocolLine(line, `${file}:${i + 1}`), source: `${file}:${i + 1}` });
  });
  if (!requests.length) throw new UsageError(`${file}: no request in it (expected a target case JSON file or lines "g1 <hex>" / "g2 <hex>")`);
  return { requests, recorded: null };
}
