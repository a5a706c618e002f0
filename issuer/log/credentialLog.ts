import type { RawBuilder } from 'kysely';
import type { Logger } from '../../core/http/logger.ts';
import {
  decodeLogEntry,
  encodeLogEntry,
  formatTlogProof,
  fromHex,
  leafHash,
  toHex,
  type LogEntry,
} from '../../core/log/index.ts';
import { initializeLog, integrateBatch, type DirectCandidate, type Frontier } from './batchIntegration.ts';
import { coalescingLoader } from './coalescingLoader.ts';
import { DirectAppends } from './directAppends.ts';
import { RecentBatches } from './recentBatches.ts';
import { CredentialLogError } from './errors.ts';
import type { LogDb, LogTransaction } from './logDatabase.ts';
import { loadOrCreateLogSigner } from './logKey.ts';
import { inclusionProofs } from './logProofs.ts';
import {
  enqueueEntries,
  entriesWithLatestCheckpoint,
  issueEntryForCredential,
  latestCheckpoint,
  leafHashStates,
  loggedLeafHashes,
  queueInsert,
  queueIsEmpty,
  type EntryToQueue,
  type StoredCheckpoint,
  type StoredEntry,
} from './logStore.ts';
import { Sequencer } from './sequencer.ts';

/**
 * The issuer's credential log (DESIGN §4): entries are queued inside the caller's transaction, the
 * sequencer logs them in batches under a PostgreSQL advisory lock together with a new signed
 * checkpoint, and callers get receipts — C2SP tlog-proof files verifiable offline.
 */

export interface LogReceipt {
  /** The logged entry. */
  readonly entry: LogEntry;
  /** Leaf hash, hex. */
  readonly leafHash: string;
  /** Leaf index, decimal (uint64). */
  readonly leafIndex: string;
  /** Size of the tree the proof is against, decimal. */
  readonly treeSize: string;
  /** The C2SP tlog-proof text: index, audit path, signed checkpoint. */
  readonly proof: string;
}

/** Entries to queue within a statement of the caller's (see CredentialLog `queued`). */
export interface QueuedEntries {
  /** Leaf hashes (hex), in the order of the entries. */
  readonly leafHashes: string[];
  /** The insert that queues them (strict dedup by entry hash), to embed in the caller's statement or transaction. */
  readonly insert: RawBuilder<unknown>;
  /** Once `insert` has committed: resolves when all are logged (wakes the sequencer), with their receipts, in order. */
  receipts(): Promise<LogReceipt[]>;
}

export interface CredentialLog {
  /** Inside the caller's transaction: queue entries (strict dedup by entry hash; re-queuing an existing entry returns its hash). */
  enqueue(trx: LogTransaction, entries: readonly LogEntry[]): Promise<string[]>;
  /**
   * Validates entries and returns the statement that queues them, for a caller that writes them
   * together with the rows they attest in one statement (one round trip, atomic without a
   * transaction), and their receipts afterwards without looking their state up first. The entries
   * are taken to be a group already: their batch starts without the batch wait.
   */
  queued(entries: readonly LogEntry[]): QueuedEntries;
  /** After the caller committed: resolves when all are logged (wakes the sequencer), with their receipts, in order. */
  awaitReceipts(leafHashes: readonly string[]): Promise<LogReceipt[]>;
  /**
   * For callers without a transaction of their own: logs the entries and resolves with their receipts
   * once the batch that logged them committed. Many callers' entries share one batch transaction
   * (their group commit; they are not queued first). Nothing is acknowledged before that commit.
   */
  append(entries: readonly LogEntry[]): Promise<LogReceipt[]>;
  /** Receipt for the issue entry of a credential (credentialHash hex without the sha256: prefix), against the latest checkpoint. */
  receiptForCredential(credentialHashHex: string): Promise<LogReceipt | undefined>;
  /** The latest signed checkpoint note. */
  latestCheckpoint(): Promise<string>;
  /** C2SP vkey string of the log's key. */
  readonly verifierKey: string;
  readonly origin: string;
  /** How long the sequencer lets the first entry after an idle spell wait for company (ms). */
  readonly batchMaxWaitMs: number;
  /** Begins the background sequencer loop (idle polling for entries other processes left queued). */
  start(): void;
  /** Logs what is queued, then stops (graceful shutdown); later calls are refused. */
  stop(): Promise<void>;
}

