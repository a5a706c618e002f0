import { LogError } from './errors.ts';
import { HASH_SIZE, leafHash } from './hashing.ts';
import {
  consistencyProofSync,
  inclusionProofSync,
  rootFromSyncReader,
  type HashReader,
  type SyncHashReader,
} from './proofGeneration.ts';
import { appendLeaves } from './treeAppend.ts';
import { rootNodes, type NodeId } from './treeShape.ts';

/**
 * An in-memory tree of stored perfect subtrees, for tests and small tools: the same node model a
 * database uses, so proofs it serves come from the same code path.
 */
export class MemoryTree implements HashReader, SyncHashReader {
  // levels[l][i] = hash of perfect subtree (l, i)
  readonly #levels: Uint8Array[][] = [];
  #size = 0n;

  static fromEntries(entries: readonly Uint8Array[]): MemoryTree {
    const tree = new MemoryTree();
    tree.appendLeafHashes(entries.map((entry) => leafHash(entry)));
    return tree;
  }

  static fromLeafHashes(leafHashes: readonly Uint8Array[]): MemoryTree {
    const tree = new MemoryTree();
    tree.appendLeafHashes(leafHashes);
    return tree;
  }

  get size(): bigint {
    return this.#size;
  }

  appendLeafHashes(leafHashes: readonly Uint8Array[]): void {
    const frontier = rootNodes(this.#size).map((node) => this.#node(node.level, node.index));
    const result = appendLeaves(this.#size, frontier, leafHashes);
    for (const node of result.newNodes) {
      const level = (this.#levels[node.level] ??= []);
      if (BigInt(level.length) !== node.index) throw new LogError('log.tree.bad_node', 'nodes appended out of order');
      level.push(node.hash);
    }
    this.#size = result.size;
  }

  #node(level: number, index: bigint): Uint8Array {
    const hash = index >= 0n && index <= BigInt(Number.MAX_SAFE_INTEGER) ? this.#levels[level]?.[Number(index)] : undefined;
    if (hash === undefined || hash.length !== HASH_SIZE) {
      throw new LogError('log.tree.bad_node', `no complete node at level ${level} index ${index} in a tree of size ${this.#size}`);
    }
    return hash;
  }

  getNodeSync(level: number, index: bigint): Uint8Array {
    return this.#node(level, index);
  }

  async getNode(level: number, index: bigint): Promise<Uint8Array> {
    return this.getNodeSync(level, index);
  }

  async getNodes(nodes: readonly NodeId[]): Promise<Uint8Array[]> {
    return nodes.map((node) => this.getNodeSync(node.level, node.index));
  }

  root(size: bigint = this.#size): Uint8Array {
    this.#assertWithin(size);
    return rootFromSyncReader(this, size);
  }

  inclusionProof(index: bigint, size: bigint = this.#size): Uint8Array[] {
    this.#assertWithin(size);
    return inclusionProofSync(this, index, size);
  }

  consistencyProof(size1: bigint, size2: bigint = this.#size): Uint8Array[] {
    this.#assertWithin(size2);
    return consistencyProofSync(this, size1, size2);
  }

  #assertWithin(size: bigint): void {
    if (size > this.#size) throw new LogError('log.tree.bad_node', `tree has ${this.#size} leaves, asked about size ${size}`);
  }
}
