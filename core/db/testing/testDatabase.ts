import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext, TestFn } from 'ava';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { writeFileAtomic } from '../../fs/atomicWrite.ts';
import { openDatabase, type Backend, type DatabaseHandle } from '../connect.ts';
import { listMigrationFiles, migrateToLatest, migrationsFolder, type ServiceName } from '../migrate.ts';
import type { IssuerDatabase, VerifierDatabase } from '../schema.ts';
import { testDatabaseUrl } from './config.ts';

/**
 * Each test file gets its own database on each backend under test: PGlite always, PostgreSQL too
 * when TEST_DATABASE_URL is set (CI). A new PGlite costs 4–5 s, so a migrated template is built once
 * per service and migration set, cached on disk, and loaded per file.
 */
export type DatabaseOf<S extends ServiceName> = S extends 'issuer' ? IssuerDatabase : VerifierDatabase;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/radcred');

export function backendsUnderTest(): Backend[] {
  return testDatabaseUrl() === undefined ? ['pglite'] : ['pglite', 'postgres'];
}

/** Changes whenever a migration file or the PGlite version changes (a dump is only valid for its engine). */
async function templateDigest(service: ServiceName): Promise<string> {
  const folder = migrationsFolder(service);
  const pglitePackage = JSON.parse(await readFile(path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version?: string;
  };
  const hash = createHash('sha256').update(`pglite ${pglitePackage.version ?? '?'}\0`);
  for (const name of await listMigrationFiles(folder)) {
    hash.update(name).update('\0').update(await readFile(path.join(folder, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where the migrated PGlite template of `service` for the current migrations is cached. */
export async function pgliteTemplateFile(service: ServiceName): Promise<string> {
  return path.join(CACHE_DIR, `pglite-${service}-${await templateDigest(service)}.tar`);
}

/**
 * The migrated template of `service` as a data-directory dump (`loadDataDir` of PGlite), built on
 * first use. Uncompressed: loading a 40 MB tar takes about half the time of a 4.6 MB gzip.
 */
export async function pgliteTemplate(service: ServiceName): Promise<Blob> {
  const file = await pgliteTemplateFile(service);
  try {
    return new Blob([await readFile(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Concurrent test processes may both build it; the atomic rename makes the last one win whole.
  const handle = await openDatabase<unknown>({ kind: 'pglite' });
  try {
    await migrateToLatest(handle.db, service);
    const dump = await handle.pglite!.dumpDataDir('none');
    await mkdir(CACHE_DIR, { recursive: true });
    await writeFileAtomic(file, new Uint8Array(await dump.arrayBuffer()), 0o644);
    await removeOlderTemplates(service, path.basename(file));
    return dump;
  } finally {
    await handle.close();
  }
}

/** Templates of earlier migration sets are dead weight (40 MB each); a racing writer's temp files are left alone. */
async function removeOlderTemplates(service: ServiceName, current: string): Promise<void> {
  const prefix = `pglite-${service}-`;
  for (const name of await readdir(CACHE_DIR)) {
    if (name.startsWith(prefix) && name !== current) await rm(path.join(CACHE_DIR, name), { force: true });
  }
}

function databaseUrlWithName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of `service` on `backend`; close() drops it again on PostgreSQL. */
export async function createTestDatabase<S extends ServiceName>(
  service: S,
  backend: Backend,
  options: { migrate?: boolean } = {},
): Promise<DatabaseHandle<DatabaseOf<S>> & { readonly url?: string }> {
  const migrate = options.migrate ?? true;
  if (backend === 'pglite' && !migrate) return openDatabase<DatabaseOf<S>>({ kind: 'pglite' });
  if (backend === 'pglite') {
    const handle = await openDatabase<DatabaseOf<S>>({ kind: 'pglite', loadDataDir: await pgliteTemplate(service) });
    // A template built from an older migration set would be caught here rather than in a test.
    await migrateToLatest(handle.db, service);
    return handle;
  }
  const baseUrl = testDatabaseUrl();
  if (baseUrl === undefined) throw new Error('TEST_DATABASE_URL is not set: no PostgreSQL to test on');
  const name = `radcred_test_${service}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`create database ${name}`));
  const url = databaseUrlWithName(baseUrl, name);
  const handle = await openDatabase<DatabaseOf<S>>({ kind: 'postgres', url });
  try {
    if (migrate) await migrateToLatest(handle.db, service);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await withAdminClient((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Opens another connection pool to the same PostgreSQL test database (a second "process"). */
export async function openSecondConnection<DB>(url: string): Promise<DatabaseHandle<DB>> {
  return openDatabase<DB>({ kind: 'postgres', url });
}

/**
 * Registers `title [pglite]` and, with TEST_DATABASE_URL, `title [postgres]`. Each backend's
 * database is opened once per test file, on first use, and closed after the file's tests.
 */
export function testOnEachBackend<S extends ServiceName, Context = unknown>(
  test: TestFn<Context>,
  service: S,
  title: string,
  implementation: (t: ExecutionContext<Context>, db: Kysely<DatabaseOf<S>>, backend: Backend) => Promise<void>,
): void {
  closeDatabasesAfter(test as TestFn<unknown>);
  for (const backend of backendsUnderTest()) {
    test(`${title} [${backend}]`, async (t) => {
      const handle = await sharedDatabase(service, backend);
      await implementation(t, handle.db as Kysely<DatabaseOf<S>>, backend);
    });
  }
}

const shared = new Map<string, Promise<DatabaseHandle<unknown>>>();
const registeredCleanup = new WeakSet<object>();

/** The test file's database for `service` on `backend`, created on first use. */
export async function sharedDatabase<S extends ServiceName>(
  service: S,
  backend: Backend,
): Promise<DatabaseHandle<DatabaseOf<S>>> {
  const key = `${service}:${backend}`;
  let handle = shared.get(key);
  if (!handle) {
    handle = createTestDatabase(service, backend) as Promise<DatabaseHandle<unknown>>;
    shared.set(key, handle);
  }
  return handle as Promise<DatabaseHandle<DatabaseOf<S>>>;
}

/** Closes the file's shared databases after its tests; `testOnEachBackend` calls it, direct `sharedDatabase` users call it once at the top. */
export function closeDatabasesAfter(test: TestFn<unknown>): void {
  if (registeredCleanup.has(test)) return;
  registeredCleanup.add(test);
  test.after.always(async () => {
    const handles = [...shared.values()];
    shared.clear();
    await Promise.all(handles.map(async (h) => (await h).close()));
  });
}

/** Lists the user tables of the connected database (for migration tests). */
export async function tableNames<DB>(db: Kysely<DB>): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(db);
  return result.rows.map((row) => row.table_name);
}
