/**
 * `stepwise-msm new-step <name>`: scaffolds a step — src/optimized/steps/NN-<name>.ts with the
 * header template and an empty (no-op, hence valid in every gate combination) Step, its line in
 * src/optimized/steps/index.ts (import + entry, in step order), the step's checks
 * harness/checks/steps/<name>.ts (catalogue entries: the gate runs them as npm test does; their
 * line in harness/checks/index.ts), the vitest runner properties/steps/<name>.test.ts, and the step's row in the README's gate table (so
 * properties/readme.test.ts stays green). Everything else (gates, options, gate/fuzz/bench sets)
 * reads the registry, so nothing else needs editing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { splitList } from '../gate-sets.js';
import { writeReport } from '../stages.js';
import { UsageError } from './errors.js';
import { addGateRow } from './readme-table.js';

export interface NewStepOptions {
  name: string;
  root: string;
  step?: number;
  title?: string;
  /** Print what would be written, write nothing. */
  dryRun?: boolean;
  /** The reach the step file declares (flags --entries, --windows, --scalars, --inputs, --no-wide); defaults: DEFAULT_REACH. */
  reach?: Partial<ScaffoldReach>;
}

/** The part of a step's reach (src/optimized/step.ts `Reach`) the scaffold asks for; thresholds and caps come from the step's own constants. */
export interface ScaffoldReach {
  entries: string[];
  /** Window numbers, 'auto', or 'every' (EVERY_WINDOW: 1..16). */
  windows: string[];
  wideG1: boolean;
  scalars: string[];
  inputs: string[];
}

export const ENTRY_CHOICES = ['plain', 'prepared', 'async'] as const;
export const SCALAR_CHOICES = ['fullSize', 'zeroDigits', 'carries', 'small', 'nearOrder'] as const;
export const INPUT_CHOICES = ['zeroScalars', 'identity', 'duplicates', 'opposite', 'collisions'] as const;

/** What a new step declares unless told otherwise: a per-window bucket step's usual edges. */
export const DEFAULT_REACH: ScaffoldReach = {
  entries: ['plain', 'prepared'],
  windows: ['every', 'auto'],
  wideG1: true,
  scalars: ['fullSize', 'zeroDigits', 'carries'],
  inputs: ['identity', 'duplicates', 'opposite'],
};

/** Parses a comma-separated list of allowed names (a flag value); errors name the flag and the allowed values. */
export function parseChoices(flag: string, v: string, allowed: readonly string[]): string[] {
  const xs = splitList(v);
  const bad = xs.find((x) => !allowed.includes(x));
  if (bad !== undefined) throw new UsageError(`${flag}: unknown value "${bad}": allowed: ${allowed.join(', ')} (comma-separated)`);
  if (xs.length === 0) throw new UsageError(`${flag}: give at least one of ${allowed.join(', ')}`);
  return [...new Set(xs)];
}

/** Parses --windows: 'every', 'auto' and window numbers 1..16, comma-separated. */
export function parseWindows(v: string): string[] {
  const xs = splitList(v);
  for (const x of xs)
    if (x !== 'every' && x !== 'auto' && !(/^\d+$/.test(x) && Number(x) >= 1 && Number(x) <= 16))
      throw new UsageError(`--windows: "${x}" is not allowed: use every (1..16), auto, or window numbers in [1, 16], comma-separated`);
  if (xs.length === 0) throw new UsageError('--windows: give at least one of every, auto, or a window in [1, 16]');
  return [...new Set(xs)];
}

/** One line describing a scaffold reach (the command prints it). */
export function describeScaffoldReach(r: ScaffoldReach): string {
  const w = r.windows.map((x) => (x === 'every' ? '1..16' : x)).join(', ');
  return `entries ${r.entries.join(', ')} · windows ${w}${r.wideG1 ? ' · window 16 on BLS12-381 G1' : ''} · scalars ${r.scalars.join(', ') || 'none'} · inputs ${r.inputs.join(', ') || 'none'}`;
}

