import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { acquireDirectoryLock, type DirectoryLock } from './directoryLock.ts';
import { pglitePoolConfig } from './pgliteConnection.ts';

/**
 * One connection path for both databases: kysely's PostgresDialect over a `pg.Pool`. For PGlite the
 * pool is built from `createPgConfig(pglite)` (DESIGN §9) with node-postgres's own message writer
 * (pgliteConnection.ts), so the same SQL, types and driver code run on the embedded database and
 * on a real PostgreSQL.
 */
export type DatabaseTarget =
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly loadDataDir?: Blob }
  | { readonly kind: 'postgres'; readonly url: string; readonly maxConnections?: number };

export type Backend = DatabaseTarget['kind'];

/** The part of a pino logger this module uses: each query at debug level (SQL text only, never parameters). */
export interface DatabaseLogger {
  debug(fields: Record<string, unknown>, message: string): void;
}

export interface OpenDatabaseOptions {
  readonly logger?: DatabaseLogger;
}

export interface DatabaseHandle<DB> {
  readonly db: Kysely<DB>;
  readonly backend: Backend;
  /** The embedded engine, when the backend is PGlite (tests dump its data directory as a template). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

// PostgreSQL `bigint` (int8) and `numeric` come back as strings by default; the log's sizes and
// indexes need exact uint64 values, so int8 is parsed to BigInt everywhere.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));

function queryLog(logger: DatabaseLogger | undefined): ((event: LogEvent) => void) | undefined {
  if (logger === undefined) return undefined;
  return (event) => {
    // Parameters may hold tokens or keys: only the statement text and timing are logged.
    const fields: Record<string, unknown> = { sql: event.query.sql, durationMs: Math.round(event.queryDurationMillis) };
    if (event.level === 'error') fields.error = event.error instanceof Error ? event.error.message : String(event.error);
    logger.debug(fields, event.level === 'error' ? 'database query failed' : 'database query');
  };
}

/** Runs `fn` once; later calls get the first call's promise (handles may be closed from several places). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}

export async function openDatabase<DB>(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<DatabaseHandle<DB>> {
  const log = queryLog(options.logger);
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.maxConnections ?? 10 });
    pool.on('error', () => {
      // An idle client lost its server; the pool replaces it. Queries report their own errors.
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
    return { db, backend: 'postgres', close: once(() => db.destroy()) };
  }

  let lock: DirectoryLock | undefined;
  if (target.dataDir !== undefined) {
    await mkdir(path.dirname(target.dataDir), { recursive: true, mode: 0o700 });
    lock = await acquireDirectoryLock(target.dataDir);
  }
  try {
    const pglite = await PGlite.create({
      ...(target.dataDir !== undefined ? { dataDir: target.dataDir } : {}),
      ...(target.loadDataDir !== undefined ? { loadDataDir: target.loadDataDir } : {}),
    });
    // PGlite has exactly one connection: a pool of one serialises kysely's transactions
    // instead of interleaving their statements (a transaction holds the only client until it
    // ends). Idle clients are kept: reconnecting to an embedded engine buys nothing.
    const pool = new pg.Pool({ ...pglitePoolConfig(pglite), max: 1, idleTimeoutMillis: 0 });
    pool.on('error', () => {
      // Errors reach the query that caused them; an idle-client error must not crash the process.
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
    return {
      db,
      backend: 'pglite',
      pglite,
      close: once(async () => {
        try {
          await db.destroy();
          await pglite.close();
        } finally {
          await lock?.release();
        }
      }),
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
