/**
 * `--target <spec>`: what names a target, and opening one.
 *
 *   engine | engine:<gates>   this project's EIP-2537 MSM (src/kzg: its decoder, then the engine with these gates: none, all,
 *                             default, a+b+c, or a JSON record)
 *   <built-in name>           a peer library (BUILTIN_TARGETS: noble, mcl-wasm, micro-eth-signer, …)
 *   module:<path>             an ES module (path relative to cwd) exporting
 *                               eip2537(input: Uint8Array, group: 'g1' | 'g2'): Uint8Array
 *                             (throw to reject; sync or async; an optional `groups` export,
 *                             e.g. ['g1'], limits the groups it is asked), or
 *                               msm(points, scalars) on noble G1 points and bigints
 *                             (optionally msmG2 for G2; the harness decodes and checks the
 *                             input for it and passes the scalars reduced mod r)
 *                             — run in a thread of its own (module-thread.ts), so that a call
 *                             past its limit, even a synchronous loop, is stopped: a timeout
 *   cmd:<command line>        a subprocess speaking the line protocol (harness/targets/cmd.ts)
 */
import { parseGateMode } from '../cli/cases.js';
import { UsageError } from '../cli/errors.js';
import { openBlst } from './blst/index.js';
import { cmdTarget } from './cmd.js';
import { NOBLE } from './eip2537.js';
import { decodedTarget, engineTarget, nobleTarget } from './in-process.js';
import { loadMcl, loadMicroKzg, mclInputs } from './libs.js';
import { openModuleThread } from './module-thread.js';
import type { Target } from './target.js';

export interface OpenOptions {
  /** Working directory for `module:` paths and `cmd:` commands (default process.cwd()). */
  cwd?: string;
  /** Default per-call limit, ms (cmd: targets and async module functions). */
  timeoutMs?: number;
}

export interface BuiltinTarget {
  readonly name: string;
  /** One line for --help and the conformance report. */
  readonly description: string;
  open(opts: OpenOptions): Promise<Target>;
}

export type TargetSpec =
  | { kind: 'engine'; spec: string; gates: Record<string, boolean>; label: string }
  | { kind: 'builtin'; spec: string; name: string }
  | { kind: 'module'; spec: string; path: string }
  | { kind: 'cmd'; spec: string; command: string };

/** The peer library of built-in target `name`, or a UsageError saying why it did not load. */
async function loadFor(name: string, load: () => Promise<any>): Promise<any> {
  try {
    return await load();
  } catch (e) {
    throw new UsageError(`--target ${name}: ${name} failed to load: ${(e as Error).message}`);
  }
}

/** The built-in targets other than `engine` (which takes gates): one entry each. */
export const BUILTIN_TARGETS: BuiltinTarget[] = [
  {
    name: 'noble',
    description: "@noble/curves pippenger on G1 and G2 (harness-decoded: the invalid-input classes are the codec's, n/a)",
    async open() {
      return nobleTarget();
    },
  },
  {
    name: 'mcl-wasm',
    description: 'mcl-wasm mulVec on G1 and G2 (WebAssembly; harness-decoded, points passed compressed)',
    async open() {
      const mcl = await loadFor('mcl-wasm', loadMcl);
      return decodedTarget({ spec: 'mcl-wasm', groups: ['g1', 'g2'] }, (group, points, scalars) => {
        const [xs, ys] = mclInputs(mcl, group === 'g2', points, scalars);
        const sum = mcl.mulVec(xs, ys);
        return NOBLE[group].Point.fromBytes(sum.serialize());
      });
    },
  },
  {
    name: 'micro-eth-signer',
    description: "micro-eth-signer's KZG G1msm (zero-scalar filter + batch-affine Pippenger), G1 only, harness-decoded",
    async open() {
      const kzg = await loadFor('micro-eth-signer', loadMicroKzg);
      return decodedTarget({ spec: 'micro-eth-signer', groups: ['g1'] }, (_group, points, scalars) => kzg.G1msm(points, scalars));
    },
  },
  {
    name: 'blst',
    description:
      "native blst Pippenger behind the line protocol (harness/targets/blst/blst-msm.c, compiled on first use from c-kzg's vendored blst; needs a C compiler)",
    open: (o) => openBlst({ timeoutMs: o.timeoutMs, log: (l) => console.error(l) }),
  },
];

