// Stryker reporter plugin (stryker.config.mjs): appends every surviving or uncovered mutant to
// reports/mutation/survivors.log as soon as it is tested, so survivors can be read (and killed)
// while a long run is still going. One line per mutant: file:line:col mutator status original → replacement.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

const LOG = 'reports/mutation/survivors.log';

class SurvivorLog {
  sources = new Map();
  onMutationTestingPlanReady() {
    mkdirSync(path.dirname(LOG), { recursive: true });
    appendFileSync(LOG, `# run started ${new Date().toISOString()}\n`);
  }
  onMutantTested(m) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') return;
    const file = path.relative(process.cwd(), m.fileName);
    let src = this.sources.get(file);
    if (src === undefined) {
      src = readFileSync(file, 'utf8').split('\n');
      this.sources.set(file, src);
    }
    // MutantResult locations: 1-based lines and columns
    const { start, end } = m.location;
    const line = src[start.line - 1] ?? '';
    const orig = start.line === end.line ? line.slice(start.column - 1, end.column - 1) : line.slice(start.column - 1) + ' …';
    const flat = (s) =>
      String(s ?? '')
        .replace(/\s+/g, ' ')
        .slice(0, 100);
    appendFileSync(LOG, `${file}:${start.line}:${start.column} ${m.mutatorName} ${m.status}: ${flat(orig)} → ${flat(m.replacement)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivor-log', SurvivorLog)];
