// The echo target: answers every protocol request at once with a fixed output (the encoding of
// the point at infinity: 128 zero bytes for g1, 256 for g2), doing no MSM. `bench` times it on
// the same inputs as a `cmd:` target to measure what the pipe and the hex framing cost.
import { createInterface } from 'node:readline';

const ZERO = { g1: '00'.repeat(128), g2: '00'.repeat(256) };
const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
rl.on('line', (line) => {
  const group = line.slice(0, 2);
  process.stdout.write(`${ZERO[group] ?? `error unknown group ${JSON.stringify(group)}`}\n`);
});
