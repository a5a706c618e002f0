import { sql, type Kysely } from 'kysely';

/** Tenants (boards, CME providers, CVOs), each with its own Ed25519 key, and their API tokens. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table issuers (
      id text primary key,
      name text not null,
      kind text not null check (kind in ('state-medical-board', 'specialty-board', 'cme-provider', 'cvo')),
      jurisdiction text,
      credential_types jsonb not null,
      did text not null unique,
      verification_method text not null,
      public_key_multibase text not null,
      encrypted_private_key text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index issuers_name_key on issuers (lower(name))`.execute(db);
  await sql`
    create table issuer_tokens (
      id text primary key,
      issuer_id text not null references issuers (id),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      label text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index issuer_tokens_issuer on issuer_tokens (issuer_id)`.execute(db);
}
