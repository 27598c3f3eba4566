/**
 * Every command block of README.md and docs/*.md (```sh, ```bash, ```shell, ```console,
 * ```yaml) is either run by a test — listed in RUN below with the files that run it and what
 * each must contain — or marked on the line before it with `<!-- not run by tests: <why> -->`
 * (a placeholder program, a campaign of minutes or hours, the official vectors, GitHub Actions…).
 * A new block that is neither fails here, naming it; so does an entry of RUN whose block is gone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './scratch.js';

const COMMAND_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'yaml', 'yml']);
const NOT_RUN = /^<!-- not run by tests: (.{10,}) -->$/;

interface Block {
  file: string;
  line: number;
  lang: string;
  /** Its first line that is not a comment: the block's key. */
  first: string;
  marker: string | null;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith('```')) j++;
    if (COMMAND_LANGS.has(open[1]!)) {
      let k = i - 1;
      while (k >= 0 && lines[k]!.trim() === '') k--;
      const body = lines.slice(i + 1, j).map((l) => l.trim());
      out.push({
        file,
        line: i + 1,
        lang: open[1]!,
        first: body.find((l) => l !== '' && !l.startsWith('#')) ?? '',
        marker: k >= 0 && NOT_RUN.test(lines[k]!.trim()) ? NOT_RUN.exec(lines[k]!.trim())![1]! : null,
      });
    }
    i = j;
  }
  return out;
}

/** A file (relative to the root) that runs a block, and what its text must contain for that. */
type Runner = [file: string, mustContain: RegExp];

/** Blocks run by tests (or by CI's own script), keyed by file and first command line. */
const RUN: Record<string, { runners: Runner[]; how: string }> = {
  'README.md: git clone <this repository> && cd stepwise-msm': {
    how: 'CI runs npm ci && npm test on a clean clone; the gate journey runs npm run gate in a scratch clone',
    runners: [
      ['.ci/run', /^npm ci$/m],
      ['.ci/run', /^npm test$/m],
      ['properties/journeys/gate-branch.test.ts', /run\(NPM, \['run', '--silent', 'gate'/],
    ],
  },
  'README.md: npx esbuild stepwise-msm=stepwise-msm pool-worker=stepwise-msm/worker --bundle --format=esm --outdir=web': {
    how: "esbuild's API with the same two entries, on the packed package, the page run in Chromium",
    runners: [['properties/browser/chromium.test.ts', /worker: 'stepwise-msm\/worker'/]],
  },
  'docs/adding-a-step.md: npx stepwise-msm new-step lazyReduction --title "Lazy modular reduction in bucket additions"': {
    how: 'new-step in a scratch clone (journey), and with --root in a copy (new-step.test.ts)',
    runners: [
      ['properties/journeys/gate-branch.test.ts', /'new-step', 'lazyThing', '--title'/],
      ['properties/cli/new-step.test.ts', /'new-step', 'lazyThing', '--root'/],
    ],
  },
  'docs/development.md: npm ci                 # installs, builds (prepare)': {
    how: 'CI runs npm ci and npm test (build, typecheck, lint); the gate journey npm run gate and npm run build; the package test npm pack',
    runners: [
      ['.ci/run', /^npm ci$/m],
      ['.ci/run', /^npm test$/m],
      ['package.json', /"test": "npm run build && npm run typecheck && npm run lint && /],
      ['properties/journeys/gate-branch.test.ts', /run\(NPM, \['run', '--silent', 'gate'/],
      ['properties/journeys/gate-branch.test.ts', /run\(NPM, \['run', '--silent', 'build'\]/],
      ['properties/package.test.ts', /\['pack', '--ignore-scripts'/],
    ],
  },
  'docs/targets.md: npm ci && npm pack                  # stepwise-msm-0.1.0.tgz: the built dist/, bin/ and the README': {
    how: "the install journey: npm pack, the tarball in the project's tools/ as the devDependency npm install --save-dev records (lock from this checkout's, npm ci --offline), then npx stepwise-msm gate --target cmd:",
    runners: [
      ['properties/journeys/install.test.ts', /\['pack', '--ignore-scripts', '--json'/],
      ['properties/journeys/install.test.ts', /devDependencies: \{ \[PKG\.name\]: spec \}/],
      ['properties/journeys/install.test.ts', /\['ci', '--offline'/],
      ['properties/journeys/install.test.ts', /'stepwise-msm',\s*'gate',\s*'--target',\s*'cmd:node my-msm\.mjs'/],
    ],
  },
};

const key = (b: Block) => `${b.file}: ${b.first}`;
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('command blocks of README.md and docs/*.md', () => {
  const blocks = DOCS.flatMap(blocksOf);

  it('every command block is run by a test (RUN) or marked "not run by tests" with why', () => {
    expect(blocks.length).toBeGreaterThan(15);
    const bare = blocks.filter((b) => !RUN[key(b)] && b.marker === null);
    expect(
      bare.map((b) => `${b.file}:${b.line} (${b.first})`),
      'add <!-- not run by tests: <why> --> on the line before the block, or list it in RUN with the test that runs it'
    ).toEqual([]);
    const both = blocks.filter((b) => RUN[key(b)] && b.marker !== null);
    expect(
      both.map((b) => `${b.file}:${b.line}`),
      'a block run by a test is not marked "not run"'
    ).toEqual([]);
  });

  it('each RUN entry names a block that exists, and files that run it', () => {
    for (const [k, { runners }] of Object.entries(RUN)) {
      expect(
        blocks.some((b) => key(b) === k),
        `no command block starts with: ${k}`
      ).toBe(true);
      for (const [file, must] of runners) {
        expect(existsSync(path.join(ROOT, file)), `${k}: ${file} is missing`).toBe(true);
        expect(readFileSync(path.join(ROOT, file), 'utf8'), `${k}: ${file} does not contain ${must}`).toMatch(must);
      }
    }
  });
});
