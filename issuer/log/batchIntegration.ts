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
  inSequencerTransaction,
  insertCheckpoint,
  latestCheckpoint,
  lockSequencer,
  readNodes,
  sequencerView,
  writeBatch,
  type EntryToQueue,
  type StoredCheckpoint,
  type StoredEntry,
} from './logStore.ts';

/**
 * One sequencer step (DESIGN §4): under the database-wide advisory lock, in one transaction, take up
 * to N queued entries in queue order, then fill the batch with entries this process holds in memory
 * for callers awaiting them (append(): never queued, so they cost no queue insert, delete or commit
 * of their own), give them the next consecutive indexes, store them with every node that becomes
 * complete, sign the new checkpoint and delete the taken rows from the queue. Processes sharing a
 * database take turns on the lock, so the tree never forks and no index is skipped; a crash before
 * commit leaves the queue as it was (and in-memory entries were never acknowledged).
 */

/** An entry held in memory for the batch, with its leaf hash in hex. */
export interface DirectCandidate {
  readonly hex: string;
  readonly entry: EntryToQueue;
}

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
  /**
   * Direct candidates the batch had no room for (still to be logged), in the order given. Every other
   * candidate is now logged: by this batch, or earlier (then its hash is not in `logged`).
   */
  readonly directUnused: readonly DirectCandidate[];
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
  /** In-memory entries (distinct leaf hashes) to log after the queued ones, while the batch has room. */
  readonly direct?: readonly DirectCandidate[];
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
  const candidates = options.direct ?? [];
  return inSequencerTransaction(db, async (trx) => {
    // Read after the lock is held: the statement's snapshot then includes every earlier batch.
    const { head, queued, candidatesLogged } = await sequencerView(trx, options.maxEntries, candidates.map((c) => c.entry.leafHash));
    if (head === undefined) throw new CredentialLogError('log.store.empty', 'the log has no checkpoint: open it with openCredentialLog first');
    const cached = options.cachedFrontier;
    const frontier = cached?.size === head.size ? cached : await readFrontier(trx, head);
    const fresh = queued.filter((q) => !q.alreadyLogged);
    // Strict dedup: a candidate already logged, or also taken from the queue now, is not logged again.
    const freshHex = fresh.map((q) => toHex(q.leafHash));
    const inBatch = new Set(freshHex);
    const direct: DirectCandidate[] = [];
    const directUnused: DirectCandidate[] = [];
    for (const candidate of candidates) {
      if (candidatesLogged.has(candidate.hex) || inBatch.has(candidate.hex)) continue;
      if (fresh.length + direct.length >= options.maxEntries) directUnused.push(candidate);
      else {
        direct.push(candidate);
        inBatch.add(candidate.hex);
      }
    }
    if (queued.length === 0 && direct.length === 0) {
      return { logged: [], entries: [], proofNodes: [], dropped: 0, directUnused, checkpoint: head, queueMayHaveMore: false, frontier };
    }
    const leafHashes = [...fresh.map((q) => q.leafHash), ...direct.map((d) => d.entry.leafHash)];
    const appended = appendLeaves(head.size, frontier.hashes, leafHashes);
    const checkpoint: StoredCheckpoint =
      leafHashes.length === 0
        ? head
        : {
            size: appended.size,
            root: appended.root,
            note: signCheckpoint({ origin: options.origin, size: appended.size, root: appended.root, extensions: [] }, [options.signer]),
          };
    const directStart = head.size + BigInt(fresh.length);
    const written = await writeBatch(trx, {
      takenSeqs: queued.map((q) => q.seq),
      logged: fresh.map((q, i) => ({ seq: q.seq, leafIndex: head.size + BigInt(i) })),
      direct: direct.map((d, i) => ({ leafIndex: directStart + BigInt(i), entry: d.entry })),
      nodes: appended.newNodes.filter((node) => node.level > 0),
      checkpoint: leafHashes.length === 0 ? undefined : checkpoint,
    });
    if (written.inserted !== leafHashes.length || written.movedEntries.length !== fresh.length) {
      throw new CredentialLogError('log.store.corrupt', `wrote ${written.inserted} of the ${leafHashes.length} entries of a batch into the log`);
    }
    const entries: StoredEntry[] = [
      ...fresh.map((q, i) => ({ leafIndex: head.size + BigInt(i), leafHash: q.leafHash, bytes: written.movedEntries[i] as Uint8Array })),
      ...direct.map((d, i) => ({ leafIndex: directStart + BigInt(i), leafHash: d.entry.leafHash, bytes: d.entry.bytes })),
    ];
    const frontierNodes = rootNodes(head.size).map((id, i) => ({ ...id, hash: frontier.hashes[i] as Uint8Array }));
    return {
      logged: [...freshHex, ...direct.map((d) => d.hex)],
      entries,
      proofNodes: [...frontierNodes, ...appended.newNodes],
      dropped: queued.length - fresh.length,
      directUnused,
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
