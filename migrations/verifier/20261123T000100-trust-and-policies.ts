import { sql, type Kysely } from 'kysely';

/** Hospital staff tokens, the trust registry of issuers, and credentialing policies. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_tokens (
      id text primary key,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      label text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`.execute(db);
  await sql`
    create table trusted_issuers (
      did text primary key,
      name text not null,
      kind text not null check (kind in ('state-medical-board', 'specialty-board', 'cme-provider', 'cvo')),
      credential_types jsonb not null,
      jurisdictions jsonb not null,
      status_base_url text,
      added_by text not null,
      added_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table policies (
      id text primary key,
      name text not null,
      description text not null default '',
      rules jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index policies_name_key on policies (lower(name))`.execute(db);
}
