import { LogError } from './errors.ts';
import { emptyRoot, HASH_SIZE, nodeHash } from './hashing.ts';
import { foldRight } from './proofGeneration.ts';
import { rootNodes, type NodeId } from './treeShape.ts';

/**
 * Appending leaves to a tree kept as stored perfect subtrees. The only old hashes an append needs are
 * the tree's *frontier*: the perfect subtrees of rootNodes(oldSize), at most 64. From them and the new
 * leaf hashes this computes every node that becomes complete (to store) and the new root — what a
 * sequencer writes for a batch, in one transaction, without reading the rest of the tree.
 */

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

export interface AppendResult {
  readonly size: bigint;
  readonly root: Uint8Array;
  /** Every node (leaves included, level 0) complete in the new tree but not in the old one. */
  readonly newNodes: readonly StoredNode[];
  /** The new tree's frontier hashes, in rootNodes(size) order: the input for the next append. */
  readonly frontier: readonly Uint8Array[];
}

export function appendLeaves(oldSize: bigint, frontier: readonly Uint8Array[], newLeafHashes: readonly Uint8Array[]): AppendResult {
  const frontierIds = rootNodes(oldSize);
  if (frontier.length !== frontierIds.length) {
    throw new LogError('log.tree.bad_node', `a tree of size ${oldSize} has ${frontierIds.length} frontier nodes, got ${frontier.length}`);
  }
  const stack: StoredNode[] = frontierIds.map((id, i) => ({ ...id, hash: checked(frontier[i], `frontier[${i}]`) }));
  const newNodes: StoredNode[] = [];
  let size = oldSize;
  newLeafHashes.forEach((hash, i) => {
    let node: StoredNode = { level: 0, index: size, hash: checked(hash, `leaf hash [${i}]`) };
    newNodes.push(node);
    size += 1n;
    // A binary counter: equal-level neighbours on the stack merge into their parent.
    let top = stack[stack.length - 1];
    while (top !== undefined && top.level === node.level) {
      stack.pop();
      node = { level: node.level + 1, index: top.index >> 1n, hash: nodeHash(top.hash, node.hash) };
      newNodes.push(node);
      top = stack[stack.length - 1];
    }
    stack.push(node);
  });
  const hashes = stack.map((node) => node.hash);
  return { size, root: hashes.length === 0 ? emptyRoot() : foldRight(hashes), newNodes, frontier: hashes };
}

/** RFC 9162 MTH of a list of leaf hashes, in O(n) hashing. */
export function treeRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  return appendLeaves(0n, [], leafHashes).root;
}

function checked(hash: Uint8Array | undefined, what: string): Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new LogError('log.tree.bad_node', `${what} must be a ${HASH_SIZE}-byte hash`);
  }
  return hash;
}