function reachSource(r: ScaffoldReach): string {
  const q = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
  const windows = r.windows.map((x) => (x === 'every' ? '...EVERY_WINDOW' : x === 'auto' ? "'auto'" : x)).join(', ');
  return `  // What the harness must drive this step through (Reach in ../step.ts). The gate's reach cases
  // draw from it, and properties/reach.test.ts fails, naming each item, until the step's slots act
  // on every one of them. Declare, from this file's own constants:
  //  - entries: 'plain' (msm on points), 'prepared' (msm on a prepare() handle), 'async' (msmAsync);
  //  - windows: the explicit windows it must act at (EVERY_WINDOW for a per-window slot), 'auto';
  //  - wideG1: window 16 with full-size scalars on BLS12-381 G1;
  //  - thresholds: each size cut-off, e.g. { name: 'MY_CUTOFF', at: MY_CUTOFF, side: 'atOrBelow' }
  //    (n after the transforms; a tuning knob in Tuning can make it reachable at small n);
  //  - caps: each per-call batch cap, e.g. { name: 'tuning.maxBatch', knob: 'maxBatch', values: [1, 2] };
  //  - tunings / threads: the per-call settings it reads;
  //  - scalars: ${SCALAR_CHOICES.map((x) => `'${x}'`).join(' | ')};
  //  - inputs: ${INPUT_CHOICES.map((x) => `'${x}'`).join(' | ')}.
  reach: reach({
    entries: [${q(r.entries)}],
    windows: [${windows}],
    wideG1: ${r.wideG1},
    scalars: [${q(r.scalars)}],
    inputs: [${q(r.inputs)}],
  }),
`;
}

