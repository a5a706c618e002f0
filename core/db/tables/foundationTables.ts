import type { ColumnType, Generated } from 'kysely';

/** jsonb: written as a JSON string, read back parsed. */
export type Json<T> = ColumnType<T, string, string>;
export type CreatedAt = ColumnType<Date, Date | undefined, never>;
export type Timestamp = ColumnType<Date, Date, Date>;
export type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface IssuersTable {
  id: string;
  name: string;
  kind: string;
  jurisdiction: string | null;
  credential_types: Json<string[]>;
  did: string;
  verification_method: string;
  public_key_multibase: string;
  encrypted_private_key: string;
  created_at: Generated<Date>;
}

export interface IssuerTokensTable {
  id: string;
  issuer_id: string;
  token_hash: string;
  label: string;
  created_at: Generated<Date>;
  expires_at: Date | null;
  revoked_at: NullableTimestamp;
}

/** Tenants and their tokens (migrations/issuer/20261123T000100-issuers.ts). */
export interface IssuerFoundationTables {
  issuers: IssuersTable;
  issuer_tokens: IssuerTokensTable;
}

export interface StaffTokensTable {
  id: string;
  token_hash: string;
  label: string;
  created_at: Generated<Date>;
  revoked_at: NullableTimestamp;
}

export interface TrustedIssuersTable {
  did: string;
  name: string;
  kind: string;
  credential_types: Json<string[]>;
  jurisdictions: Json<string[]>;
  status_base_url: string | null;
  added_by: string;
  added_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PoliciesTable {
  id: string;
  name: string;
  description: string;
  rules: Json<unknown>;
  created_by: string;
  created_at: Generated<Date>;
}

/** Staff tokens, trust registry, policies (migrations/verifier/20261123T000100-trust-and-policies.ts). */
export interface VerifierFoundationTables {
  staff_tokens: StaffTokensTable;
  trusted_issuers: TrustedIssuersTable;
  policies: PoliciesTable;
}
