import { sql, type Kysely } from 'kysely';

/** `service_meta`: small named facts about this installation (seed markers, one-off upgrades done). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table service_meta (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}