export interface CredentialLogOptions {
  readonly db: LogDb;
  readonly origin: string;
  readonly keyEncryptionKey: Buffer;
  readonly logger: Logger;
  /** At most this many entries per batch (default 256). */
  readonly batchMaxEntries?: number;
  /** A batch runs at most this long after its first awaited entry (default `DEFAULT_BATCH_MAX_WAIT_MS`). */
  readonly batchMaxWaitMs?: number;
  /** While started, look for entries left queued this often (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** awaitReceipts gives up after this long with log.sequencer.timeout (default 30 s). */
  readonly awaitTimeoutMs?: number;
}

export const DEFAULT_BATCH_MAX_ENTRIES = 256;
/**
 * Under load batches run back to back, each taking what arrived while the one before it ran, so
 * the wait only holds the first entry after an idle spell. 250 ms (the figure DESIGN gives as the
 * longest wait) made every lone issue request, and every closed-loop client, wait that long for its
 * receipt: single issues measured 126–129/s against 661–962/s with 2–5 ms, and the log append
 * rates did not change with it (bench/FINDINGS.md, 2026-12-05).
 */
export const DEFAULT_BATCH_MAX_WAIT_MS = 5;

const SHA256_HEX = /^[0-9a-f]{64}$/;

function prepare(entry: LogEntry): EntryToQueue {
  // Validates (schema, JCS, ≤ 65,535 bytes) before anything is written: a bad entry writes nothing.
  const bytes = encodeLogEntry(entry);
  return { leafHash: leafHash(bytes), bytes, kind: entry.kind, credentialHash: fromHex(entry.credentialHash.slice('sha256:'.length)) };
}

function checkedHash(hex: string, what = 'leaf hash'): Uint8Array {
  if (typeof hex !== 'string' || !SHA256_HEX.test(hex)) {
    throw new CredentialLogError('log.request.malformed', `${what} "${String(hex).slice(0, 80)}" is not 64 lowercase hex digits`);
  }
  return fromHex(hex);
}

function positiveInteger(value: number | undefined, fallback: number, what: string, min: number): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < min) throw new RangeError(`${what} must be an integer ≥ ${min}, got ${String(value)}`);
  return result;
}

