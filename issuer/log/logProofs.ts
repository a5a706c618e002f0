import { assembleProof, consistencyProofPlan, nodesOfPlans, type ProofElementPlan } from '../../core/log/index.ts';
import { nodeKey } from '../../core/log/treeShape.ts';
import { fastInclusionProofPlan } from './fastInclusionPlan.ts';
import type { LogDb } from './logDatabase.ts';
import { readNodes } from './logStore.ts';

/**
 * Proofs from the stored tree: core/log plans which perfect subtrees each proof hash folds, one query
 * reads exactly those (O(log n) rows, however large the tree), and the hashes are assembled in
 * memory. Several proofs share one query.
 */

export async function proofsFromPlans(db: LogDb, plans: readonly (readonly ProofElementPlan[])[]): Promise<Uint8Array[][]> {
  const nodes = nodesOfPlans(plans.flat());
  const hashes = await readNodes(db, nodes);
  const byKey = new Map<string, Uint8Array>();
  nodes.forEach((node, i) => byKey.set(nodeKey(node), hashes[i] as Uint8Array));
  return plans.map((plan) => assembleProof(plan, (node) => byKey.get(nodeKey(node)) as Uint8Array));
}

/** RFC 9162 audit paths (leaf's sibling first) for several leaves of one tree size. */
export function inclusionProofs(db: LogDb, indexes: readonly bigint[], size: bigint): Promise<Uint8Array[][]> {
  return proofsFromPlans(db, indexes.map((index) => fastInclusionProofPlan(index, size)));
}

export async function inclusionProofFromStore(db: LogDb, index: bigint, size: bigint): Promise<Uint8Array[]> {
  const [proof] = await inclusionProofs(db, [index], size);
  return proof ?? [];
}

/**
 * RFC 9162 consistency proof from `from` to `to` (from ≤ to). From 0 or between equal sizes the
 * proof is empty (C2SP tlog-witness: the empty tree is a prefix of every tree).
 */
export async function consistencyProofFromStore(db: LogDb, from: bigint, to: bigint): Promise<Uint8Array[]> {
  if (from === 0n || from === to) return [];
  const [proof] = await proofsFromPlans(db, [consistencyProofPlan(from, to)]);
  return proof ?? [];
}
