/**
 * The time-to-catch table of docs/targets.md: for every native target wrong on purpose
 * (harness/targets/blst/blst-faulty.c, built on first use), `seeds` campaigns of the built
 * command `fuzz --target 'cmd:<blst-faulty> <fault>' --until-failure --time <cap> --seed s`
 * (s = 1 … seeds), each read back from its --json: when the first failure was seen (time since
 * the campaign started, before shrinking) and how many cases had run by then. Prints the table
 * with the median and worst of both; --docs FILE also writes it into FILE's generated section.
 *
 *   npm run build && npx tsx scripts/time-to-catch.ts [--seeds 20] [--cap 60] [--workers 2]
 *     [--faults drop-top-bit,hang,…] [--docs docs/targets.md]
 *   npm run fuzz:catch -- --seeds 20 --cap 60           # the same, writing docs/targets.md
 *
 * The hang fixture runs with --timeout 2000 (a hang is caught one per-call limit after it starts:
 * at the default 10 s, add 8 s to its times).
 */
import { blstFaultyCommand, BLST_FAULTS, type BlstFault } from '../harness/targets/blst/index.js';
import { median } from '../harness/format.js';
import { arg, context, LAUNCHER, runJson, writeSection } from './fuzz-runs.js';

/** Each fault: what it is wrong on, and its extra options. */
const FAULTS: Record<Exclude<BlstFault, 'correct'>, { when: string; extra: string[] }> = {
  'drop-top-bit': { when: 'a scalar ≥ 2^255 (bit 255 cleared)', extra: [] },
  'no-subgroup-check': { when: 'a point outside the subgroup (accepted)', extra: [] },
  'crash-on-infinity': { when: 'a point at infinity (the process exits)', extra: [] },
  hang: { when: 'a zero scalar (no reply)', extra: ['--timeout', '2000'] },
  'equal-points': { when: 'two items with the same point (one dropped)', extra: [] },
  'g2-only': { when: 'G2 only (the result negated)', extra: [] },
  'n-above': { when: 'n ≥ 2^10 + 1 (the last item dropped)', extra: [] },
  'rejects-scalar-ge-r': { when: 'a scalar ≥ r (rejected; EIP-2537 takes any 256 bits)', extra: [] },
};

const seeds = Number(arg('seeds', '20'));
const cap = Number(arg('cap', '60'));
const workers = arg('workers', '2');
const faults = arg('faults', Object.keys(FAULTS).join(',')).split(',').filter(Boolean) as (keyof typeof FAULTS)[];
for (const f of faults) if (!(f in FAULTS)) throw new Error(`--faults: unknown fault ${f} (known: ${BLST_FAULTS.slice(1).join(', ')})`);

const started = context();
const rows: string[] = [];
for (const fault of faults) {
  const command = await blstFaultyCommand(fault, { log: (l) => console.error(l) });
  const spec = `cmd:${command}`;
  const args = ['fuzz', '--target', spec, '--until-failure', '--time', String(cap), '--workers', workers, '--no-echo', ...FAULTS[fault].extra];
  const runs: { caught: boolean; ms: number; cases: number; kind: string }[] = [];
  for (let s = 1; s <= seeds; s++) {
    const { json } = await runJson(LAUNCHER, [...args, '--seed', String(s)]);
    const f = json.firstFailure;
    runs.push(f ? { caught: true, ms: f.ms, cases: f.cases, kind: f.kind } : { caught: false, ms: json.elapsedMs, cases: json.cases, kind: '–' });
    console.error(`[time-to-catch] ${fault} seed ${s}: ${f ? `${(f.ms / 1000).toFixed(1)} s, ${f.cases} case(s), ${f.kind} (${f.klass})` : 'not caught'}`);
  }
  const caught = runs.filter((r) => r.caught).length;
  const ge = caught === runs.length ? '' : '≥ ';
  const ms = runs.map((r) => r.ms);
  const cases = runs.map((r) => r.cases);
  const kinds = [...new Set(runs.filter((r) => r.caught).map((r) => r.kind))].join(', ');
  rows.push(
    `| ${fault} | ${FAULTS[fault].when} | ${caught}/${runs.length} | ${ge}${(median(ms) / 1000).toFixed(1)} s | ${ge}${(Math.max(...ms) / 1000).toFixed(1)} s | ${ge}${median(cases)} | ${ge}${Math.max(...cases)} | ${kinds} |`
  );
}

const md = [
  `Measured ${started}; ${seeds} seeds (1 … ${seeds}) per fixture, each campaign capped at ${cap} s, ${workers} worker(s):`,
  '',
  '<!-- not run by tests: campaigns of minutes per fixture; properties/targets/time-to-catch.test.ts counts the cases to the first failure on seed 1 -->',
  '```sh',
  `npm run fuzz:catch -- --seeds ${seeds} --cap ${cap} --workers ${workers}   # = npm run build && tsx scripts/time-to-catch.ts --docs docs/targets.md …`,
  '# one row, one seed, by hand:',
  `npx stepwise-msm fuzz --target "cmd:<blst-faulty> <fault>" --until-failure --time ${cap} --seed 1   # + --timeout 2000 for hang`,
  `npx stepwise-msm fuzz --target "cmd:<blst-faulty> <fault>" --until-failure --time ${cap} --seeds ${seeds} --seed 1   # the same ${seeds} campaigns, one summary`,
  '```',
  '',
  '| fixture (blst-faulty) | wrong on | caught | median time to first failure | worst | median cases | worst cases | verdict |',
  '|---|---|---:|---:|---:|---:|---:|---|',
  ...rows,
].join('\n');
console.log(md);
const docs = arg('docs', '');
if (docs) {
  writeSection(docs, 'time-to-catch', md);
  console.error(`[time-to-catch] wrote ${docs}`);
}