export const ENGINE_DESCRIPTION =
  "this project's EIP-2537 MSM: its own decoder and checks, then the engine (engine:<gates>: none, all, default, a+b+c, or a JSON record; default gates when omitted)";

/** Every name `--target` accepts, for --help: engine, the built-ins, module:, cmd:. */
export function targetHelp(): { name: string; description: string }[] {
  return [
    { name: 'engine[:<gates>]', description: ENGINE_DESCRIPTION },
    ...BUILTIN_TARGETS.map((b) => ({ name: b.name, description: b.description })),
    { name: 'module:<path>', description: 'an ES module exporting eip2537(input, group) → output bytes, or msm(points, scalars) [+ msmG2] on noble points' },
    { name: 'cmd:<command line>', description: 'a subprocess speaking the line protocol: "g1 <hex>" / "g2 <hex>" in, output hex or "error <message>" out' },
  ];
}

function known(): string {
  return ['engine', 'engine:<gates>', ...BUILTIN_TARGETS.map((b) => b.name), 'module:<path>', 'cmd:<command line>'].join(', ');
}

/** Parses a --target value; a bad one is a UsageError naming what is allowed. */
export function parseTargetSpec(spec: string): TargetSpec {
  if (typeof spec !== 'string' || spec.trim() === '') throw new UsageError(`--target: expected a target spec (${known()}), got ${JSON.stringify(spec)}`);
  const s = spec.trim();
  if (s === 'engine' || s.startsWith('engine:')) {
    const g = s === 'engine' ? 'default' : s.slice('engine:'.length);
    if (g.trim() === 'random')
      throw new UsageError(`--target ${s}: a target has fixed gates; "random" is not allowed (use none, all, default, a+b+c or a JSON record)`);
    let m: ReturnType<typeof parseGateMode>;
    try {
      m = parseGateMode(g);
    } catch (e) {
      throw new UsageError(`--target ${s}: ${(e as Error).message.replace(/^--gates: /, '')}`);
    }
    if (m.kind !== 'fixed') throw new Error('unreachable');
    return { kind: 'engine', spec: s, gates: { ...m.gates }, label: m.label };
  }
  if (s.startsWith('module:')) {
    const p = s.slice('module:'.length).trim();
    if (p === '') throw new UsageError(`--target module:<path>: the module path is missing in "${spec}"`);
    return { kind: 'module', spec: s, path: p };
  }
  if (s.startsWith('cmd:')) {
    const c = s.slice('cmd:'.length).trim();
    if (c === '') throw new UsageError(`--target cmd:<command line>: the command is missing in "${spec}"`);
    return { kind: 'cmd', spec: s, command: c };
  }
  const b = BUILTIN_TARGETS.find((x) => x.name === s);
  if (b) return { kind: 'builtin', spec: s, name: b.name };
  throw new UsageError(`--target: unknown target "${spec}": allowed: ${known()}`);
}

/** Opens a target (loads its library, or prepares its subprocess: started on the first call). */
export async function openTarget(spec: string, opts: OpenOptions = {}): Promise<Target> {
  const t = parseTargetSpec(spec);
  const cwd = opts.cwd ?? process.cwd();
  switch (t.kind) {
    case 'engine':
      return engineTarget(t.spec, t.gates);
    case 'builtin':
      return (BUILTIN_TARGETS.find((b) => b.name === t.name) as BuiltinTarget).open({ ...opts, cwd });
    case 'cmd':
      return cmdTarget(t.command, { cwd, timeoutMs: opts.timeoutMs, spec: t.spec });
    case 'module':
      return openModuleThread(t.spec, t.path, cwd, opts.timeoutMs);
  }
}
