import {
  appendLeaves,
  emptyRoot,
  foldRight,
  hashesEqual,
  parseCheckpoint,
  parseNote,
  rootNodes,
  signCheckpoint,
  toHex,
  type NoteSigner,
  type StoredNode,
} from '../../core/log/index.ts';
import { CredentialLogError } from './errors.ts';
import type { LogDb } from './logDatabase.ts';
import {
  insertCheckpoint,
  latestCheckpoint,
  lockSequencer,
  readNodes,
  sequencerView,
  writeBatch,
  type StoredCheckpoint,
  type StoredEntry,
} from './logStore.ts';

/**
 * One sequencer step (DESIGN §4): under the database-wide advisory lock, in one transaction, take up
 * to N queued entries in queue order, give them the next consecutive indexes, store them with every
 * node that becomes complete, sign the new checkpoint and delete them from the queue. Processes
 * sharing a database take turns on the lock, so the tree never forks and no index is skipped; a
 * crash before commit leaves the queue as it was.
 */

/** The perfect subtrees whose fold is the root of a tree of `size` (what the next append needs). */
export interface Frontier {
  readonly size: bigint;
  readonly hashes: readonly Uint8Array[];
}

export interface BatchOutcome {
  /** Leaf hashes (hex) logged by this batch, in index order. */
  readonly logged: readonly string[];
  /** The entries logged by this batch, in index order. */
  readonly entries: readonly StoredEntry[];
  /**
   * Every perfect subtree an inclusion proof against `checkpoint` can need for these entries: the
   * old tree's frontier and every node completed by the batch (leaves included).
   */
  readonly proofNodes: readonly StoredNode[];
  /** Queue rows dropped because their entry was already logged (strict dedup). */
  readonly dropped: number;
  /** The checkpoint now latest (new when anything was logged). */
  readonly checkpoint: StoredCheckpoint;
  /** The batch was full: more entries may be waiting. */
  readonly queueMayHaveMore: boolean;
  readonly frontier: Frontier;
}

export interface BatchOptions {
  readonly signer: NoteSigner;
  readonly origin: string;
  readonly maxEntries: number;
  /** A frontier this process computed earlier; used when it is still for the latest size. */
  readonly cachedFrontier?: Frontier | undefined;
}

function checkpointOrigin(note: string): string {
  return parseCheckpoint(parseNote(note).text).origin;
}

/**
 * Reads the frontier of the latest checkpoint's tree and checks it folds to that checkpoint's root:
 * a log whose stored nodes disagree with what it signed must not grow.
 */
async function readFrontier(trx: LogDb, head: StoredCheckpoint): Promise<Frontier> {
  const hashes = await readNodes(trx, rootNodes(head.size));
  const root = hashes.length === 0 ? emptyRoot() : foldRight(hashes);
  if (!hashesEqual(root, head.root)) {
    throw new CredentialLogError('log.store.corrupt', `stored nodes of tree size ${head.size} do not fold to its checkpoint's root`);
  }
  return { size: head.size, hashes };
}

export async function integrateBatch(db: LogDb, options: BatchOptions): Promise<BatchOutcome> {
  return db.transaction().execute(async (trx) => {
    await lockSequencer(trx);
    // Read after the lock is held: the statement's snapshot then includes every earlier batch.
    const { head, queued } = await sequencerView(trx, options.maxEntries);
    if (head === undefined) throw new CredentialLogError('log.store.empty', 'the log has no checkpoint: open it with openCredentialLog first');
    const cached = options.cachedFrontier;
    const frontier = cached?.size === head.size ? cached : await readFrontier(trx, head);
    if (queued.length === 0) return { logged: [], entries: [], proofNodes: [], dropped: 0, checkpoint: head, queueMayHaveMore: false, frontier };
    const fresh = queued.filter((q) => !q.alreadyLogged);
    const appended = appendLeaves(head.size, frontier.hashes, fresh.map((q) => q.leafHash));
    const checkpoint: StoredCheckpoint =
      fresh.length === 0
        ? head
        : {
            size: appended.size,
            root: appended.root,
            note: signCheckpoint({ origin: options.origin, size: appended.size, root: appended.root, extensions: [] }, [options.signer]),
          };
    const entries = await writeBatch(trx, {
      takenSeqs: queued.map((q) => q.seq),
      logged: fresh.map((q, i) => ({ seq: q.seq, leafIndex: head.size + BigInt(i) })),
      nodes: appended.newNodes.filter((node) => node.level > 0),
      checkpoint: fresh.length === 0 ? undefined : checkpoint,
    });
    if (entries.length !== fresh.length) {
      throw new CredentialLogError('log.store.corrupt', `moved ${entries.length} of ${fresh.length} queued entries into the log`);
    }
    const frontierNodes = rootNodes(head.size).map((id, i) => ({ ...id, hash: frontier.hashes[i] as Uint8Array }));
    return {
      logged: fresh.map((q) => toHex(q.leafHash)),
      entries,
      proofNodes: [...frontierNodes, ...appended.newNodes],
      dropped: queued.length - fresh.length,
      checkpoint,
      queueMayHaveMore: queued.length === options.maxEntries,
      frontier: { size: appended.size, hashes: appended.frontier },
    };
  });
}

/**
 * Opens the log in the database: signs the empty tree's checkpoint if there is none yet, and refuses
 * a database whose log has another origin (one log per database).
 */
export async function initializeLog(db: LogDb, signer: NoteSigner, origin: string): Promise<StoredCheckpoint> {
  return db.transaction().execute(async (trx) => {
    await lockSequencer(trx);
    const head = await latestCheckpoint(trx);
    if (head !== undefined) {
      const existing = checkpointOrigin(head.note);
      if (existing !== origin) {
        throw new CredentialLogError('log.store.origin_mismatch', `this database holds the log "${existing}", not "${origin}" (check LOG_ORIGIN)`);
      }
      return head;
    }
    const root = emptyRoot();
    const checkpoint = { size: 0n, root, note: signCheckpoint({ origin, size: 0n, root, extensions: [] }, [signer]) };
    await insertCheckpoint(trx, checkpoint);
    return checkpoint;
  });
}
