import { sql, type Kysely } from 'kysely';

/**
 * Issuance (DESIGN §3, §5, §6): each tenant's Bitstring Status Lists, the (list, index) positions
 * handed out (unique, so an index is never given twice), the record of every issued credential, and
 * one-time pickup offers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table status_lists (
      id text primary key,
      issuer_id text not null references issuers (id),
      purpose text not null check (purpose in ('revocation', 'suspension')),
      capacity integer not null check (capacity >= 131072 and capacity % 8 = 0),
      allocated integer not null default 0 check (allocated >= 0 and allocated <= capacity),
      state text not null default 'open' check (state in ('open', 'full')),
      bits bytea not null check (octet_length(bits) * 8 = capacity),
      credential_json text not null,
      etag text not null,
      version bigint not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // At most one list per tenant and purpose takes new credentials; a full one stays served.
  await sql`create unique index status_lists_one_open on status_lists (issuer_id, purpose) where state = 'open'`.execute(db);
  await sql`create index status_lists_issuer on status_lists (issuer_id)`.execute(db);

  // Positions are allocated with "insert … on conflict do nothing": a random index already taken is
  // simply not returned and another is drawn, without aborting the transaction.
  await sql`
    create table status_entries (
      list_id text not null references status_lists (id),
      list_index integer not null check (list_index >= 0),
      credential_id text not null,
      created_at timestamptz not null default now(),
      primary key (list_id, list_index)
    )`.execute(db);
  await sql`create index status_entries_credential on status_entries (credential_id)`.execute(db);

  await sql`
    create table issued_credentials (
      id text primary key check (id ~ '^urn:uuid:[0-9a-f-]{36}$'),
      issuer_id text not null references issuers (id),
      credential_type text not null,
      subject_did text not null,
      credential_hash text not null unique check (credential_hash ~ '^sha256:[0-9a-f]{64}$'),
      credential_json text not null,
      revocation_list_id text not null references status_lists (id),
      revocation_index integer not null,
      suspension_list_id text not null references status_lists (id),
      suspension_index integer not null,
      valid_from timestamptz not null,
      valid_until timestamptz,
      issued_at timestamptz not null default now(),
      revoked_at timestamptz,
      suspended boolean not null default false,
      status_changed_at timestamptz,
      offer_id text,
      unique (revocation_list_id, revocation_index),
      unique (suspension_list_id, suspension_index)
    )`.execute(db);
  await sql`create index issued_credentials_issuer on issued_credentials (issuer_id, issued_at)`.execute(db);
  await sql`create index issued_credentials_subject on issued_credentials (subject_did)`.execute(db);

  await sql`
    create table credential_offers (
      id text primary key,
      issuer_id text not null references issuers (id),
      secret_hash text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
      challenge text not null unique,
      domain text not null,
      credential_type text not null,
      credential jsonb not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      redeemed_at timestamptz,
      holder_did text,
      credential_id text references issued_credentials (id),
      check ((redeemed_at is null) = (credential_id is null))
    )`.execute(db);
  await sql`create index credential_offers_issuer on credential_offers (issuer_id, created_at)`.execute(db);
}
