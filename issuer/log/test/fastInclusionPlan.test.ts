import test from 'ava';
import fc from 'fast-check';
import { inclusionProofPlan, LogProofError } from '../../../core/log/index.ts';
import { fastInclusionProofPlan } from '../fastInclusionPlan.ts';

/** The Number fast path plans exactly what core/log's BigInt inclusionProofPlan plans. */

test('property: same plan as core/log for any leaf of any tree below 2^53', (t) => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: (1n << 53n) - 1n }),
      fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }),
      (size, rawIndex) => {
        const index = rawIndex % size;
        t.deepEqual(fastInclusionProofPlan(index, size), inclusionProofPlan(index, size));
      },
    ),
    { numRuns: 500 },
  );
});

test('same plan on edge sizes and indexes: powers of two and their neighbours, first and last leaves', (t) => {
  const sizes = [1n, 2n, 3n, 255n, 256n, 257n, 1_000_000n, (1n << 32n) + 1n, (1n << 53n) - 1n];
  for (const size of sizes) {
    for (const index of [0n, 1n, size / 2n, size - 2n, size - 1n].filter((i) => i >= 0n && i < size)) {
      t.deepEqual(fastInclusionProofPlan(index, size), inclusionProofPlan(index, size), `${index} of ${size}`);
    }
  }
  // Above 2^53 and for bad input it is core/log's function, coded errors included.
  t.deepEqual(fastInclusionProofPlan(5n, 1n << 60n), inclusionProofPlan(5n, 1n << 60n));
  t.throws(() => fastInclusionProofPlan(3n, 3n), { instanceOf: LogProofError });
  t.throws(() => fastInclusionProofPlan(-1n, 3n), { instanceOf: LogProofError });
});