export interface NewStepResult {
  /** The reach the step file declares. */
  reach: ScaffoldReach;
  stepFile: string;
  testFile: string;
  /** The step's checks (harness/checks/steps/<name>.ts) and the catalogue that lists them. */
  checksFile: string;
  checksIndex: string;
  registry: string;
  step: number;
  /** README.md when its gate table got the new row; null when it has no table (see readmeNote). */
  readme: string | null;
  readmeNote: string;
  /** What happened to docs/steps.md (regenerated with the new step's "not measured yet" section, or how to do it). */
  docsNote: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

const reachOf = (r: Partial<ScaffoldReach> | undefined): ScaffoldReach => ({ ...DEFAULT_REACH, ...(r ?? {}) });

/** A TypeScript string literal in the house style (single quotes), as the formatter would write it. */
function singleQuoted(s: string): string {
  const body = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}

export function stepFileTemplate(name: string, step: number, title: string, r: ScaffoldReach = DEFAULT_REACH): string {
  return `/**
 * Step ${pad2(step)} — ${title}
 *
 * What it does: TODO — the slots it fills (transform / direct / chooseWindow / recode /
 * accumulate / reduce / combine / bucketBuffer / straus, see ../step.ts) and how.
 *
 * Invariant: TODO — what stays true for every input and every other gate (signed or unsigned
 * digits, any bucket representation, any window 1..16, GLV on/off, the identity among the
 * points, zero scalars, duplicate points, P and −P, n = 1).
 *
 * Default: off until the measurement shows it pays off (measured figures go to docs/steps.md:
 * npm run docs:steps:measure, never into this header).
 * References: TODO — papers or implementations this follows.
 * Rejected: TODO — alternatives tried, one line each.
 */
import { ${r.windows.includes('every') ? 'EVERY_WINDOW, ' : ''}reach, type Step } from '../step.js';

export const ${name}: Step<'${name}'> = {
  id: '${name}',
  step: ${step},
  title: ${singleQuoted(title)},
  default: false,
${reachSource(r)}  // Fill the slots this step implements, e.g.
  // chooseWindow: (job) => …,
  // accumulate: (job, digits, w) => …,
  // Field arithmetic goes through job.F only (so the counting field counts it).
};
`;
}

/** The step's checks: catalogue entries (harness/checks/check.ts) the gate and vitest both run. */
export function checksFileTemplate(name: string, step: number): string {
  return `/**
 * Step ${pad2(step)} (${name}): checks aimed at its own failure mode, as catalogue entries
 * (harness/checks/check.ts): \`stepwise-msm gate\` runs them (quick counts; --full: npm test's)
 * and properties/steps/${name}.test.ts runs them under vitest.
 *
 * TODO: say which inputs break this step (sizes, windows, scalar patterns, collisions) and aim
 * the arbitraries at them. The stub below already checks the step against the reference with
 * every other gate random; inject a bug in the step by hand and watch it fail before relying
 * on it.
 */
import fc from 'fast-check';
import { G1, TOY, msm, referenceMsm, type AnyCurve } from '../../../src/index.js';
import { gateSetArb } from '../../arbitraries/gates.js';
import { knownPointsArb } from '../../arbitraries/points.js';
import { scalarArb } from '../../arbitraries/scalars.js';
import { windowArb } from '../../arbitraries/window.js';
import { show } from '../../show.js';
import { prop, suite, type EngineCheck } from '../check.js';
import { expect } from '../expect.js';

/** Other gates random, this one on. */
const gatesArb = gateSetArb({ ${name}: true });

function caseArb(curve: AnyCurve, maxN: number, maxWindow: number) {
  return knownPointsArb(curve, 0, maxN).chain((pts) =>
    fc.record({
      points: fc.constant(pts.map((p) => p.P)),
      scalars: fc.array(scalarArb(curve.order), { minLength: pts.length, maxLength: pts.length }),
      gates: gatesArb,
      window: windowArb(maxWindow),
    })
  );
}

export const CHECKS: EngineCheck[] = suite('properties/steps/${name}.test.ts', 'step ${pad2(step)} ${name}', [
  prop('toy curve: engine = reference with ${name} on, other gates random', 100, () =>
    fc.property(caseArb(TOY, 40, 16), (c) => {
      const got = msm(c.points, c.scalars, { gates: c.gates, window: c.window, curve: TOY });
      expect(show(TOY, got)).toBe(show(TOY, referenceMsm(c.points, c.scalars, TOY)));
    })
  ),
  prop('BLS12-381 G1: engine = reference with ${name} on, n ≤ 6', [8, 2], () =>
    fc.property(caseArb(G1, 6, 8), (c) => {
      const got = msm(c.points, c.scalars, { gates: c.gates, window: c.window, curve: G1 });
      expect(show(G1, got)).toBe(show(G1, referenceMsm(c.points, c.scalars, G1)));
    })
  ),
]);
`;
}

/** The vitest runner of the step's checks. */
export function testFileTemplate(name: string, step: number): string {
  return `/**
 * Step ${pad2(step)} (${name}): the checks live in harness/checks/steps/${name}.ts (the gate runs
 * them too); this file runs them under vitest.
 */
import { CHECKS } from '../../harness/checks/steps/${name}.js';
import { runChecks } from '../support/run-checks.js';

runChecks(CHECKS);
`;
}

/** Adds the step's checks to the catalogue (harness/checks/index.ts): its import after the last step import, its entry at the end of the list. */
export function addToChecksIndex(src: string, name: string): string {
  const lines = src.split('\n');
  const lastImport = lines.reduce((at, l, i) => (/^import \{ CHECKS as \w+ \} from '\.\/steps\//.test(l) ? i : at), -1);
  const listStart = lines.findIndex((l) => l.startsWith('export const ENGINE_CHECKS'));
  const close = lines.findIndex((l, i) => i > listStart && l === '];');
  if (lastImport < 0 || listStart < 0 || close < 0)
    throw new UsageError(
      "harness/checks/index.ts does not have the expected shape (step imports, then `export const ENGINE_CHECKS = [ … ];`): add the step's checks by hand"
    );
  lines.splice(close, 0, `  ...${name},`);
  lines.splice(lastImport + 1, 0, `import { CHECKS as ${name} } from './steps/${name}.js';`);
  return lines.join('\n');
}

const IMPORT_RE = /^import \{ (\w+) \} from '\.\/(\d+)-[\w-]+\.js';$/;

/** Inserts the import and the list entry of a new step into the registry source, in step order. */
export function addToRegistry(src: string, name: string, step: number, fileBase: string): string {
  const lines = src.split('\n');
  const imports: { line: number; id: string; step: number }[] = [];
  lines.forEach((l, i) => {
    const m = IMPORT_RE.exec(l);
    if (m) imports.push({ line: i, id: m[1], step: Number(m[2]) });
  });
  if (imports.some((x) => x.id === name)) throw new UsageError(`step "${name}" is already registered in the step registry`);
  const importLine = `import { ${name} } from './${fileBase}.js';`;
  const after = imports.filter((x) => x.step < step);
  let at: number;
  if (after.length) at = after[after.length - 1].line + 1;
  else if (imports.length) at = imports[0].line;
  else {
    const stepImport = lines.findIndex((l) => l.startsWith('import type { Step }'));
    if (stepImport < 0) throw new UsageError('cannot find where to add the import in the step registry (expected an `import type { Step }` line)');
    at = stepImport + 1;
  }
  lines.splice(at, 0, importLine);
  // the list entry: `const REGISTERED = [` … `] as const;` (or the older `STEPS … = Object.freeze([` … `]);`)
  const OPEN_RE = /^(.*\b(?:REGISTERED|STEPS)\b.*=\s*(?:Object\.freeze\()?\[)(.*)$/;
  const CLOSE_RE = /^(.*?)(\](?: as const)?\)?;)\s*$/;
  const open = lines.findIndex((l) => OPEN_RE.test(l));
  if (open < 0) throw new UsageError('cannot find the step list (`const REGISTERED = [`) in the step registry');
  let close = -1;
  for (let i = open; i < lines.length; i++)
    if (CLOSE_RE.test(i === open ? OPEN_RE.exec(lines[i])![2] : lines[i])) {
      close = i;
      break;
    }
  if (close < 0) throw new UsageError('cannot find the end (`] as const;`) of the step list in the step registry');
  // a one-line list ("[] as const;"): one entry a line first, then the entry goes in as below
  if (close === open) {
    const [, head, rest] = OPEN_RE.exec(lines[open])!;
    const [, inner, end] = CLOSE_RE.exec(rest)!;
    const items = inner.split(',').flatMap((x) => (x.trim() ? [`  ${x.trim()},`] : []));
    lines.splice(open, 1, head, ...items, end);
    close = open + items.length + 1;
  }
  const stepOf = new Map(imports.map((x) => [x.id, x.step]));
  let insertAt = close;
  for (let i = open + 1; i < close; i++) {
    const id = lines[i].trim().replace(/,$/, '');
    if ((stepOf.get(id) ?? -1) > step) {
      insertAt = i;
      break;
    }
  }
  lines.splice(insertAt, 0, `  ${name},`);
  return lines.join('\n');
}

export function newStep(o: NewStepOptions): NewStepResult {
  const { name, root } = o;
  if (!/^[a-z][A-Za-z0-9]*$/.test(name))
    throw new UsageError(
      `step name "${name}" is not allowed: use camelCase letters and digits starting with a lower-case letter (e.g. "lazyReduction"); it becomes the gate name`
    );
  if (['none', 'all', 'default', 'random', 'baseline'].includes(name))
    throw new UsageError(`step name "${name}" is reserved (none, all, default, random, baseline)`);
  // a gate name is a key of plain objects (gate records, options): it must not be one they inherit
  if (name in Object.prototype) throw new UsageError(`step name "${name}" is a property every object has (Object.prototype.${name}): choose another`);
  if (o.title !== undefined && (/[\r\n]/.test(o.title) || o.title.includes('*/')))
    throw new UsageError('--title: one line of text, without "*/" (it goes into the step header comment and a README table row)');
  const stepsDir = path.join(root, 'src', 'optimized', 'steps');
  const registry = path.join(stepsDir, 'index.ts');
  if (!existsSync(registry)) throw new UsageError(`no step registry at ${registry}: run new-step from the repository root or pass --root DIR`);
  const files = readdirSync(stepsDir);
  const nums = files.map((f) => /^(\d+)-([\w-]+)\.ts$/.exec(f)).filter((m): m is RegExpExecArray => !!m);
  if (nums.some((m) => m[2] === name)) throw new UsageError(`a step file for "${name}" already exists: ${nums.find((m) => m[2] === name)![0]}`);
  const step = o.step ?? Math.max(0, ...nums.map((m) => Number(m[1]))) + 1;
  if (!Number.isInteger(step) || step < 1 || step > 99) throw new UsageError(`--step must be an integer in [1, 99], got ${step}`);
  if (nums.some((m) => Number(m[1]) === step))
    throw new UsageError(`step number ${pad2(step)} is taken by ${nums.find((m) => Number(m[1]) === step)![0]}: choose another --step`);
  const fileBase = `${pad2(step)}-${name}`;
  const stepFile = path.join(stepsDir, `${fileBase}.ts`);
  const testFile = path.join(root, 'properties', 'steps', `${name}.test.ts`);
  if (existsSync(testFile)) throw new UsageError(`${testFile} already exists`);
  const checksFile = path.join(root, 'harness', 'checks', 'steps', `${name}.ts`);
  if (existsSync(checksFile)) throw new UsageError(`${checksFile} already exists`);
  const checksIndex = path.join(root, 'harness', 'checks', 'index.ts');
  if (!existsSync(checksIndex)) throw new UsageError(`no engine-check catalogue at ${checksIndex}: run new-step from the repository root or pass --root DIR`);
  const newChecksIndex = addToChecksIndex(readFileSync(checksIndex, 'utf8'), name);
  const title = o.title ?? `${name} (TODO: one-line title)`;
  const newRegistry = addToRegistry(readFileSync(registry, 'utf8'), name, step, fileBase);
  const readmePath = path.join(root, 'README.md');
  const newReadme = existsSync(readmePath)
    ? addGateRow(readFileSync(readmePath, 'utf8'), { step, id: name, default: false, title }, `${fileBase}.ts`)
    : undefined;
  if (!o.dryRun) {
    writeFileSync(stepFile, stepFileTemplate(name, step, title, reachOf(o.reach)));
    writeReport(testFile, testFileTemplate(name, step));
    writeReport(checksFile, checksFileTemplate(name, step));
    writeFileSync(checksIndex, newChecksIndex);
    writeFileSync(registry, newRegistry);
    if (newReadme !== undefined) writeFileSync(readmePath, newReadme);
  }
  const docsNote = o.dryRun ? 'docs/steps.md: would be regenerated' : regenerateStepsDoc(root);
  return {
    reach: reachOf(o.reach),
    stepFile,
    testFile,
    checksFile,
    checksIndex,
    registry,
    step,
    readme: newReadme !== undefined ? readmePath : null,
    readmeNote: newReadme !== undefined ? 'gate table row added' : 'no README.md gate table (<!-- GATES-TABLE --> markers) here: nothing to update',
    docsNote,
  };
}

/**
 * Regenerates docs/steps.md with the project's own generator (scripts/steps-doc.ts, run through
 * the project's tsx), so the new step has its "not measured yet" section and properties/docs.test.ts
 * stays green. Returns what happened, or the command to run by hand.
 */
function regenerateStepsDoc(root: string): string {
  const script = path.join(root, 'scripts', 'steps-doc.ts');
  if (!existsSync(script)) return 'no scripts/steps-doc.ts here: docs/steps.md not updated';
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8' });
  if (r.status === 0) return 'docs/steps.md regenerated: the step is "not measured yet" there until `npm run docs:steps:measure`';
  // the error's own line, not the first line of a stack trace (which names a Node internal)
  const lines = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n');
  const why = lines.find((l) => /\b[A-Za-z]*Error\b|\berror\b/i.test(l)) ?? lines[lines.length - 1];
  return `docs/steps.md not regenerated (${why.trim()}): run \`npm run docs:steps\``;
}
