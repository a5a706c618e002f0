import { sql } from 'kysely';
import type { IssuanceDb } from './issuanceDb.ts';

export type StatusPurpose = 'revocation' | 'suspension';

export interface StatusListRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly purpose: StatusPurpose;
  readonly capacity: number;
  readonly allocated: number;
  readonly state: 'open' | 'full';
}

export interface StatusListDocument {
  readonly id: string;
  readonly issuerId: string;
  readonly credentialJson: string;
  readonly etag: string;
  readonly updatedAt: Date;
}

const listColumns = ['id', 'issuer_id', 'purpose', 'capacity', 'allocated', 'state'] as const;

function toRecord(row: { id: string; issuer_id: string; purpose: StatusPurpose; capacity: number; allocated: number; state: 'open' | 'full' }): StatusListRecord {
  return { id: row.id, issuerId: row.issuer_id, purpose: row.purpose, capacity: row.capacity, allocated: row.allocated, state: row.state };
}

/** The tenant's list that takes new credentials for `purpose`, if there is one. */
export async function findOpenStatusList(db: IssuanceDb, issuerId: string, purpose: StatusPurpose): Promise<StatusListRecord | undefined> {
  const row = await db
    .selectFrom('status_lists')
    .select(listColumns)
    .where('issuer_id', '=', issuerId)
    .where('purpose', '=', purpose)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Inserts a new open list unless another open list for the tenant and purpose won the race. */
export async function insertOpenStatusList(
  db: IssuanceDb,
  list: { id: string; issuerId: string; purpose: StatusPurpose; capacity: number; bits: Uint8Array; credentialJson: string; etag: string },
): Promise<boolean> {
  const result = await db
    .insertInto('status_lists')
    .values({
      id: list.id,
      issuer_id: list.issuerId,
      purpose: list.purpose,
      capacity: list.capacity,
      bits: list.bits,
      credential_json: list.credentialJson,
      etag: list.etag,
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.columns(['issuer_id', 'purpose']).where('state', '=', 'open').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function markStatusListFull(db: IssuanceDb, listId: string): Promise<void> {
  await db.updateTable('status_lists').set({ state: 'full', updated_at: new Date() }).where('id', '=', listId).execute();
}

/** What one allocation statement did: ids already issued, lists used per purpose, positions claimed. */
export interface PositionClaim {
  /** Credential ids that are already issued; when any is, nothing was claimed. */
  readonly taken: string[];
  /** The open list with room that each purpose drew from (absent: none had room for the request). */
  readonly lists: Map<StatusPurpose, string>;
  readonly claimed: Array<{ purpose: StatusPurpose; listId: string; index: number; credentialId: string }>;
}

/**
 * Claims status positions for credentials in ONE statement (one round trip, no explicit transaction):
 * refuses ids already issued, finds the tenant's open list of each purpose if it has room for all of
 * them (`allocated + count ≤ fillLimit`), claims for each credential the first free candidate index
 * in draw order, and adds what it claimed to the lists' counters. `candidates` are distinct random
 * indexes per purpose, more than needed (some are taken); `credentialIds[purpose]` are the credentials
 * still needing a position of that purpose. A candidate a concurrent statement claims first is skipped
 * (on conflict do nothing), so fewer positions than asked may come back: the caller draws again.
 *
 * The commit is not waited for on disk (synchronous_commit off, this transaction only): nothing
 * refers to these rows until the credentials are recorded, and any later durable commit (the log's)
 * flushes the WAL up to and past this one. A crash before that loses only positions nobody holds.
 */
export async function claimPositionsInOpenLists(
  db: IssuanceDb,
  request: {
    readonly issuerId: string;
    readonly fillLimit: number;
    readonly credentialIds: Readonly<Record<StatusPurpose, readonly string[]>>;
    readonly candidates: Readonly<Record<StatusPurpose, readonly number[]>>;
  },
): Promise<PositionClaim> {
  const { credentialIds, candidates } = request;
  const purposes = (['revocation', 'suspension'] as const).flatMap((p) => candidates[p].map(() => p));
  const indexes = [...candidates.revocation, ...candidates.suspension];
  const allIds = [...new Set([...credentialIds.revocation, ...credentialIds.suspension])];
  const result = await sql<{ kind: 'taken' | 'list' | 'claim'; id: string; purpose: StatusPurpose | null; list_index: number | null; credential_id: string | null }>`
    with taken as (
      select id from issued_credentials where id = any(${allIds}::text[])
    ),
    wanted (purpose, ids) as (
      values ('revocation', ${credentialIds.revocation}::text[]), ('suspension', ${credentialIds.suspension}::text[])
    ),
    lists as (
      select l.id, l.purpose, l.capacity
      from status_lists l join wanted w on w.purpose = l.purpose
      where l.issuer_id = ${request.issuerId} and l.state = 'open'
        and cardinality(w.ids) > 0 and l.allocated + cardinality(w.ids) <= ${request.fillLimit}
        and not exists (select 1 from taken)
      -- Locked in id order, the order status changes lock lists in, so the two never deadlock.
      order by l.id
      for no key update of l
    ),
    picked as (
      select l.id as list_id, l.purpose, c.list_index, row_number() over (partition by l.id order by c.ord) as rank
      from unnest(${purposes}::text[], ${indexes}::int[]) with ordinality as c (purpose, list_index, ord)
      join lists l on l.purpose = c.purpose
      where c.list_index < l.capacity
        and not exists (select 1 from status_entries e where e.list_id = l.id and e.list_index = c.list_index)
    ),
    claimed as (
      insert into status_entries (list_id, list_index, credential_id)
      select p.list_id, p.list_index, w.ids[p.rank::int]
      from picked p join wanted w on w.purpose = p.purpose
      where p.rank <= cardinality(w.ids)
      on conflict (list_id, list_index) do nothing
      returning list_id, list_index, credential_id
    ),
    counted as (
      update status_lists l set allocated = l.allocated + c.n
      from (select list_id, count(*)::int as n from claimed group by list_id) as c
      where l.id = c.list_id
      returning l.id
    )
    select 'taken' as kind, id, null::text as purpose, null::int as list_index, null::text as credential_id from taken
    union all
    select 'list', id, purpose, null, null from lists
    union all
    select 'claim', c.list_id, l.purpose, c.list_index, c.credential_id from claimed c join lists l on l.id = c.list_id
    union all
    -- Evaluated once, for its effect: this statement's own transaction commits without waiting for the flush.
    select 'flush', null, null, null, null where set_config('synchronous_commit', 'off', true) is null
  `.execute(db);
  const claim: PositionClaim = { taken: [], lists: new Map(), claimed: [] };
  for (const row of result.rows) {
    if (row.kind === 'taken') claim.taken.push(row.id);
    else if (row.kind === 'list') claim.lists.set(row.purpose as StatusPurpose, row.id);
    else if (row.kind === 'claim') {
      claim.claimed.push({ purpose: row.purpose as StatusPurpose, listId: row.id, index: row.list_index as number, credentialId: row.credential_id as string });
    }
  }
  return claim;
}

/**
 * A list's bits, locked until the transaction ends (status changes to one list are serialised). A
 * no-key-update lock: issuing, which only references the list (foreign keys), is not blocked by it.
 */
export async function lockStatusListBits(
  db: IssuanceDb,
  listId: string,
): Promise<{ record: StatusListRecord; bits: Buffer; version: bigint } | undefined> {
  const row = await db
    .selectFrom('status_lists')
    .select([...listColumns, 'bits', 'version'])
    .where('id', '=', listId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row ? { record: toRecord(row), bits: row.bits, version: row.version } : undefined;
}

export async function saveStatusListBits(
  db: IssuanceDb,
  listId: string,
  update: { bits: Uint8Array; credentialJson: string; etag: string; version: bigint },
): Promise<void> {
  await db
    .updateTable('status_lists')
    .set({ bits: update.bits, credential_json: update.credentialJson, etag: update.etag, version: update.version, updated_at: new Date() })
    .where('id', '=', listId)
    .execute();
}

export async function findStatusListDocument(db: IssuanceDb, listId: string): Promise<StatusListDocument | undefined> {
  const row = await db
    .selectFrom('status_lists')
    .select(['id', 'issuer_id', 'credential_json', 'etag', 'updated_at'])
    .where('id', '=', listId)
    .executeTakeFirst();
  return row ? { id: row.id, issuerId: row.issuer_id, credentialJson: row.credential_json, etag: row.etag, updatedAt: row.updated_at } : undefined;
}

export async function listStatusListsOf(db: IssuanceDb, issuerId: string): Promise<StatusListRecord[]> {
  const rows = await db.selectFrom('status_lists').select(listColumns).where('issuer_id', '=', issuerId).orderBy('created_at').execute();
  return rows.map(toRecord);
}
