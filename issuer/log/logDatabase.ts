import type { Kysely, Transaction } from 'kysely';
import type { IssuerDatabase } from '../../core/db/schema.ts';
import type { LogTables } from '../../core/db/tables/logTables.ts';

/**
 * The issuer database as the log sees it. Once LogTables is merged into IssuerDatabase this is just
 * IssuerDatabase; the intersection keeps the log compiling before and after that merge.
 */
export type LogDatabase = IssuerDatabase & LogTables;
export type LogDb = Kysely<LogDatabase>;
export type LogTransaction = Transaction<LogDatabase>;
