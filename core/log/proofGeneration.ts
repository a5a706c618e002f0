import { LogError } from './errors.ts';
import { emptyRoot, HASH_SIZE, nodeHash } from './hashing.ts';
import {
  consistencyProofPlan,
  inclusionProofPlan,
  nodeKey,
  nodesOfPlans,
  rootNodes,
  type NodeId,
  type ProofElementPlan,
} from './treeShape.ts';

/**
 * Proof and root generation from stored perfect-subtree hashes. A proof reads only the O(log n)
 * nodes its plan names (at most two per tree level), so a database can serve a proof at 10^6 leaves
 * with one small query.
 */

/** Serves the hash of the complete subtree (level, index); the storage layer implements it. */
export interface HashReader {
  getNode(level: number, index: bigint): Promise<Uint8Array>;
  /** Optional batch read (one query); results in the order of `nodes`. Used when present. */
  getNodes?(nodes: readonly NodeId[]): Promise<readonly Uint8Array[]>;
}

/** Synchronous variant, e.g. over an in-memory tree. */
export interface SyncHashReader {
  getNodeSync(level: number, index: bigint): Uint8Array;
}

function checkedHash(hash: Uint8Array | undefined, node: NodeId): Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new LogError('log.tree.bad_node', `hash reader returned no ${HASH_SIZE}-byte hash for node level ${node.level} index ${node.index}`);
  }
  return hash;
}

/** The right fold nodeHash(h1, nodeHash(h2, … hk)) — how RFC 9162 joins a right-border range. */
export function foldRight(hashes: readonly Uint8Array[]): Uint8Array {
  const last = hashes[hashes.length - 1];
  if (last === undefined) throw new LogError('log.tree.bad_node', 'cannot fold an empty list of hashes');
  let acc = last;
  for (let i = hashes.length - 2; i >= 0; i -= 1) acc = nodeHash(hashes[i] as Uint8Array, acc);
  return acc;
}

/** Builds the proof hashes of `plans` from a lookup that already holds every node they name. */
export function assembleProof(plans: readonly ProofElementPlan[], lookup: (node: NodeId) => Uint8Array): Uint8Array[] {
  return plans.map((plan) => foldRight(plan.map((node) => checkedHash(lookup(node), node))));
}

async function readNodes(reader: HashReader, nodes: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
  const hashes = reader.getNodes
    ? await reader.getNodes(nodes)
    : await Promise.all(nodes.map((node) => reader.getNode(node.level, node.index)));
  if (hashes.length !== nodes.length) {
    throw new LogError('log.tree.bad_node', `hash reader returned ${hashes.length} hashes for ${nodes.length} nodes`);
  }
  const byKey = new Map<string, Uint8Array>();
  nodes.forEach((node, i) => byKey.set(nodeKey(node), checkedHash(hashes[i], node)));
  return byKey;
}

async function proofFromReader(reader: HashReader, plans: readonly ProofElementPlan[]): Promise<Uint8Array[]> {
  const byKey = await readNodes(reader, nodesOfPlans(plans));
  return assembleProof(plans, (node) => byKey.get(nodeKey(node)) as Uint8Array);
}

function proofFromSyncReader(reader: SyncHashReader, plans: readonly ProofElementPlan[]): Uint8Array[] {
  return assembleProof(plans, (node) => reader.getNodeSync(node.level, node.index));
}

/** RFC 9162 inclusion proof (audit path, leaf's sibling first) for `index` in a tree of `size`. */
export function inclusionProof(reader: HashReader, index: bigint, size: bigint): Promise<Uint8Array[]> {
  return proofFromReader(reader, inclusionProofPlan(index, size));
}

export function inclusionProofSync(reader: SyncHashReader, index: bigint, size: bigint): Uint8Array[] {
  return proofFromSyncReader(reader, inclusionProofPlan(index, size));
}

/** RFC 9162 consistency proof from `size1` (≥ 1) to `size2`. */
export function consistencyProof(reader: HashReader, size1: bigint, size2: bigint): Promise<Uint8Array[]> {
  return proofFromReader(reader, consistencyProofPlan(size1, size2));
}

export function consistencyProofSync(reader: SyncHashReader, size1: bigint, size2: bigint): Uint8Array[] {
  return proofFromSyncReader(reader, consistencyProofPlan(size1, size2));
}

/** MTH of the first `size` leaves, from at most 64 stored nodes. */
export async function rootFromReader(reader: HashReader, size: bigint): Promise<Uint8Array> {
  const nodes = rootNodes(size);
  if (nodes.length === 0) return emptyRoot();
  const byKey = await readNodes(reader, nodes);
  return foldRight(nodes.map((node) => byKey.get(nodeKey(node)) as Uint8Array));
}

export function rootFromSyncReader(reader: SyncHashReader, size: bigint): Uint8Array {
  const nodes = rootNodes(size);
  if (nodes.length === 0) return emptyRoot();
  return foldRight(nodes.map((node) => checkedHash(reader.getNodeSync(node.level, node.index), node)));
}
