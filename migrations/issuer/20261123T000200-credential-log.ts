import { sql, type Kysely } from 'kysely';

/**
 * The credential log (DESIGN §4): the log's signing key, the queue of entries waiting to be
 * sequenced, the integrated entries (leaf index → leaf hash and JCS bytes), every complete
 * perfect-subtree node above the leaves (so a proof reads O(log n) rows by primary key), and the
 * signed checkpoints. Integrated rows are append-only: a statement trigger refuses UPDATE and DELETE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table log_keys (
      origin text primary key,
      verifier_key text not null,
      encrypted_seed text not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  // Entries waiting for the sequencer; strict dedup by leaf hash (the entry's identity), here and,
  // checked on insert and again under the sequencer's lock, against log_entries.
  await sql`
    create table log_queue (
      seq bigint generated always as identity primary key,
      leaf_hash bytea not null unique check (octet_length(leaf_hash) = 32),
      entry bytea not null check (octet_length(entry) between 1 and 65535),
      kind text not null check (kind in ('issue', 'status')),
      credential_hash bytea not null check (octet_length(credential_hash) = 32),
      queued_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table log_entries (
      leaf_index bigint primary key check (leaf_index >= 0),
      leaf_hash bytea not null unique check (octet_length(leaf_hash) = 32),
      entry bytea not null check (octet_length(entry) between 1 and 65535),
      kind text not null check (kind in ('issue', 'status')),
      credential_hash bytea not null check (octet_length(credential_hash) = 32),
      integrated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index log_entries_issue_by_credential on log_entries (credential_hash, leaf_index) where kind = 'issue'`.execute(db);

  // Node (level, node_index) = MTH of leaves [node_index·2^level, (node_index+1)·2^level); level 0 is
  // log_entries.leaf_hash.
  await sql`
    create table log_nodes (
      level smallint not null check (level between 1 and 63),
      node_index bigint not null check (node_index >= 0),
      hash bytea not null check (octet_length(hash) = 32),
      primary key (level, node_index)
    )`.execute(db);

  await sql`
    create table log_checkpoints (
      tree_size bigint primary key check (tree_size >= 0),
      root bytea not null check (octet_length(root) = 32),
      note text not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create function log_refuse_rewrite() returns trigger language plpgsql as $$
    begin
      raise exception 'the credential log is append-only: % on % is refused', tg_op, tg_table_name;
    end
    $$`.execute(db);
  for (const table of ['log_entries', 'log_nodes', 'log_checkpoints']) {
    await sql`
      create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each statement execute function log_refuse_rewrite()`.execute(db);
  }
}
