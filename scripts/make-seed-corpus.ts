/** Writes the hand-picked seed cases of properties/corpus (run once: npx tsx scripts/make-seed-corpus.ts). */
import { writeFileSync } from 'node:fs';
import { TOY, G1 } from '../src/index.js';
import { encodeCase } from '../src/corpus.js';

const write = (name: string, c: unknown) => writeFileSync(`properties/corpus/${name}.json`, JSON.stringify(c, null, 2) + '\n');
const r = TOY.order;
// duplicates, P/−P, identity, scalars at r−1 and all-ones patterns, all gates
{
  const logs = [5n, 5n, r - 5n, 0n, 1n, 1032n, 2n ** 10n, 7n, r - 7n, 7n];
  const scalars = [r - 1n, r - 1n, 1n, 3n, 2047n % r, 1023n, 1024n, 1365n, 682n, 0n];
  write(
    'toy-collisions-all-gates',
    encodeCase(
      TOY,
      logs.map((k) => (k === 0n ? TOY.ZERO : TOY.BASE.multiply(k))),
      scalars,
      'all',
      2,
      {
        logs: logs.map((k) => '0x' + k.toString(16)),
        note: 'hand-picked: duplicates, P and -P, identity, lambda, carry patterns',
      }
    )
  );
}
{
  const logs = [1n, G1.order - 1n, 2n];
  const scalars = [G1.order - 1n, G1.order - 1n, (1n << 254n) - 1n];
  write(
    'g1-near-r-none',
    encodeCase(
      G1,
      logs.map((k) => G1.BASE.multiply(k)),
      scalars,
      'none',
      5,
      {
        logs: logs.map((k) => '0x' + k.toString(16)),
        note: 'hand-picked: scalars r-1 and 2^254-1 on P, -P, 2P',
      }
    )
  );
}
