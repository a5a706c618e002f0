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

/**
 * Claims (list, index) positions for credentials; positions already taken are skipped (not an
 * error, so the transaction stays usable). Returns the claimed pairs.
 */
export async function claimStatusPositions(
  db: IssuanceDb,
  listId: string,
  candidates: ReadonlyArray<{ readonly index: number; readonly credentialId: string }>,
): Promise<Array<{ index: number; credentialId: string }>> {
  if (candidates.length === 0) return [];
  const rows = await db
    .insertInto('status_entries')
    .values(candidates.map((c) => ({ list_id: listId, list_index: c.index, credential_id: c.credentialId })))
    .onConflict((oc) => oc.columns(['list_id', 'list_index']).doNothing())
    .returning(['list_index', 'credential_id'])
    .execute();
  return rows.map((row) => ({ index: row.list_index, credentialId: row.credential_id }));
}

export async function countAllocated(db: IssuanceDb, listId: string, count: number): Promise<number> {
  const row = await db
    .updateTable('status_lists')
    .set({ allocated: sql<number>`allocated + ${count}` })
    .where('id', '=', listId)
    .returning('allocated')
    .executeTakeFirstOrThrow();
  return row.allocated;
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
