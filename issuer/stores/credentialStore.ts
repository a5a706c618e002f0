import { sql, type RawBuilder } from 'kysely';
import type { IssuanceDb } from './issuanceDb.ts';

/** The issuer's record of a credential it signed (what status changes and pickups need). */
export interface IssuedCredentialRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly credentialType: string;
  readonly subjectDid: string;
  readonly credentialHash: string;
  readonly credentialJson: string;
  readonly revocationListId: string;
  readonly revocationIndex: number;
  readonly suspensionListId: string;
  readonly suspensionIndex: number;
  readonly validFrom: Date;
  readonly validUntil: Date | null;
  readonly issuedAt: Date;
  readonly revokedAt: Date | null;
  readonly suspended: boolean;
  readonly statusChangedAt: Date | null;
  readonly offerId: string | null;
}

export type NewIssuedCredential = Omit<IssuedCredentialRecord, 'issuedAt' | 'revokedAt' | 'suspended' | 'statusChangedAt'>;

type Row = {
  id: string;
  issuer_id: string;
  credential_type: string;
  subject_did: string;
  credential_hash: string;
  credential_json: string;
  revocation_list_id: string;
  revocation_index: number;
  suspension_list_id: string;
  suspension_index: number;
  valid_from: Date;
  valid_until: Date | null;
  issued_at: Date;
  revoked_at: Date | null;
  suspended: boolean;
  status_changed_at: Date | null;
  offer_id: string | null;
};

function toRecord(row: Row): IssuedCredentialRecord {
  return {
    id: row.id,
    issuerId: row.issuer_id,
    credentialType: row.credential_type,
    subjectDid: row.subject_did,
    credentialHash: row.credential_hash,
    credentialJson: row.credential_json,
    revocationListId: row.revocation_list_id,
    revocationIndex: row.revocation_index,
    suspensionListId: row.suspension_list_id,
    suspensionIndex: row.suspension_index,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    suspended: row.suspended,
    statusChangedAt: row.status_changed_at,
    offerId: row.offer_id,
  };
}

/**
 * The statement that records credentials, one whatever their number: one array per column,
 * unnested server-side (13 parameters, not 13 per row; one parse, one plan). Issuance embeds it in
 * its recording statement next to the log entries (issuanceDb `writeWithoutWaitingForFlush`).
 */
export function issuedCredentialsInsert(credentials: readonly NewIssuedCredential[]): RawBuilder<unknown> {
  const column = <T>(pick: (c: NewIssuedCredential) => T): T[] => credentials.map(pick);
  return sql`
    insert into issued_credentials (
      id, issuer_id, credential_type, subject_did, credential_hash, credential_json,
      revocation_list_id, revocation_index, suspension_list_id, suspension_index, valid_from, valid_until, offer_id
    )
    select * from unnest(
      ${column((c) => c.id)}::text[],
      ${column((c) => c.issuerId)}::text[],
      ${column((c) => c.credentialType)}::text[],
      ${column((c) => c.subjectDid)}::text[],
      ${column((c) => c.credentialHash)}::text[],
      ${column((c) => c.credentialJson)}::text[],
      ${column((c) => c.revocationListId)}::text[],
      ${column((c) => c.revocationIndex)}::int[],
      ${column((c) => c.suspensionListId)}::text[],
      ${column((c) => c.suspensionIndex)}::int[],
      ${column((c) => c.validFrom.toISOString())}::timestamptz[],
      ${column((c) => c.validUntil?.toISOString() ?? null)}::timestamptz[],
      ${column((c) => c.offerId)}::text[]
    )`;
}

/** A tenant's credential; another tenant's is indistinguishable from one that does not exist. */
export async function findCredentialOfIssuer(db: IssuanceDb, issuerId: string, credentialId: string): Promise<IssuedCredentialRecord | undefined> {
  const row = await db
    .selectFrom('issued_credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .where('issuer_id', '=', issuerId)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Same, locking the row until the transaction ends (status changes). */
export async function lockCredentialOfIssuer(db: IssuanceDb, issuerId: string, credentialId: string): Promise<IssuedCredentialRecord | undefined> {
  const row = await db
    .selectFrom('issued_credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .where('issuer_id', '=', issuerId)
    .forUpdate()
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function recordStatusChange(
  db: IssuanceDb,
  credentialId: string,
  change: { revokedAt?: Date; suspended?: boolean; at: Date },
): Promise<void> {
  await db
    .updateTable('issued_credentials')
    .set({
      status_changed_at: change.at,
      ...(change.revokedAt === undefined ? {} : { revoked_at: change.revokedAt }),
      ...(change.suspended === undefined ? {} : { suspended: change.suspended }),
    })
    .where('id', '=', credentialId)
    .execute();
}

export async function countCredentialsOfIssuer(db: IssuanceDb, issuerId: string): Promise<number> {
  const row = await db
    .selectFrom('issued_credentials')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('issuer_id', '=', issuerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
