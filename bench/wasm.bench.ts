/**
 * Field backends (step 12, wasmField): `stepwise-msm bench --suite wasm` (harness/bench/wasm-suite.ts),
 * runnable as a script; the options are the bench command's (`stepwise-msm bench --help`).
 *
 *   npx tsx bench/wasm.bench.ts --sizes 256,4096 --rounds 5 --ladder-n 256 --sections mul,ladder,msm,kzg
 */
import { main } from '../harness/cli/main.js';

process.exitCode = await main(['bench', '--suite', 'wasm', ...process.argv.slice(2)]);
