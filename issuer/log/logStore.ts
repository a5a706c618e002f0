import { sql, type RawBuilder } from 'kysely';
import type { NodeId, StoredNode } from '../../core/log/index.ts';
import { nodeKey } from '../../core/log/treeShape.ts';
import { CredentialLogError } from './errors.ts';
import type { LogDb } from './logDatabase.ts';

/**
 * Every SQL statement of the credential log. Hashes are bytea (Buffer), sizes and indexes int8
 * (BigInt). Sets of keys travel as one array parameter each (unnest / = any), so a statement's size
 * does not grow its parameter count, and a proof's O(log n) nodes come back in one query.
 * Functions take a Kysely or a Transaction: inside a transaction, pass the transaction (PGlite has a
 * single connection; using the outer handle there would deadlock).
 */

/** pg_advisory_xact_lock key of the sequencer: ASCII "RADCLOG!". One log per database. */
export const SEQUENCER_LOCK_KEY = 0x524144434c4f4721n;

export interface StoredCheckpoint {
  readonly size: bigint;
  readonly root: Uint8Array;
  readonly note: string;
}

export interface EntryToQueue {
  readonly leafHash: Uint8Array;
  readonly bytes: Uint8Array;
  readonly kind: 'issue' | 'status';
  readonly credentialHash: Uint8Array;
}

export interface StoredEntry {
  readonly leafIndex: bigint;
  readonly leafHash: Uint8Array;
  readonly bytes: Uint8Array;
}

export interface QueuedHead {
  readonly seq: bigint;
  readonly leafHash: Uint8Array;
  /** Already in log_entries (a re-queue that raced the sequencer): dropped, not logged twice. */
  readonly alreadyLogged: boolean;
}

function bytes(value: Uint8Array): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * Byte strings as one parameter: pg sends a Buffer parameter in binary, but an array of Buffers as
 * escaped hex text (twice the bytes, a hex encode per element and an array parse on the server).
 * SQL takes element i (1-based) back out with `substring(blob from offset + 1 for length)`.
 */
function packed(values: readonly Uint8Array[]): { readonly blob: Buffer; readonly offsets: number[]; readonly lengths: number[] } {
  const offsets: number[] = [];
  const lengths: number[] = [];
  let offset = 0;
  for (const value of values) {
    offsets.push(offset);
    lengths.push(value.byteLength);
    offset += value.byteLength;
  }
  return { blob: Buffer.concat(values), offsets, lengths };
}

/** Hashes aggregated server-side into one bytea (one hex decode instead of one per array element), split. */
function unpackHashes(blob: Buffer | null): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (blob === null) return out;
  for (let offset = 0; offset + 32 <= blob.length; offset += 32) out.push(new Uint8Array(blob.buffer, blob.byteOffset + offset, 32));
  return out;
}

function toHexString(value: Uint8Array): string {
  return bytes(value).toString('hex');
}

/** Fixed-size hashes as one binary parameter; element i (0-based) is `substring(blob from 32·i + 1 for 32)`. */
function packedHashes(values: readonly Uint8Array[]): Buffer {
  return Buffer.concat(values);
}

