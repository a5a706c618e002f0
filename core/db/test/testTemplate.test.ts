import test from 'ava';
import { readFile, stat } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../connect.ts';
import { migrateToLatest } from '../migrate.ts';
import { createTestDatabase, pgliteTemplateFile } from '../testing/testDatabase.ts';

async function migrationStamps<DB>(db: Kysely<DB>): Promise<string[]> {
  const result = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(db);
  return result.rows.map((row) => `${row.name}@${row.timestamp}`);
}

test('PGlite test databases are loaded from one migrated template, much faster than a new database', async (t) => {
  let started = performance.now();
  const first = await createTestDatabase('issuer', 'pglite');
  t.teardown(() => first.close());
  const firstMs = performance.now() - started;

  // The template for the current migrations is on disk, and databases loaded from it share its
  // migration timestamps: they were migrated once, not once each.
  const file = await pgliteTemplateFile('issuer');
  t.true((await stat(file)).size > 0);
  started = performance.now();
  const second = await createTestDatabase('issuer', 'pglite');
  t.teardown(() => second.close());
  const loadMs = performance.now() - started;
  const stamps = await migrationStamps(first.db);
  t.true(stamps.length >= 2);
  t.deepEqual(await migrationStamps(second.db), stamps);
  const direct = await openDatabase<unknown>({ kind: 'pglite', loadDataDir: new Blob([await readFile(file)]) });
  t.teardown(() => direct.close());
  t.deepEqual(await migrationStamps(direct.db), stamps);
  t.deepEqual(await migrateToLatest(direct.db, 'issuer'), [], 'the template is fully migrated');

  // Each database is its own copy.
  await first.db.insertInto('service_meta').values({ key: 'only-in-first', value: 'true' }).execute();
  t.is((await second.db.selectFrom('service_meta').select('key').execute()).length, 0);

  started = performance.now();
  const fresh = await PGlite.create();
  await fresh.query('select 1');
  const freshMs = performance.now() - started;
  await fresh.close();
  t.log(`first test database ${Math.round(firstMs)} ms (template built or read), from template ${Math.round(loadMs)} ms, new PGlite ${Math.round(freshMs)} ms`);
  t.true(loadMs < freshMs, `loading the template (${Math.round(loadMs)} ms) should beat a new PGlite (${Math.round(freshMs)} ms)`);
});
