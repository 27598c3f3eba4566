/**
 * The README's gate table: one row per gate, between `<!-- GATES-TABLE -->` and
 * `<!-- /GATES-TABLE -->`. One row format, used by scripts/readme-gates.ts (the whole table from
 * the registry; properties/readme.test.ts fails when it is stale) and by `new-step` (adds the
 * new step's row, so `npm test` stays green after scaffolding a step).
 */
/**
 * `text` with what stands between the lines `start` and `end` replaced by `body` (the markers
 * kept); throws when `start` is missing, appends `end` when only it is missing.
 */
export function replaceBlock(text: string, start: string, end: string, body: string): string {
  const a = text.indexOf(start);
  if (a < 0) throw new Error(`no ${start} marker`);
  const b = text.indexOf(end, a);
  const tail = b < 0 ? text.slice(a + start.length) : text.slice(b + end.length);
  return text.slice(0, a) + start + '\n' + body + '\n' + end + tail;
}

export const START = '<!-- GATES-TABLE -->';
export const END = '<!-- /GATES-TABLE -->';
export const TABLE_HEAD = ['| step | gate | default | what it does | file |', '|---:|---|---|---|---|'];

export interface GateRowInfo {
  step: number;
  id: string;
  default: boolean;
  title: string;
}

/** One table row; `file` is the step's file name in src/optimized/steps/ (empty cell when unknown). */
export function gateRow(g: GateRowInfo, file: string | undefined): string {
  const where = file ? `[\`${file}\`](src/optimized/steps/${file})` : '';
  return `| ${g.step} | \`${g.id}\` | ${g.default ? 'on' : 'off'} | ${g.title.replace(/\|/g, '\\|')} | ${where} |`;
}

/**
 * The README text with a row for `g` inserted in step order (before the first row with a
 * higher step number); undefined when the README has no complete table between the markers.
 */
export function addGateRow(readme: string, g: GateRowInfo, file: string): string | undefined {
  const a = readme.indexOf(START);
  const b = a < 0 ? -1 : readme.indexOf(END, a);
  if (a < 0 || b < 0) return undefined;
  const lines = readme.slice(a + START.length, b).split('\n');
  let at = lines.length;
  while (at > 0 && lines[at - 1].trim() === '') at--;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\|\s*(\d+)\s*\|/.exec(lines[i]);
    if (m && Number(m[1]) > g.step) {
      at = i;
      break;
    }
  }
  lines.splice(at, 0, gateRow(g, file));
  return readme.slice(0, a + START.length) + lines.join('\n') + readme.slice(b);
}
