import { assembleProof, decodeLogEntry, formatTlogProof, LogError, toHex, type LogEntry, type StoredNode } from '../../core/log/index.ts';
import { nodeKey } from '../../core/log/treeShape.ts';
import type { BatchOutcome } from './batchIntegration.ts';
import type { LogReceipt } from './credentialLog.ts';
import { fastInclusionProofPlan } from './fastInclusionPlan.ts';
import type { StoredCheckpoint, StoredEntry } from './logStore.ts';

/**
 * Receipts for the entries of the last few batches this process logged, built in memory: a batch
 * knows every node an inclusion proof against its own checkpoint needs (the old frontier and the
 * nodes it completed), so the callers it releases need not read their receipts back from the
 * database. Anything not found here (older, or logged by another process) is read from storage.
 */

const KEEP_BATCHES = 4;

interface BatchMaterial {
  readonly checkpoint: StoredCheckpoint;
  readonly entries: ReadonlyMap<string, StoredEntry>;
  readonly proofNodes: readonly StoredNode[];
  nodes?: Map<string, Uint8Array>;
}

export class RecentBatches {
  readonly #batches: BatchMaterial[] = [];

  add(outcome: BatchOutcome): void {
    if (outcome.entries.length === 0) return;
    this.#batches.unshift({
      checkpoint: outcome.checkpoint,
      entries: new Map(outcome.entries.map((entry) => [toHex(entry.leafHash), entry])),
      proofNodes: outcome.proofNodes,
    });
    this.#batches.length = Math.min(this.#batches.length, KEEP_BATCHES);
  }

  /** The receipt of a leaf hash (hex) logged by a recent batch, against that batch's checkpoint. */
  receipt(leafHashHex: string): LogReceipt | undefined {
    for (const batch of this.#batches) {
      const stored = batch.entries.get(leafHashHex);
      if (stored === undefined) continue;
      batch.nodes ??= new Map(batch.proofNodes.map((node) => [nodeKey(node), node.hash]));
      const nodes = batch.nodes;
      let proof: Uint8Array[];
      try {
        proof = assembleProof(fastInclusionProofPlan(stored.leafIndex, batch.checkpoint.size), (node) => nodes.get(nodeKey(node)) as Uint8Array);
      } catch (error) {
        // A node not held in memory: let storage answer instead.
        if (error instanceof LogError) return undefined;
        throw error;
      }
      let decoded: LogEntry | undefined;
      return {
        get entry(): LogEntry {
          decoded ??= decodeLogEntry(stored.bytes);
          return decoded;
        },
        leafHash: leafHashHex,
        leafIndex: stored.leafIndex.toString(),
        treeSize: batch.checkpoint.size.toString(),
        proof: formatTlogProof({ index: stored.leafIndex, proof, checkpoint: batch.checkpoint.note }),
      };
    }
    return undefined;
  }
}
