/**
 * The throughput table of docs/targets.md: `fuzz --target <X> --time <t> --seed <s>` of the
 * built command for each target — blst, the bundled C fixture as a cmd: target (blst-faulty
 * correct), the JavaScript cmd: fixture, the in-process peers and the engine — and the engine's
 * own fuzz (`fuzz --curve g1`), each read back from its --json: cases, cases per minute, the
 * share of the workers' time inside the target's calls (the engine's, for its own fuzz), the
 * protocol's share of a call (echo). With --against <another checkout's bin/stepwise-msm.js>,
 * every row is also run there (alternating, same seeds, same machine) and the ratios printed.
 *
 *   npm run build && npx tsx scripts/fuzz-throughput.ts [--time 30] [--seed 5] [--workers 2]
 *     [--rows blst,cmd-c,…] [--against ../before/bin/stepwise-msm.js] [--docs docs/targets.md]
 *   npm run fuzz:throughput -- --time 60 --seed 5      # the same, writing docs/targets.md
 */
import path from 'node:path';
import { blstAvailable, blstFaultyCommand } from '../harness/targets/blst/index.js';
import { arg, commitOf, context, LAUNCHER, ROOT, runJson, writeSection } from './fuzz-runs.js';

const time = arg('time', '30');
const seed = arg('seed', '5');
const workers = arg('workers', '2');
const against = arg('against', '');
const docs = arg('docs', '');
// the other checkout, named by its commit in the generated text (not by where it sits on this machine)
const againstCommit = against ? commitOf(path.dirname(path.dirname(path.resolve(against)))) : null;
const againstName = againstCommit ? `commit ${againstCommit}` : 'the other checkout';

interface Row {
  id: string;
  label: string;
  args: () => Promise<string[]>;
}
const fixtureJs = path.join(ROOT, 'harness', 'targets', 'fixtures', 'faulty.mjs');
const ROWS: Row[] = [
  { id: 'blst', label: 'blst', args: async () => ['--target', 'blst'] },
  {
    id: 'cmd-c',
    label: '`cmd:` the bundled C fixture (blst-faulty correct)',
    args: async () => ['--target', `cmd:${await blstFaultyCommand('correct', { log: (l) => console.error(l) })}`],
  },
  {
    id: 'cmd-js',
    label: '`cmd:` the JavaScript fixture (faulty.mjs correct, noble)',
    args: async () => ['--target', `cmd:"${process.execPath}" ${fixtureJs} correct`],
  },
  { id: 'engine', label: 'engine (its EIP-2537 entry points)', args: async () => ['--target', 'engine'] },
  { id: 'noble', label: 'noble', args: async () => ['--target', 'noble'] },
  { id: 'mcl-wasm', label: 'mcl-wasm', args: async () => ['--target', 'mcl-wasm'] },
  { id: 'micro-eth-signer', label: 'micro-eth-signer (G1 only)', args: async () => ['--target', 'micro-eth-signer'] },
  { id: 'engine-fuzz', label: "the engine's own fuzz (`fuzz --curve g1`, n 1…64)", args: async () => ['--curve', 'g1'] },
];
const wanted = arg('rows', ROWS.map((r) => r.id).join(',')).split(',');
const noC = blstAvailable();

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(100 * x)} %`);
const started = context();
const lines: string[] = [];
for (const row of ROWS.filter((r) => wanted.includes(r.id))) {
  if ((row.id === 'blst' || row.id === 'cmd-c') && noC) {
    lines.push(`| ${row.label} | n/a: ${noC} |`);
    continue;
  }
  const args = ['fuzz', ...(await row.args()), '--time', time, '--seed', seed, '--workers', workers];
  const run = async (launcher: string) => {
    const { json } = await runJson(launcher, args);
    const share = json.callShare ?? json.implShare ?? null;
    return { cases: json.cases as number, cpm: json.casesPerMinute as number, share, protocol: json.protocolShareOfCalls ?? null };
  };
  const before = against ? await run(path.resolve(against)) : null;
  const now = await run(LAUNCHER);
  console.error(
    `[throughput] ${row.id}: ${now.cases} cases, ${now.cpm.toFixed(0)} cases/min, ${pct(now.share)} in the target${before ? `; before: ${before.cpm.toFixed(0)} cases/min, ${pct(before.share)}` : ''}`
  );
  lines.push(
    `| ${row.label} | ${now.cases} | ${now.cpm.toFixed(0)} | ${pct(now.share)} | ${pct(now.protocol)}${before ? ` | ${before.cpm.toFixed(0)} | ${pct(before.share)} | ${(now.cpm / Math.max(before.cpm, 1e-9)).toFixed(1)}× |` : ' |'}`
  );
}

const md = [
  `Measured ${started}; each row \`fuzz <target> --time ${time} --seed ${seed} --workers ${workers}\` (both groups where supported, n ≤ 4097, every class)${against ? `, and the same command of ${againstName} (before) run just before it` : ''}:`,
  '',
  '<!-- not run by tests: a throughput measurement of minutes per target; properties/cli/target-cli.test.ts runs fuzz --target on fixture targets -->',
  '```sh',
  `npm run fuzz:throughput -- --time ${time} --seed ${seed} --workers ${workers}${against ? ` --against <checkout of ${againstCommit ?? 'before'}>/bin/stepwise-msm.js` : ''}   # = npm run build && tsx scripts/fuzz-throughput.ts --docs docs/targets.md …`,
  '```',
  '',
  `| target | cases | cases/min | time in the target's calls | protocol share of a call (echo) |${against ? ' before: cases/min | before: in the target | cases/min ratio |' : ''}`,
  `|---|---:|---:|---:|---:|${against ? '---:|---:|---:|' : ''}`,
  ...lines,
].join('\n');
console.log(md);
if (docs) {
  writeSection(docs, 'fuzz-throughput', md);
  console.error(`[throughput] wrote ${docs}`);
}
