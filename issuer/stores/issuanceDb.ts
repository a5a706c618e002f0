import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { IssuerDatabase } from '../../core/db/schema.ts';
import type { LogDatabase } from '../log/logDatabase.ts';

/**
 * The issuer database as issuance sees it: its own tables plus the credential log's, because an
 * issue or status change writes both in one transaction. (LogDatabase = IssuerDatabase & LogTables
 * until LogTables is merged into IssuerDatabase; afterwards the two are the same type.)
 */
export type IssuanceDatabase = LogDatabase;
export type IssuanceDb = Kysely<IssuanceDatabase> | Transaction<IssuanceDatabase>;
export type IssuanceTransaction = Transaction<IssuanceDatabase>;

export function issuanceDatabase(db: Kysely<IssuerDatabase>): Kysely<IssuanceDatabase> {
  // The same connection; only the static type widens to include the log's tables.
  return db as unknown as Kysely<IssuanceDatabase>;
}

/**
 * Runs data-modifying statements as one statement (each a `with` clause of it): atomic without a
 * transaction of its own, and one round trip. Its commit does not wait for its WAL to reach the
 * disk (synchronous_commit off, for this transaction only; inside the caller's transaction, for
 * that transaction). Only for writes no one is told about until a later durable commit: WAL is
 * flushed in order, so that commit makes this one durable too, and a crash before it loses only
 * work nobody was answered for.
 */
export async function writeWithoutWaitingForFlush(db: IssuanceDb, statements: readonly RawBuilder<unknown>[]): Promise<void> {
  if (statements.length === 0) return;
  const clauses = sql.join(statements.map((statement, i) => sql`${sql.raw(`w${i}`)} as (${statement})`));
  await sql`with ${clauses} select set_config('synchronous_commit', 'off', true)`.execute(db);
}
