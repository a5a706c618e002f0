import { inclusionProofPlan, type NodeId, type ProofElementPlan } from '../../core/log/index.ts';

/**
 * core/log's inclusionProofPlan with Number arithmetic for trees below 2^53 leaves (every tree this
 * log will hold), falling back to core/log's BigInt version above. Same result, element for element
 * (test/fastInclusionPlan.test.ts checks that against core/log for random and edge sizes); ~50×
 * cheaper, which matters because every receipt and every served inclusion proof plans one: at 10^6
 * leaves the BigInt loops of core/log's rangeNodes cost 30–80 µs per plan, the whole proof budget.
 * Workaround until core/log has a Number fast path; then this file should simply delegate.
 */

export const SAFE_LIMIT = 2 ** 53;

/** Largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A perfect subtree with a Number index (trees below 2^53 leaves). */
export interface SmallNodeId {
  readonly level: number;
  readonly index: number;
}

/** Perfect subtrees covering leaves [start, end), left to right, each as large as alignment allows. */
export function rangeSmallNodes(start: number, end: number): SmallNodeId[] {
  const nodes: SmallNodeId[] = [];
  let position = start;
  while (position < end) {
    let width = 1;
    let level = 0;
    while (position % (width * 2) === 0 && position + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    nodes.push({ level, index: position / width });
    position += width;
  }
  return nodes;
}

function rangeNodes(start: number, end: number): NodeId[] {
  return rangeSmallNodes(start, end).map((node) => ({ level: node.level, index: BigInt(node.index) }));
}

/**
 * The leaf ranges [from, to) whose roots form PATH(leaf, D[0:size]), leaf's sibling first
 * (0 ≤ leaf < size < 2^53; the caller checks).
 */
export function inclusionSiblingRanges(leaf: number, size: number): Array<readonly [number, number]> {
  const siblings: Array<readonly [number, number]> = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leaf < start + k) {
      siblings.push([start + k, end]);
      end = start + k;
    } else {
      siblings.push([start, start + k]);
      start += k;
    }
  }
  return siblings.reverse();
}

/** RFC 9162 §2.1.3.1 PATH(index, D[0:size]) as plans, leaf's sibling first, root's child last. */
export function fastInclusionProofPlan(index: bigint, size: bigint): ProofElementPlan[] {
  if (typeof size !== 'bigint' || typeof index !== 'bigint' || size >= BigInt(SAFE_LIMIT) || index < 0n || index >= size) {
    // Out-of-range input and giant trees take core/log's path (and its coded errors).
    return inclusionProofPlan(index, size);
  }
  return inclusionSiblingRanges(Number(index), Number(size)).map(([from, to]) => rangeNodes(from, to));
}
