import { createHash } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import {
  appendLeaves,
  consistencyProof,
  consistencyProofNodes,
  consistencyProofSync,
  inclusionProof,
  inclusionProofNodes,
  inclusionProofSync,
  leafHash,
  LogError,
  MemoryTree,
  nodeExists,
  rootFromReader,
  rootNodes,
  treeRoot,
  UINT64_MAX,
  verifyConsistency,
  verifyInclusion,
  type HashReader,
  type NodeId,
  type SyncHashReader,
} from '../index.ts';

function fakeNode(level: number, index: bigint): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`${level}/${index}`).digest());
}

/** A reader over an imaginary huge tree: any node of a complete subtree, counted. */
function countingReader(size: bigint): HashReader & { reads: NodeId[]; batches: number } {
  const reader = {
    reads: [] as NodeId[],
    batches: 0,
    async getNode(level: number, index: bigint) {
      if (!nodeExists({ level, index }, size)) throw new Error(`node ${level}/${index} is not complete at size ${size}`);
      reader.reads.push({ level, index });
      return fakeNode(level, index);
    },
    async getNodes(nodes: readonly NodeId[]) {
      reader.batches += 1;
      return Promise.all(nodes.map((n) => reader.getNode(n.level, n.index)));
    },
  };
  return reader;
}

test('a proof at 10^6 leaves reads only the O(log n) nodes its plan lists, in one batch', async (t) => {
  const size = 1_000_000n;
  for (const index of [0n, 1n, 499_999n, 999_998n, 999_999n]) {
    const reader = countingReader(size);
    const proof = await inclusionProof(reader, index, size);
    t.is(reader.batches, 1);
    t.deepEqual(reader.reads, inclusionProofNodes(index, size));
    t.true(reader.reads.length <= 2 * 20, `${reader.reads.length} reads`);
    t.true(proof.length <= 20);
  }
  const reader = countingReader(size);
  await consistencyProof(reader, 123_457n, size);
  t.deepEqual(reader.reads, consistencyProofNodes(123_457n, size));
  t.true(reader.reads.length <= 2 * 20);
});

test('plans stay within complete subtrees and O(log n) even at 2^64-1 leaves', (t) => {
  const size = UINT64_MAX;
  for (const index of [0n, 1n << 62n, size - 1n]) {
    const nodes = inclusionProofNodes(index, size);
    t.true(nodes.length <= 128);
    t.true(nodes.every((n) => nodeExists(n, size)));
  }
  const nodes = consistencyProofNodes((1n << 63n) + 12345n, size);
  t.true(nodes.length <= 128 && nodes.every((n) => nodeExists(n, size)));
  t.is(rootNodes(size).length, 64);
});

test('property: the nodes a proof reads from a real tree are exactly the listed ones', (t) => {
  const tree = MemoryTree.fromEntries(Array.from({ length: 777 }, (_, i) => new Uint8Array([i & 0xff, i >> 8])));
  let reads: NodeId[] = [];
  const recording: SyncHashReader = {
    getNodeSync(level, index) {
      reads.push({ level, index });
      return tree.getNodeSync(level, index);
    },
  };
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 777 }), fc.integer({ min: 1, max: 777 }), fc.nat(), (x, y, z) => {
      const [m, n] = x <= y ? [BigInt(x), BigInt(y)] : [BigInt(y), BigInt(x)];
      const index = BigInt(z) % n;
      reads = [];
      const inclusion = inclusionProofSync(recording, index, n);
      t.deepEqual(reads, inclusionProofNodes(index, n));
      t.deepEqual(inclusion, tree.inclusionProof(index, n));
      reads = [];
      consistencyProofSync(recording, m, n);
      t.deepEqual(reads, consistencyProofNodes(m, n));
      // ⌈log2 777⌉ = 10: at most two stored nodes per level.
      return reads.length <= 20;
    }),
    { numRuns: 200 },
  );
});

test('async proofs from a HashReader equal the in-memory ones and verify', async (t) => {
  const entries = Array.from({ length: 300 }, (_, i) => new TextEncoder().encode(`e${i}`));
  const tree = MemoryTree.fromEntries(entries);
  const reader: HashReader = { getNode: (level, index) => tree.getNode(level, index) }; // no batch method: per-node reads
  t.deepEqual(await inclusionProof(reader, 123n, 300n), tree.inclusionProof(123n, 300n));
  t.deepEqual(await consistencyProof(reader, 77n, 300n), tree.consistencyProof(77n, 300n));
  t.deepEqual(await rootFromReader(reader, 300n), tree.root());
  verifyInclusion({ leafHash: leafHash(entries[123]!), index: 123n, treeSize: 300n, proof: await inclusionProof(reader, 123n, 300n), root: tree.root() });
  verifyConsistency({ size1: 77n, size2: 300n, root1: tree.root(77n), root2: tree.root(), proof: await consistencyProof(reader, 77n, 300n) });
});

test('a reader returning a wrong-size hash is log.tree.bad_node; out-of-range requests are coded', async (t) => {
  const broken: HashReader = { getNode: async () => new Uint8Array(31) };
  const error = await t.throwsAsync(inclusionProof(broken, 0n, 2n), { instanceOf: LogError });
  t.is(error?.code, 'log.tree.bad_node');
  const tree = MemoryTree.fromEntries([new Uint8Array([1])]);
  t.is(t.throws(() => tree.inclusionProof(1n, 1n), { instanceOf: LogError })?.code, 'log.proof.index_out_of_range');
  t.is(t.throws(() => tree.consistencyProof(0n, 1n), { instanceOf: LogError })?.code, 'log.proof.size');
  t.is(t.throws(() => tree.consistencyProof(1n, 2n), { instanceOf: LogError })?.code, 'log.tree.bad_node');
});

test('property: appending in batches from the frontier yields the same tree, and exactly the newly complete nodes', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 70 }), { minLength: 1, maxLength: 8 }), (batches) => {
      const all: Uint8Array[] = [];
      let frontier: readonly Uint8Array[] = [];
      let size = 0n;
      for (const count of batches) {
        const leaves = Array.from({ length: count }, (_, i) => leafHash(new Uint8Array([all.length + i, 7])));
        const result = appendLeaves(size, frontier, leaves);
        const newSize = size + BigInt(count);
        const expectedCount = Array.from({ length: 12 }, (_, l) => (newSize >> BigInt(l)) - (size >> BigInt(l))).reduce((x, y) => x + y, 0n);
        if (BigInt(result.newNodes.length) !== expectedCount) return false;
        if (!result.newNodes.every((n) => nodeExists(n, newSize) && !nodeExists(n, size))) return false;
        all.push(...leaves);
        if (Buffer.compare(result.root, treeRoot(all)) !== 0) return false;
        frontier = result.frontier;
        size = result.size;
      }
      return Buffer.compare(MemoryTree.fromLeafHashes(all).root(), treeRoot(all)) === 0;
    }),
    { numRuns: 100 },
  );
  t.pass();
});

test('appendLeaves refuses a frontier of the wrong shape', (t) => {
  t.is(t.throws(() => appendLeaves(3n, [leafHash(new Uint8Array())], []), { instanceOf: LogError })?.code, 'log.tree.bad_node');
});
