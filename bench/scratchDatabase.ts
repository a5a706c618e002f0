import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Backend, type DatabaseHandle } from '../core/db/connect.ts';
import { migrateToLatest } from '../core/db/migrate.ts';

/**
 * A migrated throwaway database for one bench scenario: PGlite in a temporary directory (on disk,
 * like `npm start`), or a new database on the PostgreSQL server at BENCH_DATABASE_URL. Both are
 * removed afterwards, also when the scenario fails.
 */
export interface ScratchDatabase<DB> {
  readonly handle: DatabaseHandle<DB>;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

async function runAsAdmin(postgresUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function openScratchDatabase<DB>(
  service: 'issuer' | 'verifier',
  backend: Backend,
  postgresUrl: string | undefined,
): Promise<ScratchDatabase<DB>> {
  if (backend === 'pglite') {
    const dir = await mkdtemp(path.join(tmpdir(), `radcred-bench-${service}-`));
    try {
      const handle = await openDatabase<DB>({ kind: 'pglite', dataDir: path.join(dir, service) });
      await migrateToLatest(handle.db, service);
      return {
        handle,
        drop: async () => {
          await handle.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }
  if (postgresUrl === undefined) throw new Error('a PostgreSQL scenario needs BENCH_DATABASE_URL');
  const name = `radcred_bench_${service}_${randomBytes(5).toString('hex')}`;
  await runAsAdmin(postgresUrl, `create database ${name}`);
  const drop = () => runAsAdmin(postgresUrl, `drop database if exists ${name} with (force)`);
  try {
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase<DB>({ kind: 'postgres', url: url.toString(), maxConnections: 20 });
    await migrateToLatest(handle.db, service);
    return {
      handle,
      drop: async () => {
        await handle.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Runs `fn` on a scratch database and removes it afterwards. */
export async function withScratchDatabase<DB, T>(
  service: 'issuer' | 'verifier',
  backend: Backend,
  postgresUrl: string | undefined,
  fn: (handle: DatabaseHandle<DB>) => Promise<T>,
): Promise<T> {
  const scratch = await openScratchDatabase<DB>(service, backend, postgresUrl);
  try {
    return await fn(scratch.handle);
  } finally {
    await scratch.drop();
  }
}
