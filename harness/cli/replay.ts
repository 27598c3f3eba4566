/**
 * `stepwise-msm replay`: re-runs one corpus file (under its recorded gates and window, compared
 * with referenceMsm and, when logs are recorded, the discrete-log oracle), or re-creates a
 * fast-check counterexample from seed + path + the property's parameters.
 */
import { readFileSync } from 'node:fs';
import { referenceMsm, resolveGates } from '../../src/index.js';
import { decodeCase, type DecodedCase } from '../../src/corpus.js';
import { msmCaseFailure, engine, implIdentity, type MsmImpl } from '../contract.js';
import type { MsmCase } from '../arbitraries/msm-case.js';
import { oracle } from '../oracle.js';
import { showPoint } from '../show.js';
import { thrownText } from '../format.js';
import { caseArb, describeCase, labelOf, valueAt, type PropertySpec } from './cases.js';
import { EXIT, UsageError } from './errors.js';
import { TARGET_CASE_FORMAT } from './corpus-io.js';

/**
 * `impl`: the MSM under test (the engine unless the command was given another). A file recorded
 * from a reach case (`entry` set) runs through its entry point, handle, tuning and threads, on the engine.
 */
export async function replayFile(file: string, gatesOverride: unknown, out: (s: string) => void, impl: MsmImpl = engine): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let c: ReturnType<typeof decodeCase>;
  try {
    const json = JSON.parse(text);
    if (json?.format === TARGET_CASE_FORMAT) throw new UsageError(`${file} is a target case: replay it with --target <spec>`);
    c = decodeCase(json);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file} is not a corpus case: ${(e as Error).message}`);
  }
  const gates = gatesOverride ?? c.gates;
  const name = implIdentity(impl).name;
  if (c.entry !== undefined && impl !== engine)
    throw new UsageError(`${file} was recorded from a reach case (entry ${c.entry}): it runs the engine's own entry points, not --impl`);
  const want = referenceMsm(c.points, c.scalars, c.curve);
  const lines: string[] = [
    `replay ${file}: curve ${c.curve.id}, n = ${c.points.length}, window ${c.window ?? 'auto'}, gates ${typeof gates === 'string' ? gates : labelOf(gates as Record<string, boolean>)}${callText(c)}`,
  ];
  let ok = true;
  if (c.logs) {
    const o = oracle(c.curve, c.logs, c.scalars);
    if (!c.curve.equals(o, want)) {
      lines.push(`reference ${showPoint(c.curve, want)} ≠ oracle ${showPoint(c.curve, o)} (the file's logs do not match its points?)`);
      ok = false;
    }
  }
  let record: Record<string, boolean>;
  try {
    record = { ...resolveGates(gates) };
  } catch (e) {
    throw new UsageError(`${file}: gates: ${(e as Error).message}`);
  }
  let got: unknown;
  try {
    if (c.entry !== undefined) {
      const { callReachCase, reachCaseOfCorpus, closeWorkerPool } = await import('../arbitraries/reach-case.js');
      try {
        got = await callReachCase(reachCaseOfCorpus(c, record));
      } finally {
        await closeWorkerPool();
      }
    } else got = impl(c.points.slice(), c.scalars.slice(), { gates: { ...record }, window: c.window, curve: c.curve, ...callExtras(c) });
  } catch (e) {
    lines.push(`${name} threw ${thrownText(e)}`);
    out(lines.join('\n') + '\nFAIL\n');
    return EXIT.CORRECTNESS;
  }
  if (!c.curve.isPoint(got)) {
    lines.push(`${name} returned something that is not a point of the curve`);
    ok = false;
  } else if (!c.curve.equals(got, want)) {
    const w = Math.max(name.length, 'reference'.length);
    lines.push(`${name.padEnd(w)} ${showPoint(c.curve, got)}`, `${'reference'.padEnd(w)} ${showPoint(c.curve, want)}`);
    ok = false;
  }
  lines.push(ok ? `PASS: ${name} = reference${c.logs ? ' = oracle' : ''}` : 'FAIL');
  out(lines.join('\n') + '\n');
  return ok ? EXIT.PASS : EXIT.CORRECTNESS;
}

/** The call's recorded options beyond gates and window, as the replay line names them ('' for a plain case). */
function callText(c: DecodedCase): string {
  const parts: string[] = [];
  if (c.entry !== undefined) parts.push(`entry ${c.entry}${c.onHandle ? ` (handle window ${c.prepareWindow ?? 'auto'})` : ''}`);
  if (c.tuning !== undefined) parts.push(`tuning ${JSON.stringify(c.tuning)}`);
  if (c.threads !== undefined) parts.push(`threads ${c.threads}`);
  return parts.map((p) => `, ${p}`).join('');
}

/** The recorded threads (the workers gate's split) and tuning of a plain case, as call options. */
export const callExtras = (c: DecodedCase): { threads?: number; tuning?: DecodedCase['tuning'] } => ({
  ...(c.threads !== undefined ? { threads: c.threads } : {}),
  ...(c.tuning !== undefined ? { tuning: c.tuning } : {}),
});

/** The case of (spec, seed, path) re-created and run: a plain case on `impl`, a reach case (`--cases reach`) through its own entry point. */
export async function replaySeedPath(spec: PropertySpec, seed: number, path: string, out: (s: string) => void, impl: MsmImpl = engine): Promise<number> {
  if (spec.cases === 'reach') {
    const { reachArbOf } = await import('./reach-cases.js');
    const { reachCaseFailure, describeReachCase, closeWorkerPool } = await import('../arbitraries/reach-case.js');
    const c = valueAt(reachArbOf(spec), seed, path);
    const failure = await reachCaseFailure(c, spec.check);
    await closeWorkerPool();
    return printReplay(spec, seed, path, describeReachCase(c), c, failure, out);
  }
  const c = valueAt(caseArb(spec), seed, path);
  return printReplay(spec, seed, path, describeCase(c), c, msmCaseFailure(impl, c, spec.check), out, implIdentity(impl).name);
}

/** The replay report of one re-created case (plain or reach): its description, scalars, logs and verdict; the exit code. */
function printReplay(
  spec: PropertySpec,
  seed: number,
  path: string,
  described: string,
  c: MsmCase,
  failure: string | undefined,
  out: (s: string) => void,
  name = 'engine'
): number {
  out(`replay seed ${seed} path ${path}: ${described}\n`);
  out(`scalars: ${c.scalars.map((s) => '0x' + s.toString(16)).join(', ')}\n`);
  out(`logs:    ${c.points.map((p) => '0x' + p.k.toString(16)).join(', ')}\n`);
  out(
    failure === undefined
      ? `PASS: ${name} = ${spec.check === 'both' ? 'reference = oracle' : spec.check === 'oracle' ? 'oracle' : 'reference'}\n`
      : `FAIL: ${failure}\n`
  );
  return failure === undefined ? EXIT.PASS : EXIT.CORRECTNESS;
}