/** Serialises sequencers across processes until the transaction ends. */
export async function lockSequencer(trx: LogDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY})`.execute(trx);
}

/**
 * Runs `fn` in a transaction on one connection that holds the sequencer lock from its first
 * statement. BEGIN and the lock travel as one simple-protocol message (no parameters: the key is a
 * constant), one round trip instead of two on the batch's serial path; `fn`'s statements then start
 * after the lock is held, so their snapshots include every earlier batch.
 */
export async function inSequencerTransaction<T>(db: LogDb, fn: (trx: LogDb) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql.raw(`begin; select pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY.toString()})`).execute(connection);
    let result: T;
    try {
      result = await fn(connection);
    } catch (error) {
      await sql.raw('rollback').execute(connection).catch(() => undefined);
      throw error;
    }
    await sql.raw('commit').execute(connection);
    return result;
  });
}

export async function latestCheckpoint(db: LogDb): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom('log_checkpoints')
    .select(['tree_size', 'root', 'note'])
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { size: row.tree_size, root: new Uint8Array(row.root), note: row.note };
}

export async function checkpointsFrom(db: LogDb, minSize: bigint): Promise<StoredCheckpoint[]> {
  const rows = await db
    .selectFrom('log_checkpoints')
    .select(['tree_size', 'root', 'note'])
    .where('tree_size', '>=', minSize)
    .orderBy('tree_size')
    .execute();
  return rows.map((row) => ({ size: row.tree_size, root: new Uint8Array(row.root), note: row.note }));
}

export async function insertCheckpoint(trx: LogDb, checkpoint: StoredCheckpoint): Promise<void> {
  await trx
    .insertInto('log_checkpoints')
    .values({ tree_size: checkpoint.size, root: bytes(checkpoint.root), note: checkpoint.note })
    .execute();
}

/**
 * The statement that queues entries, skipping any whose leaf hash is already queued or logged
 * (strict dedup), in the given order; duplicates within the list must be removed by the caller.
 * Run on its own (enqueueEntries) or embedded in a caller's statement next to the rows the entries
 * attest (credentialLog `queued`).
 */
export function queueInsert(entries: readonly EntryToQueue[]): RawBuilder<unknown> {
  const payload = packed(entries.map((e) => e.bytes));
  return sql`
    insert into log_queue (leaf_hash, entry, kind, credential_hash)
    select v.leaf_hash, v.entry, v.kind, v.credential_hash
    from (
      select
        substring(${packedHashes(entries.map((e) => e.leafHash))}::bytea from (x.ord::int - 1) * 32 + 1 for 32) as leaf_hash,
        substring(${payload.blob}::bytea from x.offset_ + 1 for x.length_) as entry,
        x.kind,
        substring(${packedHashes(entries.map((e) => e.credentialHash))}::bytea from (x.ord::int - 1) * 32 + 1 for 32) as credential_hash,
        x.ord
      from unnest(${payload.offsets}::int[], ${payload.lengths}::int[], ${entries.map((e) => e.kind)}::text[])
        with ordinality as x(offset_, length_, kind, ord)
    ) as v
    -- offset 0 keeps each dedup check an index probe: without it, while the table's statistics lag
    -- behind its growth, the planner hashes all of log_entries for every statement.
    where not exists (select 1 from log_entries e where e.leaf_hash = v.leaf_hash offset 0)
    order by v.ord
    on conflict (leaf_hash) do nothing`;
}

/** Queues entries (queueInsert) in the caller's transaction; returns how many rows it queued. */
export async function enqueueEntries(trx: LogDb, entries: readonly EntryToQueue[]): Promise<number> {
  if (entries.length === 0) return 0;
  const result = await queueInsert(entries).execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

export async function queueIsEmpty(db: LogDb): Promise<boolean> {
  const row = await db.selectFrom('log_queue').select('seq').limit(1).executeTakeFirst();
  return row === undefined;
}

export interface SequencerView {
  readonly head: StoredCheckpoint | undefined;
  readonly queued: readonly QueuedHead[];
  /** Which of the offered in-memory candidates (leaf hashes, hex) are already logged. */
  readonly candidatesLogged: ReadonlySet<string>;
}

/**
 * In one statement (one snapshot): the latest checkpoint, the oldest `limit` queued entries (hashes
 * only: the entry bytes move server-side), each marked if it is already logged, and which of
 * `candidates` (entries this process holds in memory for the batch) are already logged.
 */
export async function sequencerView(trx: LogDb, limit: number, candidates: readonly Uint8Array[] = []): Promise<SequencerView> {
  const result = await sql<{
    tree_size: bigint | null;
    root: Buffer | null;
    note: string | null;
    seqs: string[] | null;
    hashes: Buffer | null;
    logged: boolean[] | null;
    candidates_logged: Buffer | null;
  }>`
    select c.tree_size, c.root, c.note, h.seqs, h.hashes, h.logged, d.candidates_logged
    from (select 1) as one
    left join (select tree_size, root, note from log_checkpoints order by tree_size desc limit 1) as c on true
    cross join lateral (
      select
        array_agg(q.seq::text order by q.seq) as seqs,
        string_agg(q.leaf_hash, ''::bytea order by q.seq) as hashes,
        array_agg(q.logged order by q.seq) as logged
      from (
        -- offset 0: an index probe per queued row, never a hash of all of log_entries (see enqueueEntries).
        select seq, leaf_hash, exists (select 1 from log_entries e where e.leaf_hash = log_queue.leaf_hash offset 0) as logged
        from log_queue order by seq limit ${limit}
      ) as q
    ) as h
    cross join lateral (
      select string_agg(c.leaf_hash, ''::bytea) as candidates_logged
      from (
        select substring(${packedHashes(candidates)}::bytea from i * 32 + 1 for 32) as leaf_hash from generate_series(0, ${candidates.length}::int - 1) as i
      ) as c
      where exists (select 1 from log_entries e where e.leaf_hash = c.leaf_hash offset 0)
    ) as d`.execute(trx);
  const row = result.rows[0];
  const head =
    row === undefined || row.tree_size === null || row.root === null || row.note === null
      ? undefined
      : { size: row.tree_size, root: new Uint8Array(row.root), note: row.note };
  const hashes = unpackHashes(row?.hashes ?? null);
  const queued = (row?.seqs ?? []).map((seq, i) => ({
    seq: BigInt(seq),
    leafHash: hashes[i] ?? new Uint8Array(),
    alreadyLogged: row?.logged?.[i] === true,
  }));
  return { head, queued, candidatesLogged: new Set(unpackHashes(row?.candidates_logged ?? null).map(toHexString)) };
}

/** An entry logged straight from this process's memory (never queued), at its assigned index. */
export interface DirectRow {
  readonly leafIndex: bigint;
  readonly entry: EntryToQueue;
}

/**
 * Writes a batch in one statement: deletes the taken queue rows, inserts the ones being logged as
 * entries at the given indexes (their bytes never leave the server), inserts the `direct` entries
 * (held in this process's memory, never queued), the new interior nodes (level ≥ 1; leaves live in
 * log_entries) and the new checkpoint. Returns how many entries it inserted and the bytes of those
 * moved from the queue, in index order (so the sequencer can hand out receipts without reading them
 * back).
 */
export async function writeBatch(
  trx: LogDb,
  batch: {
    readonly takenSeqs: readonly bigint[];
    readonly logged: readonly { readonly seq: bigint; readonly leafIndex: bigint }[];
    readonly direct?: readonly DirectRow[];
    readonly nodes: readonly StoredNode[];
    readonly checkpoint: StoredCheckpoint | undefined;
  },
): Promise<{ readonly inserted: number; readonly movedEntries: readonly Uint8Array[] }> {
  const { takenSeqs, logged, nodes, checkpoint } = batch;
  const direct = batch.direct ?? [];
  const directBytes = packed(direct.map((d) => d.entry.bytes));
  const directLeafHashes = packedHashes(direct.map((d) => d.entry.leafHash));
  const directCredentialHashes = packedHashes(direct.map((d) => d.entry.credentialHash));
  const result = await sql<{ inserted: number; moved: Buffer | null; moved_lengths: number[] | null }>`
    with taken as (
      delete from log_queue where seq = any(${takenSeqs}::bigint[])
      returning seq, leaf_hash, entry, kind, credential_hash
    ), moved as (
      insert into log_entries (leaf_index, leaf_hash, entry, kind, credential_hash)
      select m.leaf_index, t.leaf_hash, t.entry, t.kind, t.credential_hash
      from taken t
      join unnest(${logged.map((l) => l.seq)}::bigint[], ${logged.map((l) => l.leafIndex)}::bigint[]) as m(seq, leaf_index)
        on m.seq = t.seq
      returning leaf_index, entry
    ), direct as (
      insert into log_entries (leaf_index, leaf_hash, entry, kind, credential_hash)
      select
        x.leaf_index,
        substring(${directLeafHashes}::bytea from (x.ord::int - 1) * 32 + 1 for 32),
        substring(${directBytes.blob}::bytea from x.offset_ + 1 for x.length_),
        x.kind,
        substring(${directCredentialHashes}::bytea from (x.ord::int - 1) * 32 + 1 for 32)
      from unnest(${direct.map((d) => d.leafIndex)}::bigint[], ${directBytes.offsets}::int[], ${directBytes.lengths}::int[], ${direct.map((d) => d.entry.kind)}::text[])
        with ordinality as x(leaf_index, offset_, length_, kind, ord)
      returning 1
    ), nodes as (
      insert into log_nodes (level, node_index, hash)
      select x.level, x.node_index, substring(${packedHashes(nodes.map((n) => n.hash))}::bytea from (x.ord::int - 1) * 32 + 1 for 32)
      from unnest(${nodes.map((n) => n.level)}::smallint[], ${nodes.map((n) => n.index)}::bigint[]) with ordinality as x(level, node_index, ord)
      returning 1
    ), checkpoint as (
      insert into log_checkpoints (tree_size, root, note)
      select ${checkpoint?.size ?? null}::bigint, ${checkpoint === undefined ? null : bytes(checkpoint.root)}::bytea, ${checkpoint?.note ?? null}::text
      where ${checkpoint !== undefined}::boolean
      returning 1
    )
    select
      (select count(*)::int from moved) + (select count(*)::int from direct) as inserted,
      (select string_agg(entry, ''::bytea order by leaf_index) from moved) as moved,
      (select array_agg(octet_length(entry) order by leaf_index) from moved) as moved_lengths`.execute(trx);
  const row = result.rows[0];
  const movedEntries: Uint8Array[] = [];
  let offset = 0;
  for (const length of row?.moved_lengths ?? []) {
    if (row?.moved === null || row?.moved === undefined || offset + length > row.moved.length) break;
    movedEntries.push(new Uint8Array(row.moved.buffer, row.moved.byteOffset + offset, length));
    offset += length;
  }
  return { inserted: row?.inserted ?? 0, movedEntries };
}

/**
 * The hashes of perfect subtrees (level 0 from log_entries, the rest from log_nodes), in the order
 * asked, in one query. Throws log.store.corrupt if any is missing.
 */
export async function readNodes(db: LogDb, nodes: readonly NodeId[]): Promise<Uint8Array[]> {
  if (nodes.length === 0) return [];
  const leaves = nodes.filter((n) => n.level === 0).map((n) => n.index);
  const inner = nodes.filter((n) => n.level !== 0);
  const result = await sql<{ level: number; node_index: bigint; hash: Buffer }>`
    select 0 as level, leaf_index as node_index, leaf_hash as hash
    from log_entries where leaf_index = any(${leaves}::bigint[])
    union all
    select n.level, n.node_index, n.hash
    from log_nodes n
    join unnest(${inner.map((n) => n.level)}::smallint[], ${inner.map((n) => n.index)}::bigint[]) as w(level, node_index)
      on n.level = w.level and n.node_index = w.node_index`.execute(db);
  const byKey = new Map<string, Uint8Array>();
  for (const row of result.rows) byKey.set(nodeKey({ level: row.level, index: row.node_index }), new Uint8Array(row.hash));
  return nodes.map((node) => {
    const hash = byKey.get(nodeKey(node));
    if (hash === undefined) throw new CredentialLogError('log.store.corrupt', `stored tree has no node at level ${node.level} index ${node.index}`);
    return hash;
  });
}

export async function entriesByLeafHash(db: LogDb, leafHashes: readonly Uint8Array[]): Promise<StoredEntry[]> {
  if (leafHashes.length === 0) return [];
  const rows = await db
    .selectFrom('log_entries')
    .select(['leaf_index', 'leaf_hash', 'entry'])
    .where(sql<boolean>`leaf_hash = any(${leafHashes.map(bytes)}::bytea[])`)
    .execute();
  return rows.map((row) => ({ leafIndex: row.leaf_index, leafHash: new Uint8Array(row.leaf_hash), bytes: new Uint8Array(row.entry) }));
}

/** Which of these leaf hashes are logged (as hex). */
export async function loggedLeafHashes(db: LogDb, leafHashes: readonly Uint8Array[]): Promise<Set<string>> {
  if (leafHashes.length === 0) return new Set();
  const rows = await db
    .selectFrom('log_entries')
    .select('leaf_hash')
    .where(sql<boolean>`leaf_hash = any(${leafHashes.map(bytes)}::bytea[])`)
    .execute();
  return new Set(rows.map((row) => row.leaf_hash.toString('hex')));
}

/** The first logged issue entry of a credential. */
export async function issueEntryForCredential(db: LogDb, credentialHash: Uint8Array): Promise<StoredEntry | undefined> {
  const row = await db
    .selectFrom('log_entries')
    .select(['leaf_index', 'leaf_hash', 'entry'])
    .where('kind', '=', 'issue')
    .where('credential_hash', '=', bytes(credentialHash))
    .orderBy('leaf_index')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { leafIndex: row.leaf_index, leafHash: new Uint8Array(row.leaf_hash), bytes: new Uint8Array(row.entry) };
}

/** Hashes of nodes (level, start … start+count-1), in order; level 0 reads leaf hashes. */
export async function nodeRange(db: LogDb, level: number, start: bigint, count: number): Promise<Uint8Array[]> {
  const end = start + BigInt(count);
  const rows =
    level === 0
      ? await db
          .selectFrom('log_entries')
          .select('leaf_hash as hash')
          .where('leaf_index', '>=', start)
          .where('leaf_index', '<', end)
          .orderBy('leaf_index')
          .execute()
      : await db
          .selectFrom('log_nodes')
          .select('hash')
          .where('level', '=', level)
          .where('node_index', '>=', start)
          .where('node_index', '<', end)
          .orderBy('node_index')
          .execute();
  if (rows.length !== count) {
    throw new CredentialLogError('log.store.corrupt', `stored tree has ${rows.length} of the ${count} nodes at level ${level} from index ${start}`);
  }
  return rows.map((row) => new Uint8Array(row.hash));
}

/** Entry bytes of leaves start … start+count-1, in order. */
export async function entryRange(db: LogDb, start: bigint, count: number): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('log_entries')
    .select('entry')
    .where('leaf_index', '>=', start)
    .where('leaf_index', '<', start + BigInt(count))
    .orderBy('leaf_index')
    .execute();
  if (rows.length !== count) {
    throw new CredentialLogError('log.store.corrupt', `stored log has ${rows.length} of the ${count} entries from index ${start}`);
  }
  return rows.map((row) => new Uint8Array(row.entry));
}

/** All leaf hashes in index order, with their indexes (recovery checks and tests). */
export async function allLeafHashes(db: LogDb): Promise<{ readonly leafIndex: bigint; readonly leafHash: Uint8Array }[]> {
  const rows = await db.selectFrom('log_entries').select(['leaf_index', 'leaf_hash']).orderBy('leaf_index').execute();
  return rows.map((row) => ({ leafIndex: row.leaf_index, leafHash: new Uint8Array(row.leaf_hash) }));
}

/** For each leaf hash (hex) that is logged or queued, which; in one statement (one snapshot). */
export async function leafHashStates(db: LogDb, leafHashes: readonly Uint8Array[]): Promise<Map<string, 'logged' | 'queued'>> {
  const states = new Map<string, 'logged' | 'queued'>();
  if (leafHashes.length === 0) return states;
  const wanted = leafHashes.map(bytes);
  const result = await sql<{ leaf_hash: Buffer; state: 'logged' | 'queued' }>`
    select leaf_hash, 'logged' as state from log_entries where leaf_hash = any(${wanted}::bytea[])
    union all
    select leaf_hash, 'queued' as state from log_queue where leaf_hash = any(${wanted}::bytea[])`.execute(db);
  for (const row of result.rows) {
    const key = row.leaf_hash.toString('hex');
    if (states.get(key) !== 'logged') states.set(key, row.state);
  }
  return states;
}

/** Logged entries by leaf hash with the latest checkpoint, in one statement (so it covers them all). */
export async function entriesWithLatestCheckpoint(
  db: LogDb,
  leafHashes: readonly Uint8Array[],
): Promise<{ readonly checkpoint: StoredCheckpoint | undefined; readonly entries: StoredEntry[] }> {
  const result = await sql<{ tree_size: bigint; root: Buffer; note: string; leaf_index: bigint | null; leaf_hash: Buffer | null; entry: Buffer | null }>`
    select c.tree_size, c.root, c.note, e.leaf_index, e.leaf_hash, e.entry
    from (select tree_size, root, note from log_checkpoints order by tree_size desc limit 1) as c
    left join log_entries e on e.leaf_hash = any(${leafHashes.map(bytes)}::bytea[])`.execute(db);
  const first = result.rows[0];
  const checkpoint = first === undefined ? undefined : { size: first.tree_size, root: new Uint8Array(first.root), note: first.note };
  const entries = result.rows
    .filter((row) => row.leaf_index !== null && row.leaf_hash !== null && row.entry !== null)
    .map((row) => ({ leafIndex: row.leaf_index as bigint, leafHash: new Uint8Array(row.leaf_hash as Buffer), bytes: new Uint8Array(row.entry as Buffer) }));
  return { checkpoint, entries };
}