export async function openCredentialLog(options: CredentialLogOptions): Promise<CredentialLog> {
  const { db, origin, logger } = options;
  const batchMaxEntries = positiveInteger(options.batchMaxEntries, DEFAULT_BATCH_MAX_ENTRIES, 'batchMaxEntries', 1);
  const batchMaxWaitMs = positiveInteger(options.batchMaxWaitMs, DEFAULT_BATCH_MAX_WAIT_MS, 'batchMaxWaitMs', 0);
  const signer = await loadOrCreateLogSigner(db, origin, options.keyEncryptionKey);
  await initializeLog(db, signer, origin);

  let frontier: Frontier | undefined;
  const recentBatches = new RecentBatches();
  const directAppends = new DirectAppends();
  const sequencer = new Sequencer(
    {
      integrate: async () => {
        const direct = directAppends.take(batchMaxEntries);
        let outcome;
        try {
          outcome = await integrateBatch(db, { signer, origin, maxEntries: batchMaxEntries, cachedFrontier: frontier, direct });
        } catch (error) {
          directAppends.putBack(direct);
          throw error;
        }
        directAppends.putBack(outcome.directUnused);
        frontier = outcome.frontier;
        recentBatches.add(outcome);
        if (outcome.logged.length > 0) logger.debug({ logged: outcome.logged.length, treeSize: outcome.checkpoint.size.toString() }, 'credential log batch');
        // Entries still held here are awaited: run the next batch at once (its size adapts to load).
        return { logged: outcome.logged, queueMayHaveMore: outcome.queueMayHaveMore || directAppends.size > 0 };
      },
      logged: (hashes) => loggedLeafHashes(db, hashes.map(fromHex)),
      queueIsEmpty: async () => directAppends.size === 0 && (await queueIsEmpty(db)),
      heldHere: (hex) => directAppends.has(hex),
    },
    {
      batchMaxEntries,
      batchMaxWaitMs,
      pollIntervalMs: positiveInteger(options.pollIntervalMs, 1_000, 'pollIntervalMs', 1),
      awaitTimeoutMs: positiveInteger(options.awaitTimeoutMs, 30_000, 'awaitTimeoutMs', 1),
      logger,
    },
  );

  /**
   * Receipts against `checkpoint`, which must cover every entry (read with or after them). Entries
   * are decoded lazily: a caller that just validated its entries uses those (equal leaf hashes mean
   * equal bytes).
   */
  async function receiptsFor(entries: readonly StoredEntry[], checkpoint: StoredCheckpoint | undefined): Promise<LogReceipt[]> {
    if (entries.length === 0) return [];
    if (checkpoint === undefined) throw new CredentialLogError('log.store.empty', 'the log has no checkpoint');
    const proofs = await inclusionProofs(db, entries.map((e) => e.leafIndex), checkpoint.size);
    return entries.map((stored, i) => {
      const hex = toHex(stored.leafHash);
      let decoded: LogEntry | undefined;
      return {
        get entry(): LogEntry {
          decoded ??= decodeLogEntry(stored.bytes);
          return decoded;
        },
        leafHash: hex,
        leafIndex: stored.leafIndex.toString(),
        treeSize: checkpoint.size.toString(),
        proof: formatTlogProof({ index: stored.leafIndex, proof: proofs[i] ?? [], checkpoint: checkpoint.note }),
      };
    });
  }

  /** Receipts of logged entries by leaf hash (hex); concurrent callers share one set of queries. */
  const loadReceipts = coalescingLoader<LogReceipt>(async (hexes) => {
    const { checkpoint, entries } = await entriesWithLatestCheckpoint(db, hexes.map(fromHex));
    return new Map((await receiptsFor(entries, checkpoint)).map((receipt) => [receipt.leafHash, receipt]));
  });

  /** Whether leaf hashes (hex) are queued or logged; concurrent callers share one query. */
  const loadStates = coalescingLoader<'logged' | 'queued'>((hexes) => leafHashStates(db, hexes.map(fromHex)));

  /**
   * Receipts once every leaf hash (hex, already validated) is logged. `knownQueued`: hashes the
   * caller itself just queued (or handed to the batch), whose state need not be looked up.
   * `knownEntries`: the caller's own entries, handed back instead of decoding stored bytes.
   * `startNow`: the entries are a group already (see Sequencer.waitFor).
   */
  async function receiptsOnceLogged(
    leafHashesHex: readonly string[],
    knownQueued: ReadonlySet<string> = new Set(),
    knownEntries: ReadonlyMap<string, LogEntry> = new Map(),
    startNow = false,
  ): Promise<LogReceipt[]> {
    const distinct = [...new Set(leafHashesHex)];
    const lookUp = distinct.filter((hex) => !knownQueued.has(hex));
    const states = lookUp.length === 0 ? new Map<string, 'logged' | 'queued'>() : await loadStates(lookUp);
    const unknown = lookUp.filter((hex) => !states.has(hex));
    if (unknown.length > 0) {
      throw new CredentialLogError('log.entry.unknown', `${unknown.length} leaf hash(es) are neither queued nor logged, e.g. ${unknown[0]}`);
    }
    await sequencer.waitFor(lookUp.length === 0 ? distinct : distinct.filter((hex) => knownQueued.has(hex) || states.get(hex) === 'queued'), { startNow });
    // Entries this process just logged get receipts from its batch's nodes in memory; the rest
    // (logged earlier or by another process) from the database.
    const receipts = new Map<string, LogReceipt>();
    let missing: string[] | undefined;
    for (const hex of distinct) {
      const fromBatch = recentBatches.receipt(hex);
      if (fromBatch !== undefined) receipts.set(hex, fromBatch);
      else (missing ??= []).push(hex);
    }
    if (missing !== undefined) for (const [hex, receipt] of await loadReceipts(missing)) receipts.set(hex, receipt);
    return leafHashesHex.map((hex) => {
      const receipt = receipts.get(hex);
      if (receipt === undefined) throw new CredentialLogError('log.store.corrupt', `entry ${hex} was released as logged but is not in the log`);
      const known = knownEntries.get(hex);
      if (known === undefined) return receipt;
      return { entry: known, leafHash: receipt.leafHash, leafIndex: receipt.leafIndex, treeSize: receipt.treeSize, proof: receipt.proof };
    });
  }

  function assertAccepting(): void {
    if (!sequencer.accepting) throw new CredentialLogError('log.sequencer.stopped', 'the credential log is shutting down');
  }

  /** Validated entries to queue: their leaf hashes (hex, in order) and the distinct ones. */
  function toQueue(entries: readonly LogEntry[]): { hashes: string[]; distinct: EntryToQueue[] } {
    assertAccepting();
    const distinct = new Map<string, EntryToQueue>();
    const hashes = entries.map((entry) => {
      const prepared = prepare(entry);
      const hex = toHex(prepared.leafHash);
      if (!distinct.has(hex)) distinct.set(hex, prepared);
      return hex;
    });
    return { hashes, distinct: [...distinct.values()] };
  }

  return {
    verifierKey: signer.verifierKey,
    origin,
    batchMaxWaitMs,
    async enqueue(trx, entries) {
      const { hashes, distinct } = toQueue(entries);
      await enqueueEntries(trx, distinct);
      return hashes;
    },
    queued(entries) {
      const { hashes, distinct } = toQueue(entries);
      const known = new Map(hashes.map((hex, i) => [hex, entries[i] as LogEntry]));
      return {
        leafHashes: hashes,
        insert: queueInsert(distinct),
        // Queued by this caller's committed statement (or logged earlier, an identical entry: the
        // sequencer's look-up after its next batch finds it), so no state query first. The caller
        // wrote them as one group (issuance coalesces its requests), so their batch starts at once.
        receipts: () => receiptsOnceLogged(hashes, new Set(hashes), known, true),
      };
    },
    awaitReceipts: async (leafHashes) => {
      for (const hex of leafHashes) checkedHash(hex);
      return receiptsOnceLogged(leafHashes);
    },
    async append(entries) {
      assertAccepting();
      const prepared = entries.map(prepare);
      const hashes = prepared.map((entry) => toHex(entry.leafHash));
      const candidates: DirectCandidate[] = prepared.map((entry, i) => ({ hex: hashes[i] as string, entry }));
      directAppends.add(candidates);
      return receiptsOnceLogged(hashes, new Set(hashes), new Map(hashes.map((hex, i) => [hex, entries[i] as LogEntry])));
    },
    async receiptForCredential(credentialHashHex) {
      const hex = credentialHashHex.startsWith('sha256:') ? credentialHashHex.slice('sha256:'.length) : credentialHashHex;
      const stored = await issueEntryForCredential(db, checkedHash(hex, 'credential hash'));
      if (stored === undefined) return undefined;
      const [receipt] = await receiptsFor([stored], await latestCheckpoint(db));
      return receipt;
    },
    async latestCheckpoint() {
      const checkpoint = await latestCheckpoint(db);
      if (checkpoint === undefined) throw new CredentialLogError('log.store.empty', 'the log has no checkpoint');
      return checkpoint.note;
    },
    start: () => sequencer.start(),
    stop: () => sequencer.stop(),
  };
}
