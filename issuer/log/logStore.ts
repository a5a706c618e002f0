import { sql } from 'kysely';
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

/** Serialises sequencers across processes until the transaction ends. */
export async function lockSequencer(trx: LogDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY})`.execute(trx);
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
 * Queues entries, skipping any whose leaf hash is already queued or logged (strict dedup). Entries
 * are queued in the given order; duplicates within the list must be removed by the caller. Returns
 * the leaf hashes (hex) this call queued.
 */
export async function enqueueEntries(trx: LogDb, entries: readonly EntryToQueue[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const result = await sql<{ leaf_hash: Buffer }>`
    insert into log_queue (leaf_hash, entry, kind, credential_hash)
    select v.leaf_hash, v.entry, v.kind, v.credential_hash
    from unnest(
      ${entries.map((e) => bytes(e.leafHash))}::bytea[],
      ${entries.map((e) => bytes(e.bytes))}::bytea[],
      ${entries.map((e) => e.kind)}::text[],
      ${entries.map((e) => bytes(e.credentialHash))}::bytea[]
    ) with ordinality as v(leaf_hash, entry, kind, credential_hash, ord)
    where not exists (select 1 from log_entries e where e.leaf_hash = v.leaf_hash)
    order by v.ord
    on conflict (leaf_hash) do nothing
    returning leaf_hash`.execute(trx);
  return new Set(result.rows.map((row) => row.leaf_hash.toString('hex')));
}

export async function queueIsEmpty(db: LogDb): Promise<boolean> {
  const row = await db.selectFrom('log_queue').select('seq').limit(1).executeTakeFirst();
  return row === undefined;
}

export interface SequencerView {
  readonly head: StoredCheckpoint | undefined;
  readonly queued: readonly QueuedHead[];
}

/**
 * In one statement (one snapshot): the latest checkpoint and the oldest `limit` queued entries
 * (hashes only: the entry bytes move server-side), each marked if it is already logged.
 */
export async function sequencerView(trx: LogDb, limit: number): Promise<SequencerView> {
  const result = await sql<{
    tree_size: bigint | null;
    root: Buffer | null;
    note: string | null;
    seqs: string[] | null;
    hashes: Buffer[] | null;
    logged: boolean[] | null;
  }>`
    select c.tree_size, c.root, c.note, h.seqs, h.hashes, h.logged
    from (select 1) as one
    left join (select tree_size, root, note from log_checkpoints order by tree_size desc limit 1) as c on true
    cross join lateral (
      select
        array_agg(q.seq::text order by q.seq) as seqs,
        array_agg(q.leaf_hash order by q.seq) as hashes,
        array_agg(q.logged order by q.seq) as logged
      from (
        select seq, leaf_hash, exists (select 1 from log_entries e where e.leaf_hash = log_queue.leaf_hash) as logged
        from log_queue order by seq limit ${limit}
      ) as q
    ) as h`.execute(trx);
  const row = result.rows[0];
  const head =
    row === undefined || row.tree_size === null || row.root === null || row.note === null
      ? undefined
      : { size: row.tree_size, root: new Uint8Array(row.root), note: row.note };
  const queued = (row?.seqs ?? []).map((seq, i) => ({
    seq: BigInt(seq),
    leafHash: new Uint8Array(row?.hashes?.[i] ?? []),
    alreadyLogged: row?.logged?.[i] === true,
  }));
  return { head, queued };
}

/**
 * Writes a batch in one statement: deletes the taken queue rows, inserts the ones being logged as
 * entries at the given indexes (entry bytes never leave the server), the new interior nodes
 * (level ≥ 1; leaves live in log_entries) and the new checkpoint. Returns the entries it logged
 * (their bytes, so the sequencer can hand out receipts without reading them back).
 */
export async function writeBatch(
  trx: LogDb,
  batch: {
    readonly takenSeqs: readonly bigint[];
    readonly logged: readonly { readonly seq: bigint; readonly leafIndex: bigint }[];
    readonly nodes: readonly StoredNode[];
    readonly checkpoint: StoredCheckpoint | undefined;
  },
): Promise<StoredEntry[]> {
  const { takenSeqs, logged, nodes, checkpoint } = batch;
  const result = await sql<{ leaf_index: bigint; leaf_hash: Buffer; entry: Buffer }>`
    with taken as (
      delete from log_queue where seq = any(${takenSeqs}::bigint[])
      returning seq, leaf_hash, entry, kind, credential_hash
    ), moved as (
      insert into log_entries (leaf_index, leaf_hash, entry, kind, credential_hash)
      select m.leaf_index, t.leaf_hash, t.entry, t.kind, t.credential_hash
      from taken t
      join unnest(${logged.map((l) => l.seq)}::bigint[], ${logged.map((l) => l.leafIndex)}::bigint[]) as m(seq, leaf_index)
        on m.seq = t.seq
      returning leaf_index, leaf_hash, entry
    ), nodes as (
      insert into log_nodes (level, node_index, hash)
      select * from unnest(
        ${nodes.map((n) => n.level)}::smallint[],
        ${nodes.map((n) => n.index)}::bigint[],
        ${nodes.map((n) => bytes(n.hash))}::bytea[]
      )
      returning 1
    ), checkpoint as (
      insert into log_checkpoints (tree_size, root, note)
      select ${checkpoint?.size ?? null}::bigint, ${checkpoint === undefined ? null : bytes(checkpoint.root)}::bytea, ${checkpoint?.note ?? null}::text
      where ${checkpoint !== undefined}::boolean
      returning 1
    )
    select leaf_index, leaf_hash, entry from moved order by leaf_index`.execute(trx);
  return result.rows.map((row) => ({ leafIndex: row.leaf_index, leafHash: new Uint8Array(row.leaf_hash), bytes: new Uint8Array(row.entry) }));
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
