/**
 * Where default paths (bench/expected-counts.json, properties/corpus, reports, stryker.config.mjs)
 * are resolved: the root of the project the command runs in, i.e. the nearest ancestor of the
 * current directory (itself included) that holds a package.json; the current directory when
 * there is none. So `cd src && npx stepwise-msm gate` behaves like the same command run at the
 * root. Paths given explicitly on the command line keep their usual meaning (relative to the
 * current directory).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(cwd: string = process.cwd()): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(cwd);
    dir = up;
  }
}

/** The root of the package the harness belongs to (its dist/ holds what the browser page bundles; its package.json the version). */
export function ownPackageRoot(): string {
  // the nearest package.json up: the package root from dist/harness/cli, the checkout root from the sources
  return projectRoot(path.dirname(fileURLToPath(import.meta.url)));
}

/** Minimal view of a commander command: where an option's value came from. */
export interface OptionSource {
  getOptionValueSource(key: string): string | undefined;
}

/**
 * The option's value, resolved against the project root when it is the default (not given on
 * the command line or by the environment); a given value is returned unchanged.
 */
export function defaultFromRoot(cmd: OptionSource, key: string, value: string, root: string = projectRoot()): string {
  return cmd.getOptionValueSource(key) === 'default' ? path.resolve(root, value) : value;
}

/**
 * The option's value as a path relative to the project root, for a tool that runs there (Stryker):
 * a value given on the command line is relative to the current folder, the default to the root.
 */
export function relativeToRoot(cmd: OptionSource, key: string, value: string, root: string = projectRoot()): string {
  return cmd.getOptionValueSource(key) === 'cli' ? path.relative(root, path.resolve(value)) : value;
}
