import { createHash } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { LogProofError, MemoryTree, verifyConsistency, verifyInclusion } from '../index.ts';

/**
 * Random trees up to 2,000 leaves: every proof verifies, and any single change — a flipped bit in a
 * proof hash, the leaf or a root, another index, another size (with that size's true root) — fails.
 */

const MAX_LEAVES = 2000;

// Leaves are derived from a seed (distinct by construction) so fast-check shrinks numbers, not arrays.
function buildTree(seed: number, size: number): MemoryTree {
  const entries = Array.from({ length: size }, (_, i) => createHash('sha256').update(`${seed}:${i}`).digest());
  return MemoryTree.fromEntries(entries);
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const i = bit % (copy.length * 8);
  copy[i >> 3] = (copy[i >> 3] as number) ^ (1 << (i & 7));
  return copy;
}

function fails(fn: () => void): boolean {
  try {
    fn();
    return false;
  } catch (error) {
    if (!(error instanceof LogProofError)) throw error;
    return true;
  }
}

// A tree of `total` leaves, and two positions in it as fractions (kept independent for shrinking).
const treeArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  total: fc.integer({ min: 1, max: MAX_LEAVES }),
  a: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  c: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  bit: fc.nat(),
  pick: fc.nat(),
});

test('property: inclusion proofs verify, and every tampering fails', (t) => {
  fc.assert(
    fc.property(treeArb, ({ seed, total, a, b, c, bit, pick }) => {
      const tree = buildTree(seed, total);
      const size = 1 + Math.floor(a * total);
      const index = Math.floor(b * size);
      const n = BigInt(size);
      const i = BigInt(index);
      const input = { leafHash: tree.getNodeSync(0, i), index: i, treeSize: n, proof: tree.inclusionProof(i, n), root: tree.root(n) };
      verifyInclusion(input);

      if (input.proof.length > 0) {
        const j = pick % input.proof.length;
        const proof = input.proof.map((h, k) => (k === j ? flipBit(h, bit) : h));
        if (!fails(() => verifyInclusion({ ...input, proof }))) return false;
      }
      if (!fails(() => verifyInclusion({ ...input, leafHash: flipBit(input.leafHash, bit) }))) return false;
      if (!fails(() => verifyInclusion({ ...input, root: flipBit(input.root, bit) }))) return false;
      if (size > 1) {
        const otherIndex = BigInt((index + 1 + (pick % (size - 1))) % size);
        if (!fails(() => verifyInclusion({ ...input, index: otherIndex }))) return false;
      }
      if (total > 1) {
        const otherSize = BigInt(1 + ((size + Math.floor(c * (total - 1))) % total));
        if (otherSize !== n && !fails(() => verifyInclusion({ ...input, treeSize: otherSize, root: tree.root(otherSize) }))) return false;
      }
      return true;
    }),
    { numRuns: 120 },
  );
  t.pass('fast-check found no counterexample');
});

test('property: consistency proofs between any 1 ≤ m ≤ n verify, and every tampering fails', (t) => {
  fc.assert(
    fc.property(treeArb, ({ seed, total, a, b, c, bit, pick }) => {
      const tree = buildTree(seed, total);
      const size2 = 1 + Math.floor(a * total);
      const size1 = 1 + Math.floor(b * size2);
      const m = BigInt(size1);
      const n = BigInt(size2);
      const input = { size1: m, size2: n, root1: tree.root(m), root2: tree.root(n), proof: tree.consistencyProof(m, n) };
      verifyConsistency(input);
      verifyConsistency({ ...input, oldSizeZero: 'accept' });

      if (input.proof.length > 0) {
        const j = pick % input.proof.length;
        const proof = input.proof.map((h, k) => (k === j ? flipBit(h, bit) : h));
        if (!fails(() => verifyConsistency({ ...input, proof }))) return false;
        if (!fails(() => verifyConsistency({ ...input, proof: input.proof.slice(1) }))) return false;
        if (!fails(() => verifyConsistency({ ...input, proof: [...input.proof, input.root1] }))) return false;
      }
      if (!fails(() => verifyConsistency({ ...input, root1: flipBit(input.root1, bit) }))) return false;
      if (!fails(() => verifyConsistency({ ...input, root2: flipBit(input.root2, bit) }))) return false;
      if (size2 > 1) {
        const otherOld = BigInt(1 + ((size1 + Math.floor(c * (size2 - 1))) % size2));
        if (otherOld !== m && !fails(() => verifyConsistency({ ...input, size1: otherOld, root1: tree.root(otherOld) }))) return false;
      }
      if (total > size1) {
        const otherNew = BigInt(size1 + ((size2 - size1 + 1 + (pick % (total - size1))) % (total - size1 + 1)));
        if (otherNew !== n && !fails(() => verifyConsistency({ ...input, size2: otherNew, root2: tree.root(otherNew) }))) return false;
      }
      return true;
    }),
    { numRuns: 120 },
  );
  t.pass('fast-check found no counterexample');
});
