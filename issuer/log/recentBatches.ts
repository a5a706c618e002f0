import {
  assembleProof,
  decodeLogEntry,
  encodeBase64,
  foldRight,
  formatTlogProof,
  LogError,
  TLOG_PROOF_HEADER,
  toHex,
  type LogEntry,
  type StoredNode,
} from '../../core/log/index.ts';
import { nodeKey } from '../../core/log/treeShape.ts';
import type { BatchOutcome } from './batchIntegration.ts';
import type { LogReceipt } from './credentialLog.ts';
import { fastInclusionProofPlan, inclusionSiblingRanges, rangeSmallNodes, SAFE_LIMIT } from './fastInclusionPlan.ts';
import type { StoredCheckpoint, StoredEntry } from './logStore.ts';

/**
 * Receipts for the entries of the last few batches this process logged, built in memory: a batch
 * knows every node an inclusion proof against its own checkpoint needs (the old frontier and the
 * nodes it completed), so the callers it releases need not read their receipts back from the
 * database. The receipts of one batch share most of their audit paths: each sibling subtree's hash
 * is folded and base64-encoded once per batch, not once per receipt. Anything not found here
 * (older, or logged by another process) is read from storage.
 */

const KEEP_BATCHES = 4;

interface BatchMaterial {
  readonly checkpoint: StoredCheckpoint;
  readonly entries: ReadonlyMap<string, StoredEntry>;
  readonly proofNodes: readonly StoredNode[];
  /** Node hashes by level, then Number index (trees below 2^53 leaves). */
  levels?: Map<number, Uint8Array>[];
  /** Proof line (base64 + newline) of each sibling range "from-to" already folded. */
  readonly lines: Map<string, string>;
  nodes?: Map<string, Uint8Array>;
}

function levelsOf(nodes: readonly StoredNode[]): Map<number, Uint8Array>[] {
  const levels: Map<number, Uint8Array>[] = [];
  for (const node of nodes) {
    let level = levels[node.level];
    if (level === undefined) {
      level = new Map();
      levels[node.level] = level;
    }
    level.set(Number(node.index), node.hash);
  }
  return levels;
}

/** The tlog-proof text, or undefined when a node is not held in memory. Same text as formatTlogProof. */
function proofText(batch: BatchMaterial, leafIndex: bigint): string | undefined {
  const size = Number(batch.checkpoint.size);
  batch.levels ??= levelsOf(batch.proofNodes);
  const levels = batch.levels;
  let lines = '';
  for (const [from, to] of inclusionSiblingRanges(Number(leafIndex), size)) {
    const key = `${from}-${to}`;
    let line = batch.lines.get(key);
    if (line === undefined) {
      const hashes: Uint8Array[] = [];
      for (const node of rangeSmallNodes(from, to)) {
        const hash = levels[node.level]?.get(node.index);
        if (hash === undefined) return undefined;
        hashes.push(hash);
      }
      line = `${encodeBase64(foldRight(hashes))}\n`;
      batch.lines.set(key, line);
    }
    lines += line;
  }
  return `${TLOG_PROOF_HEADER}\nindex ${leafIndex}\n${lines}\n${batch.checkpoint.note}`;
}

/** core/log's general path (any tree size, BigInt arithmetic). */
function generalProofText(batch: BatchMaterial, leafIndex: bigint): string | undefined {
  batch.nodes ??= new Map(batch.proofNodes.map((node) => [nodeKey(node), node.hash]));
  const nodes = batch.nodes;
  try {
    const proof = assembleProof(fastInclusionProofPlan(leafIndex, batch.checkpoint.size), (node) => nodes.get(nodeKey(node)) as Uint8Array);
    return formatTlogProof({ index: leafIndex, proof, checkpoint: batch.checkpoint.note });
  } catch (error) {
    // A node not held in memory: let storage answer instead.
    if (error instanceof LogError) return undefined;
    throw error;
  }
}

export class RecentBatches {
  readonly #batches: BatchMaterial[] = [];

  add(outcome: BatchOutcome): void {
    if (outcome.entries.length === 0) return;
    this.#batches.unshift({
      checkpoint: outcome.checkpoint,
      // outcome.logged holds the entries' leaf hashes in hex, in the same order.
      entries: new Map(outcome.entries.map((entry, i) => [outcome.logged[i] ?? toHex(entry.leafHash), entry])),
      proofNodes: outcome.proofNodes,
      lines: new Map(),
    });
    this.#batches.length = Math.min(this.#batches.length, KEEP_BATCHES);
  }

  /** The receipt of a leaf hash (hex) logged by a recent batch, against that batch's checkpoint. */
  receipt(leafHashHex: string): LogReceipt | undefined {
    for (const batch of this.#batches) {
      const stored = batch.entries.get(leafHashHex);
      if (stored === undefined) continue;
      const proof = batch.checkpoint.size < BigInt(SAFE_LIMIT) ? proofText(batch, stored.leafIndex) : generalProofText(batch, stored.leafIndex);
      if (proof === undefined) return undefined;
      let decoded: LogEntry | undefined;
      return {
        get entry(): LogEntry {
          decoded ??= decodeLogEntry(stored.bytes);
          return decoded;
        },
        leafHash: leafHashHex,
        leafIndex: stored.leafIndex.toString(),
        treeSize: batch.checkpoint.size.toString(),
        proof,
      };
    }
    return undefined;
  }
}
