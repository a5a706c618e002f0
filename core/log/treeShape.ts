import { UINT64_MAX } from './bytes.ts';
import { LogProofError } from './errors.ts';

/**
 * The shape of an RFC 9162 tree as *perfect subtrees*: node (level, index) is the Merkle Tree Hash
 * of the 2^level leaves starting at leaf index·2^level. Only perfect subtrees are ever stored (they
 * never change once complete); every other hash a proof needs (a node on the right border of a tree
 * whose size is not a power of two) is the right fold of a few perfect ones. Everything here is index
 * arithmetic, no hashing, so the storage layer can ask for exactly the nodes a proof will read.
 */

export interface NodeId {
  readonly level: number;
  readonly index: bigint;
}

/** One proof hash: the right fold nodeHash(n1, nodeHash(n2, … nk)) of these perfect subtrees. */
export type ProofElementPlan = readonly NodeId[];

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** The largest power of two strictly less than n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: bigint): bigint {
  return 1n << BigInt(bitLength(n - 1n) - 1);
}

/**
 * The perfect subtrees that cover leaves [start, end), left to right, each as large as alignment
 * allows. For the ranges RFC 9162 trees produce (start aligned to a power of two ≥ end - start) this
 * is the binary decomposition of end - start: at most 64 nodes.
 */
export function rangeNodes(start: bigint, end: bigint): NodeId[] {
  const nodes: NodeId[] = [];
  let position = start;
  while (position < end) {
    let level = 0;
    for (;;) {
      const next = 1n << BigInt(level + 1);
      if (position % next !== 0n || position + next > end) break;
      level += 1;
    }
    nodes.push({ level, index: position >> BigInt(level) });
    position += 1n << BigInt(level);
  }
  return nodes;
}

/** The perfect subtrees whose right fold is the root of a tree of `size` leaves (empty for size 0). */
export function rootNodes(size: bigint): NodeId[] {
  assertTreeSize(size, 'tree size');
  return rangeNodes(0n, size);
}

export function assertTreeSize(size: bigint, what: string): void {
  if (typeof size !== 'bigint' || size < 0n || size > UINT64_MAX) {
    throw new LogProofError('log.proof.size', `${what} must be a bigint in [0, 2^64-1], got ${String(size)}`);
  }
}

/** A valid tree size and a leaf index inside that tree. */
export function assertLeafIndex(index: bigint, size: bigint): void {
  assertTreeSize(size, 'tree size');
  if (typeof index !== 'bigint' || index < 0n || index >= size) {
    throw new LogProofError('log.proof.index_out_of_range', `leaf index ${String(index)} is not below tree size ${size}`);
  }
}

/**
 * How many hashes PATH(index, D[0:size]) has, without building it: the levels below the point
 * where the paths to `index` and to the last leaf part, plus one per left sibling above it
 * (transparency-dev/merkle's decomposition). Equal to `inclusionProofPlan(index, size).length`
 * (tested), at a fraction of the cost.
 */
export function inclusionProofLength(index: bigint, size: bigint): number {
  assertLeafIndex(index, size);
  const inner = (index ^ (size - 1n)).toString(2).length - (index === size - 1n ? 1 : 0);
  let border = 0;
  for (let rest = index >> BigInt(inner); rest > 0n; rest >>= 1n) if ((rest & 1n) === 1n) border += 1;
  return inner + border;
}

/**
 * RFC 9162 §2.1.3.1 PATH(index, D[0:size]) as plans, leaf's sibling first, root's child last.
 */
export function inclusionProofPlan(index: bigint, size: bigint): ProofElementPlan[] {
  assertLeafIndex(index, size);
  const siblings: Array<readonly [bigint, bigint]> = [];
  let start = 0n;
  let end = size;
  while (end - start > 1n) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      siblings.push([start + k, end]);
      end = start + k;
    } else {
      siblings.push([start, start + k]);
      start += k;
    }
  }
  return siblings.reverse().map(([from, to]) => rangeNodes(from, to));
}

/**
 * RFC 9162 §2.1.4.1 PROOF(size1, D[0:size2]) as plans, for 1 ≤ size1 ≤ size2 (equal sizes: empty).
 */
export function consistencyProofPlan(size1: bigint, size2: bigint): ProofElementPlan[] {
  assertTreeSize(size1, 'old tree size');
  assertTreeSize(size2, 'new tree size');
  if (size1 === 0n) throw new LogProofError('log.proof.size', 'a consistency proof from the empty tree has no hashes');
  if (size1 > size2) throw new LogProofError('log.proof.size', `old size ${size1} exceeds new size ${size2}`);
  const elements: Array<readonly [bigint, bigint]> = [];
  // SUBPROOF(m, D[start:end], b) unrolled: m counts old leaves inside [start, end).
  let m = size1;
  let start = 0n;
  let end = size2;
  let startsFromOldRoot = true;
  for (;;) {
    const n = end - start;
    if (m === n) {
      if (!startsFromOldRoot) elements.push([start, end]);
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      elements.push([start + k, end]);
      end = start + k;
    } else {
      elements.push([start, start + k]);
      m -= k;
      start += k;
      startsFromOldRoot = false;
    }
  }
  return elements.reverse().map(([from, to]) => rangeNodes(from, to));
}

/** A map key for a node. */
export function nodeKey(node: NodeId): string {
  return `${node.level}/${node.index}`;
}

/** The distinct nodes a set of plans reads, in first-use order: one storage query fetches them all. */
export function nodesOfPlans(plans: readonly ProofElementPlan[]): NodeId[] {
  const seen = new Set<string>();
  const out: NodeId[] = [];
  for (const plan of plans) {
    for (const node of plan) {
      const key = nodeKey(node);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(node);
      }
    }
  }
  return out;
}

/** Exactly the stored nodes an inclusion proof for `index` in a tree of `size` leaves needs. */
export function inclusionProofNodes(index: bigint, size: bigint): NodeId[] {
  return nodesOfPlans(inclusionProofPlan(index, size));
}

/** Exactly the stored nodes a consistency proof from `size1` to `size2` needs. */
export function consistencyProofNodes(size1: bigint, size2: bigint): NodeId[] {
  return nodesOfPlans(consistencyProofPlan(size1, size2));
}

/** Whether node (level, index) is complete, hence stored, in a tree of `size` leaves. */
export function nodeExists(node: NodeId, size: bigint): boolean {
  return node.level >= 0 && node.index >= 0n && (node.index + 1n) << BigInt(node.level) <= size;
}

