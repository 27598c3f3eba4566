/**
 * Whole KZG functions against micro-eth-signer and c-kzg: `stepwise-msm bench --suite kzg`
 * (harness/bench/kzg-suite.ts), runnable as a script; the options are the bench command's.
 *
 *   npx tsx bench/kzg.bench.ts --iterations 3     (timed iterations of the cells tasks)
 */
import { main } from '../harness/cli/main.js';

process.exitCode = await main(['bench', '--suite', 'kzg', ...process.argv.slice(2)]);
