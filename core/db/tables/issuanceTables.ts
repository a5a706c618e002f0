import type { ColumnType, Generated } from 'kysely';
import type { Json, NullableTimestamp } from './foundationTables.ts';

/**
 * Issued credentials, their status lists and pickup offers (migrations/issuer/20261123T000300-issuance.ts).
 * bytea columns read back as Buffer; int8 as BigInt (core/db/connect.ts).
 */

type Bytes = ColumnType<Buffer, Buffer | Uint8Array, Buffer | Uint8Array>;

export interface StatusListsTable {
  id: string;
  issuer_id: string;
  purpose: 'revocation' | 'suspension';
  /** Number of entries (bits) in the list. */
  capacity: number;
  /** Indexes handed out so far; the list is closed for new credentials at its fill limit. */
  allocated: ColumnType<number, number | undefined, number>;
  state: ColumnType<'open' | 'full', 'open' | 'full' | undefined, 'open' | 'full'>;
  /** The status bits, index 0 = most significant bit of the first byte. */
  bits: Bytes;
  /** The signed BitstringStatusListCredential, exactly as served. */
  credential_json: string;
  /** Strong ETag of credential_json. */
  etag: string;
  /** Bumped on every re-signing. */
  version: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface StatusEntriesTable {
  list_id: string;
  list_index: number;
  credential_id: string;
  created_at: Generated<Date>;
}

export interface IssuedCredentialsTable {
  /** `urn:uuid:…`, the credential's own id. */
  id: string;
  issuer_id: string;
  credential_type: string;
  subject_did: string;
  /** `sha256:<hex>` of the JCS bytes of the signed credential (the log's credentialHash). */
  credential_hash: string;
  /** The signed credential, exactly as answered. */
  credential_json: string;
  revocation_list_id: string;
  revocation_index: number;
  suspension_list_id: string;
  suspension_index: number;
  valid_from: Date;
  valid_until: Date | null;
  issued_at: ColumnType<Date, Date | undefined, never>;
  revoked_at: NullableTimestamp;
  suspended: ColumnType<boolean, boolean | undefined, boolean>;
  status_changed_at: NullableTimestamp;
  offer_id: string | null;
}

export interface CredentialOffersTable {
  id: string;
  issuer_id: string;
  /** SHA-256 (hex) of the one-time secret in the pickup URL. */
  secret_hash: string;
  challenge: string;
  domain: string;
  credential_type: string;
  /** The unsigned credential without `credentialSubject.id`, bound to the holder at redemption. */
  credential: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  expires_at: Date;
  redeemed_at: NullableTimestamp;
  holder_did: ColumnType<string | null, string | null | undefined, string | null>;
  credential_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IssuanceTables {
  status_lists: StatusListsTable;
  status_entries: StatusEntriesTable;
  issued_credentials: IssuedCredentialsTable;
  credential_offers: CredentialOffersTable;
}
