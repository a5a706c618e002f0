import test from 'ava';
import { emptyRoot, hashesEqual, leafHash, MemoryTree, nodeHash, toHex, treeRoot } from '../index.ts';
import { hex, referenceLeaves, vectors } from './tlogVectors.ts';

test('every hasher vector: empty root, leaf hashes, node hash of raw children', (t) => {
  t.is(vectors.hasher.length, 4);
  for (const v of vectors.hasher) {
    const got =
      v.kind === 'empty' ? emptyRoot() : v.kind === 'leaf' ? leafHash(hex(v.input_hex ?? '')) : nodeHash(hex(v.left_hex ?? ''), hex(v.right_hex ?? ''));
    t.is(toHex(got), v.want_hex, v.desc);
  }
});

test('the eight reference leaves hash to their published leaf hashes', (t) => {
  for (const leaf of vectors.leaves) t.is(toHex(leafHash(hex(leaf.hex))), leaf.leaf_hash_hex, `leaf ${leaf.index}`);
});

test('roots of sizes 0..8 from a leaf-hash list and from stored nodes', (t) => {
  const leafHashes = referenceLeaves.map((leaf) => leafHash(leaf));
  const tree = MemoryTree.fromEntries(referenceLeaves);
  t.is(vectors.roots.length, 9);
  for (const root of vectors.roots) {
    const size = Number(root.size);
    t.is(toHex(treeRoot(leafHashes.slice(0, size))), root.root_hex, `list root ${size}`);
    t.is(toHex(tree.root(BigInt(size))), root.root_hex, `stored-node root ${size}`);
    t.is(Buffer.from(tree.root(BigInt(size))).toString('base64'), root.root_b64);
  }
});

test('node_hashes[level][i] are exactly the stored perfect subtrees', (t) => {
  const tree = MemoryTree.fromEntries(referenceLeaves);
  let count = 0;
  vectors.node_hashes.hex.forEach((level, l) => {
    level.forEach((want, i) => {
      t.is(toHex(tree.getNodeSync(l, BigInt(i))), want, `node ${l}/${i}`);
      count += 1;
    });
  });
  t.is(count, 15);
});

test('hashesEqual is length-checked and exact', (t) => {
  const a = leafHash(new Uint8Array([1]));
  const b = Uint8Array.from(a);
  t.true(hashesEqual(a, b));
  b[31] = (b[31] as number) ^ 1;
  t.false(hashesEqual(a, b));
  t.false(hashesEqual(a, a.subarray(0, 31)));
  t.false(hashesEqual(new Uint8Array(0), a));
});
