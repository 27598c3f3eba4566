/**
 * The environment of a tool's child process (the AssemblyScript compiler, binaryen): this
 * process's, without V8 coverage collection. A tool is not the code under test, and collecting
 * its coverage (c8 sets NODE_V8_COVERAGE for every child) makes its large generated code several
 * times slower.
 */
export function toolEnv(): NodeJS.ProcessEnv {
  const { NODE_V8_COVERAGE: _coverage, ...env } = process.env;
  return env;
}
