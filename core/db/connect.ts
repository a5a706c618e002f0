import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDirectoryLock, type DirectoryLock } from './directoryLock.ts';

/**
 * One connection path for both databases: kysely's PostgresDialect over a `pg.Pool`. For PGlite the
 * pool is built from `createPgConfig(pglite)` (DESIGN §9), so the same SQL, types and driver code run
 * on the embedded database and on a real PostgreSQL.
 */
export type DatabaseTarget =
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly loadDataDir?: Blob }
  | { readonly kind: 'postgres'; readonly url: string; readonly maxConnections?: number };

export type Backend = DatabaseTarget['kind'];

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

export async function openDatabase<DB>(target: DatabaseTarget): Promise<DatabaseHandle<DB>> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.maxConnections ?? 10 });
    pool.on('error', () => {
      // An idle client lost its server; the pool replaces it. Queries report their own errors.
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, backend: 'postgres', close: () => db.destroy() };
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
    // instead of interleaving their statements.
    const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      backend: 'pglite',
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}
